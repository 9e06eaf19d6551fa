import { useTranslation } from 'react-i18next';
import type { ImportStatus, Reconciliation } from '../../api/types.ts';
import { Badge, type Tone } from '../../ui/Badge.tsx';

const IMPORT_TONE: Record<ImportStatus, Tone> = { queued: 'neutral', running: 'info', completed: 'success', stopped: 'warning', failed: 'danger' };

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return <Badge tone={IMPORT_TONE[status]}>{t(`migration.status.${status}`)}</Badge>;
}

/** A reconciliation: queued or running, then passed or with differences (or failed to run). */
export function ReconciliationBadge({ rec }: { rec: Pick<Reconciliation, 'status' | 'ok'> }) {
  const { t } = useTranslation();
  if (rec.status === 'completed') return <Badge tone={rec.ok ? 'success' : 'danger'}>{t(rec.ok ? 'migration.reconcile.passed' : 'migration.reconcile.differs')}</Badge>;
  return <Badge tone={rec.status === 'failed' ? 'danger' : rec.status === 'running' ? 'info' : 'neutral'}>{t(`migration.status.${rec.status}`)}</Badge>;
}

export function EnvironmentTag({ environment }: { environment: string }) {
  const { t } = useTranslation();
  return <span className={`tag env-${environment}`}>{t(`migration.environment.${environment}`)}</span>;
}
