import type pg from 'pg';
import type { Batch, FilePosition } from '../batch.ts';
import type { RejectsFile } from '../rejects-file.ts';
import type { Reject } from '../types.ts';
import { checkpointSql, type Counters } from './checkpoint.ts';
import { copyInto, LINE_COLUMNS, STAGED_LINES, STAGED_TRANSACTIONS, TRANSACTION_COLUMNS } from './copy.ts';
import { ident } from './ddl.ts';
import { runCountersSql } from './runs.ts';
import { alreadyLoaded, duplicateDetail, preludeSql, upsertBatch, type Duplicate, type UpsertContext } from './upsert.ts';

/**
 * One batch, one transaction: its rows into the target, the batch's rejects appended to the
 * rejects file and fsynced, then the checkpoint and the run's counters, COMMIT. A crash
 * anywhere before COMMIT leaves the target and the checkpoint as they were; the rejects written
 * past the checkpoint's rejects_bytes are cut off by the resume.
 *
 * The rows go in one of two ways (docs/adr/0008-import-load-path.md):
 * - direct: COPY of the batch's transactions and lines straight into the target tables. Their
 *   primary keys make it all or nothing: a key already taken (a re-run, a resume into a
 *   receipt, a duplicate of another file) fails the COPY with a unique violation, the
 *   transaction rolls back, and the batch takes the other way;
 * - staged: COPY into staging tables of the same columns, then upsert.ts's set-based upsert,
 *   which classifies taken keys (already loaded or duplicate) and recomputes grown transactions.
 * A batch that fell back makes the next one go staged directly (a re-run meets taken keys in
 * every batch); a batch that loaded every row through staging lets the next one try direct again.
 */

const UNIQUE_VIOLATION = '23505';

export interface BatchTarget {
  client: pg.ClientBase;
  schema: string;
  sourceSystem: string;
  sha: string;
  runId: string;
  dryRun: boolean;
  targetExists: boolean;
  rejects: RejectsFile;
  rejectsPath: string;
  /** The raw text of rows after a position, read again from the source (for the rejects file). */
  rawsOf: (after: FilePosition, rows: number[]) => Promise<Map<number, string>>;
  /** Whether the next batch tries the direct COPY first (commitBatch updates it). */
  direct?: boolean;
}

export interface Committed {
  counters: Counters;
  position: { end: number; row: number };
}

export async function commitBatch(t: BatchTarget, batch: Batch, before: Committed & { finished: boolean }): Promise<Committed> {
  const { client } = t;
  const staged = batch.staged;
  const data = batch.take();
  const ctx: UpsertContext = { schema: t.schema, sourceSystem: t.sourceSystem, sourceFile: t.sha, runId: t.runId, dryRun: t.dryRun, targetExists: t.targetExists };
  const prelude = t.dryRun ? '' : preludeSql(client, ctx, data.outlets, data.products);
  let loaded = 0;
  let already = 0;
  let found: Duplicate[] = [];
  let done = false;
  if (!t.dryRun && staged > 0 && t.direct !== false) {
    await client.query(`begin;${prelude}`);
    try {
      const S = ident(t.schema);
      const txs = await copyInto(client, `${S}.transactions`, TRANSACTION_COLUMNS, data.transactions);
      const lines = await copyInto(client, `${S}.lines`, LINE_COLUMNS, data.lines);
      if (txs !== batch.stagedTransactions || lines !== staged) throw new Error(`COPY wrote ${lines} lines of ${staged} and ${txs} transactions of ${batch.stagedTransactions}`);
      loaded = staged;
      done = true;
    } catch (e) {
      await client.query('rollback').catch(() => {});
      if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
      t.direct = false;
    }
  }
  if (!done) await client.query(`begin;${prelude}`);
  try {
    // A batch after one that met taken keys: when all its lines are this file's rows loaded
    // before, there is nothing to stage (a re-run of a loaded file costs a probe a batch).
    if (!done && !t.dryRun && staged > 0 && t.direct === false && (await alreadyLoaded(client, ctx, batch.keys())) === staged) {
      already = staged;
      done = true;
    }
    if (!done) {
      const copied = await copyInto(client, STAGED_LINES, LINE_COLUMNS, data.lines);
      if (copied !== staged) throw new Error(`COPY staged ${copied} rows of ${staged}`);
      await copyInto(client, STAGED_TRANSACTIONS, TRANSACTION_COLUMNS, data.transactions);
      ({ loaded, already, duplicates: found } = await upsertBatch(client, ctx, staged, batch.stagedTransactions));
      t.direct = already + found.length === 0;
    }
    const raws = found.length ? await t.rawsOf(batch.from, found.map((v) => v.row)) : null;
    const duplicates: Reject[] = found.map((v) => ({ row: v.row, reason: 'duplicate', detail: duplicateDetail(v, t.sha), raw: raws?.get(v.row) ?? '' }));
    const rejects = duplicates.length ? [...batch.rejects, ...duplicates].sort((a, b) => a.row - b.row) : batch.rejects;
    const counters = addUp(before.counters, batch, loaded, already, rejects);
    const position = batch.last ?? before.position;
    const rejectsBytes = await t.rejects.append(rejects);
    const finish = t.dryRun
      ? ''
      : checkpointSql(client, t.schema, {
          fileSha256: t.sha,
          sourceSystem: t.sourceSystem,
          runId: t.runId,
          end: position.end,
          row: position.row,
          rowsCommitted: counters.rowsLoaded + counters.rowsAlreadyLoaded,
          rowsRejected: counters.rowsRejected,
          rejectsBytes,
          state: { ...counters, finished: before.finished, rejectsPath: t.rejectsPath },
        }) + runCountersSql(client, t.schema, t.runId, counters);
    await client.query(`${finish}commit;`);
    return { counters, position };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  }
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
