import type { ItemFilters } from './items.ts';

/** Query keys in one place: everything about a deployment lives under ['deployment', id]. */
export const keys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  users: ['users'] as const,
  organizations: ['organizations'] as const,
  templates: ['templates'] as const,
  template: (key: string, version?: number) => ['template', key, version ?? 'latest'] as const,
  portfolio: ['deployments'] as const,
  checkKinds: ['check-kinds'] as const,
  deployment: (id: string) => ['deployment', id] as const,
  calendar: (id: string) => ['deployment', id, 'calendar'] as const,
  members: (id: string) => ['deployment', id, 'members'] as const,
  /** Every filtered item list of a deployment (a prefix of `items`). */
  itemLists: (id: string) => ['deployment', id, 'items'] as const,
  items: (id: string, filters: ItemFilters) => ['deployment', id, 'items', filters] as const,
  /** Every open item panel of a deployment (a prefix of `item`, `history`, `comments`, `evidence`). */
  itemDetails: (id: string) => ['deployment', id, 'item'] as const,
  item: (id: string, key: string) => ['deployment', id, 'item', key] as const,
  history: (id: string, key: string) => ['deployment', id, 'item', key, 'history'] as const,
  comments: (id: string, key: string) => ['deployment', id, 'item', key, 'comments'] as const,
  evidence: (id: string, key: string) => ['deployment', id, 'item', key, 'evidence'] as const,
  /** Every check list and check of a deployment (a prefix of `checkList`, `check` and what hangs off a check). */
  checks: (id: string) => ['deployment', id, 'checks'] as const,
  checkList: (id: string, item?: string) => ['deployment', id, 'checks', 'list', item ?? null] as const,
  check: (id: string, checkId: string) => ['deployment', id, 'checks', checkId] as const,
  run: (id: string, checkId: string, runId: number) => ['deployment', id, 'checks', checkId, 'run', runId] as const,
  runs: (id: string, checkId: string, failures: boolean) => ['deployment', id, 'checks', checkId, 'runs', failures] as const,
  availability: (id: string, checkId: string, hours: number) => ['deployment', id, 'checks', checkId, 'availability', hours] as const,
  series: (id: string, checkId: string, hours: number) => ['deployment', id, 'checks', checkId, 'series', hours] as const,
  events: (id: string, checkId: string, hours: number) => ['deployment', id, 'checks', checkId, 'events', hours] as const,
  criterion: (id: string, checkId: string) => ['deployment', id, 'checks', checkId, 'criterion'] as const,
  maintenance: (id: string) => ['deployment', id, 'maintenance'] as const,
  webhooks: (id: string) => ['deployment', id, 'webhooks'] as const,
  /** Everything about a deployment's data migration (a prefix of the keys below). */
  migration: (id: string) => ['deployment', id, 'migration'] as const,
  importTargets: (id: string) => ['deployment', id, 'migration', 'targets'] as const,
  imports: (id: string) => ['deployment', id, 'migration', 'imports'] as const,
  importRun: (id: string, importId: string) => ['deployment', id, 'migration', 'import', importId] as const,
  rejects: (id: string, importId: string) => ['deployment', id, 'migration', 'import', importId, 'rejects'] as const,
  reconciliations: (id: string) => ['deployment', id, 'migration', 'reconciliations'] as const,
  reconciliation: (id: string, recId: string) => ['deployment', id, 'migration', 'reconciliation', recId] as const,
};
