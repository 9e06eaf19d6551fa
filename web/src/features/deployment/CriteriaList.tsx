import { useTranslation } from 'react-i18next';
import type { Item } from '../../api/types.ts';
import { groupBy } from '../../lib/collections.ts';
import { ItemRow } from './ItemRow.tsx';
import type { useTemplateNames } from './roles.ts';

/** The eight success criteria, technical and business, each with its measurable target. */
export function CriteriaList({ deploymentId, criteria, names, filtered }: { deploymentId: string; criteria: Item[]; names: ReturnType<typeof useTemplateNames>; filtered: boolean }) {
  const { t } = useTranslation();
  if (!criteria.length) return <p className="empty-state">{filtered ? t('checklist.noMatch') : t('criteria.none')}</p>;
  const groups = groupBy(criteria, (c) => c.sectionKey);
  return (
    <div className="criteria-groups">
      {[...groups.entries()].map(([key, list]) => (
        <div key={key} className="section">
          <h3 id={`criteria-${key}`}>{names.criteriaGroupTitle(key)}</h3>
          <ul className="item-list" aria-labelledby={`criteria-${key}`}>
            {list.map((c) => (
              <ItemRow key={c.key} item={c} deploymentId={deploymentId} roleTitle={names.roleTitle} />
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
