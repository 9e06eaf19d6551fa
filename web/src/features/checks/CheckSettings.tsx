import { useTranslation } from 'react-i18next';
import { useCheckKind } from '../../api/checks.ts';
import type { Check } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';

/** How the check is set up: schedule, deadline, SLO, what a pass does, its secrets (names only) and config. */
export function CheckSettings({ check: c }: { check: Check }) {
  const { t } = useTranslation();
  const f = useFormat();
  const defaultTimeout = useCheckKind(c.kind)?.defaultTimeoutMs;
  return (
    <details className="settings" data-testid="check-settings">
      <summary>{t('checkDetail.settings')}</summary>
      <dl className="facts">
        <div>
          <dt>{t('checkForm.schedule')}</dt>
          <dd>{c.intervalSeconds ? t('checks.every', { interval: f.duration(c.intervalSeconds * 1000) }) : t('checks.onDemand')}</dd>
        </div>
        <div>
          <dt>{t('checkForm.onPass')}</dt>
          <dd>{t(`checkForm.onPassOption.${c.onPass}`)}</dd>
        </div>
        <div>
          <dt>{t('checkForm.timeout')}</dt>
          <dd>
            {c.timeoutMs !== null
              ? f.duration(c.timeoutMs)
              : defaultTimeout
                ? t('checkForm.timeoutDefault', { duration: f.duration(defaultTimeout) })
                : t('checkForm.timeoutKindDefault')}
          </dd>
        </div>
        <div>
          <dt>{t('checkForm.slo')}</dt>
          <dd>{f.uptime(c.sloTarget)}</dd>
        </div>
        <div>
          <dt>{t('checkForm.secrets')}</dt>
          <dd>{c.secretNames.length ? c.secretNames.map((n) => <code key={n} className="secret-name">{n}</code>) : t('checkForm.noSecrets')}</dd>
        </div>
        <div>
          <dt>{t('checkDetail.updated')}</dt>
          <dd>{f.dateTime(c.updatedAt)}</dd>
        </div>
      </dl>
      <h3 className="subsection-title">{t('checkForm.config')}</h3>
      <pre className="config-view">{JSON.stringify(c.config, null, 2)}</pre>
    </details>
  );
}
