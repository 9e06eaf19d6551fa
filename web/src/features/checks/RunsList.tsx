import { useTranslation } from 'react-i18next';
import { useRuns } from '../../api/checks.ts';
import type { CheckRun } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { Loading } from '../../ui/Status.tsx';
import { HeaderRow } from '../../ui/HeaderRow.tsx';
import { phaseOf, ResultBadge } from './CheckBadges.tsx';

const COLUMNS = ['result', 'at', 'trigger', 'latency', 'message'] as const;

function Trigger({ run }: { run: CheckRun }) {
  const { t } = useTranslation();
  if (run.trigger === 'schedule') return <>{t('checkDetail.runs.scheduled')}</>;
  return <>{run.requestedBy ? t('checkDetail.runs.manualBy', { name: run.requestedBy.displayName }) : t('checkDetail.runs.manual')}</>;
}

/** Recent runs, newest first, twenty at a time; "failures only" keeps fail and error. Scheduled passes keep only their latency. */
export function RunsList({ deploymentId, checkId, failures, onFailuresChange, refreshMs }: { deploymentId: string; checkId: string; failures: boolean; onFailuresChange: (v: boolean) => void; refreshMs: number | false }) {
  const { t } = useTranslation();
  const f = useFormat();
  const runs = useRuns(deploymentId, checkId, failures, { refreshMs });
  const list = runs.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <div className="filter-toggles" role="group" aria-label={t('checkDetail.runs.filter')}>
        <button type="button" className="chip" aria-pressed={failures} onClick={() => onFailuresChange(!failures)}>
          {t('checkDetail.runs.failuresOnly')}
        </button>
      </div>
      {runs.isPending ? (
        <Loading />
      ) : list.length ? (
        <div className={runs.isPlaceholderData ? 'table-scroll is-stale' : 'table-scroll'}>
          <table className="data-table runs-table" data-testid="runs">
            <caption className="visually-hidden">{t('checkDetail.runs.caption')}</caption>
            <thead>
              <HeaderRow labels={COLUMNS.map((c) => t(`checkDetail.runs.${c}`))} />
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} data-testid="run">
                  <td>
                    <ResultBadge status={r.status} pending={r.status === null ? phaseOf(r) : undefined} />
                  </td>
                  <td>
                    <time dateTime={r.finishedAt ?? r.slotAt}>{f.dateTime(r.finishedAt ?? r.slotAt)}</time>
                  </td>
                  <td>
                    <Trigger run={r} />
                  </td>
                  <td className="num">{r.latencyMs === null ? t('checks.none') : f.ms(r.latencyMs)}</td>
                  <td className="break-anywhere">{r.message ?? <span className="muted">{t('checkDetail.runs.noDetail')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{failures ? t('checkDetail.runs.noFailures') : t('checkDetail.runs.none')}</p>
      )}
      <ErrorNotice error={runs.error} />
      {runs.hasNextPage && (
        <button type="button" className="button button-small" disabled={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
          {runs.isFetchingNextPage ? t('common.loading') : t('checkDetail.runs.more')}
        </button>
      )}
    </>
  );
}
