import { useCallback, useMemo } from 'react';
import type { Deployment, Item } from '../../api/types.ts';

/** What the viewer may do with checks in this deployment (the API decides; this only hides what it would refuse). */
export function useCheckPermissions(d: Pick<Deployment, 'myPermissions'> | undefined) {
  const perms = d?.myPermissions ?? [];
  return { manage: perms.includes('check.manage'), run: perms.includes('check.run') };
}

/** An item's title by key, from the deployment's item list. */
export function useItemTitles(items: Item[] | undefined) {
  const titles = useMemo(() => new Map((items ?? []).map((i) => [i.key, i.title])), [items]);
  return useCallback((key: string) => titles.get(key), [titles]);
}
