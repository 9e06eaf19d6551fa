import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDeployment } from '../../api/deployments.ts';
import { useImportTargets } from '../../api/migration.ts';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { DeploymentTabs } from '../deployment/DeploymentTabs.tsx';
import { ImportsTable } from './ImportsTable.tsx';
import { MigrationBreadcrumb } from './MigrationBreadcrumb.tsx';
import { ReconcileSection } from './ReconcileSection.tsx';
import { TargetsSection } from './TargetsSection.tsx';
import { UploadForm } from './UploadForm.tsx';
import { useMigrationPermissions } from './hooks.ts';

/** /deployments/:id/migration — import targets, uploads, the imports and the reconciliations of a deployment. */
export function MigrationPage() {
  const { t } = useTranslation();
  const { deploymentId } = useParams({ from: '/deployments/$deploymentId/migration' });
  const deployment = useDeployment(deploymentId);
  const targets = useImportTargets(deploymentId);
  const can = useMigrationPermissions(deployment.data);
  useDocumentTitle(deployment.data ? `${t('migration.title')} · ${deployment.data.name}` : t('migration.title'));

  return (
    <div className="page">
      <MigrationBreadcrumb deploymentId={deploymentId} deploymentName={deployment.data?.name} />
      <DeploymentTabs deploymentId={deploymentId} current="migration" />
      <section className="card" aria-labelledby="migration-title">
        <p className="eyebrow">{deployment.data?.name}</p>
        <h1 id="migration-title">{t('migration.title')}</h1>
        <p className="muted">{t('migration.intro')}</p>
      </section>
      <TargetsSection deploymentId={deploymentId} canRun={can.run} />
      {can.run && targets.data && <UploadForm deploymentId={deploymentId} targets={targets.data} />}
      <ImportsTable deploymentId={deploymentId} />
      <ReconcileSection deploymentId={deploymentId} canRun={can.run} />
    </div>
  );
}
