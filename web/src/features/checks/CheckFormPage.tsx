import { useState } from 'react';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCheck, useCreateCheck, useUpdateCheck } from '../../api/checks.ts';
import { useDeployment } from '../../api/deployments.ts';
import { useItems } from '../../api/items.ts';
import type { Check } from '../../api/types.ts';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { LiveMessage, QueryView } from '../../ui/Status.tsx';
import { CheckForm } from './CheckForm.tsx';
import { ChecksBreadcrumb } from './ChecksBreadcrumb.tsx';
import { DeleteCheck } from './DeleteCheck.tsx';
import { toCreateBody, toPatch } from './form.ts';
import { useCheckPermissions } from './hooks.ts';

function NotAllowed() {
  const { t } = useTranslation();
  return <p className="notice notice-warning">{t('checkForm.notAllowed')}</p>;
}

/** /deployments/:id/checks/new[?item=key] — set up a check, bound to the item it came from. */
export function NewCheckPage() {
  const { t } = useTranslation();
  const { deploymentId } = useParams({ from: '/deployments/$deploymentId/checks/new' });
  const { item } = useSearch({ from: '/deployments/$deploymentId/checks/new' });
  const navigate = useNavigate();
  const deployment = useDeployment(deploymentId);
  const items = useItems(deploymentId);
  const create = useCreateCheck(deploymentId);
  const can = useCheckPermissions(deployment.data);
  useDocumentTitle(t('checkForm.newTitle'));

  return (
    <div className="page page-narrow">
      <ChecksBreadcrumb deploymentId={deploymentId} deploymentName={deployment.data?.name} current={t('checkForm.newTitle')} />
      <section className="card" aria-labelledby="form-title">
        <h1 id="form-title">{t('checkForm.newTitle')}</h1>
        <p className="muted">{t('checkForm.newIntro')}</p>
        {deployment.data && !can.manage ? (
          <NotAllowed />
        ) : (
          <CheckForm
            initialItem={item}
            deployment={deployment.data}
            items={items.data}
            submitLabel={t('checkForm.create')}
            pending={create.isPending}
            error={create.error}
            onSubmit={(draft) => create.mutate(toCreateBody(draft), { onSuccess: (c) => void navigate({ to: '/deployments/$deploymentId/checks/$checkId', params: { deploymentId, checkId: c.id } }) })}
          />
        )}
      </section>
    </div>
  );
}

/** The form over one loaded version of the check; a reload after a conflict starts it again from the latest. */
function EditCheck({ deploymentId, loaded, refetch }: { deploymentId: string; loaded: Check; refetch: () => Promise<Check | undefined> }) {
  const { t } = useTranslation();
  const deployment = useDeployment(deploymentId);
  const items = useItems(deploymentId);
  const update = useUpdateCheck(deploymentId, loaded.id);
  const [base, setBase] = useState(loaded);
  const [saved, setSaved] = useState<string | null>(null);

  const reload = async () => {
    update.reset();
    const latest = await refetch();
    if (latest) setBase(latest);
  };

  return (
    <>
      <CheckForm
        key={base.version}
        check={base}
        deployment={deployment.data}
        items={items.data}
        submitLabel={t('common.save')}
        pending={update.isPending}
        error={update.error}
        onReload={() => void reload()}
        onSubmit={(draft) => {
          setSaved(null);
          const patch = toPatch(base, draft);
          if (!patch) return setSaved(t('checkForm.nothingChanged'));
          update.mutate(patch, {
            onSuccess: (next) => {
              setBase(next);
              setSaved(t('checkForm.saved'));
            },
          });
        }}
      />
      <LiveMessage message={saved} />
    </>
  );
}

/** /deployments/:id/checks/:checkId/edit — change a check, or delete it. */
export function EditCheckPage() {
  const { t } = useTranslation();
  const { deploymentId, checkId } = useParams({ from: '/deployments/$deploymentId/checks/$checkId/edit' });
  const deployment = useDeployment(deploymentId);
  const check = useCheck(deploymentId, checkId);
  const can = useCheckPermissions(deployment.data);
  useDocumentTitle(check.data ? t('checkForm.editTitle', { name: check.data.name }) : undefined);

  return (
    <div className="page page-narrow">
      <ChecksBreadcrumb deploymentId={deploymentId} deploymentName={deployment.data?.name} check={check.data} current={t('checkForm.edit')} />
      <QueryView query={check}>
        {(c) => (
          <>
            <section className="card" aria-labelledby="form-title">
              <h1 id="form-title">{t('checkForm.editTitle', { name: c.name })}</h1>
              {deployment.data && !can.manage ? <NotAllowed /> : <EditCheck deploymentId={deploymentId} loaded={c} refetch={async () => (await check.refetch()).data} />}
            </section>
            {can.manage && <DeleteCheck deploymentId={deploymentId} check={c} />}
          </>
        )}
      </QueryView>
    </div>
  );
}
