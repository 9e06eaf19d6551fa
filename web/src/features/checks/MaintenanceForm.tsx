import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddMaintenance } from '../../api/monitors.ts';
import type { Check } from '../../api/types.ts';
import { isoToJakartaInput, jakartaInputToIso } from '../../lib/dates.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { invalidFields } from '../../ui/fieldErrors.ts';

const HOUR = 3_600_000;

/** Starts at the next full hour and lasts two, in Jakarta time. */
function defaultWindow() {
  const start = Math.ceil(Date.now() / HOUR) * HOUR;
  return { startsAt: isoToJakartaInput(start), endsAt: isoToJakartaInput(start + 2 * HOUR) };
}

/** One check or all of them, from when to when (entered in WIB), and why. */
export function MaintenanceForm({ deploymentId, checks, onAdded }: { deploymentId: string; checks: Check[]; onAdded: (message: string) => void }) {
  const { t } = useTranslation();
  const add = useAddMaintenance(deploymentId);
  const [checkId, setCheckId] = useState('');
  const [times, setTimes] = useState(defaultWindow);
  const [reason, setReason] = useState('');
  const id = useId();
  const invalid = invalidFields(add.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      { checkId: checkId || null, startsAt: jakartaInputToIso(times.startsAt), endsAt: jakartaInputToIso(times.endsAt), reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          setTimes(defaultWindow());
          onAdded(t('maintenance.added'));
        },
      },
    );
  };

  return (
    <details className="subsection">
      <summary>{t('maintenance.add')}</summary>
      <form className="form-grid" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-check`}>{t('maintenance.scope')}</label>
          <select id={`${id}-check`} value={checkId} onChange={(e) => setCheckId(e.target.value)}>
            <option value="">{t('maintenance.allChecks')}</option>
            {checks.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-starts`}>{t('maintenance.startsAt')}</label>
          <input id={`${id}-starts`} type="datetime-local" required value={times.startsAt} onChange={(e) => setTimes({ ...times, startsAt: e.target.value })} aria-invalid={invalid.has('startsAt') || undefined} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-ends`}>{t('maintenance.endsAt')}</label>
          <input id={`${id}-ends`} type="datetime-local" required min={times.startsAt} value={times.endsAt} onChange={(e) => setTimes({ ...times, endsAt: e.target.value })} aria-invalid={invalid.has('endsAt') || undefined} aria-describedby={`${id}-hint`} />
          <p id={`${id}-hint`} className="hint">
            {t('maintenance.timesHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('maintenance.reason')}</label>
          <input id={`${id}-reason`} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('maintenance.reasonPlaceholder')} aria-invalid={invalid.has('reason') || undefined} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={add.isPending || !reason.trim()}>
            {t('maintenance.submit')}
          </button>
        </div>
        <ErrorNotice error={add.error} />
      </form>
    </details>
  );
}
