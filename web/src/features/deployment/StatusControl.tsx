import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangeStatus } from '../../api/deployments.ts';
import type { Deployment, DeploymentStatus } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { LiveMessage } from '../../ui/Status.tsx';

/** Moves the deployment along planning → in progress → live → stabilizing → handed off (or cancels it). */
export function StatusControl({ deployment: d }: { deployment: Deployment }) {
  const { t } = useTranslation();
  const change = useChangeStatus(d.id);
  const [to, setTo] = useState<DeploymentStatus>(d.allowedStatuses[0]!);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const target = d.allowedStatuses.includes(to) ? to : d.allowedStatuses[0]!;
  const needsReason = target === 'cancelled';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    change.mutate(
      { status: target, version: d.version, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: (next) => {
          setReason('');
          setSaved(t('deployment.statusChanged', { status: t(`status.${next.status}`) }));
        },
      },
    );
  };

  return (
    <details className="status-control">
      <summary>{t('deployment.changeStatus')}</summary>
      <form onSubmit={submit} className="inline-form">
        <div className="field">
          <label htmlFor="status-to">{t('deployment.newStatus')}</label>
          <select id="status-to" value={target} onChange={(e) => setTo(e.target.value as DeploymentStatus)}>
            {d.allowedStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor="status-reason">{needsReason ? t('deployment.reasonRequired') : t('deployment.reasonOptional')}</label>
          <input id="status-reason" value={reason} required={needsReason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={change.isPending}>
          {t('deployment.applyStatus')}
        </button>
      </form>
      <ErrorNotice error={change.error} />
      <LiveMessage message={saved} />
    </details>
  );
}
