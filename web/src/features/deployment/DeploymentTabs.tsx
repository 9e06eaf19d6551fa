import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useChecks } from '../../api/checks.ts';
import { Badge } from '../../ui/Badge.tsx';
import { EXACT_ACTIVE } from '../../ui/links.ts';

/** The deployment's two views: its checklist and the checks and monitors that prove it. */
export function DeploymentTabs({ deploymentId, current }: { deploymentId: string; current: 'checklist' | 'checks' }) {
  const { t } = useTranslation();
  const summary = useChecks(deploymentId).data?.summary;
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
    </nav>
  );
}
