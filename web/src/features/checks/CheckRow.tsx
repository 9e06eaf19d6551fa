import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Check } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { MonitorStateBadge, ResultBadge } from './CheckBadges.tsx';
import { RunNow } from './RunNow.tsx';
import { Uptime } from './Uptime.tsx';
import { ItemLink } from './ItemLink.tsx';
import type { ChecksColumns } from './ChecksTable.tsx';

/** One check in the table: what it is, what it proves, how it did, when it runs next. */
export function CheckRow({ deploymentId, check: c, col, itemTitle, canRun }: { deploymentId: string; check: Check; col: ChecksColumns; itemTitle: (key: string) => string | undefined; canRun: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <tr data-testid="check-row" data-check-id={c.id}>
      <th scope="row" data-label={col.check}>
        <Link to="/deployments/$deploymentId/checks/$checkId" params={{ deploymentId, checkId: c.id }} className="strong-link">
          {c.name}
        </Link>
        <span className="subtle">
          <span className="tag">{c.kind}</span>
          {!c.enabled && <span className="tag tag-spaced">{t('checks.paused')}</span>}
        </span>
      </th>
      <td data-label={col.item}>{c.itemKey ? <ItemLink deploymentId={deploymentId} itemKey={c.itemKey} title={itemTitle(c.itemKey)} /> : <span className="muted">{t('checks.unbound')}</span>}</td>
      <td data-label={col.lastResult} className="cell-result">
        <ResultBadge status={c.lastRun?.status} />
        {c.lastRun && (
          <>
            <span className="result-message">{c.lastRun.message}</span>
            <span className="subtle">
              <time dateTime={c.lastRun.at}>{f.dateTime(c.lastRun.at)}</time>
              {c.lastRun.latencyMs !== null && ` · ${f.ms(c.lastRun.latencyMs)}`}
            </span>
          </>
        )}
      </td>
      <td data-label={col.monitor}>
        {c.intervalSeconds ? (
          <>
            {c.state ? <MonitorStateBadge state={c.state.state} /> : <MonitorStateBadge state="unknown" />}
            <span className="subtle">{t('checks.every', { interval: f.duration(c.intervalSeconds * 1000) })}</span>
            {c.uptime && <Uptime uptime={c.uptime} sloTarget={c.sloTarget} />}
          </>
        ) : (
          <span className="muted">{t('checks.onDemand')}</span>
        )}
      </td>
      <td data-label={col.nextRun}>{c.nextRunAt ? <time dateTime={c.nextRunAt}>{f.dayTime(c.nextRunAt)}</time> : <span className="muted">{t('checks.none')}</span>}</td>
      {canRun && (
        <td data-label={col.actions}>
          <RunNow deploymentId={deploymentId} check={c} named />
        </td>
      )}
    </tr>
  );
}
