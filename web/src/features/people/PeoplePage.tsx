import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { useOrganizations, useUsers } from '../../api/access.ts';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { QueryView } from '../../ui/Status.tsx';
import { NewPersonForm } from './NewPersonForm.tsx';
import { OrganizationsSection } from './OrganizationsSection.tsx';
import { PeopleTable } from './PeopleTable.tsx';
import { sortOrganizations } from './workspaceRoles.ts';

/** /people — the workspace's organisations and people, for those who may manage them. */
export function PeoplePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const allowed = !!me?.permissions.includes('workspace.manage');
  const users = useUsers({ enabled: allowed });
  const organizations = useOrganizations();
  const [formOpen, setFormOpen] = useState(false);
  useDocumentTitle(t('people.title'));

  if (!me || !allowed) {
    return (
      <section className="card empty-state">
        <h1>{t('people.title')}</h1>
        <p>{t('people.notAllowed')}</p>
        <Link to="/" className="button">
          {t('notFound.back')}
        </Link>
      </section>
    );
  }

  const orgs = sortOrganizations(organizations.data ?? []);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('people.title')}</h1>
          <p className="muted">{t('people.intro')}</p>
        </div>
        <button type="button" className="button button-primary" aria-expanded={formOpen} aria-controls="new-person" onClick={() => setFormOpen(!formOpen)}>
          {t('people.add')}
        </button>
      </div>
      <div className="people-layout">
        <div className="page">
          {formOpen && <NewPersonForm id="new-person" organizations={orgs} myRole={me.workspaceRole} onCancel={() => setFormOpen(false)} />}
          <section aria-labelledby="people-list-title">
            <h2 id="people-list-title" className="visually-hidden">
              {t('people.listTitle')}
            </h2>
            <QueryView query={users}>{(list) => <PeopleTable users={list} organizations={orgs} />}</QueryView>
          </section>
        </div>
        <QueryView query={organizations}>{() => <OrganizationsSection organizations={orgs} users={users.data ?? []} />}</QueryView>
      </div>
    </div>
  );
}
