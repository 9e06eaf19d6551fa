import type { ItemFilters } from '../../api/items.ts';
import { ITEM_STATES, type ItemState } from '../../api/types.ts';

/** The checklist filters as they appear in the URL. */
export interface ChecklistSearch {
  phase?: string | undefined;
  /** One state or a comma-separated set, e.g. "todo,in_progress,blocked". */
  state?: string | undefined;
  mine?: boolean | undefined;
  overdue?: boolean | undefined;
}

const isState = (s: string): s is ItemState => (ITEM_STATES as readonly string[]).includes(s);
const flag = (v: unknown) => (v === true || v === 'true' ? true : undefined);

export const OPEN_STATES = 'todo,in_progress,blocked';

export function parseStates(value: string | undefined): ItemState[] | undefined {
  const states = (value ?? '').split(',').filter(isState);
  return states.length ? states : undefined;
}

export function parseChecklistSearch(search: Record<string, unknown>): ChecklistSearch {
  const phase = typeof search.phase === 'string' && search.phase ? search.phase.slice(0, 60) : undefined;
  const states = typeof search.state === 'string' ? parseStates(search.state) : undefined;
  return { phase, state: states?.join(','), mine: flag(search.mine), overdue: flag(search.overdue) };
}

export const toItemFilters = (s: ChecklistSearch): ItemFilters => ({
  phase: s.phase,
  state: parseStates(s.state),
  mine: s.mine,
  overdue: s.overdue,
});

export const hasFilters = (s: ChecklistSearch) => !!(s.phase || s.state || s.mine || s.overdue);
