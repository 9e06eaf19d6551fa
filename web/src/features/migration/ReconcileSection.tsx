import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useReconcile, useReconciliations } from '../../api/migration.ts';
import { MIGRATION_ENVIRONMENTS, type Reconciliation } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { HeaderRow } from '../../ui/HeaderRow.tsx';
import { SectionCard } from '../../ui/SectionCard.tsx';
import { QueryView } from '../../ui/Status.tsx';
import { EnvironmentTag, ReconciliationBadge } from './MigrationBadges.tsx';

const COLUMNS = ['result', 'environment', 'files', 'summary', 'at'] as const;

export function ReconciliationSummary({ rec }: { rec: Reconciliation }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (rec.error) return <span className="text-danger">{rec.error}</span>;
  if (!rec.summary) return <span className="muted">{t('migration.reconcile.waiting')}</span>;
  const s = rec.summary;
  return (
    <>
      {t('migration.reconcile.days', { compared: f.number(s.daysCompared), differing: f.number(s.daysDiffering) })}
      <br />
      <span className="subtle">{t('migration.reconcile.identity', { read: f.number(s.read), loaded: f.number(s.loaded), rejected: f.number(s.rejected) })}</span>
    </>
  );
}

/** Reconcile an environment's imported files against its target; the reconciliations so far. */
export function ReconcileSection({ deploymentId, canRun }: { deploymentId: string; canRun: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const list = useReconciliations(deploymentId);
  const reconcile = useReconcile(deploymentId);
  return (
    <SectionCard id="migration-reconcile" title={t('migration.reconcile.title')} intro={t('migration.reconcile.intro')} testId="reconciliations">
      {canRun && (
        <div className="button-row">
          {MIGRATION_ENVIRONMENTS.map((env) => (
            <button
              key={env}
              type="button"
              className={env === 'production' ? 'button button-primary' : 'button'}
              disabled={reconcile.isPending}
              onClick={() => reconcile.mutate(env, { onSuccess: (rec) => void navigate({ to: '/deployments/$deploymentId/migration/reconciliations/$reconciliationId', params: { deploymentId, reconciliationId: rec.id } }) })}
            >
              {t('migration.reconcile.button', { environment: t(`migration.environment.${env}`) })}
            </button>
          ))}
        </div>
      )}
      <ErrorNotice error={reconcile.error} />
      <QueryView query={list}>
        {(recs) =>
          recs.length ? (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="visually-hidden">{t('migration.reconcile.title')}</caption>
                <thead>
                  <HeaderRow labels={COLUMNS.map((c) => t(`migration.reconcile.col.${c}`))} />
                </thead>
                <tbody>
                  {recs.map((rec) => (
                    <tr key={rec.id} data-testid="reconciliation-row">
                      <td>
                        <Link to="/deployments/$deploymentId/migration/reconciliations/$reconciliationId" params={{ deploymentId, reconciliationId: rec.id }} aria-label={t('migration.reconcile.open', { at: f.dateTime(rec.createdAt) })}>
                          <ReconciliationBadge rec={rec} />
                        </Link>
                      </td>
                      <td>
                        <EnvironmentTag environment={rec.environment} />
                      </td>
                      <td className="break-anywhere">{rec.imports.map((i) => i.fileName).join(', ')}</td>
                      <td>
                        <ReconciliationSummary rec={rec} />
                      </td>
                      <td>
                        <time dateTime={rec.createdAt}>{f.dateTime(rec.createdAt)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty-state">{t('migration.reconcile.none')}</p>
          )
        }
      </QueryView>
    </SectionCard>
  );
}
