import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EXACT_ACTIVE } from '../../ui/links.ts';

/** Deployments / <deployment> / Data migration [/ <this page>]. */
export function MigrationBreadcrumb({ deploymentId, deploymentName, current }: { deploymentId: string; deploymentName: string | undefined; current?: string | undefined }) {
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
        <span aria-current="page">{t('migration.title')}</span>
      ) : (
        <>
          <Link to="/deployments/$deploymentId/migration" params={{ deploymentId }} activeOptions={EXACT_ACTIVE}>
            {t('migration.title')}
          </Link>
          {sep}
          <span aria-current="page">{current}</span>
        </>
      )}
    </nav>
  );
}
