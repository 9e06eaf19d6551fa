import { useTranslation } from 'react-i18next';
import type { Item } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { OverdueBadge, StateBadge } from '../../ui/Badge.tsx';

/** State, what done means, owner, assignee, due window, accepted evidence. */
export function ItemFacts({ item: i, roleTitle }: { item: Item; roleTitle: (key: string) => string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const kinds = i.evidenceKinds.map((k) => t(`evidence.kind.${k}`));
  return (
    <>
      <p className="badges" data-testid="item-state">
        <StateBadge state={i.state} />
        {i.overdue && <OverdueBadge />}
        {i.optional && <span className="tag">{t('item.optional')}</span>}
      </p>
      {i.reason && (
        <p className="notice notice-warning">
          <strong>{t(i.state === 'blocked' ? 'item.blockedBecause' : 'item.reason')}:</strong> {i.reason}
        </p>
      )}
      <section className="panel-section" aria-labelledby="done-title">
        <h3 id="done-title">{t('item.doneMeans')}</h3>
        <p className="done-definition">{i.done}</p>
        {i.target && (
          <p>
            <strong>{t('item.target')}:</strong> {i.target}
          </p>
        )}
      </section>
      <dl className="facts">
        <div>
          <dt>{t('item.owner')}</dt>
          <dd>{roleTitle(i.ownerRole)}</dd>
        </div>
        <div>
          <dt>{t('item.assignee')}</dt>
          <dd>{i.assignee?.displayName ?? t('item.unassigned')}</dd>
        </div>
        <div>
          <dt>{t('item.due')}</dt>
          <dd>
            {f.dateRange(i.dueStart, i.dueEnd)}
            {i.overdue && <span className="text-danger"> · {t('item.overdue')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('item.evidenceNeeded')}</dt>
          <dd>{kinds.length ? t('item.oneOf', { kinds: kinds.join(', ') }) : t('item.noEvidenceNeeded')}</dd>
        </div>
        {i.completedAt && (
          <div>
            <dt>{t('item.completedAt')}</dt>
            <dd>{f.dateTime(i.completedAt)}</dd>
          </div>
        )}
      </dl>
    </>
  );
}
