import { useId, useState, type FormEvent } from 'react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { useUsers } from '../../api/access.ts';
import { useAddMember } from '../../api/deployments.ts';
import type { Deployment, Member } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { LiveMessage } from '../../ui/Status.tsx';
import type { useTemplateNames } from './roles.ts';
import { candidates, rolesFor } from './team.ts';

interface Props {
  deployment: Deployment;
  members: Member[];
  names: ReturnType<typeof useTemplateNames>;
  onAdded: () => void;
}

/**
 * A person and a role. Choosing needs the workspace's people list, so it is offered to
 * those who may list people; the roles on offer follow the person's side.
 */
export function AddMemberForm({ deployment: d, members, names, onAdded }: Props) {
  const { t } = useTranslation();
  const canListPeople = !!useMe().data?.permissions.includes('workspace.manage');
  const users = useUsers({ enabled: canListPeople });
  const add = useAddMember(d.id);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();

  const groups = candidates(users.data ?? [], members, d.clientOrgId);
  const person = users.data?.find((u) => u.id === userId);
  const roles = rolesFor(names.roles, person);
  const roleKey = (roles.find((r) => r.key === role) ?? roles[0])?.key;
  const nobody = users.data && !groups.vendor.length && !groups.client.length;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    if (!person || !roleKey) return;
    add.mutate(
      { userId: person.id, role: roleKey },
      {
        onSuccess: () => {
          setUserId('');
          onAdded();
          setSaved(t('team.added', { name: person.displayName, role: names.roleTitle(roleKey) }));
        },
      },
    );
  };

  if (!canListPeople) return <p className="hint team-add">{t('team.cannotListPeople')}</p>;

  return (
    <details className="team-add">
      <summary>{t('team.add')}</summary>
      <form className="inline-form" onSubmit={submit}>
        <div className="field field-grow">
          <label htmlFor={`${id}-person`}>{t('team.person')}</label>
          <select id={`${id}-person`} required value={userId} onChange={(e) => setUserId(e.target.value)} disabled={users.isPending} aria-describedby={`${id}-hint`}>
            <option value="">{users.isPending ? t('common.loading') : t('team.choosePerson')}</option>
            {groups.vendor.length > 0 && (
              <optgroup label={t('team.vendorPeople')}>
                {groups.vendor.map((u) => (
                  <option key={u.id} value={u.id}>
                    {t('team.personOption', { name: u.displayName, email: u.email })}
                  </option>
                ))}
              </optgroup>
            )}
            {groups.client.length > 0 && (
              <optgroup label={t('team.clientPeople', { client: d.clientName })}>
                {groups.client.map((u) => (
                  <option key={u.id} value={u.id}>
                    {t('team.personOption', { name: u.displayName, email: u.email })}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('team.role')}</label>
          <select id={`${id}-role`} required value={roleKey ?? ''} onChange={(e) => setRole(e.target.value)} disabled={!person}>
            {!person && <option value="">{t('team.choosePersonFirst')}</option>}
            {roles.map((r) => (
              <option key={r.key} value={r.key}>
                {names.roleTitle(r.key)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={add.isPending || !person || !roleKey}>
          {t('team.submit')}
        </button>
      </form>
      <p id={`${id}-hint`} className="hint">
        {nobody ? t('team.nobodyToAdd') : t('team.sides', { client: d.clientName })} <Link to="/people">{t('team.peopleLink')}</Link>
      </p>
      <ErrorNotice error={add.error ?? users.error} />
      <LiveMessage message={saved} />
    </details>
  );
}
