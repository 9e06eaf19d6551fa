import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { keys } from './keys.ts';
import type { Comment, HistoryEntry, Item, ItemPatch, ItemState, Page } from './types.ts';

export interface ItemFilters {
  phase?: string;
  state?: ItemState[];
  mine?: boolean;
  overdue?: boolean;
}

const itemPath = (id: string, key: string) => `/deployments/${id}/items/${encodeURIComponent(key)}`;

/** All items and success criteria of a deployment (106 for the enterprise template), filtered by the server. */
export function useItems(id: string, filters: ItemFilters = {}) {
  return useQuery({
    queryKey: keys.items(id, filters),
    queryFn: () =>
      api<Page<Item>>(`/deployments/${id}/items`, {
        query: {
          limit: 500,
          phase: filters.phase,
          state: filters.state?.join(','),
          mine: filters.mine || undefined,
          overdue: filters.overdue || undefined,
        },
      }),
    select: (d) => d.items,
    placeholderData: keepPreviousData,
  });
}

export function useItem(id: string, key: string) {
  return useQuery({ queryKey: keys.item(id, key), queryFn: () => api<Item>(itemPath(id, key)) });
}

export function useHistory(id: string, key: string) {
  return useQuery({
    queryKey: keys.history(id, key),
    queryFn: () => api<Page<HistoryEntry>>(`${itemPath(id, key)}/history`, { query: { limit: 200 } }),
    select: (d) => d.items,
  });
}

export function useComments(id: string, key: string) {
  return useQuery({
    queryKey: keys.comments(id, key),
    queryFn: () => api<Page<Comment>>(`${itemPath(id, key)}/comments`, { query: { limit: 200 } }),
    select: (d) => d.items,
  });
}

/** After any change to an item: the deployment's progress, lists, calendar and the portfolio are stale. */
export function invalidateDeployment(qc: QueryClient, id: string) {
  return Promise.all([qc.invalidateQueries({ queryKey: keys.deployment(id) }), qc.invalidateQueries({ queryKey: keys.portfolio })]);
}

export function useUpdateItem(id: string, key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: ItemPatch) => api<Item>(itemPath(id, key), { method: 'PATCH', body: patch }),
    onSuccess: (item) => {
      qc.setQueryData(keys.item(id, key), item);
      return invalidateDeployment(qc, id);
    },
  });
}

export function useAddComment(id: string, key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api<Comment>(`${itemPath(id, key)}/comments`, { method: 'POST', body: { body } }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.comments(id, key) }), qc.invalidateQueries({ queryKey: keys.item(id, key), exact: true })]),
  });
}

export { itemPath };
