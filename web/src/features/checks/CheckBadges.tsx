import { useTranslation } from 'react-i18next';
import type { CheckStatus, MonitorState } from '../../api/types.ts';
import { Badge, type Tone } from '../../ui/Badge.tsx';

export const RESULT_TONE: Record<CheckStatus, Tone> = { pass: 'success', warn: 'warning', fail: 'danger', error: 'danger' };
const STATE_TONE: Record<MonitorState, Tone> = { up: 'success', down: 'danger', unknown: 'neutral' };

/** A run's outcome: pass, warn, fail, error — or "not run yet" (null) / "running" (pending). */
export function ResultBadge({ status, pending = false }: { status: CheckStatus | null | undefined; pending?: boolean }) {
  const { t } = useTranslation();
  if (pending) return <Badge tone="info">{t('checks.result.running')}</Badge>;
  if (!status) return <Badge tone="muted">{t('checks.result.never')}</Badge>;
  return <Badge tone={RESULT_TONE[status]}>{t(`checks.result.${status}`)}</Badge>;
}

/** A monitor's state: up, down or unknown. */
export function MonitorStateBadge({ state }: { state: MonitorState }) {
  const { t } = useTranslation();
  return <Badge tone={STATE_TONE[state]}>{t(`checks.state.${state}`)}</Badge>;
}
