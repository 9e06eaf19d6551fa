import { Fragment, type ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EXACT_ACTIVE } from './links.ts';

/** The deployment sections with pages of their own below the deployment page. */
type SectionPath = '/deployments/$deploymentId/checks' | '/deployments/$deploymentId/migration';

interface Props {
  deploymentId: string;
  deploymentName: string | undefined;
  section: { label: string; to: SectionPath };
  /** Links between the section and this page; the separators are added. */
  trail?: ReactNode[];
  /** This page's name; none on the section's own page, which is then the last crumb. */
  current?: string | undefined;
}

/** Deployments / <deployment> / <section> [/ <trail…>] [/ <this page>]. */
export function DeploymentBreadcrumb({ deploymentId, deploymentName, section, trail = [], current }: Props) {
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
        <span aria-current="page">{section.label}</span>
      ) : (
        <>
          <Link to={section.to} params={{ deploymentId }} activeOptions={EXACT_ACTIVE}>
            {section.label}
          </Link>
          {sep}
          {trail.map((crumb, i) => (
            <Fragment key={i}>
              {crumb}
              {sep}
            </Fragment>
          ))}
          <span aria-current="page">{current}</span>
        </>
      )}
    </nav>
  );
}
