import type pg from 'pg';
import type { RejectReason } from '../types.ts';
import { ident } from './ddl.ts';

/**
 * The checkpoint of one file (by sha256) for one source system: where the last committed batch
 * ended and what the file has produced so far. Written by the statement checkpointSql makes,
 * inside the batch's own transaction, so after a crash the target and the checkpoint always
 * agree: a batch is either in both or in neither.
 */

export interface Counters {
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsSkipped: number;
  rowsAlreadyLoaded: number;
  rejectsByReason: Partial<Record<RejectReason, number>>;
}

export interface CheckpointState extends Counters {
  /** The whole file is committed. */
  finished: boolean;
  /** The rejects file whose first rejectsBytes bytes belong to the committed batches. */
  rejectsPath: string;
}

export interface Checkpoint {
  fileSha256: string;
  sourceSystem: string;
  runId: string;
  /** Byte offset just past the last committed record (CSV); the row number for XLSX. */
  end: number;
  /** Source row of the last committed record. */
  row: number;
  rowsCommitted: number;
  rowsRejected: number;
  rejectsBytes: number;
  state: CheckpointState;
}

export const emptyCounters = (): Counters => ({ rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsSkipped: 0, rowsAlreadyLoaded: 0, rejectsByReason: {} });

export async function readCheckpoint(client: pg.ClientBase, schema: string, fileSha256: string, sourceSystem: string): Promise<Checkpoint | null> {
  const r = await client.query(
    `select run_id, end_offset, source_row, rows_committed, rows_rejected, rejects_bytes, state
     from ${ident(schema)}.import_checkpoints where file_sha256 = $1 and source_system = $2`,
    [fileSha256, sourceSystem],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    fileSha256,
    sourceSystem,
    runId: row.run_id,
    end: Number(row.end_offset),
    row: row.source_row,
    rowsCommitted: Number(row.rows_committed),
    rowsRejected: Number(row.rows_rejected),
    rejectsBytes: Number(row.rejects_bytes),
    state: { ...emptyCounters(), finished: false, rejectsPath: '', ...(row.state as Partial<CheckpointState>) },
  };
}

/** The checkpoint upsert for the transaction of a batch (literals inlined: it joins the batch's last round trip). */
export function checkpointSql(client: pg.ClientBase, schema: string, cp: Checkpoint): string {
  const lit = (v: string) => client.escapeLiteral(v);
  const int = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error(`checkpoint value ${n} is not an integer`);
    return String(n);
  };
  return `insert into ${ident(schema)}.import_checkpoints
  (file_sha256, source_system, run_id, end_offset, source_row, rows_committed, rows_rejected, rejects_bytes, state, updated_at)
values (${lit(cp.fileSha256)}, ${lit(cp.sourceSystem)}, ${lit(cp.runId)}, ${int(cp.end)}, ${int(cp.row)}, ${int(cp.rowsCommitted)},
  ${int(cp.rowsRejected)}, ${int(cp.rejectsBytes)}, ${lit(JSON.stringify(cp.state))}::jsonb, now())
on conflict (file_sha256, source_system) do update set run_id = excluded.run_id, end_offset = excluded.end_offset,
  source_row = excluded.source_row, rows_committed = excluded.rows_committed, rows_rejected = excluded.rows_rejected,
  rejects_bytes = excluded.rejects_bytes, state = excluded.state, updated_at = excluded.updated_at;`;
}

/** A checkpoint of an earlier run of the same file name whose content has changed since (resume refuses it). */
export async function readOtherFileCheckpoint(
  client: pg.ClientBase,
  schema: string,
  fileName: string,
  sourceSystem: string,
  fileSha256: string,
): Promise<{ fileSha256: string } | null> {
  const r = await client.query(
    `select c.file_sha256 from ${ident(schema)}.import_checkpoints c join ${ident(schema)}.import_runs r on r.id = c.run_id
     where r.file_name = $1 and c.source_system = $2 and c.file_sha256 <> $3 and not coalesce((c.state->>'finished')::boolean, false)
     order by c.updated_at desc limit 1`,
    [fileName, sourceSystem, fileSha256],
  );
  return r.rows[0] ? { fileSha256: r.rows[0].file_sha256 } : null;
}
