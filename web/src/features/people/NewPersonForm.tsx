import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useCreateUser } from '../../api/access.ts';
import type { Organization, WorkspaceRole } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { LiveMessage } from '../../ui/Status.tsx';
import { invalidFields } from '../../ui/fieldErrors.ts';
import { roleChoices } from './workspaceRoles.ts';

const MIN_PASSWORD = 10;
const EMPTY = { displayName: '', email: '', password: '' };

/**
 * A person of the vendor or of a client. The organisation decides the roles on offer; the
 * form stays open with the organisation kept, so a client's team is added one after another.
 */
export function NewPersonForm({ id, organizations, myRole, onCancel }: { id: string; organizations: Organization[]; myRole: WorkspaceRole; onCancel: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [form, setForm] = useState(EMPTY);
  const [organizationId, setOrganizationId] = useState('');
  const [role, setRole] = useState<WorkspaceRole | ''>('');
  const [saved, setSaved] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const uid = useId();

  const org = organizations.find((o) => o.id === organizationId);
  const roles = roleChoices(org?.kind, myRole);
  const workspaceRole = role && roles.includes(role) ? role : roles[0];
  const invalid = invalidFields(create.error, 'email');
  const errorId = `${uid}-error`;
  const fieldProps = (name: string, hint?: string) => ({
    'aria-invalid': invalid.has(name) || undefined,
    'aria-describedby': [hint, invalid.has(name) ? errorId : undefined].filter(Boolean).join(' ') || undefined,
  });
  const set = (k: keyof typeof EMPTY) => (e: ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    if (!org || !workspaceRole) return;
    create.mutate(
      { ...form, email: form.email.trim(), displayName: form.displayName.trim(), organizationId: org.id, workspaceRole },
      {
        onSuccess: (user) => {
          setForm(EMPTY);
          setSaved(t('people.added', { name: user.displayName, organization: org.name }));
          nameInput.current?.focus();
        },
      },
    );
  };

  return (
    <section id={id} className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('people.new')}</h2>
      <form className="form-grid" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${uid}-org`}>{t('people.organization')}</label>
          <select id={`${uid}-org`} required value={organizationId} onChange={(e) => setOrganizationId(e.target.value)} {...fieldProps('organizationId', `${uid}-org-hint`)}>
            <option value="">{t('people.chooseOrganization')}</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {t('people.organizationOption', { name: o.name, kind: t(`organizationKind.${o.kind}`) })}
              </option>
            ))}
          </select>
          <p id={`${uid}-org-hint`} className="hint">
            {t('people.organizationHint')} <a href="#organizations">{t('people.addOrganizationLink')}</a>
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-role`}>{t('people.workspaceRole')}</label>
          <select
            id={`${uid}-role`}
            required
            disabled={!org}
            value={workspaceRole ?? ''}
            onChange={(e) => setRole(e.target.value as WorkspaceRole)}
            {...fieldProps('workspaceRole', `${uid}-role-hint`)}
          >
            {!org && <option value="">{t('people.chooseOrganizationFirst')}</option>}
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`workspaceRole.${r}`)}
              </option>
            ))}
          </select>
          <p id={`${uid}-role-hint`} className="hint">
            {workspaceRole ? t(`people.roleHint.${workspaceRole}`) : t('people.roleHint.none')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-name`}>{t('people.displayName')}</label>
          <input id={`${uid}-name`} ref={nameInput} required maxLength={120} autoComplete="off" value={form.displayName} onChange={set('displayName')} {...fieldProps('displayName')} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-email`}>{t('auth.email')}</label>
          <input id={`${uid}-email`} type="email" required maxLength={254} autoComplete="off" value={form.email} onChange={set('email')} {...fieldProps('email')} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-password`}>{t('people.password')}</label>
          <input
            id={`${uid}-password`}
            type="password"
            required
            minLength={MIN_PASSWORD}
            maxLength={200}
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
            {...fieldProps('password', `${uid}-password-hint`)}
          />
          <p id={`${uid}-password-hint`} className="hint">
            {t('people.passwordHint', { count: MIN_PASSWORD })}
          </p>
        </div>
        <ErrorNotice id={errorId} error={create.error} title={isApiError(create.error, 'conflict') ? t('people.emailTaken') : undefined} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t('people.adding') : t('people.submit')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('common.close')}
          </button>
        </div>
        <LiveMessage message={saved} />
      </form>
    </section>
  );
}
