import { useEffect, useRef } from 'react';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDeployment } from '../../api/deployments.ts';
import { useItem, useItems } from '../../api/items.ts';
import { Drawer } from '../../ui/Drawer.tsx';
import { QueryView } from '../../ui/Status.tsx';
import { EvidenceSection } from '../evidence/EvidenceSection.tsx';
import { ItemChecks } from '../checks/ItemChecks.tsx';
import { useCheckPermissions } from '../checks/hooks.ts';
import { useTemplateNames } from '../deployment/roles.ts';
import { ItemFacts } from './ItemFacts.tsx';
import { StateControl } from './StateControl.tsx';
import { PlanningForm } from './PlanningForm.tsx';
import { Dependencies } from './Dependencies.tsx';
import { Comments } from './Comments.tsx';
import { History } from './History.tsx';

/** /deployments/:id/items/:key — everything about one checklist item, over the deployment page. */
export function ItemPanel() {
  const { t } = useTranslation();
  const { deploymentId, itemKey } = useParams({ from: '/deployments/$deploymentId/items/$itemKey' });
  const navigate = useNavigate();
  const item = useItem(deploymentId, itemKey);
  const deployment = useDeployment(deploymentId);
  const allItems = useItems(deploymentId);
  const names = useTemplateNames(deployment.data);
  const can = useCheckPermissions(deployment.data);
  const body = useRef<HTMLDivElement>(null);

  // Following a dependency link swaps the item: start reading it from the top.
  useEffect(() => {
    body.current?.scrollTo({ top: 0 });
  }, [itemKey]);

  const close = () => void navigate({ to: '/deployments/$deploymentId', params: { deploymentId }, search: (prev) => prev, resetScroll: false });

  return (
    <Drawer labelledBy="item-title" onClose={close}>
      <div className="drawer-body" ref={body}>
        <QueryView query={item}>
          {(i) => (
            <article className="item-panel" key={i.key}>
              <header className="item-panel-head">
                <p className="eyebrow">
                  <span className="item-key">{i.key}</span>
                  {i.kind === 'criterion' && <span className="tag">{t('item.criterion')}</span>}
                </p>
                <h2 id="item-title">{i.title}</h2>
              </header>
              <ItemFacts item={i} roleTitle={names.roleTitle} />
              <StateControl deploymentId={deploymentId} item={i} />
              {i.canChange && <PlanningForm deploymentId={deploymentId} item={i} />}
              <Dependencies deploymentId={deploymentId} item={i} allItems={allItems.data ?? []} />
              <ItemChecks deploymentId={deploymentId} item={i} canManage={can.manage} />
              <EvidenceSection deploymentId={deploymentId} item={i} />
              <Comments deploymentId={deploymentId} itemKey={i.key} />
              <History deploymentId={deploymentId} itemKey={i.key} />
            </article>
          )}
        </QueryView>
        {!item.data && <h2 id="item-title" className="visually-hidden">{itemKey}</h2>}
      </div>
    </Drawer>
  );
}
