import { daysBetween } from '../../lib/dates.ts';

/**
 * Progress, gates and health, computed from item rows. Pure: the same numbers for the
 * API, the portfolio, the CLI and the web UI. Not-applicable items leave the denominator.
 */
export type ItemState = 'todo' | 'in_progress' | 'blocked' | 'done' | 'not_applicable';
export type Health = 'on_track' | 'at_risk' | 'late';

export interface ProgressItem {
  key: string;
  kind: 'item' | 'criterion';
  phaseKey: string;
  state: ItemState;
  optional: boolean;
  dueEnd: string;
}

export interface Counts {
  total: number;
  done: number;
  notApplicable: number;
  inProgress: number;
  blocked: number;
  todo: number;
  overdue: number;
  percent: number;
}

// An item overdue by more than this many days makes the deployment late, not just at risk.
export const LATE_AFTER_DAYS = 3;
// A required item still todo this close to its due date puts the deployment at risk.
export const DUE_SOON_DAYS = 3;

export const isClosed = (s: ItemState) => s === 'done' || s === 'not_applicable';
export const isOverdue = (i: Pick<ProgressItem, 'state' | 'dueEnd'>, today: string) => !isClosed(i.state) && i.dueEnd < today;

export function count(items: readonly ProgressItem[], today: string): Counts {
  const c: Counts = { total: items.length, done: 0, notApplicable: 0, inProgress: 0, blocked: 0, todo: 0, overdue: 0, percent: 0 };
  for (const i of items) {
    if (i.state === 'done') c.done++;
    else if (i.state === 'not_applicable') c.notApplicable++;
    else if (i.state === 'in_progress') c.inProgress++;
    else if (i.state === 'blocked') c.blocked++;
    else c.todo++;
    if (isOverdue(i, today)) c.overdue++;
  }
  c.percent = percent(c.done, c.total - c.notApplicable);
  return c;
}

export const percent = (done: number, of: number): number => (of <= 0 ? 100 : Math.round((done / of) * 1000) / 10);

export function health(items: readonly ProgressItem[], today: string): Health {
  let atRisk = false;
  for (const i of items) {
    if (i.kind !== 'item' || i.optional || isClosed(i.state)) continue;
    const daysLeft = daysBetween(today, i.dueEnd);
    if (daysLeft < -LATE_AFTER_DAYS) return 'late';
    if (daysLeft < 0 || i.state === 'blocked' || (i.state === 'todo' && daysLeft <= DUE_SOON_DAYS)) atRisk = true;
  }
  return atRisk ? 'at_risk' : 'on_track';
}

/** A phase gate is ready when every required item of the phase is done or not applicable. */
export function gate(items: readonly ProgressItem[]) {
  const open = items.filter((i) => !i.optional && !isClosed(i.state)).map((i) => i.key);
  return { ready: open.length === 0, open };
}

export function deploymentProgress(items: readonly ProgressItem[], phaseKeys: readonly string[], today: string) {
  const checklist = items.filter((i) => i.kind === 'item');
  const criteria = items.filter((i) => i.kind === 'criterion');
  return {
    ...count(checklist, today),
    health: health(items, today),
    phases: phaseKeys.map((key) => {
      const inPhase = checklist.filter((i) => i.phaseKey === key);
      return { key, ...count(inPhase, today), gate: gate(inPhase) };
    }),
    criteria: { ...count(criteria, today), met: criteria.filter((i) => i.state === 'done').length },
  };
}
