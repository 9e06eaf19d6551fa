import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Check } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { MonitorStateBadge, ResultBadge } from './CheckBadges.tsx';
import { ItemLink } from './ItemLink.tsx';
import { RunNow } from './RunNow.tsx';

interface Props {
  deploymentId: string;
  check: Check;
  itemTitle: string | undefined;
  can: { manage: boolean; run: boolean };
}

/** The check's name, how it stands now, what it proves, and what the viewer may do with it. */
export function CheckHeader({ deploymentId, check: c, itemTitle, can }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card check-header" aria-labelledby="check-title">
      <div className="check-title-row">
        <div>
          <p className="eyebrow">
            <span className="tag">{c.kind}</span>
            {c.intervalSeconds ? t('checks.every', { interval: f.duration(c.intervalSeconds * 1000) }) : t('checks.onDemand')}
          </p>
          <h1 id="check-title">{c.name}</h1>
          <p className="badges" data-testid="check-status">
            <ResultBadge status={c.lastRun?.status} />
            {c.state && <MonitorStateBadge state={c.state.state} />}
            {c.state && <span className="subtle">{t('checkDetail.since', { at: f.dateTime(c.state.since) })}</span>}
            {!c.enabled && <span className="tag">{t('checks.paused')}</span>}
            {c.restricted && (
              <span className="tag" title={t('checkDetail.restrictedHint')}>
                {t('checkDetail.restricted')}
              </span>
            )}
          </p>
          {c.lastRun && (
            <p className="result-message" data-testid="last-message">
              {c.lastRun.message}
              <span className="subtle">{t('checkDetail.lastRunAt', { at: f.dateTime(c.lastRun.at) })}</span>
            </p>
          )}
          <p>
            {t('checkDetail.proves')}{' '}
            {c.itemKey ? <ItemLink deploymentId={deploymentId} itemKey={c.itemKey} title={itemTitle} /> : <span className="muted">{t('checks.unbound')}</span>}
          </p>
        </div>
        <div className="check-actions">
          {can.run && <RunNow deploymentId={deploymentId} check={c} />}
          {can.manage && (
            <Link to="/deployments/$deploymentId/checks/$checkId/edit" params={{ deploymentId, checkId: c.id }} className="button button-small">
              {t('checkDetail.edit')}
            </Link>
          )}
        </div>
      </div>
    </section>
  );
}
