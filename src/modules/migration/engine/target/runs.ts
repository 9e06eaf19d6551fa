import type pg from 'pg';
import type { DayRange } from '../batch.ts';
import type { Counters } from './checkpoint.ts';
import { ident } from './ddl.ts';

/** The import_runs row of one run: inserted at the start, its counters moved with each batch, closed at the end. */

export type RunStatus = 'running' | 'completed' | 'stopped_max_rejects' | 'cancelled' | 'failed';

export interface RunInfo {
  id: string;
  fileSha256: string;
  fileName: string;
  sourceSystem: string;
  environment: 'staging' | 'production';
  deploymentId: string | null;
}

export async function insertRun(client: pg.ClientBase, schema: string, run: RunInfo): Promise<void> {
  await client.query(
    `insert into ${ident(schema)}.import_runs (id, file_sha256, file_name, source_system, environment, deployment_id, dry_run, status)
     values ($1, $2, $3, $4, $5, $6, false, 'running')`,
    [run.id, run.fileSha256, run.fileName, run.sourceSystem, run.environment, run.deploymentId],
  );
}

/**
 * The counters of the run (cumulative over the file, so a resumed run shows the whole file) and,
 * after a batch, its business days widened to the batch's: reconcile reads the target for the
 * days of the files' runs only.
 */
export function runCountersSql(client: pg.ClientBase, schema: string, runId: string, c: Counters, status?: RunStatus, days?: DayRange | null): string {
  const finished = status && status !== 'running' ? `, status = ${client.escapeLiteral(status)}, finished_at = now()` : '';
  const widened = days
    ? `, business_date_from = least(business_date_from, ${client.escapeLiteral(days.from)}::date), business_date_to = greatest(business_date_to, ${client.escapeLiteral(days.to)}::date)`
    : '';
  return `update ${ident(schema)}.import_runs set rows_read = ${c.rowsRead}, rows_loaded = ${c.rowsLoaded}, rows_rejected = ${c.rowsRejected},
  rows_skipped = ${c.rowsSkipped}, rows_already_loaded = ${c.rowsAlreadyLoaded},
  rejects_by_reason = ${client.escapeLiteral(JSON.stringify(c.rejectsByReason))}::jsonb${finished}${widened}
where id = ${client.escapeLiteral(runId)};`;
}

export async function finishRun(client: pg.ClientBase, schema: string, runId: string, c: Counters, status: RunStatus): Promise<void> {
  await client.query(runCountersSql(client, schema, runId, c, status));
}
