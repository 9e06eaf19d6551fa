import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { monitorRefreshMs, useCheck } from '../../api/checks.ts';
import { useDeployment } from '../../api/deployments.ts';
import { useItems } from '../../api/items.ts';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { QueryView } from '../../ui/Status.tsx';
import { CheckHeader } from './CheckHeader.tsx';
import { CheckSettings } from './CheckSettings.tsx';
import { CheckWindowSection } from './CheckWindowSection.tsx';
import { CriterionPanel } from './CriterionPanel.tsx';
import { ChecksBreadcrumb } from './ChecksBreadcrumb.tsx';
import { RunsList } from './RunsList.tsx';
import { useCheckPermissions, useItemTitles } from './hooks.ts';
import type { CheckSearch } from './windows.ts';

/** /deployments/:id/checks/:checkId — one check: how it stands, its availability and latency, its runs. */
export function CheckDetailPage() {
  const { t } = useTranslation();
  const { deploymentId, checkId } = useParams({ from: '/deployments/$deploymentId/checks/$checkId' });
  const search = useSearch({ from: '/deployments/$deploymentId/checks/$checkId' });
  const navigate = useNavigate({ from: '/deployments/$deploymentId/checks/$checkId' });
  const deployment = useDeployment(deploymentId);
  const check = useCheck(deploymentId, checkId);
  const itemTitle = useItemTitles(useItems(deploymentId).data);
  const can = useCheckPermissions(deployment.data);
  useDocumentTitle(check.data?.name);
  const update = (patch: Partial<CheckSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true, resetScroll: false });

  return (
    <div className="page">
      <ChecksBreadcrumb deploymentId={deploymentId} deploymentName={deployment.data?.name} current={check.data?.name ?? '…'} />
      <QueryView query={check}>
        {(c) => (
          <>
            <CheckHeader deploymentId={deploymentId} check={c} itemTitle={c.itemKey ? itemTitle(c.itemKey) : undefined} can={can} />
            {c.criterion && <CriterionPanel deploymentId={deploymentId} checkId={c.id} />}
            <CheckWindowSection deploymentId={deploymentId} check={c} window={search.window ?? '24h'} onWindow={(w) => update({ window: w === '24h' ? undefined : w })} />
            <section className="card" aria-labelledby="runs-title">
              <h2 id="runs-title">{t('checkDetail.runs.title')}</h2>
              <RunsList deploymentId={deploymentId} checkId={c.id} failures={!!search.failures} onFailuresChange={(v) => update({ failures: v || undefined })} refreshMs={monitorRefreshMs(c.intervalSeconds)} />
            </section>
            <section className="card">
              <CheckSettings check={c} />
            </section>
          </>
        )}
      </QueryView>
    </div>
  );
}
