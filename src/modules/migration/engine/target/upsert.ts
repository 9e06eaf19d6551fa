import type pg from 'pg';
import { STAGING } from './copy.ts';
import { ident } from './ddl.ts';

/**
 * Moves one staged batch into the target, set-based, in the caller's transaction:
 * 1. classify staged rows whose key (source_system, source_id, kind, line_no) is taken —
 *    by the same file and row: already loaded (a re-run or a resume, not a reject); by anything
 *    else: a duplicate — and rows repeating a key earlier in the same batch (duplicates);
 *    with `lines.repeated: "duplicate"` and derived line numbers, also rows whose content
 *    (row_hash) repeats an earlier line of the same transaction in the same file;
 * 2. outlets, products, transaction headers (first row wins), then the new lines;
 * 3. the affected transactions' totals and payments recomputed from all their lines, so the
 *    result does not depend on how rows were split into batches or runs.
 * A dry run does step 1 only, against the target (when it exists) plus the rows this run has
 * seen so far (a session-local temp table), and writes nothing to the target.
 */

export const VERDICT_DDL = `
create temp table if not exists golive_import_verdict (
  source_row int primary key, status text not null, ref_file text not null, ref_row int not null
) on commit delete rows;
create temp table if not exists golive_import_seen (
  source_id text not null, kind text not null, line_no int not null, row_hash text not null, source_file text not null, source_row int not null
);
create index if not exists golive_import_seen_key on golive_import_seen (source_id, kind, line_no);
`;

const VERDICT = 'pg_temp.golive_import_verdict';
const SEEN = 'pg_temp.golive_import_seen';

export interface UpsertContext {
  schema: string;
  sourceSystem: string;
  /** sha256 of the file being loaded. */
  sourceFile: string;
  runId: string;
  dryRun: boolean;
  /** Dry run: whether the target's tables exist to be read. */
  targetExists: boolean;
}

export interface Verdict {
  row: number;
  status: 'already' | 'duplicate';
  /** The file (sha256) and row that hold the key or content first. */
  refFile: string;
  refRow: number;
}

export interface UpsertResult {
  loaded: number;
  verdicts: Verdict[];
}

const unclassified = `not exists (select 1 from ${VERDICT} v where v.source_row = s.source_row)`;

