import { useTranslation } from 'react-i18next';
import type { Organization, User } from '../../api/types.ts';
import { Badge } from '../../ui/Badge.tsx';
import { NewOrganizationForm } from './NewOrganizationForm.tsx';

/** The vendor and its clients, how many people each has, and a form for a new client. */
export function OrganizationsSection({ organizations, users }: { organizations: Organization[]; users: User[] }) {
  const { t } = useTranslation();
  const people = new Map<string, number>();
  for (const u of users) people.set(u.organizationId, (people.get(u.organizationId) ?? 0) + 1);
  return (
    <section id="organizations" className="card organizations" aria-labelledby="organizations-title">
      <h2 id="organizations-title">{t('organizations.title')}</h2>
      <p className="muted">{t('organizations.intro')}</p>
      <ul className="org-list" data-testid="organization-list">
        {organizations.map((o) => (
          <li key={o.id}>
            <span className="org-name">{o.name}</span>
            <Badge tone={o.kind === 'vendor' ? 'info' : 'neutral'}>{t(`organizationKind.${o.kind}`)}</Badge>
            <span className="subtle org-count">{t('organizations.people', { count: people.get(o.id) ?? 0 })}</span>
          </li>
        ))}
      </ul>
      <NewOrganizationForm />
    </section>
  );
}
