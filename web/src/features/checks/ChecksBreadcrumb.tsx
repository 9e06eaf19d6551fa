import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
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
  const sep = <span aria-hidden="true">/</span>;
  return (
    <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
      <Link to="/" activeOptions={EXACT_ACTIVE}>
        {t('nav.portfolio')}
      </Link>
      {sep}
      <Link to="/deployments/$deploymentId" params={{ deploymentId }} search={{}} activeOptions={EXACT_ACTIVE}>
        {deploymentName ?? '…'}
      </Link>
      {sep}
      {current === undefined ? (
        <span aria-current="page">{t('checks.title')}</span>
      ) : (
        <>
          <Link to="/deployments/$deploymentId/checks" params={{ deploymentId }} activeOptions={EXACT_ACTIVE}>
            {t('checks.title')}
          </Link>
          {sep}
          {check && (
            <>
              <Link to="/deployments/$deploymentId/checks/$checkId" params={{ deploymentId, checkId: check.id }} activeOptions={EXACT_ACTIVE}>
                {check.name}
              </Link>
              {sep}
            </>
          )}
          <span aria-current="page">{current}</span>
        </>
      )}
    </nav>
  );
}