export function upsertSql(client: pg.ClientBase, c: UpsertContext): string {
  const S = ident(c.schema);
  const sys = client.escapeLiteral(c.sourceSystem);
  const file = client.escapeLiteral(c.sourceFile);
  const run = client.escapeLiteral(c.runId);
  const cols = 'source_system, source_id, kind, line_no, row_hash, source_file, source_row';
  const lines = !c.dryRun
    ? `${S}.lines`
    : `(${c.targetExists ? `select ${cols} from ${S}.lines union all ` : ''}select ${sys} as source_system, source_id, kind, line_no, row_hash, source_file, source_row from ${SEEN})`;
  const classify = `
insert into ${VERDICT} (source_row, status, ref_file, ref_row)
select distinct on (s.source_row) s.source_row,
  case when l.source_file = ${file} and l.source_row = s.source_row then 'already' else 'duplicate' end, l.source_file, l.source_row
from ${STAGING} s join ${lines} l on l.source_system = ${sys} and l.source_id = s.source_id and l.kind = s.kind and l.line_no = s.line_no
order by s.source_row, (l.source_file = ${file} and l.source_row = s.source_row) desc;
insert into ${VERDICT} (source_row, status, ref_file, ref_row)
select source_row, 'duplicate', ${file}, first_row from (
  select s.source_row, min(s.source_row) over (partition by s.source_id, s.kind, s.line_no) as first_row from ${STAGING} s where ${unclassified}
) x where source_row <> first_row;
`;

  const fresh = `from ${STAGING} s where ${unclassified}`;
  const load = c.dryRun
    ? `insert into ${SEEN} (source_id, kind, line_no, row_hash, source_file, source_row) select source_id, kind, line_no, row_hash, ${file}, source_row ${fresh};`
    : `
insert into ${S}.outlets (code, name)
select distinct on (outlet_code) outlet_code, outlet_name ${fresh} order by outlet_code, source_row
on conflict (code) do nothing;
insert into ${S}.products (source_system, product_key, name, category)
select distinct on (product_key) ${sys}, product_key, item, category ${fresh} order by product_key, source_row
on conflict (source_system, product_key) do nothing;
insert into ${S}.transactions (source_system, source_id, kind, original_source_id, outlet_code, occurred_at, business_date)
select distinct on (source_id, kind) ${sys}, source_id, kind, original_source_id, outlet_code,
  timestamptz 'epoch' + occurred_ms * interval '1 millisecond', business_date
${fresh} order by source_id, kind, source_row
on conflict (source_system, source_id, kind) do nothing;
insert into ${S}.lines (source_system, source_id, kind, line_no, item, product_key, qty_milli, unit_price_sen, gross_sen,
  discount_sen, tax_sen, service_charge_sen, rounding_sen, net_sen, payment_method, payment_method_raw, row_hash,
  source_file, source_row, import_run_id)
select ${sys}, source_id, kind, line_no, item, product_key, qty_milli, unit_price_sen, gross_sen,
  discount_sen, tax_sen, service_charge_sen, rounding_sen, net_sen, payment_method, payment_method_raw, row_hash,
  ${file}, source_row, ${run}
${fresh};
with affected as (select distinct source_id, kind ${fresh}),
totals as (
  select l.source_id, l.kind, sum(l.gross_sen) as gross, sum(l.discount_sen) as discount, sum(l.tax_sen) as tax,
    sum(l.service_charge_sen) as sc, sum(l.rounding_sen) as rounding, sum(l.net_sen) as net, count(*) as n
  from ${S}.lines l join affected a on l.source_system = ${sys} and l.source_id = a.source_id and l.kind = a.kind
  group by l.source_id, l.kind
)
update ${S}.transactions t set gross_sen = x.gross, discount_sen = x.discount, tax_sen = x.tax, service_charge_sen = x.sc,
  rounding_sen = x.rounding, net_sen = x.net, line_count = x.n
from totals x where t.source_system = ${sys} and t.source_id = x.source_id and t.kind = x.kind;
with affected as (select distinct source_id, kind ${fresh})
insert into ${S}.payments (source_system, source_id, kind, method, amount_sen)
select ${sys}, l.source_id, l.kind, l.payment_method, sum(l.net_sen)
from ${S}.lines l join affected a on l.source_system = ${sys} and l.source_id = a.source_id and l.kind = a.kind
group by l.source_id, l.kind, l.payment_method
on conflict (source_system, source_id, kind, method) do update set amount_sen = excluded.amount_sen;`;

  // Batches of one source system in one target schema serialise: classification then insert
  // must see the same table, so a concurrent import cannot slip a row in between.
  const lock = c.dryRun ? '' : `select pg_advisory_xact_lock(hashtext(${client.escapeLiteral(`${c.schema}.${c.sourceSystem}`)}));`;
  return `${lock}${classify}${load}
select source_row, status, ref_file, ref_row from ${VERDICT} order by source_row;`;
}

/** Runs the batch's statements (one round trip) after the COPY; `staged` is the number of rows copied. */
export async function upsertBatch(client: pg.ClientBase, c: UpsertContext, staged: number): Promise<UpsertResult> {
  if (staged === 0) return { loaded: 0, verdicts: [] };
  const results = (await client.query(upsertSql(client, c))) as unknown as pg.QueryResult[] | pg.QueryResult;
  const last = Array.isArray(results) ? results[results.length - 1]! : results;
  const verdicts: Verdict[] = last.rows.map((r: { source_row: number; status: Verdict['status']; ref_file: string; ref_row: number }) => ({
    row: r.source_row,
    status: r.status,
    refFile: r.ref_file,
    refRow: r.ref_row,
  }));
  return { loaded: staged - verdicts.length, verdicts };
}

/** The reject detail of a duplicate, naming where the key or content was first. */
export function duplicateDetail(v: Verdict, sourceFile: string): string {
  return v.refFile === sourceFile ? `repeats row ${v.refRow} of this file` : `already loaded from file ${v.refFile.slice(0, 8)} row ${v.refRow}`;
}
