import type { Db } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { recordAudit, type AuditActor } from '../audit/audit.repo.ts';
import { bumpRevision } from '../deployments/deployments.repo.ts';
import { insertEvidence } from '../evidence/evidence.repo.ts';
import { appendHistory, findItem, lockItem } from '../items/items.repo.ts';
import { completeBySystem } from '../items/completion.ts';
import * as repo from './checks.repo.ts';
import type { CheckRow } from './checks.repo.ts';
import { rawLatency, hourlyLatency } from './latency.repo.ts';
import { availabilityOf, type MonitorReadings } from './monitor-readings.ts';

/**
 * Success criteria measured by monitors (the seed's "99.9% uptime in first month", "<500 ms
 * average API response time", "all integrations functioning"): a monitor bound to a criterion
 * measures it over the criterion's window — from its first to its last day in Asia/Jakarta, e.g.
 * the 30 days after go-live — instead of proving it with one pass. While the window runs the
 * measurement is "so far"; once it has ended it is judged once, kept as the criterion's evidence,
 * and completes it when met and the binding says so.
 */
export type CriterionMeasure = NonNullable<CheckRow['criterionMeasure']>;

export interface CriterionMeasurement {
  measure: CriterionMeasure;
  window: { from: string; to: string };
  /** uptime: percent; mean_latency: ms; passing: the longest failure in hours. Null when nothing was measured yet. */
  value: number | null;
  threshold: number;
  met: boolean | null;
  /** The window has ended: this is the criterion's result, not a measurement so far. */
  final: boolean;
  summary: string;
}

/** The threshold a measure uses when none is given: the monitor's SLO, 24 hours of failure. */
export function thresholdOf(c: Pick<CheckRow, 'criterionMeasure' | 'criterionThreshold' | 'sloTarget'>): number {
  if (c.criterionThreshold !== null) return c.criterionThreshold;
  return c.criterionMeasure === 'uptime' ? c.sloTarget : 24;
}

/** Midnight in Asia/Jakarta (UTC+7, no DST) of a business date. */
const jakartaMidnight = (date: string) => new Date(`${date}T00:00:00+07:00`);

export function criterionWindow(item: { dueStart: string; dueEnd: string }) {
  return { from: jakartaMidnight(item.dueStart), to: jakartaMidnight(item.dueEnd) };
}

export async function measureCriterion(db: Db, readings: MonitorReadings, c: CheckRow, item: { dueStart: string; dueEnd: string }, now: Date): Promise<CriterionMeasurement> {
  const measure = c.criterionMeasure!;
  const threshold = thresholdOf(c);
  const { from, to } = criterionWindow(item);
  const until = new Date(Math.min(to.getTime(), now.getTime()));
  const final = now >= to;
  const window = { from: from.toISOString(), to: to.toISOString() };
  if (until <= from) return { measure, window, value: null, threshold, met: null, final, summary: 'The window has not started yet.' };

  if (measure === 'mean_latency') {
    const [raw, hours] = await Promise.all([rawLatency(db, c.id, from, until), hourlyLatency(db, c.id, from, until)]);
    const runs = raw.runs + hours.runs;
    const value = runs ? Math.round(((raw.avg ?? 0) * raw.runs + hours.latencySum) / runs) : null;
    const met = value === null ? null : value < threshold;
    return { measure, window, value, threshold, met, final, summary: value === null ? 'No runs in the window yet.' : `Mean latency ${value} ms over ${runs} runs (target under ${threshold} ms).` };
  }

  const r = await readings.load(c.deploymentId, [c], { start: from.getTime(), end: until.getTime() });
  if (measure === 'uptime') {
    const a = availabilityOf(r, c, { start: from.getTime(), end: until.getTime() });
    const value = a.uptimePercent;
    const met = value === null ? null : value >= threshold;
    const downMin = Math.round(a.downMs / 60_000);
    return { measure, window, value, threshold, met, final, summary: value === null ? 'Nothing measured in the window yet.' : `Uptime ${value.toFixed(3)}% (${downMin} min down, target ${threshold}%).` };
  }

  // passing: the longest failure inside the window stays under the threshold, and the check passes at the end.
  const segments = (r.segments.get(c.id) ?? []).filter((s) => s.state === 'down');
  const vouched = c.lastRunAt ? c.lastRunAt.getTime() : until.getTime();
  const longestMs = segments.reduce((m, s) => Math.max(m, Math.min(s.endedAt?.getTime() ?? Math.min(vouched, until.getTime()), until.getTime()) - Math.max(s.startedAt.getTime(), from.getTime())), 0);
  const value = Math.round((longestMs / 3_600_000) * 100) / 100;
  const passingNow = c.lastStatus === 'pass' || c.lastStatus === 'warn';
  const met = c.lastStatus === null ? null : value < threshold && passingNow;
  return {
    measure,
    window,
    value,
    threshold,
    met,
    final,
    summary: `${passingNow ? 'Passing' : 'Not passing'} now; the longest failure in the window lasted ${value} h (at most ${threshold} h allowed).`,
  };
}

/**
 * Judges every monitor bound to a criterion whose window has ended since it was last judged:
 * the measurement becomes the criterion's evidence, completes it when met (onPass complete), and
 * a miss is written on its history. Returns how many were judged.
 */
export async function judgeEndedCriteria(db: Db, readings: MonitorReadings, now: Date): Promise<number> {
  let judged = 0;
  for (const c of await repo.criterionMonitors(db)) {
    const row = await findItem(db, c.deploymentId, c.itemKey!);
    if (!row) continue;
    const { to } = criterionWindow(row.item);
    if (now < to || (c.criterionJudgedUntil && c.criterionJudgedUntil >= to)) continue;
    const m = await measureCriterion(db, readings, c, row.item, now);
    await db.transaction(async (tx) => {
      const item = await lockItem(tx, c.deploymentId, c.itemKey!);
      if (!item) return;
      const actor: AuditActor = { workspaceId: c.workspaceId, userId: null };
      const source = { checkId: c.id, checkName: c.name, criterion: m };
      const note = `${c.name}: ${m.met ? 'met' : 'not met'}. ${m.summary}`;
      if (m.met) {
        const evidenceId = newId();
        await insertEvidence(tx, { id: evidenceId, deploymentId: c.deploymentId, itemId: item.id, kind: 'check', note, result: { checkId: c.id, checkName: c.name, kind: c.kind, status: 'pass', message: m.summary, criterion: m, at: now.toISOString(), configHash: c.configHash } });
        await recordAudit(tx, actor, { action: 'evidence.add', subjectType: 'evidence', subjectId: evidenceId, deploymentId: c.deploymentId, data: { key: item.key, kind: 'check', checkId: c.id } });
        if (c.onPass === 'complete') await completeBySystem(tx, item, { actor, note, source: { checkId: c.id, checkName: c.name } });
      }
      await appendHistory(tx, { deploymentId: c.deploymentId, itemId: item.id, actorId: null, note, changes: { criterion: source } });
      await repo.updateCheck(tx, c.id, { criterionJudgedUntil: to });
      await bumpRevision(tx, c.deploymentId);
    });
    judged++;
  }
  return judged;
}
