import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DeploymentBreadcrumb } from '../../ui/DeploymentBreadcrumb.tsx';
import { EXACT_ACTIVE } from '../../ui/links.ts';

interface Props {
  deploymentId: string;
  deploymentName: string | undefined;
  /** The check, on one of its own sub-pages (edit). */
  check?: { id: string; name: string } | undefined;
  /** This page's name; none on the checks page itself, which is then the last crumb. */
  current?: string | undefined;
}

/** Deployments / <deployment> / Checks [/ <check>] [/ <this page>]. */
export function ChecksBreadcrumb({ deploymentId, deploymentName, check, current }: Props) {
  const { t } = useTranslation();
  const trail = check
    ? [
        <Link key="check" to="/deployments/$deploymentId/checks/$checkId" params={{ deploymentId, checkId: check.id }} activeOptions={EXACT_ACTIVE}>
          {check.name}
        </Link>,
      ]
    : [];
  return (
    <DeploymentBreadcrumb
      deploymentId={deploymentId}
      deploymentName={deploymentName}
      section={{ label: t('checks.title'), to: '/deployments/$deploymentId/checks' }}
      trail={trail}
      current={current}
    />
  );
}
