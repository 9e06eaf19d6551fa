import { useTranslation } from 'react-i18next';
import type { CheckRun, CheckStatus, MonitorState } from '../../api/types.ts';
import { Badge, type Tone } from '../../ui/Badge.tsx';

export const RESULT_TONE: Record<CheckStatus, Tone> = { pass: 'success', warn: 'warning', fail: 'danger', error: 'danger' };
const STATE_TONE: Record<MonitorState, Tone> = { up: 'success', down: 'danger', unknown: 'neutral' };

/** Where a run without a result is: queued until a worker takes it (and sets startedAt), running after. */
export type RunPhase = 'queued' | 'running';
export const phaseOf = (run: Pick<CheckRun, 'startedAt'> | undefined): RunPhase => (run?.startedAt ? 'running' : 'queued');

/** A run's outcome: pass, warn, fail, error — or "not run yet" (null) / queued or running (pending). */
export function ResultBadge({ status, pending }: { status: CheckStatus | null | undefined; pending?: RunPhase | undefined }) {
  const { t } = useTranslation();
  if (pending) return <Badge tone="info">{t(`checks.result.${pending}`)}</Badge>;
  if (!status) return <Badge tone="muted">{t('checks.result.never')}</Badge>;
  return <Badge tone={RESULT_TONE[status]}>{t(`checks.result.${status}`)}</Badge>;
}

/** A monitor's state: up, down or unknown. */
export function MonitorStateBadge({ state }: { state: MonitorState }) {
  const { t } = useTranslation();
  return <Badge tone={STATE_TONE[state]}>{t(`checks.state.${state}`)}</Badge>;
}
