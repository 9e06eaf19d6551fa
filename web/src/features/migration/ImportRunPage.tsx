import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDeployment } from '../../api/deployments.ts';
import { useCancelImport, useImportRun } from '../../api/migration.ts';
import type { ImportRunDetail } from '../../api/types.ts';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { useFormat } from '../../i18n/format.ts';
import { ConfirmAction } from '../../ui/ConfirmAction.tsx';
import { SectionCard } from '../../ui/SectionCard.tsx';
import { QueryView } from '../../ui/Status.tsx';
import { ImportProgressPanel } from './ImportProgressPanel.tsx';
import { EnvironmentTag, ImportStatusBadge } from './MigrationBadges.tsx';
import { MigrationBreadcrumb } from './MigrationBreadcrumb.tsx';
import { RejectsPanel } from './RejectsPanel.tsx';
import { useMigrationPermissions } from './hooks.ts';

function StopImport({ deploymentId, run }: { deploymentId: string; run: ImportRunDetail }) {
  const { t } = useTranslation();
  const cancel = useCancelImport(deploymentId, run.id);
  if (run.cancelRequested) return <span className="hint">{t('migration.run.stopping')}</span>;
  return <ConfirmAction label={t('migration.run.stop')} question={t('migration.run.stopQuestion')} confirmLabel={t('migration.run.stop')} onConfirm={() => cancel.mutate()} pending={cancel.isPending} error={cancel.error} reset={cancel.reset} />;
}

function RunHeader({ deploymentId, run, canRun }: { deploymentId: string; run: ImportRunDetail; canRun: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const live = run.status === 'queued' || run.status === 'running';
  return (
    <section className="card" aria-labelledby="import-title">
      <div className="section-head section-head-actions">
        <div>
          <p className="eyebrow">
            <EnvironmentTag environment={run.environment} /> {run.profile ? t(`migration.profile.${run.profile}`, { defaultValue: run.profile }) : t('migration.run.uploadedMapping')}
          </p>
          <h1 id="import-title" className="break-anywhere">
            {run.file.name}
          </h1>
          <p className="badges" data-testid="import-status">
            <ImportStatusBadge status={run.status} />
            <span className="subtle">
              {f.fileSize(run.file.size)} · <span title={run.file.sha256}>{t('evidence.sha', { sha: run.file.sha256.slice(0, 12) })}</span>
            </span>
          </p>
          <p className="subtle">
            {run.startedBy ? t('migration.run.startedBy', { name: run.startedBy.displayName, when: f.dateTime(run.createdAt) }) : f.dateTime(run.createdAt)}
            {run.finishedAt && ` · ${t('migration.run.finishedAt', { when: f.dateTime(run.finishedAt) })}`}
            {run.attempts > 1 && ` · ${t('migration.run.attempts', { count: run.attempts })}`}
          </p>
        </div>
        {canRun && live && <StopImport deploymentId={deploymentId} run={run} />}
      </div>
      {run.error && (
        <p className={run.status === 'failed' ? 'notice notice-error' : 'notice notice-warning'} role="alert" data-testid="import-error">
          {run.error}
        </p>
      )}
    </section>
  );
}

/** /deployments/:id/migration/imports/:importId — one import: live progress, its rejects by reason, the rejects file. */
export function ImportRunPage() {
  const { t } = useTranslation();
  const { deploymentId, importId } = useParams({ from: '/deployments/$deploymentId/migration/imports/$importId' });
  const deployment = useDeployment(deploymentId);
  const run = useImportRun(deploymentId, importId);
  const can = useMigrationPermissions(deployment.data);
  useDocumentTitle(run.data?.file.name);
  const live = run.data?.status === 'queued' || run.data?.status === 'running';

  return (
    <div className="page">
      <MigrationBreadcrumb deploymentId={deploymentId} deploymentName={deployment.data?.name} current={run.data?.file.name ?? '…'} />
      <QueryView query={run}>
        {(r) => (
          <>
            <RunHeader deploymentId={deploymentId} run={r} canRun={can.run} />
            <SectionCard id="import-progress" title={t('migration.run.progress')}>
              <ImportProgressPanel run={r} />
            </SectionCard>
            <SectionCard id="import-rejects" title={t('migration.rejects.title')}>
              <RejectsPanel deploymentId={deploymentId} importId={r.id} live={live} />
            </SectionCard>
          </>
        )}
      </QueryView>
    </div>
  );
}
