import type { Tx } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { recordAudit, type AuditActor } from '../audit/audit.repo.ts';
import { insertEvidence } from '../evidence/evidence.repo.ts';
import { appendHistory, lockItem, updateItem } from '../items/items.repo.ts';
import { completeBySystem } from '../items/completion.ts';
import type { ImportResult } from './engine/import.ts';
import type { ReconcileReport } from './engine/reconcile/reconcile.ts';
import { rejectsByReason } from './migration.present.ts';
import type { ImportRunRow, ReconciliationRow } from './migration.repo.ts';

/**
 * What migration results mean for the checklist (docs/migration.md, "In the product"):
 * - a completed import is evidence on data-migration.3 (staging) or .4 (production) — never
 *   completing them: a person judges that no reject is unexplained;
 * - a passing reconciliation is evidence on data-migration.5 (production; .3 for staging) and on
 *   the criterion success-business.4 "All data migrated accurately", which it completes only when
 *   it covered the latest production import and that import completed;
 * - a failing reconciliation flags its item (a history entry, the item touched), as a failing check does.
 * Evidence is of kind `check`: a machine-verified result, as the items' templates ask for.
 */
export const ITEMS = {
  staging: 'data-migration.3',
  production: 'data-migration.4',
  reconcile: 'data-migration.5',
  criterion: 'success-business.4',
} as const;

const n = (x: number) => x.toLocaleString('en-US');

function reasonsText(byReason: Record<string, number>) {
  const list = rejectsByReason(byReason);
  return list.length ? ` (${list.map((r) => `${r.reason} ${n(r.count)}`).join(', ')})` : '';
}

async function addEvidence(tx: Tx, actor: AuditActor, item: { id: string; key: string; deploymentId: string }, note: string, result: Record<string, unknown>, historyNote: string) {
  const evidenceId = newId();
  await insertEvidence(tx, { id: evidenceId, deploymentId: item.deploymentId, itemId: item.id, kind: 'check', note: note.slice(0, 4000), result });
  await appendHistory(tx, { deploymentId: item.deploymentId, itemId: item.id, actorId: null, note: historyNote.slice(0, 4000), changes: { evidenceAdded: { id: evidenceId, kind: 'check', ...result } } });
  await recordAudit(tx, actor, { action: 'evidence.add', subjectType: 'evidence', subjectId: evidenceId, deploymentId: item.deploymentId, data: { key: item.key, kind: 'check', ...result } });
}

/** A completed import's summary as evidence on the environment's import item; returns whether an item changed. */
export async function recordImportEvidence(tx: Tx, run: ImportRunRow, result: ImportResult): Promise<boolean> {
  const item = await lockItem(tx, run.deploymentId, ITEMS[run.environment]);
  if (!item) return false; // a template without the item: nothing to prove
  const actor: AuditActor = { workspaceId: run.workspaceId, userId: null };
  const note =
    `Import of "${run.fileName}" (${run.environment}) completed in ${(result.durationMs / 1000).toFixed(1)} s: ${n(result.rowsRead)} rows read, ` +
    `${n(result.rowsLoaded)} loaded, ${n(result.rowsRejected)} rejected${reasonsText(result.rejectsByReason)}, ${n(result.rowsAlreadyLoaded)} already loaded, ${n(result.rowsSkipped)} skipped.`;
  const source = { source: 'migration', importRunId: run.id, environment: run.environment, fileName: run.fileName, fileSha256: run.fileSha256 };
  await addEvidence(tx, actor, item, note, { ...source, status: 'pass', message: note, rowsRead: result.rowsRead, rowsLoaded: result.rowsLoaded, rowsRejected: result.rowsRejected, rejectsByReason: result.rejectsByReason, durationMs: result.durationMs, at: new Date().toISOString() }, `Import "${run.fileName}" completed`);
  return true;
}

function reconciliationNote(rec: ReconciliationRow, report: ReconcileReport, files: string[]) {
  const differing = report.days.filter((d) => d.differs.length);
  const dates = report.days.map((d) => d.businessDate).sort();
  const span = dates.length ? ` (${dates[0]} – ${dates.at(-1)})` : '';
  const counts = `${n(report.read)} rows read = ${n(report.loaded)} loaded + ${n(report.rejected)} rejected`;
  const what = `Reconciliation of ${files.length === 1 ? `"${files[0]}"` : `${files.length} files`} (${rec.environment})`;
  if (report.ok) return `${what} passed: ${n(report.days.length)} outlet-days compared${span}, none differ; ${counts}.`;
  const shown = differing.slice(0, 5).map((d) => `${d.outletCode} ${d.businessDate}: ${d.differs.join(', ')}`);
  const missing = report.differences.reduce((s, d) => s + d.missing.length, 0);
  const extra = report.differences.reduce((s, d) => s + d.extra.length, 0);
  const different = report.differences.reduce((s, d) => s + d.different.length, 0);
  const omitted = report.differencesOmitted.days;
  return (
    `${what} failed: ${n(differing.length)} of ${n(report.days.length)} outlet-days differ${shown.length ? ` (${shown.join('; ')}${differing.length > shown.length ? '; …' : ''})` : ''}; ` +
    `transactions ${n(missing)} missing, ${n(extra)} extra, ${n(different)} different${omitted ? ` on the first ${n(differing.length - omitted)} of them (the other ${n(omitted)} not compared transaction by transaction: too many differences)` : ''}; ${counts}.`
  );
}

/**
 * A finished reconciliation on the items: evidence when it passed, a flag when it failed, and
 * the success criterion completed when the rule above holds. Returns whether an item changed.
 */
export async function applyReconciliation(tx: Tx, rec: ReconciliationRow, report: ReconcileReport, ctx: { files: string[]; latestProduction: ImportRunRow | undefined }): Promise<boolean> {
  const actor: AuditActor = { workspaceId: rec.workspaceId, userId: null };
  const note = reconciliationNote(rec, report, ctx.files);
  const source = { source: 'migration', reconciliationId: rec.id, environment: rec.environment };
  const itemKey = rec.environment === 'production' ? ITEMS.reconcile : ITEMS.staging;
  const item = await lockItem(tx, rec.deploymentId, itemKey);
  let changed = false;
  if (item && report.ok) {
    await addEvidence(tx, actor, item, note, { ...source, status: 'pass', message: note, read: report.read, loaded: report.loaded, rejected: report.rejected, days: report.days.length, at: new Date().toISOString() }, 'Reconciliation passed');
    changed = true;
  } else if (item) {
    await appendHistory(tx, { deploymentId: item.deploymentId, itemId: item.id, actorId: null, note: note.slice(0, 4000), changes: { reconciliation: { ...source, ok: false } } });
    // Touch the item so its version moves and open editors see it changed.
    await updateItem(tx, item.id, {});
    changed = true;
  }
  if (rec.environment !== 'production' || !report.ok) return changed;

  const criterion = await lockItem(tx, rec.deploymentId, ITEMS.criterion);
  if (!criterion) return changed;
  await addEvidence(tx, actor, criterion, note, { ...source, status: 'pass', message: note, at: new Date().toISOString() }, 'Reconciliation passed');
  const latest = ctx.latestProduction;
  if (latest?.status === 'completed' && rec.importRunIds.includes(latest.id)) {
    await completeBySystem(tx, criterion, { actor, note: `Completed by reconciliation: ${note}`.slice(0, 4000), source });
  }
  return true;
}
