import { useTranslation } from 'react-i18next';
import { useCriterion } from '../../api/checks.ts';
import type { CriterionMeasurement } from '../../api/types.ts';
import { useFormat, type Format } from '../../i18n/format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { QueryView } from '../../ui/Status.tsx';

/** A measured value in the measure's own terms: uptime percent, mean latency, longest failure. */
function valueText(m: Pick<CriterionMeasurement, 'measure'>, value: number, f: Format): string {
  if (m.measure === 'uptime') return f.uptime(value);
  if (m.measure === 'mean_latency') return f.ms(value);
  return f.duration(value * 3_600_000);
}

function Verdict({ m }: { m: CriterionMeasurement }) {
  const { t } = useTranslation();
  if (m.met === null) return <Badge tone="muted">{t('criterion.notMeasured')}</Badge>;
  const state = m.final ? (m.met ? 'met' : 'missed') : m.met ? 'onTrack' : 'offTrack';
  return <Badge tone={m.met ? 'success' : 'danger'}>{t(`criterion.verdict.${state}`)}</Badge>;
}

/** The success criterion this monitor measures, over the criterion's window: so far, or the result once it ended. */
export function CriterionPanel({ deploymentId, checkId }: { deploymentId: string; checkId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const criterion = useCriterion(deploymentId, checkId);
  return (
    <section className="card" aria-labelledby="criterion-title" data-testid="criterion">
      <h2 id="criterion-title">{t('criterion.title')}</h2>
      <QueryView query={criterion}>
        {(m) => (
          <>
            <p className="badges">
              <Verdict m={m} />
              <span>{t(`criterion.measure.${m.measure}`)}</span>
            </p>
            <dl className="facts">
              <div>
                <dt>{t(m.final ? 'criterion.result' : 'criterion.soFar')}</dt>
                <dd>{m.value === null ? t('checks.none') : valueText(m, m.value, f)}</dd>
              </div>
              <div>
                <dt>{t('criterion.target')}</dt>
                <dd>{t(`criterion.targetText.${m.measure}`, { value: valueText(m, m.threshold, f) })}</dd>
              </div>
              <div>
                <dt>{t('criterion.window')}</dt>
                <dd>
                  <time dateTime={m.window.from}>{f.dateTime(m.window.from)}</time> – <time dateTime={m.window.to}>{f.dateTime(m.window.to)}</time>
                </dd>
              </div>
            </dl>
          </>
        )}
      </QueryView>
    </section>
  );
}
