import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeploymentStatus, Health, ItemState } from '../api/types.ts';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'muted';

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const HEALTH_TONE: Record<Health, Tone> = { on_track: 'success', at_risk: 'warning', late: 'danger' };
const STATE_TONE: Record<ItemState, Tone> = { todo: 'neutral', in_progress: 'info', blocked: 'danger', done: 'success', not_applicable: 'muted' };
const STATUS_TONE: Record<DeploymentStatus, Tone> = { planning: 'neutral', in_progress: 'info', live: 'success', stabilizing: 'info', handed_off: 'success', cancelled: 'muted' };

export function HealthBadge({ health }: { health: Health | null }) {
  const { t } = useTranslation();
  if (!health) return null;
  return <Badge tone={HEALTH_TONE[health]}>{t(`health.${health}`)}</Badge>;
}

export function StateBadge({ state }: { state: ItemState }) {
  const { t } = useTranslation();
  return <Badge tone={STATE_TONE[state]}>{t(`state.${state}`)}</Badge>;
}

export function StatusBadge({ status }: { status: DeploymentStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>;
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return <Badge tone="danger">{t('item.overdue')}</Badge>;
}
