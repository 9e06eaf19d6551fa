import { Link, Outlet, useParams, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCalendar, useDeployment } from '../../api/deployments.ts';
import { useItems } from '../../api/items.ts';
import { QueryView } from '../../ui/Status.tsx';
import { EXACT_ACTIVE } from '../../ui/links.ts';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { DeploymentHeader } from './DeploymentHeader.tsx';
import { TeamSection } from './TeamSection.tsx';
import { DeploymentTabs } from './DeploymentTabs.tsx';
import { Timeline } from './Timeline.tsx';
import { Checklist } from './Checklist.tsx';
import { CriteriaList } from './CriteriaList.tsx';
import { ChecklistFilters } from './ChecklistFilters.tsx';
import { hasFilters, toItemFilters } from './filters.ts';
import { useTemplateNames } from './roles.ts';

export function DeploymentPage() {
  const { t } = useTranslation();
  const { deploymentId } = useParams({ from: '/deployments/$deploymentId' });
  const search = useSearch({ from: '/deployments/$deploymentId' });
  const deployment = useDeployment(deploymentId);
  const calendar = useCalendar(deploymentId);
  const items = useItems(deploymentId, toItemFilters(search));
  const names = useTemplateNames(deployment.data);
  useDocumentTitle(deployment.data?.name);

  return (
    <div className="page">
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <Link to="/" activeOptions={EXACT_ACTIVE}>
          {t('nav.portfolio')}
        </Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{deployment.data?.name ?? '…'}</span>
      </nav>
      <DeploymentTabs deploymentId={deploymentId} current="checklist" />
      <QueryView query={deployment}>
        {(d) => (
          <>
            <DeploymentHeader deployment={d} />
            <TeamSection deployment={d} names={names} />
            <section className="card" aria-labelledby="timeline-title">
              <h2 id="timeline-title">{t('timeline.title')}</h2>
              <QueryView query={calendar}>{(c) => <Timeline deployment={d} calendar={c} />}</QueryView>
            </section>
            <section className="card checklist-card" aria-labelledby="checklist-title">
              <div className="section-head">
                <h2 id="checklist-title">{t('checklist.title')}</h2>
                <p className="muted">{t('checklist.intro', { count: d.progress.total })}</p>
              </div>
              <ChecklistFilters deployment={d} search={search} shown={items.data?.filter((i) => i.kind === 'item').length} />
              <QueryView query={items}>
                {(list) => (
                  <div className={items.isPlaceholderData ? 'is-stale' : undefined} aria-busy={items.isFetching}>
                    <Checklist deployment={d} items={list.filter((i) => i.kind === 'item')} search={search} roleTitle={names.roleTitle} />
                  </div>
                )}
              </QueryView>
            </section>
            <section className="card" aria-labelledby="criteria-title">
              <div className="section-head">
                <h2 id="criteria-title">{t('criteria.title')}</h2>
                <p className="muted">{t('criteria.intro')}</p>
              </div>
              <QueryView query={items}>
                {(list) => <CriteriaList deploymentId={d.id} criteria={list.filter((i) => i.kind === 'criterion')} names={names} filtered={hasFilters(search)} />}
              </QueryView>
            </section>
          </>
        )}
      </QueryView>
      <Outlet />
    </div>
  );
}
