import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useChecks } from '../../api/checks.ts';
import { useDeployment } from '../../api/deployments.ts';
import { useItems } from '../../api/items.ts';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { QueryView } from '../../ui/Status.tsx';
import { DeploymentTabs } from '../deployment/DeploymentTabs.tsx';
import { ChecksBreadcrumb } from './ChecksBreadcrumb.tsx';
import { ChecksSummary } from './ChecksSummary.tsx';
import { ChecksTable } from './ChecksTable.tsx';
import { MaintenanceSection } from './MaintenanceSection.tsx';
import { WebhooksSection } from './WebhooksSection.tsx';
import { useCheckPermissions, useItemTitles } from './hooks.ts';

/** /deployments/:id/checks — every check and monitor of a deployment, maintenance windows and alert webhooks. */
export function ChecksPage() {
  const { t } = useTranslation();
  const { deploymentId } = useParams({ from: '/deployments/$deploymentId/checks' });
  const deployment = useDeployment(deploymentId);
  const checks = useChecks(deploymentId);
  const itemTitle = useItemTitles(useItems(deploymentId).data);
  const can = useCheckPermissions(deployment.data);
  useDocumentTitle(deployment.data ? `${t('checks.title')} · ${deployment.data.name}` : t('checks.title'));

  return (
    <div className="page">
      <ChecksBreadcrumb deploymentId={deploymentId} deploymentName={deployment.data?.name} />
      <DeploymentTabs deploymentId={deploymentId} current="checks" />
      <section className="card" aria-labelledby="checks-title">
        <div className="section-head section-head-actions">
          <div>
            <p className="eyebrow">{deployment.data?.name}</p>
            <h1 id="checks-title">{t('checks.title')}</h1>
            <p className="muted">{t('checks.intro')}</p>
          </div>
          {can.manage && (
            <Link to="/deployments/$deploymentId/checks/new" params={{ deploymentId }} search={{}} className="button button-primary">
              {t('checks.new')}
            </Link>
          )}
        </div>
        <QueryView query={checks}>
          {(list) => (
            <>
              <ChecksSummary summary={list.summary} />
              {list.items.length ? (
                <ChecksTable deploymentId={deploymentId} checks={list.items} itemTitle={itemTitle} canRun={can.run} />
              ) : (
                <p className="empty-state">{can.manage ? t('checks.emptyCanAdd') : t('checks.empty')}</p>
              )}
            </>
          )}
        </QueryView>
      </section>
      <MaintenanceSection deploymentId={deploymentId} checks={checks.data?.items ?? []} canManage={can.manage} />
      {can.manage && <WebhooksSection deploymentId={deploymentId} />}
    </div>
  );
}
