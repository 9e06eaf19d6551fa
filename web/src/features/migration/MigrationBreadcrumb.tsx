import { useTranslation } from 'react-i18next';
import { DeploymentBreadcrumb } from '../../ui/DeploymentBreadcrumb.tsx';

/** Deployments / <deployment> / Data migration [/ <this page>]. */
export function MigrationBreadcrumb({ deploymentId, deploymentName, current }: { deploymentId: string; deploymentName: string | undefined; current?: string | undefined }) {
  const { t } = useTranslation();
  return <DeploymentBreadcrumb deploymentId={deploymentId} deploymentName={deploymentName} section={{ label: t('migration.title'), to: '/deployments/$deploymentId/migration' }} current={current} />;
}
