import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Item } from '../../api/types.ts';
import { StateBadge } from '../../ui/Badge.tsx';

function ItemLinks({ deploymentId, keys, byKey }: { deploymentId: string; keys: string[]; byKey: Map<string, Item> }) {
  return (
    <ul className="link-list">
      {keys.map((key) => {
        const dep = byKey.get(key);
        return (
          <li key={key}>
            <Link to="/deployments/$deploymentId/items/$itemKey" params={{ deploymentId, itemKey: key }} search={(prev) => prev} resetScroll={false}>
              <span className="item-key">{key}</span> {dep?.title}
            </Link>
            {dep && <StateBadge state={dep.state} />}
          </li>
        );
      })}
    </ul>
  );
}

/** What this item waits on (it cannot be done before they close) and what waits on it. */
export function Dependencies({ deploymentId, item, allItems }: { deploymentId: string; item: Item; allItems: Item[] }) {
  const { t } = useTranslation();
  const byKey = new Map(allItems.map((i) => [i.key, i]));
  const unblocks = allItems.filter((i) => i.dependsOn.includes(item.key)).map((i) => i.key);
  return (
    <section className="panel-section" aria-labelledby="deps-title">
      <h3 id="deps-title">{t('item.dependencies')}</h3>
      {item.dependsOn.length ? <ItemLinks deploymentId={deploymentId} keys={item.dependsOn} byKey={byKey} /> : <p className="muted">{t('item.noDependencies')}</p>}
      {unblocks.length > 0 && (
        <>
          <h4>{t('item.unblocks')}</h4>
          <ItemLinks deploymentId={deploymentId} keys={unblocks} byKey={byKey} />
        </>
      )}
    </section>
  );
}
