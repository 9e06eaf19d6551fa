import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useImports } from '../../api/migration.ts';
import type { ImportRun } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { HeaderRow } from '../../ui/HeaderRow.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { SectionCard } from '../../ui/SectionCard.tsx';
import { QueryView } from '../../ui/Status.tsx';
import { EnvironmentTag, ImportStatusBadge } from './MigrationBadges.tsx';

const COLUMNS = ['file', 'environment', 'status', 'progress', 'rows', 'started'] as const;

function Rows({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!run.progress) return <span className="muted">{t('checks.none')}</span>;
  const p = run.progress;
  return <>{t('migration.imports.rowsText', { read: f.number(p.rowsRead), loaded: f.number(p.rowsLoaded), rejected: f.number(p.rowsRejected) })}</>;
}

/** The deployment's imports, newest first, followed while one runs. */
export function ImportsTable({ deploymentId }: { deploymentId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const imports = useImports(deploymentId);
  return (
    <SectionCard id="migration-imports" title={t('migration.imports.title')} testId="imports">
      <QueryView query={imports}>
        {(list) =>
          list.length ? (
            <div className="table-scroll">
              <table className="data-table imports-table">
                <caption className="visually-hidden">{t('migration.imports.title')}</caption>
                <thead>
                  <HeaderRow labels={COLUMNS.map((c) => t(`migration.imports.${c}`))} />
                </thead>
                <tbody>
                  {list.map((run) => (
                    <tr key={run.id} data-testid="import-row">
                      <td className="break-anywhere">
                        <Link to="/deployments/$deploymentId/migration/imports/$importId" params={{ deploymentId, importId: run.id }} className="strong-link">
                          {run.file.name}
                        </Link>
                        <span className="subtle"> · {run.profile ? t(`migration.profile.${run.profile}`, { defaultValue: run.profile }) : t('migration.run.uploadedMapping')}</span>
                      </td>
                      <td>
                        <EnvironmentTag environment={run.environment} />
                      </td>
                      <td>
                        <ImportStatusBadge status={run.status} />
                      </td>
                      <td className="cell-progress">{run.progress && run.progress.percent !== null ? <ProgressBar size="sm" percent={run.progress.percent} label={t('migration.run.progress')} /> : null}</td>
                      <td className="num">
                        <Rows run={run} />
                      </td>
                      <td>
                        <time dateTime={run.createdAt}>{f.dateTime(run.createdAt)}</time>
                        {run.startedBy && <span className="subtle"> · {run.startedBy.displayName}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty-state">{t('migration.imports.none')}</p>
          )
        }
      </QueryView>
    </SectionCard>
  );
}
