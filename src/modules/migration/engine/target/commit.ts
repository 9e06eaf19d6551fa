import type pg from 'pg';
import type { Batch } from '../batch.ts';
import type { RejectsFile } from '../rejects-file.ts';
import type { Reject } from '../types.ts';
import { checkpointSql, type Counters } from './checkpoint.ts';
import { copyToStaging } from './copy.ts';
import { runCountersSql } from './runs.ts';
import { duplicateDetail, upsertBatch } from './upsert.ts';

/**
 * One batch, one transaction: COPY into staging, the set-based upsert, the batch's rejects
 * appended to the rejects file and fsynced, then the checkpoint and the run's counters, COMMIT.
 * A crash anywhere before COMMIT leaves the target and the checkpoint as they were; the rejects
 * written past the checkpoint's rejects_bytes are cut off by the resume.
 */

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
}

export interface Committed {
  counters: Counters;
  position: { end: number; row: number };
}

export async function commitBatch(t: BatchTarget, batch: Batch, before: Committed & { finished: boolean }): Promise<Committed> {
  const { client } = t;
  const staged = batch.staged;
  const chunks = batch.copy.take();
  await client.query('begin');
  try {
    const copied = await copyToStaging(client, chunks);
    if (copied !== staged) throw new Error(`COPY staged ${copied} rows of ${staged}`);
    const { loaded, verdicts } = await upsertBatch(
      client,
      { schema: t.schema, sourceSystem: t.sourceSystem, sourceFile: t.sha, runId: t.runId, dryRun: t.dryRun, targetExists: t.targetExists },
      staged,
      batch.stagedTransactions,
    );
    const duplicates: Reject[] = [];
    for (const v of verdicts) {
      if (v.status === 'duplicate') duplicates.push({ row: v.row, reason: 'duplicate', detail: duplicateDetail(v, t.sha), raw: batch.raws.get(v.row) ?? '' });
    }
    const rejects = duplicates.length ? [...batch.rejects, ...duplicates].sort((a, b) => a.row - b.row) : batch.rejects;
    const counters = addUp(before.counters, batch, loaded, verdicts.length - duplicates.length, rejects);
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
