import { useTranslation } from 'react-i18next';
import { useLiveRun } from '../../api/checks.ts';
import type { Check } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { phaseOf, ResultBadge } from './CheckBadges.tsx';

/** A run still queued (no worker has taken it) after this long says so. */
const SLOW_QUEUE_MS = 20_000;

/**
 * "Run now", then the run's progress in a live region — queued, running once a worker took it —
 * until it has a result: the outcome is announced without moving focus, and the check's row or
 * page updates with it.
 * `named`: in a list, the button names its check and the finished result is only announced.
 */
export function RunNow({ deploymentId, check, named = false }: { deploymentId: string; check: Pick<Check, 'id' | 'name'>; named?: boolean }) {
  const { t } = useTranslation();
  const live = useLiveRun(deploymentId, check.id);
  const run = live.run;
  const phase = phaseOf(run);
  const waitingLong = live.pending && run && phase === 'queued' && live.checkedAt - Date.parse(run.slotAt) > SLOW_QUEUE_MS;

  return (
    <div className="run-now">
      <button
        type="button"
        className="button button-small"
        disabled={live.pending}
        aria-label={named ? t('checks.run.nowNamed', { name: check.name }) : undefined}
        onClick={live.start}
        data-testid="run-now"
      >
        {live.pending && <span className="spinner" aria-hidden="true" />}
        {live.pending ? t(`checks.run.pending.${phase}`) : t('checks.run.now')}
      </button>
      <p className="run-now-status" role="status" aria-live="polite" data-testid="run-status">
        {live.pending && (waitingLong ? t('checks.run.waitingForWorker') : t(`checks.run.progress.${phase}`))}
        {!live.pending && run?.status && (
          // In a row the row's own "last result" shows it: here it is only announced.
          <span className={named ? 'visually-hidden' : undefined}>
            <ResultBadge status={run.status} /> <span className="visually-hidden">{t('checks.run.finished')} </span>
            {run.message}
          </span>
        )}
      </p>
      <ErrorNotice error={live.error} />
    </div>
  );
}
