import { useTranslation } from 'react-i18next';
import type { Organization, User } from '../../api/types.ts';

/** Everyone in the workspace; below 860px each row becomes a card (see .responsive-table). */
export function PeopleTable({ users, organizations }: { users: User[]; organizations: Organization[] }) {
  const { t } = useTranslation();
  const orgById = new Map(organizations.map((o) => [o.id, o]));
  const col = { person: t('people.col.person'), role: t('people.col.role'), organization: t('people.col.organization') };
  return (
    <div className="table-wrap">
      <table className="responsive-table people-table" data-testid="people-table">
        <caption className="visually-hidden">{t('people.caption', { count: users.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{col.person}</th>
            <th scope="col">{col.role}</th>
            <th scope="col">{col.organization}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const org = orgById.get(u.organizationId);
            return (
              <tr key={u.id}>
                <th scope="row" data-label={col.person}>
                  <span className="strong-text">{u.displayName}</span>
                  {u.disabled && <span className="tag tag-spaced">{t('people.disabled')}</span>}
                  <span className="subtle break-anywhere">{u.email}</span>
                </th>
                <td data-label={col.role}>{t(`workspaceRole.${u.workspaceRole}`)}</td>
                <td data-label={col.organization}>
                  {org?.name ?? '—'}
                  {org && <span className="subtle">{t(`organizationKind.${org.kind}`)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
