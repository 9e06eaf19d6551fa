import type { Db, Tx } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { recordAudit, type AuditActor } from '../audit/audit.repo.ts';
import { bumpRevision } from '../deployments/deployments.repo.ts';
import { insertEvidence } from '../evidence/evidence.repo.ts';
import { appendHistory, lockItem, updateItem } from '../items/items.repo.ts';
import { completeBySystem } from '../items/completion.ts';
import type { CheckResult, CheckStatus } from './check.ts';
import * as repo from './checks.repo.ts';
import type { CheckRow } from './checks.repo.ts';
import { vouchMs } from './monitor-readings.ts';
import type { SegmentState } from './uptime.ts';

/**
 * Applies one finished run: the run row, the check's last result, the monitor's state segments,
 * and what it means for the bound item — evidence for a new pass, the item completed when the
 * binding says so, a history entry when the check starts or stops failing.
 *
 * Most runs of a monitor change nothing but the check's last result (same state, no news for the
 * item): `isQuiet` says so from the check as loaded, and those are written many at a time
 * (repo.recordQuietRuns, guarded by what was loaded). Everything else takes `recordRun`'s own
 * transaction.
 */
export interface FinishedRun {
  checkId: string;
  slot: Date;
  trigger: 'schedule' | 'manual';
  startedAt: Date;
  finishedAt: Date;
  result: CheckResult;
  /** The deployment is handed off or cancelled: its items no longer change, runs only record. */
  itemsFrozen?: boolean;
  /** The slot this run queued after itself: the chain's head, recorded with the result. */
  nextRunAt?: Date | null;
}

export interface Transition {
  checkId: string;
  deploymentId: string;
  name: string;
  kind: string;
  itemKey: string | null;
  from: SegmentState | null;
  to: SegmentState;
  at: Date;
  message: string;
}

export interface RecordOutcome {
  /** False when the slot already had a result (a duplicate delivery): nothing was written. */
  stored: boolean;
  /** An up/down change outside maintenance, to alert on. */
  alert: Transition | null;
  /** Something under the deployment changed that its cached views show. */
  deploymentChanged: boolean;
}

const passing = (s: CheckStatus | null) => s === 'pass' || s === 'warn';
export const stateOf = (s: CheckStatus): SegmentState => (passing(s) ? 'up' : s === 'fail' ? 'down' : 'unknown');

/** The latency a kind measured, else how long the run took. */
export function latencyOf(r: CheckResult): number {
  const m = r.measurements;
  for (const k of ['latencyMs', 'connectMs', 'pingMs', 'lookupMs', 'bannerMs', 'discoveryMs']) if (typeof m[k] === 'number') return Math.round(m[k] as number);
  return r.durationMs;
}

/** A scheduled pass keeps its latency only: at thousands of runs a minute the rest is noise. */
export const keepsDetail = (trigger: FinishedRun['trigger'], status: CheckStatus) => trigger === 'manual' || status !== 'pass';

/** Whether a run, given the check as it was loaded, changes nothing but the check's last result. */
export function isQuiet(c: CheckRow, run: FinishedRun): boolean {
  if (run.trigger !== 'schedule' || !c.intervalSeconds || c.lastStatus === null || !c.lastRunAt) return false;
  if (c.lastSlotAt && run.slot <= c.lastSlotAt) return false; // late or repeated: the full path sorts it out
  if (run.finishedAt.getTime() - c.lastRunAt.getTime() > vouchMs(c)) return false; // a gap ends the segment
  if (c.segmentState !== stateOf(run.result.status)) return false; // a transition (or no open segment)
  return !c.itemKey || run.itemsFrozen || itemEffects(c, run) === 'none';
}

/** What a run means for the bound item, from the check's previous result. */
function itemEffects(c: CheckRow, run: FinishedRun): 'none' | 'news' {
  const now = passing(run.result.status);
  const was = passing(c.lastStatus);
  if (c.lastStatus === null ? !now : now !== was) return 'news'; // starts or stops failing
  return now && !c.criterionMeasure && (run.trigger === 'manual' || !c.evidencedAt || !was) ? 'news' : 'none'; // a new pass is evidence
}

export async function recordRun(db: Db, run: FinishedRun): Promise<RecordOutcome> {
  return db.transaction(async (tx) => {
    const c = await repo.lockCheckById(tx, run.checkId);
    if (!c) return { stored: false, alert: null, deploymentChanged: false };
    const r = run.result;
    const keepDetail = keepsDetail(run.trigger, r.status);
    const runId = await repo.storeRunResult(tx, {
      checkId: c.id,
      slotAt: run.slot,
      trigger: run.trigger,
      status: r.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationMs: r.durationMs,
      latencyMs: latencyOf(r),
      message: keepDetail ? r.message : null,
      measurements: keepDetail ? r.measurements : null,
    });
    if (runId === undefined) return { stored: false, alert: null, deploymentChanged: false };
    // A late result (the retried run of a slot older than one already recorded) is history; it does not move the current state.
    if (c.lastSlotAt && run.slot < c.lastSlotAt) return { stored: true, alert: null, deploymentChanged: false };

    const head = run.nextRunAt && (!c.nextRunAt || c.nextRunAt < run.nextRunAt) ? { nextRunAt: run.nextRunAt } : {};
    await repo.updateCheck(tx, c.id, { lastRunAt: run.finishedAt, lastSlotAt: run.slot, lastStatus: r.status, lastMessage: r.message, lastLatencyMs: latencyOf(r), ...head });
    const alert = c.intervalSeconds ? await followState(tx, c, run) : null;
    const itemChanged = c.itemKey && !run.itemsFrozen ? await applyToItem(tx, c, run, runId) : false;
    if (itemChanged) await bumpRevision(tx, c.deploymentId);
    return { stored: true, alert, deploymentChanged: itemChanged };
  });
}

