import type { Db } from '../../db/client.ts';
import { isoNow } from '../../lib/present.ts';
import * as repo from './checks.repo.ts';
import type { CheckRow, MaintenanceRow, SegmentRow } from './checks.repo.ts';
import { timeoutOf } from './check-scheduler.ts';
import { availability, type Availability, type Span, type StateSegment } from './uptime.ts';

/**
 * The state segments and maintenance windows of a deployment's monitors over a window, read
 * once, from which the availability of each monitor over any sub-window is computed.
 */
export interface Readings {
  window: Span;
  now: number;
  segments: Map<string, SegmentRow[]>;
  maintenance: MaintenanceRow[];
  currentState(c: CheckRow): { state: 'up' | 'down' | 'unknown'; since: string } | null;
}

export type MonitorReadings = ReturnType<typeof createMonitorReadings>;

/**
 * How long the last result of a monitor vouches for its state: two intervals plus its deadline.
 * Past that, with no newer result, the time counts as unknown.
 */
export const vouchMs = (c: Pick<CheckRow, 'intervalSeconds' | 'kind' | 'timeoutMs'>): number => 2 * (c.intervalSeconds ?? 0) * 1000 + timeoutOf(c);

export function createMonitorReadings({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  return {
    async load(deploymentId: string, monitors: CheckRow[], window: Span): Promise<Readings> {
      const t = now().getTime();
      const from = new Date(window.start);
      const to = new Date(window.end);
      const [rows, maintenance] = monitors.length
        ? await Promise.all([
            repo.segmentsBetween(db, monitors.map((c) => c.id), from, to),
            repo.maintenanceBetween(db, deploymentId, from, to, monitors.length === 1 ? monitors[0]!.id : undefined),
          ])
        : [[], []];
      const segments = new Map<string, SegmentRow[]>();
      for (const r of rows) {
        const list = segments.get(r.checkId) ?? [];
        list.push(r);
        segments.set(r.checkId, list);
      }
      return {
        window,
        now: t,
        segments,
        maintenance,
        currentState(c) {
          const open = segments.get(c.id)?.find((s) => !s.endedAt);
          if (!open || !c.lastRunAt || t - c.lastRunAt.getTime() > vouchMs(c)) {
            return c.lastRunAt ? { state: 'unknown', since: isoNow(new Date(c.lastRunAt.getTime() + vouchMs(c))) } : null;
          }
          return { state: open.state, since: isoNow(open.startedAt) };
        },
      };
    },
  };
}

/**
 * Availability of one monitor over a window inside what was read. Time before the monitor
 * existed is outside the window, not unknown: a day-old monitor's 30 days are its one day.
 */
export function availabilityOf(r: Readings, c: CheckRow, window: Span): Availability {
  const openEnd = c.lastRunAt ? Math.min(r.now, c.lastRunAt.getTime() + vouchMs(c)) : r.now;
  const segments: StateSegment[] = (r.segments.get(c.id) ?? []).map((s) => ({
    state: s.state,
    start: s.startedAt.getTime(),
    end: s.endedAt ? s.endedAt.getTime() : Math.max(s.startedAt.getTime(), openEnd),
  }));
  const pauses = r.maintenance.filter((m) => m.checkId === null || m.checkId === c.id).map((m) => ({ start: m.startsAt.getTime(), end: m.endsAt.getTime() }));
  const end = Math.min(window.end, r.now);
  return availability(segments, { start: Math.min(Math.max(window.start, c.createdAt.getTime()), end), end }, pauses, c.sloTarget);
}
