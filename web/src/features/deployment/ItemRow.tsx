import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Item } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { OverdueBadge, StateBadge } from '../../ui/Badge.tsx';
import { PaperclipIcon } from '../../ui/Icon.tsx';
import { CheckSummaryBadge } from '../checks/CheckSummaryBadge.tsx';

/** One checklist line; the whole row is a link to the item panel. */
export function ItemRow({ item, deploymentId, roleTitle }: { item: Item; deploymentId: string; roleTitle: (key: string) => string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <li>
      <Link
        to="/deployments/$deploymentId/items/$itemKey"
        params={{ deploymentId, itemKey: item.key }}
        search={(prev) => prev}
        resetScroll={false}
        className={`item-row state-${item.state}${item.overdue ? ' is-overdue' : ''}`}
        data-testid={item.kind === 'criterion' ? 'criterion-row' : 'item-row'}
        data-key={item.key}
      >
        <span className="item-main">
          <span className="item-key">{item.key}</span>
          <span className="item-title">{item.title}</span>
          {item.target && (
            <span className="item-target">
              {t('item.target')}: {item.target}
            </span>
          )}
        </span>
        <span className="item-meta">
          <span className="meta-badges">
            <StateBadge state={item.state} />
            {item.overdue && <OverdueBadge />}
            {item.optional && <span className="tag">{t('item.optional')}</span>}
            {item.checks && <CheckSummaryBadge checks={item.checks} />}
          </span>
          <span className="meta-part">
            <span className="visually-hidden">{t('item.owner')}: </span>
            {roleTitle(item.ownerRole)}
          </span>
          <span className="meta-part">
            <span className="visually-hidden">{t('item.assignee')}: </span>
            {item.assignee?.displayName ?? t('item.unassigned')}
          </span>
          <span className="meta-part">
            <span className="visually-hidden">{t('item.due')}: </span>
            {f.dateRange(item.dueStart, item.dueEnd)}
          </span>
          <span className="meta-part meta-evidence" title={t('item.evidenceCount', { count: item.evidenceCount })}>
            <span aria-hidden="true">
              <PaperclipIcon /> {f.number(item.evidenceCount)}
            </span>
            <span className="visually-hidden">{t('item.evidenceCount', { count: item.evidenceCount })}</span>
          </span>
        </span>
      </Link>
    </li>
  );
}
