import { createHash } from 'node:crypto';

/**
 * The schedule of a monitor is a chain of pg-boss jobs, one per slot: the run of slot S queues
 * slot S + interval before it completes. Job ids are derived from (check, schedule epoch, slot),
 * so queueing the same slot twice — a retried job, the sweep repairing a chain — is a no-op, and
 * a run stored for its slot is never run again (ADR 0007).
 */
export const MIN_INTERVAL_SECONDS = 10;
export const MAX_INTERVAL_SECONDS = 24 * 3600;

export interface RunJobData {
  checkId: string;
  /** The planned time of a scheduled run, or when a manual run was asked for (ISO). */
  slot: string;
  trigger: 'schedule' | 'manual';
  /** The schedule epoch a scheduled job belongs to; jobs of an older epoch are dropped. */
  epoch?: number;
}

/** How far behind a chain may fall and still catch up slot by slot (a busy or restarting worker). */
export const CATCH_UP_MS = 60_000;

/**
 * The slot after `slot`: one interval later, or — when that is already further behind than an
 * interval and CATCH_UP_MS (the workers were down) — the first slot of the same phase from now
 * on, so a monitor resumes instead of replaying a long backlog, and a fleet of monitors stays
 * spread over the interval instead of all resuming at once. The gap counts as unknown time.
 */
export function nextSlot(slot: Date, intervalSeconds: number, now: Date): Date {
  const step = intervalSeconds * 1000;
  const next = slot.getTime() + step;
  if (next >= now.getTime() - Math.max(step, CATCH_UP_MS)) return new Date(next);
  return phaseFrom(slot, intervalSeconds, now);
}

/** The first slot at or after `now` of the schedule through `anchor` every interval. */
export function phaseFrom(anchor: Date, intervalSeconds: number, now: Date): Date {
  const step = intervalSeconds * 1000;
  return new Date(anchor.getTime() + Math.max(0, Math.ceil((now.getTime() - anchor.getTime()) / step)) * step);
}

/** A UUID-shaped id that is the same for the same check, epoch and slot. */
export function runJobId(checkId: string, epoch: number, slot: Date): string {
  const h = createHash('sha256').update(`${checkId}|${epoch}|${slot.toISOString()}`).digest('hex');
  // Set the version (8, "custom") and variant bits so it is a valid RFC 9562 UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A run job's worker is presumed dead this long after it took the job: the deadline plus a margin. */
export const jobExpirySeconds = (timeoutMs: number): number => Math.ceil(timeoutMs / 1000) + 10;
