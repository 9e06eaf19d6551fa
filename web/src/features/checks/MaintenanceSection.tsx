import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMaintenance, useRemoveMaintenance } from '../../api/monitors.ts';
import type { Check, MaintenanceWindow } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { asConfirm, ConfirmAction } from '../../ui/ConfirmAction.tsx';
import { removalFor } from '../../ui/removal.ts';
import { LiveMessage, QueryView } from '../../ui/Status.tsx';
import { SectionCard } from '../../ui/SectionCard.tsx';
import { MaintenanceForm } from './MaintenanceForm.tsx';

type Phase = 'ongoing' | 'planned' | 'ended';
const PHASE_TONE = { ongoing: 'warning', planned: 'info', ended: 'muted' } as const;

function phaseOf(w: MaintenanceWindow, now: number): Phase {
  if (Date.parse(w.endsAt) <= now) return 'ended';
  return Date.parse(w.startsAt) <= now ? 'ongoing' : 'planned';
}

/**
 * Planned maintenance: time inside a window counts neither up nor down and raises no alert.
 * Current and coming windows, and those of the last 30 days.
 */
export function MaintenanceSection({ deploymentId, checks, canManage }: { deploymentId: string; checks: Check[]; canManage: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const windows = useMaintenance(deploymentId);
  const remove = useRemoveMaintenance(deploymentId);
  const [message, setMessage] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const checkName = (id: string | null) => (id ? (checks.find((c) => c.id === id)?.name ?? t('maintenance.removedCheck')) : t('maintenance.allChecks'));
  const now = Date.now();

  const removal = removalFor(remove, (w: MaintenanceWindow) => w.id, () => {
    setMessage(t('maintenance.removed'));
    heading.current?.focus();
  });

  return (
    <SectionCard id="maintenance" title={t('maintenance.title')} intro={t('maintenance.intro')} headingRef={heading} testId="maintenance">
      <QueryView query={windows}>
        {(list) =>
          list.length ? (
            <ul className="plain-list">
              {list.map((w) => {
                const phase = phaseOf(w, now);
                return (
                  <li key={w.id} className="list-row" data-testid="maintenance-window">
                    <div className="list-row-main">
                      <p className="badges">
                        <Badge tone={PHASE_TONE[phase]}>{t(`maintenance.phase.${phase}`)}</Badge>
                        <span className="tag">{checkName(w.checkId)}</span>
                      </p>
                      <p>
                        <time dateTime={w.startsAt}>{f.dateTime(w.startsAt)}</time> – <time dateTime={w.endsAt}>{f.dateTime(w.endsAt)}</time>
                        <span className="subtle">{f.duration(Date.parse(w.endsAt) - Date.parse(w.startsAt))}</span>
                      </p>
                      <p>{w.reason}</p>
                    </div>
                    {canManage && (
                      <ConfirmAction
                        label={t('common.remove')}
                        ariaLabel={t('maintenance.removeNamed', { reason: w.reason })}
                        question={t('maintenance.confirmRemove')}
                        confirmLabel={t('maintenance.confirm')}
                        {...asConfirm(removal(w))}
                      />
                    )}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="muted">{t('maintenance.none')}</p>
          )
        }
      </QueryView>
      <LiveMessage message={message} />
      {canManage && <MaintenanceForm deploymentId={deploymentId} checks={checks} onAdded={setMessage} />}
    </SectionCard>
  );
}
