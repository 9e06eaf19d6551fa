import type pg from 'pg';
import type { Batch, BatchData, FilePosition } from '../batch.ts';
import type { RejectsFile } from '../rejects-file.ts';
import type { Reject } from '../types.ts';
import { checkpointSql, type Counters } from './checkpoint.ts';
import { copyInto, copySql, LINE_COLUMNS, STAGED_LINES } from './copy.ts';
import { ident } from './ddl.ts';
import { DirectLoadCancelled, DirectLoadUnavailable, type DirectLoader } from './direct-load.ts';
import { runCountersSql } from './runs.ts';
import { takenCheck } from './taken-check.ts';
import { alreadyLoaded, duplicateDetail, preludeSql, upsertBatch, type Duplicate, type UpsertContext } from './upsert.ts';

/**
 * One batch, one transaction: its rows into the target, the batch's rejects appended to the
 * rejects file and fsynced, then the checkpoint and the run's counters, COMMIT. A crash
 * anywhere before COMMIT leaves the target and the checkpoint as they were; the rejects written
 * past the checkpoint's rejects_bytes are cut off by the resume.
 *
 * The rows go in one of two ways (docs/adr/0008-import-load-path.md):
 * - direct: COPY of the batch's lines straight into the target, on the loader's own thread and
 *   connection (direct-load.ts, docs/adr/0011-direct-load-thread.md). It is all or nothing, so
 *   its outcome is known before it runs (every row loaded, the transform's rejects): the next
 *   batch can be handed over before it commits. When the target may have one of the batch's
 *   transactions already (a re-run, a resume into a receipt, a receipt's rows spread over
 *   batches or files: taken-check.ts, docs/adr/0016) or a line key is taken (a
 *   duplicate of another file: the primary key), it fails as a unique violation, the
 *   transaction rolls back, and the batch takes the other way;
 * - staged: COPY into a staging table of the same columns, then upsert.ts's set-based upsert,
 *   which classifies taken keys (already loaded or duplicate) and gives the lines of a
 *   transaction the target has that transaction's header.
 *   It runs on the import's own connection once the batch before it has committed.
 * A batch that fell back makes the next ones go staged (a re-run meets taken keys in every
 * batch); a batch that loaded every row through staging lets the next one try direct again
 * (import.ts reopens the loader, once no batch was handed over after that one).
 */

const UNIQUE_VIOLATION = '23505';

export interface BatchTarget {
  client: pg.ClientBase;
  schema: string;
  sourceSystem: string;
  sha: string;
  /** The file's id in the target (import_files; 0 in a dry run of a file never loaded). */
  fileId: number;
  runId: string;
  dryRun: boolean;
  targetExists: boolean;
  rejects: RejectsFile;
  rejectsPath: string;
  /** The raw text of rows after a position, read again from the source (for the rejects file). */
  rawsOf: (after: FilePosition, rows: number[]) => Promise<Map<number, string>>;
  /** The direct path's thread; null in a dry run (nothing is written). */
  loader: DirectLoader | null;
  /** Whether the run has stopped (--max-rejects): a batch still waiting for the one before it then commits nothing. */
  stopping: () => boolean;
}

export interface Committed {
  counters: Counters;
  position: { end: number; row: number };
}

/** A batch committed; `everyRowNew`: it went staged and found no row taken, so the next may try the direct way again. */
export interface BatchCommitted extends Committed {
  everyRowNew: boolean;
}

/** Whether a batch goes the direct way: its outcome (directOutcome) is then known before it commits. */
export const goesDirect = (t: BatchTarget, batch: Batch): boolean => Boolean(t.loader?.open) && batch.staged > 0;

/** A batch's outcome when it loads directly: every staged row loaded, the transform's rejects. */
export const directOutcome = (batch: Batch, before: Committed): Committed => ({
  counters: addUp(before.counters, batch, batch.staged, 0, batch.rejects),
  position: batch.last ?? before.position,
});

/**
 * Commits one batch. `before` is the state after the batches before it: what they have
 * committed, or, while they are still loading directly, what they will have (directOutcome);
 * `previous` settles when the batch before it has committed (null: nothing in flight).
 */
