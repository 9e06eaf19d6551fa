import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDeployment } from '../../api/deployments.ts';
import { useReconciliation } from '../../api/migration.ts';
import type { ReconciliationDetail } from '../../api/types.ts';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { useFormat } from '../../i18n/format.ts';
import { SectionCard } from '../../ui/SectionCard.tsx';
import { QueryView } from '../../ui/Status.tsx';
import { DaysTable } from './DaysTable.tsx';
import { EnvironmentTag, ReconciliationBadge } from './MigrationBadges.tsx';
import { MigrationBreadcrumb } from './MigrationBreadcrumb.tsx';
import { ReconciliationSummary } from './ReconcileSection.tsx';

const ITEM = { production: 'data-migration.5', staging: 'data-migration.3' } as const;

function Differences({ rec }: { rec: ReconciliationDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!rec.differences.length) return null;
  const omitted = rec.differencesOmitted;
  return (
    <SectionCard id="reconciliation-differences" title={t('migration.differences.title')} intro={t('migration.differences.intro')}>
      <ul className="differences" data-testid="differences">
        {rec.differences.map((d) => (
          <li key={`${d.outletCode}|${d.businessDate}`}>
            <strong>
              {d.outletCode} · {f.date(d.businessDate)}
            </strong>
            {(['missing', 'extra', 'different'] as const).map((kind) =>
              d[kind].length ? (
                <p key={kind}>
                  {t(`migration.differences.${kind}`, { count: d[kind].length })}: <span className="break-anywhere">{d[kind].join(', ')}</span>
                </p>
              ) : null,
            )}
          </li>
        ))}
      </ul>
      {omitted.days > 0 && (
        <p className="hint" data-testid="differences-omitted">
          {t('migration.differences.omitted', { days: f.number(omitted.days), transactions: f.number(omitted.transactions) })}
        </p>
      )}
    </SectionCard>
  );
}

/** /deployments/:id/migration/reconciliations/:id — the result per outlet and business day, and what differs. */
export function ReconciliationPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { deploymentId, reconciliationId } = useParams({ from: '/deployments/$deploymentId/migration/reconciliations/$reconciliationId' });
  const deployment = useDeployment(deploymentId);
  const rec = useReconciliation(deploymentId, reconciliationId);
  const title = t('migration.reconcile.pageTitle');
  useDocumentTitle(title);

  return (
    <div className="page">
      <MigrationBreadcrumb deploymentId={deploymentId} deploymentName={deployment.data?.name} current={title} />
      <QueryView query={rec}>
        {(r) => (
          <>
            <section className="card" aria-labelledby="reconciliation-title">
              <p className="eyebrow">
                <EnvironmentTag environment={r.environment} /> {f.dateTime(r.createdAt)}
                {r.requestedBy && ` · ${r.requestedBy.displayName}`}
              </p>
              <h1 id="reconciliation-title">{title}</h1>
              <p className="badges" data-testid="reconciliation-status">
                <ReconciliationBadge rec={r} />
              </p>
              <p>
                <ReconciliationSummary rec={r} />
              </p>
              <p className="subtle">{t('migration.reconcile.files', { files: r.imports.map((i) => i.fileName).join(', ') })}</p>
              {r.status === 'completed' && (
                <p>
                  {t(r.ok ? 'migration.reconcile.evidenceOn' : 'migration.reconcile.flaggedOn')}{' '}
                  <Link to="/deployments/$deploymentId/items/$itemKey" params={{ deploymentId, itemKey: ITEM[r.environment] }} search={{}}>
                    {ITEM[r.environment]}
                  </Link>
                  {r.ok && r.environment === 'production' && (
                    <>
                      {' · '}
                      <Link to="/deployments/$deploymentId/items/$itemKey" params={{ deploymentId, itemKey: 'success-business.4' }} search={{}}>
                        success-business.4
                      </Link>
                    </>
                  )}
                </p>
              )}
            </section>
            {r.days.length > 0 && (
              <SectionCard id="reconciliation-days" title={t('migration.days.title')} intro={r.daysTruncated ? t('migration.days.truncated', { count: r.days.length }) : undefined}>
                <DaysTable days={r.days} />
              </SectionCard>
            )}
            <Differences rec={r} />
          </>
        )}
      </QueryView>
    </div>
  );
}