/** Extends, ends or starts the monitor's state segment; returns the transition to alert on, if any. */
async function followState(tx: Tx, c: CheckRow, run: FinishedRun): Promise<Transition | null> {
  const state = stateOf(run.result.status);
  const open = c.segmentState;
  const gap = !!c.lastRunAt && run.finishedAt.getTime() - c.lastRunAt.getTime() > vouchMs(c);
  if (open && !gap && open === state) return null;
  if (open) await repo.closeSegments(tx, c.id, gap && c.lastRunAt ? new Date(c.lastRunAt.getTime() + vouchMs(c)) : run.finishedAt);
  await repo.insertSegment(tx, { checkId: c.id, state, startedAt: run.finishedAt, message: run.result.status === 'pass' ? null : run.result.message });
  await repo.updateCheck(tx, c.id, { segmentState: state });
  const from = open && !gap ? open : null;
  // Alert on going down and on coming back up from down; unknown (the probe could not tell) is not an outage.
  const alerting = state === 'down' || (state === 'up' && from === 'down');
  if (!alerting) return null;
  const paused = await repo.maintenanceBetween(tx, c.deploymentId, run.finishedAt, new Date(run.finishedAt.getTime() + 1), c.id);
  if (paused.length) return null;
  return { checkId: c.id, deploymentId: c.deploymentId, name: c.name, kind: c.kind, itemKey: c.itemKey, from, to: state, at: run.finishedAt, message: run.result.message };
}

/** Evidence, completion and failure flags on the bound item; returns whether the item changed. */
async function applyToItem(tx: Tx, c: CheckRow, run: FinishedRun, runId: number): Promise<boolean> {
  const item = await lockItem(tx, c.deploymentId, c.itemKey!);
  if (!item) return false; // the key is gone from the deployment (template changed): nothing to prove
  const actor: AuditActor = { workspaceId: c.workspaceId, userId: null };
  const r = run.result;
  const source = { checkId: c.id, checkName: c.name, runId };
  let changed = false;

  const wasPassing = passing(c.lastStatus);
  // A monitor that measures a criterion proves it over the criterion's window (criteria.ts), not with one pass.
  const proves = !c.criterionMeasure;
  // A new pass (on demand, or the first since the check changed or failed) is evidence and may complete
  // the item; later passes of a monitor add nothing, so a person who reopens the item is not overruled.
  const newPass = proves && passing(r.status) && (run.trigger === 'manual' || !c.evidencedAt || !wasPassing);
  if (newPass) {
    const evidenceId = newId();
    await insertEvidence(tx, {
      id: evidenceId,
      deploymentId: c.deploymentId,
      itemId: item.id,
      kind: 'check',
      note: `${c.name}: ${r.message}`.slice(0, 4000),
      result: { ...source, kind: c.kind, status: r.status, message: r.message, measurements: r.measurements, durationMs: r.durationMs, at: run.finishedAt.toISOString(), configHash: c.configHash },
    });
    await repo.updateCheck(tx, c.id, { evidencedAt: run.finishedAt });
    await appendHistory(tx, { deploymentId: c.deploymentId, itemId: item.id, actorId: null, note: `Check "${c.name}" passed`, changes: { evidenceAdded: { id: evidenceId, kind: 'check', ...source } } });
    await recordAudit(tx, actor, { action: 'evidence.add', subjectType: 'evidence', subjectId: evidenceId, deploymentId: c.deploymentId, data: { key: item.key, kind: 'check', ...source } });
    changed = true;
  }
  if (newPass && c.onPass === 'complete') {
    const done = await completeBySystem(tx, item, { actor, note: `Completed by check "${c.name}": ${r.message}`.slice(0, 4000), source });
    changed ||= done.completed;
  }
  // The first result, and every change between passing and failing, is written on the item's history.
  if (c.lastStatus === null ? !passing(r.status) : passing(r.status) !== wasPassing) {
    await appendHistory(tx, {
      deploymentId: c.deploymentId,
      itemId: item.id,
      actorId: null,
      note: passing(r.status) ? `Check "${c.name}" passes again` : `Check "${c.name}" ${r.status === 'fail' ? 'failed' : 'could not run'}: ${r.message}`.slice(0, 4000),
      changes: { check: { ...source, from: c.lastStatus, to: r.status } },
    });
    // Touch the item so its version moves and open editors see it changed.
    await updateItem(tx, item.id, {});
    changed = true;
  }
  return changed;
}