export async function commitBatch(t: BatchTarget, batch: Batch, before: Committed & { finished: boolean }, previous: Promise<Committed> | null): Promise<BatchCommitted> {
  const { client } = t;
  const staged = batch.staged;
  const data = batch.take();
  const ctx: UpsertContext = { schema: t.schema, sourceSystem: t.sourceSystem, fileId: t.fileId, runId: t.runId, dryRun: t.dryRun, targetExists: t.targetExists };
  const prelude = t.dryRun ? '' : preludeSql(client, ctx, data.outlets, data.products);
  if (t.loader && goesDirect(t, batch)) {
    const loaded = await loadDirect(t, t.loader, batch, data, prelude, before);
    if (loaded) return { ...loaded, everyRowNew: false };
  }
  // The staged way starts from what the batch before really committed. When that one stopped
  // the run (the target found duplicates past --max-rejects), this one was read but is not loaded.
  const base = previous ? { ...(await previous), finished: before.finished } : before;
  if (previous && t.stopping()) return { ...base, everyRowNew: false };
  let loaded = 0;
  let already = 0;
  let found: Duplicate[] = [];
  let done = false;
  await client.query(`begin;${prelude}`);
  try {
    // A batch after one that met taken keys: when all its lines are this file's rows loaded
    // before, there is nothing to stage (a re-run of a loaded file costs a probe a batch).
    if (!t.dryRun && staged > 0 && (await alreadyLoaded(client, ctx, batch.keys())) === staged) {
      already = staged;
      done = true;
    }
    if (!done) {
      const copied = await copyInto(client, STAGED_LINES, LINE_COLUMNS, data.copy.chunks(data.lines));
      if (copied !== staged) throw new Error(`COPY staged ${copied} rows of ${staged}`);
      ({ loaded, already, duplicates: found } = await upsertBatch(client, ctx, staged));
    }
    const raws = found.length ? await t.rawsOf(batch.from, found.map((v) => v.row)) : null;
    const duplicates: Reject[] = found.map((v) => ({ row: v.row, reason: 'duplicate', detail: duplicateDetail(v, t.fileId), raw: raws?.get(v.row) ?? '' }));
    const rejects = duplicates.length ? [...repeatsOf(batch.rejects, found, t.fileId), ...duplicates].sort((a, b) => a.row - b.row) : batch.rejects;
    const counters = addUp(base.counters, batch, loaded, already, rejects);
    const position = batch.last ?? base.position;
    const { end: rejectsBytes } = await t.rejects.append(rejects);
    const finish = t.dryRun ? '' : finishSql(t, batch, counters, position, rejectsBytes, base.finished);
    await client.query(`${finish}commit;`);
    return { counters, position, everyRowNew: staged > 0 && already + found.length === 0 };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  }
}

/**
 * The direct path, on the loader's thread: counters, rejects and checkpoint as directOutcome
 * says. When it does not commit — a key already taken (unique violation), no connection left for
 * the thread, or a batch handed over before it failed — its rejects (and any appended after
 * them, by batches that are then cancelled too) are cut off again and it goes staged (null).
 */
async function loadDirect(t: BatchTarget, loader: DirectLoader, batch: Batch, data: BatchData, prelude: string, before: Committed & { finished: boolean }): Promise<Committed | null> {
  const outcome = directOutcome(batch, before);
  const { start, end } = await t.rejects.append(batch.rejects);
  const S = ident(t.schema);
  try {
    await loader.load({
      begin: `begin;${prelude}`,
      check: takenCheck(t.schema, t.sourceSystem, batch.transactionSpan),
      region: data.copy.shared,
      copies: [{ sql: copySql(`${S}.lines`, LINE_COLUMNS), chunks: data.lines, rows: batch.staged }],
      finish: `${finishSql(t, batch, outcome.counters, outcome.position, end, before.finished)}commit;`,
    });
    return outcome;
  } catch (e) {
    if (e instanceof DirectLoadCancelled) return null;
    if (!(e instanceof DirectLoadUnavailable) && (e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    await t.rejects.truncate(start);
    return null;
  }
}

/**
 * A row the batch rejected for repeating one of its rows names that row; when the target found
 * that row a duplicate too, it was never loaded: the reject names what that one repeats, as it
 * would have had the first row been in an earlier batch.
 */
function repeatsOf(rejects: Reject[], found: Duplicate[], fileId: number): Reject[] {
  const byRow = new Map(found.map((v) => [v.row, v]));
  return rejects.map((r) => {
    const v = r.repeats === undefined ? undefined : byRow.get(r.repeats);
    return v ? { ...r, detail: duplicateDetail(v, fileId) } : r;
  });
}

/** The checkpoint and the run's counters and days after a batch: the last statements of its transaction. */
function finishSql(t: BatchTarget, batch: Batch, counters: Counters, position: FilePosition, rejectsBytes: number, finished: boolean): string {
  return (
    checkpointSql(t.client, t.schema, {
      fileSha256: t.sha,
      sourceSystem: t.sourceSystem,
      runId: t.runId,
      end: position.end,
      row: position.row,
      rowsCommitted: counters.rowsLoaded + counters.rowsAlreadyLoaded,
      rowsRejected: counters.rowsRejected,
      rejectsBytes,
      state: { ...counters, finished, rejectsPath: t.rejectsPath },
    }) + runCountersSql(t.client, t.schema, t.runId, counters, undefined, batch.days)
  );
}

function addUp(c: Counters, batch: Batch, loaded: number, already: number, rejects: Reject[]): Counters {
  const byReason = { ...c.rejectsByReason };
  for (const r of rejects) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  return {
    rowsRead: c.rowsRead + batch.rowsRead,
    rowsLoaded: c.rowsLoaded + loaded,
    rowsRejected: c.rowsRejected + rejects.length,
    rowsSkipped: c.rowsSkipped + batch.rowsSkipped,
    rowsAlreadyLoaded: c.rowsAlreadyLoaded + already,
    rejectsByReason: byReason,
  };
}
