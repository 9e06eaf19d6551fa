import { iso, isoNow } from '../../lib/present.ts';
import { REJECT_REASONS, type RejectReason } from './engine/types.ts';
import type { ImportProgress, ImportResult } from './engine/import.ts';
import type { ReconcileReport } from './engine/reconcile/reconcile.ts';
import type { Environment, ImportTargetRow, ReconciliationRow, RunWithPerson } from './migration.repo.ts';

/** API shapes of targets, runs and reconciliations; rows never leave as they are (the target's URL least of all). */

export function presentTarget(environment: Environment, row: { target: ImportTargetRow; updatedByName: string | null } | undefined) {
  const t = row?.target;
  return {
    environment,
    set: !!t,
    schema: t?.schema ?? null,
    restricted: t?.restricted ?? false,
    version: t?.version ?? null,
    updatedBy: t?.updatedBy ? { id: t.updatedBy, displayName: row?.updatedByName ?? '' } : null,
    updatedAt: iso(t?.updatedAt),
  };
}

/**
 * How far through the file, 0–100: the engine's fraction (bytes of a CSV; rows of an XLSX sheet
 * by the size it declares, else by the engine's estimate of it). Unknown until the first rows of
 * such a sheet are read, and for XLSX runs recorded before the engine said (their progress has
 * bytes only).
 */
function percentOf(run: RunWithPerson['run'], p: ImportProgress): number | null {
  if (run.status === 'completed') return 100;
  if (typeof p.fraction === 'number') return Math.round(p.fraction * 1000) / 10;
  if ((run.mapping as { format?: string }).format === 'xlsx' || p.bytesTotal <= 0) return run.status === 'running' ? null : 0;
  return Math.min(100, Math.round((p.bytesRead / p.bytesTotal) * 1000) / 10);
}

/** The progress as the API shows it: the fraction as a percentage. */
function presentProgress(run: RunWithPerson['run'], p: ImportProgress) {
  const { fraction: _fraction, ...shown } = p;
  return { ...shown, percent: percentOf(run, p) };
}

export function presentRun({ run, startedByName }: RunWithPerson) {
  const progress = run.progress as ImportProgress | null;
  const result = run.result as ImportResult | null;
  return {
    id: run.id,
    environment: run.environment,
    status: run.status,
    file: { name: run.fileName, size: run.fileSize, sha256: run.fileSha256 },
    profile: run.profile,
    sourceSystem: run.sourceSystem,
    maxRejects: run.maxRejects as { count: number } | { percent: number } | null,
    progress: progress ? presentProgress(run, progress) : null,
    rejectsByReason: run.rejectsByReason ?? {},
    rejectsFile: run.rejectsSha256 ? { size: run.rejectsSize ?? 0 } : null,
    durationMs: result?.durationMs ?? null,
    resumedFrom: result?.resumedFrom ?? null,
    attempts: run.attempts,
    cancelRequested: run.cancelRequested,
    error: run.error,
    startedBy: run.startedBy ? { id: run.startedBy, displayName: startedByName ?? '' } : null,
    createdAt: isoNow(run.createdAt),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
  };
}

export function presentRunDetail(r: RunWithPerson) {
  return { ...presentRun(r), mapping: r.run.mapping as Record<string, unknown> };
}

/** Rejects by reason, most frequent first (reasons in the engine's order on a tie). */
export function rejectsByReason(byReason: Record<string, number>) {
  return Object.entries(byReason)
    .filter((e): e is [RejectReason, number] => (REJECT_REASONS as readonly string[]).includes(e[0]) && e[1] > 0)
    .sort((a, b) => b[1] - a[1] || REJECT_REASONS.indexOf(a[0]) - REJECT_REASONS.indexOf(b[0]))
    .map(([reason, count]) => ({ reason, count }));
}

export const rejectsFileName = (fileName: string) => `${fileName.replace(/\.[^.]*$/, '')}.rejects.csv`;

const MAX_DAYS = 2000;

export function presentReconciliation(r: { rec: ReconciliationRow; requestedByName: string | null }, imports: { id: string; fileName: string; sourceSystem: string }[]) {
  const { rec } = r;
  const report = rec.result as ReconcileReport | null;
  return {
    id: rec.id,
    environment: rec.environment,
    status: rec.status,
    ok: rec.ok,
    imports,
    summary: report
      ? { read: report.read, loaded: report.loaded, rejected: report.rejected, daysCompared: report.days.length, daysDiffering: report.days.filter((d) => d.differs.length).length, durationMs: report.durationMs }
      : null,
    error: rec.error,
    requestedBy: rec.requestedBy ? { id: rec.requestedBy, displayName: r.requestedByName ?? '' } : null,
    createdAt: isoNow(rec.createdAt),
    startedAt: iso(rec.startedAt),
    finishedAt: iso(rec.finishedAt),
  };
}

export function presentReconciliationDetail(r: { rec: ReconciliationRow; requestedByName: string | null }, imports: { id: string; fileName: string; sourceSystem: string }[]) {
  const report = r.rec.result as ReconcileReport | null;
  const days = report ? [...report.days.filter((d) => d.differs.length), ...report.days.filter((d) => !d.differs.length)] : [];
  return {
    ...presentReconciliation(r, imports),
    days: days.slice(0, MAX_DAYS),
    daysTruncated: days.length > MAX_DAYS,
    differences: report?.differences ?? [],
    // Reports from before the detail budget have none.
    differencesOmitted: report?.differencesOmitted ?? { days: 0, transactions: 0 },
  };
}
