import fs from 'node:fs';
import { MigrationInputError } from '../errors.ts';
import { hashOrExplain } from '../import.ts';
import { connectTarget, describeTarget, isConnectionError } from '../target/connect.ts';
import { checkSchemaName, openExistingTarget } from '../target/ddl.ts';
import { REJECT_REASONS, type RejectReason } from '../types.ts';
import { compareDays, dayKey, diffTransactions } from './diff.ts';
import { sha256InWorker } from './hash-file.ts';
import { readSources, type SourceFile, type SourceSide } from './source-totals.ts';
import { aggregateTarget, firstLoads, loadedDays, targetDays, targetTransactions } from './target-totals.ts';
import type { DayComparison, FileCounts, ReconcileOptions, ReconcileReport } from './types.ts';

export type { ReconcileOptions, ReconcileReport } from './types.ts';

/** A file given to reconcile, with its sha256 (the target names the file it loaded lines from by it). */
type HashedFile = SourceFile & { sha256: string };

/**
 * `reconcile`: the source files, re-read, against the target (docs/migration.md,
 * "Reconciliation"). PostgreSQL aggregates the target while Node reads the files, so the two
 * cores work at once; only the days that differ are then fetched transaction by transaction.
 * Nothing is written to the target but, when the load left them stale, its lines' planner
 * statistics (target-totals.ts, ANALYZE).
 *
 * ok = no outlet × day differs, and for every file read = loaded + rejected, where read counts
 * the data rows of the file, rejected those the transform or the duplicate rule refuse (so
 * read − rejected = the valid rows) and loaded the target's lines loaded from the file (import_files).
 */
export async function reconcile(o: ReconcileOptions): Promise<ReconcileReport> {
  const started = Date.now();
  if (!o.files.length) throw new MigrationInputError('bad_option', 'Name at least one source file to reconcile.');
  const schema = checkSchemaName(o.target.schema);
  const url = o.target.url;
  const systems = [...new Set(o.files.map((f) => f.mapping.sourceSystem))];
  // A file that cannot be read is reported first, in the loader's words.
  for (const f of o.files) if (!isFile(f.path)) await hashOrExplain(f.path);
  // Hashed in worker threads while the target is reached and, for one file, read.
  const hashing = Promise.all(o.files.map((f) => sha256InWorker(f.path))).then((shas) => distinct(o.files, shas));
  hashing.catch(() => {});
  const client = await connectTarget(url, o.target);
  let source: SourceSide | undefined;
  try {
    if (!(await openExistingTarget(client, schema))) {
      throw new MigrationInputError(
        'bad_option',
        `The target database ${describeTarget(url)} has no schema "${schema}" with loaded rows: load the files with \`golive import\` first, or name the schema they were loaded into with --schema.`,
      );
    }
    // Queued at once: PostgreSQL aggregates, on the days the files' runs loaded, while the files
    // are read below.
    const loadsP = firstLoads(client, schema);
    const daysP = hashing.then((files) => loadedDays(client, schema, files.map((f) => ({ sha256: f.sha256, sourceSystem: f.mapping.sourceSystem }))));
    daysP.catch(() => {});
    const aggregateP = daysP.then((days) => aggregateTarget(client, schema, systems, days));
    aggregateP.catch(() => {});
    const loads = await loadsP;
    // The loader's duplicate rule depends on the order several files were loaded in: replay it.
    const order = o.files.length > 1 ? inLoadOrder(await hashing, loads) : o.files;
    source = await readSources(order, { spillAboveBytes: o.spillAboveBytes ?? SPILL_ABOVE_BYTES, tmpDir: o.tmpDir });
    const files = await hashing;
    const scope = source.tally.scope();
    let targetRead = await daysP;
    let aggregate = await aggregateP;
    if (targetRead && !scope.within(targetRead)) {
      // The files have days their runs did not record (read with another cutoff or zone): every day.
      targetRead = null;
      aggregate = await aggregateTarget(client, schema, systems, null);
    }
    const target = targetDays(aggregate, scope);
    const days = compareDays(source.tally.days(), target.days);
    const differing = days.filter((d) => d.differs.length);
    const detailed = withinBudget(differing, o.detailBudget ?? DETAIL_BUDGET);
    const pathOf = new Map(files.map((f) => [f.sha256, f.path]));
    const targetTx = await targetTransactions(client, schema, systems, detailed, scope, (sha) => pathOf.get(sha) ?? `file ${sha.slice(0, 12)}`);
    const sourceTx = detailed.length ? source.transactionsOn(new Set(detailed.map((d) => dayKey(d.outletCode, d.businessDate)))) : [];
    const differences = diffTransactions(detailed, sourceTx, targetTx);
    const undetailed = differing.slice(detailed.length);

    const counted = new Map(source.files.map((f) => [f.path, f]));
    const fileCounts: FileCounts[] = files.map((f) => ({ ...counted.get(f.path)!, sha256: f.sha256, loaded: target.loadedByFile.get(f.sha256) ?? 0 }));
    const sum = (k: 'read' | 'valid' | 'rejected' | 'skipped' | 'loaded') => fileCounts.reduce((n, f) => n + f[k], 0);
    const identityHolds = fileCounts.every((f) => f.read === f.loaded + f.rejected);
    return {
      ok: identityHolds && differing.length === 0,
      read: sum('read'),
      loaded: sum('loaded'),
      rejected: sum('rejected'),
      valid: sum('valid'),
      skipped: sum('skipped'),
      identityHolds,
      rejectsByReason: mergeReasons(fileCounts),
      files: fileCounts,
      days,
      differences,
      differencesOmitted: { days: undetailed.length, transactions: undetailed.reduce((n, d) => n + d.source.transactions + d.target.transactions, 0) },
      targetDaysRead: targetRead,
      durationMs: Date.now() - started,
    };
  } catch (e) {
    if (!(e instanceof MigrationInputError) && isConnectionError(e)) throw lostTarget(url, e);
    throw e;
  } finally {
    source?.close();
    await client.end().catch(() => {});
  }
}

