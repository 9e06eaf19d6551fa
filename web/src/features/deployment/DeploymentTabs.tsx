import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useChecks } from '../../api/checks.ts';
import { useDeployment } from '../../api/deployments.ts';
import { Badge } from '../../ui/Badge.tsx';
import { EXACT_ACTIVE } from '../../ui/links.ts';

/** The deployment's views: its checklist, the checks and monitors that prove it, and its data migration. */
export function DeploymentTabs({ deploymentId, current }: { deploymentId: string; current: 'checklist' | 'checks' | 'migration' }) {
  const { t } = useTranslation();
  const summary = useChecks(deploymentId).data?.summary;
  const canMigrate = useDeployment(deploymentId).data?.myPermissions.includes('migration.read') ?? false;
  const failing = summary?.failing ?? 0;
  return (
    <nav className="tabs" aria-label={t('deployment.views')}>
      <Link to="/deployments/$deploymentId" params={{ deploymentId }} search={{}} aria-current={current === 'checklist' ? 'page' : undefined} activeOptions={EXACT_ACTIVE} data-testid="tab-checklist">
        {t('deployment.tab.checklist')}
      </Link>
      <Link to="/deployments/$deploymentId/checks" params={{ deploymentId }} aria-current={current === 'checks' ? 'page' : undefined} activeOptions={EXACT_ACTIVE} data-testid="tab-checks">
        {t('deployment.tab.checks')}
        {summary && summary.total > 0 && <span className="count"> ({summary.total})</span>}
        {failing > 0 && <Badge tone="danger">{t('checks.failingCount', { count: failing })}</Badge>}
      </Link>
      {canMigrate && (
        <Link to="/deployments/$deploymentId/migration" params={{ deploymentId }} aria-current={current === 'migration' ? 'page' : undefined} activeOptions={EXACT_ACTIVE} data-testid="tab-migration">
          {t('deployment.tab.migration')}
        </Link>
      )}
    </nav>
  );
}
