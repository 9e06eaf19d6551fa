import { useId } from 'react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useChecks } from '../../api/checks.ts';
import type { Item } from '../../api/types.ts';
import { QueryView } from '../../ui/Status.tsx';
import { MonitorStateBadge, ResultBadge } from './CheckBadges.tsx';
import { CheckSummaryBadge } from './CheckSummaryBadge.tsx';
import { SuggestDone } from './SuggestDone.tsx';

/** The item panel's checks: how the checks bound to this item did, each linking to its page; set up another. */
export function ItemChecks({ deploymentId, item, canManage }: { deploymentId: string; item: Item; canManage: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const checks = useChecks(deploymentId, item.key, { enabled: !!item.checks });
  if (!item.checks && !canManage) return null;

  return (
    <section className="panel-section" aria-labelledby={`${id}-title`} data-testid="item-checks">
      <h3 id={`${id}-title`}>
        {t('itemChecks.title')} {item.checks && <CheckSummaryBadge checks={item.checks} />}
      </h3>
      {item.checks?.suggestsDone && item.state !== 'done' && <SuggestDone deploymentId={deploymentId} item={item} />}
      {item.checks ? (
        <QueryView query={checks}>
          {(list) => (
            <ul className="link-list check-links">
              {list.items
                .filter((c) => c.itemKey === item.key)
                .map((c) => (
                  <li key={c.id}>
                    <Link to="/deployments/$deploymentId/checks/$checkId" params={{ deploymentId, checkId: c.id }}>
                      {c.name}
                    </Link>
                    <ResultBadge status={c.lastRun?.status} />
                    {c.state && <MonitorStateBadge state={c.state.state} />}
                    {c.lastRun && <span className="subtle">{c.lastRun.message}</span>}
                  </li>
                ))}
            </ul>
          )}
        </QueryView>
      ) : (
        <p className="muted">{t('itemChecks.none')}</p>
      )}
      {canManage && (
        <Link to="/deployments/$deploymentId/checks/new" params={{ deploymentId }} search={{ item: item.key }} className="button button-small item-checks-add">
          {t('itemChecks.add')}
        </Link>
      )}
    </section>
  );
}
