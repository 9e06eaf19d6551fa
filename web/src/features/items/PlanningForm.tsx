import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMembers } from '../../api/deployments.ts';
import { useUpdateItem } from '../../api/items.ts';
import type { Item } from '../../api/types.ts';
import { LiveMessage } from '../../ui/Status.tsx';
import { ItemErrorNotice } from './ItemErrorNotice.tsx';

/** Who does it and by when. Moving the due date moves the items that depend on it. */
export function PlanningForm({ deploymentId, item }: { deploymentId: string; item: Item }) {
  const { t } = useTranslation();
  const members = useMembers(deploymentId);
  const update = useUpdateItem(deploymentId, item.key);
  const [assigneeId, setAssigneeId] = useState(item.assignee?.id ?? '');
  const [dueOn, setDueOn] = useState(item.dueEnd);
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();

  const currentAssignee = item.assignee?.id ?? '';
  const dirty = assigneeId !== currentAssignee || dueOn !== item.dueEnd;

  // A change saved here or elsewhere becomes the new starting point of the form.
  useEffect(() => {
    setAssigneeId(currentAssignee);
    setDueOn(item.dueEnd);
  }, [currentAssignee, item.dueEnd]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    update.mutate(
      {
        version: item.version,
        ...(assigneeId !== currentAssignee ? { assigneeId: assigneeId || null } : {}),
        ...(dueOn !== item.dueEnd ? { dueOn } : {}),
      },
      { onSuccess: () => setSaved(t('item.planSaved')) },
    );
  };

  return (
    <section className="panel-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('item.planning')}</h3>
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-assignee`}>{t('item.assignee')}</label>
          <select id={`${id}-assignee`} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} disabled={members.isPending}>
            <option value="">{t('item.unassigned')}</option>
            {(members.data ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.displayName}
              </option>
            ))}
            {/* Someone removed from the team keeps the items assigned to them until reassigned. */}
            {item.assignee && members.data && !members.data.some((m) => m.userId === item.assignee!.id) && (
              <option value={item.assignee.id}>{t('item.formerMember', { name: item.assignee.displayName })}</option>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>{t('item.dueBy')}</label>
          <input id={`${id}-due`} type="date" required value={dueOn} onChange={(e) => setDueOn(e.target.value)} aria-describedby={`${id}-due-hint`} />
        </div>
        <button type="submit" className="button" disabled={!dirty || update.isPending}>
          {t('common.save')}
        </button>
      </form>
      <p id={`${id}-due-hint`} className="hint">
        {t('item.dueHint')}
      </p>
      <ItemErrorNotice error={update.error} deploymentId={deploymentId} reset={update.reset} />
      <LiveMessage message={saved} />
    </section>
  );
}