/**
 * The transactions on both sides of the differing days are compared one by one only up to a
 * budget of them (DETAIL_BUDGET unless the caller sets one; the first differing day always):
 * files reconciled against the wrong schema differ on every day, and fetching and comparing
 * millions of transactions ran the command out of memory. The days after are reported by their
 * totals.
 */
const DETAIL_BUDGET = 50_000;

/**
 * Files together larger than this are reconciled through spill partitions (spill.ts): below it,
 * one ledger of every transaction costs less than the partitions' write and read.
 */
const SPILL_ABOVE_BYTES = 64 << 20;

function withinBudget(differing: DayComparison[], budget: number): DayComparison[] {
  let used = 0;
  let n = 0;
  for (const d of differing) {
    used += d.source.transactions + d.target.transactions;
    if (n > 0 && used > budget) break;
    n++;
  }
  return differing.slice(0, n);
}

function isFile(path: string): boolean {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The files with their hashes; the same file twice is refused (its rows would all be duplicates). */
function distinct(files: ReconcileOptions['files'], shas: string[]): HashedFile[] {
  const out: HashedFile[] = [];
  files.forEach((f, i) => {
    const sha256 = shas[i]!;
    const same = out.find((x) => x.sha256 === sha256);
    if (same) throw new MigrationInputError('bad_option', `${f.path} and ${same.path} are the same file (sha256 ${sha256.slice(0, 12)}…): name each file once.`);
    out.push({ path: f.path, mapping: f.mapping, sha256 });
  });
  return out;
}

/** Files by when they were first loaded; files never loaded last, in the order given. */
function inLoadOrder(files: HashedFile[], loads: Map<string, number>): HashedFile[] {
  return [...files].sort((a, b) => (loads.get(a.sha256) ?? Infinity) - (loads.get(b.sha256) ?? Infinity));
}

/** Summed over the files, in REJECT_REASONS' order (the report lists them so). */
function mergeReasons(files: FileCounts[]): Partial<Record<RejectReason, number>> {
  const out: Partial<Record<RejectReason, number>> = {};
  for (const reason of REJECT_REASONS) {
    const n = files.reduce((sum, f) => sum + (f.rejectsByReason[reason] ?? 0), 0);
    if (n) out[reason] = n;
  }
  return out;
}

function lostTarget(url: string, e: unknown): MigrationInputError {
  const reason = ((e as Error).message ?? String(e)).split('\n')[0];
  return new MigrationInputError('target_unavailable', `Lost the connection to the target database ${describeTarget(url)} while reconciling: ${reason}. Nothing was written; run it again.`);
}
