import type pg from 'pg';
import { isConnectionError } from '../target/connect.ts';
import { ident } from '../target/ddl.ts';
import type { PaymentMethod } from '../types.ts';
import { LINE_CHECKSUM_SQL, lineDigest } from './digest.ts';
import { dayKey, emptyTotals, type DaySide } from './diff.ts';
import type { DayTotals, Scope, TransactionKind, TxView } from './types.ts';
import type { Amounts } from '../amounts.ts';
import type { DayRange } from '../batch.ts';

/**
 * The target's side, in SQL: per source system × outlet × business day, the transactions and
 * the lines' sums per payment method, aggregated by PostgreSQL while the file side is read in
 * Node. Lines only: each carries its transaction's outlet, day and time (docs/adr/0016), and
 * transactions and payments are views over them (docs/adr/0010), so the target cannot disagree
 * with itself there.
 */

interface TxRow { source_system: string; outlet_code: string; business_date: string; n: number }
/** A day's amounts; rounding is not one of them (it is inside net). */
interface LineRow extends Omit<Amounts, 'roundingSen'> { source_system: string; outlet_code: string; business_date: string; method: string; source_file: string; n: number; content: number }

/** The raw aggregates, before they are cut to the scope (which is known only when the files are read). */
export interface TargetAggregates {
  transactions: TxRow[];
  lines: LineRow[];
}

const SUMS = `sum(gross_sen)::float8 as "grossSen", sum(discount_sen)::float8 as "discountSen", sum(tax_sen)::float8 as "taxSen",
  sum(service_charge_sen)::float8 as "serviceChargeSen", sum(net_sen)::float8 as "netSen"`;

/**
 * The aggregates over the lines of the given source systems on the given business days (null:
 * every day), one query after the other on one connection (the other core is the file side's).
 * float8 is exact for sums below 2⁵³ sen.
 *
 * Two passes over lines, each a hash aggregate: the sums per day × method × file (0.3 s for 1M
 * lines, 0.75 s without parallel workers), and the transactions per day as their distinct keys
 * on it (0.8–0.9 s). Measured slower (psql, 1M lines): one pass by grouping sets (4.9 s: sorted
 * on disk), a transaction-grain aggregate rolled up (2.4 s), a first-line window in key order
 * (1.8 s), count(distinct …) (1.3–2.1 s: sorted), the transactions view (0.95 s). Both run while
 * the files are read, which takes longer.
 */
export async function aggregateTarget(client: pg.ClientBase, schema: string, systems: string[], days: DayRange | null): Promise<TargetAggregates> {
  const s = ident(schema);
  await refreshStaleStatistics(client, schema);
  await client.query(ENOUGH_WORK_MEM);
  const where = `where source_system = any($1) ${days ? 'and business_date between $2::date and $3::date' : ''}`;
  const params = days ? [systems, days.from, days.to] : [systems];
  // Grouped by the file's id; its sha256 joined to the groups after.
  const lines = await client.query<LineRow>(
    `select g.*, f.sha256 as source_file from (
       select source_system, outlet_code, business_date::text as business_date, payment_method as method, file_id, count(*)::float8 as n,
         ${SUMS}, sum(${LINE_CHECKSUM_SQL})::float8 as content
       from ${s}.lines l ${where} group by 1, 2, 3, 4, 5) g
     join ${s}.import_files f on f.id = g.file_id`,
    params,
  );
  const transactions = await client.query<TxRow>(
    `select source_system, outlet_code, business_date::text as business_date, count(*)::float8 as n
     from (select distinct source_system, outlet_code, business_date, source_id, kind from ${s}.lines ${where}) t group by 1, 2, 3`,
    params,
  );
  return { transactions: transactions.rows, lines: lines.rows };
}

/**
 * The session's work_mem raised to 16 MB when it is lower (PostgreSQL's default is 4 MB): with 4
 * the lines aggregate sorted its joined rows on disk; with 16 it sums them in a hash table in
 * memory — 4.6 → 3.4 s for a month of 1M lines in a schema of 7M (psql, twice each; lines were
 * then joined to a transactions table). Raised for this session only (reconcile's own
 * connection), never lowered.
 */
const ENOUGH_WORK_MEM = `select set_config('work_mem', '16MB', false) where pg_size_bytes(current_setting('work_mem')) < 16 * 1024 * 1024`;

/**
 * ANALYZE of lines when it has never been analyzed or autovacuum would do it now (rows changed
 * since the last one > 50 + 10%) — right after an import, before autovacuum has come by (or
 * where it is off). A bulk load leaves no statistics: planned without them, the lines aggregate
 * sorted a million rows on disk (~4 s of PostgreSQL on the bench's file, ~2 s once analyzed, the
 * ANALYZE itself ~0.6 s while the files are read). Only the planner's statistics are written.
 * Where it cannot be done now — a standby, a role that does not own the table, a VACUUM holding
 * it — the aggregates run on the statistics there are.
 */
async function refreshStaleStatistics(client: pg.ClientBase, schema: string): Promise<void> {
  const stale = await client.query(
    `select 1 from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.schemaname = $1 and s.relname = 'lines' and (c.reltuples < 0 or s.n_mod_since_analyze > 50 + 0.1 * c.reltuples)`,
    [schema],
  );
  if (!stale.rows.length) return;
  try {
    // SKIP_LOCKED: a VACUUM or index build in progress is not waited for.
    await client.query(`analyze (skip_locked) ${ident(schema)}.lines`);
  } catch (e) {
    if (isConnectionError(e)) throw e;
  }
}

export interface TargetDays {
  days: Map<string, DaySide>;
  /** Lines per loading file (sha256), over all days of the source systems. */
  loadedByFile: Map<string, number>;
}

/** The aggregates cut to the scope and summed over systems into outlet × day totals. */
export function targetDays(agg: TargetAggregates, scope: Scope): TargetDays {
  const days = new Map<string, DaySide>();
  const loadedByFile = new Map<string, number>();
  const totalsOn = (r: { outlet_code: string; business_date: string }) => {
    const key = dayKey(r.outlet_code, r.business_date);
    let d = days.get(key);
    if (!d) days.set(key, (d = { outletCode: r.outlet_code, businessDate: r.business_date, totals: emptyTotals() }));
    return d.totals;
  };

  for (const r of agg.lines) loadedByFile.set(r.source_file, (loadedByFile.get(r.source_file) ?? 0) + r.n);
  for (const r of agg.transactions) {
    if (scope.has(r.source_system, r.outlet_code, r.business_date)) totalsOn(r).transactions += r.n;
  }
  for (const r of agg.lines) {
    if (!scope.has(r.source_system, r.outlet_code, r.business_date)) continue;
    const totals = totalsOn(r);
    totals.lines += r.n;
    totals.content += r.content;
    totals.grossSen += r.grossSen;
    totals.discountSen += r.discountSen;
    totals.taxSen += r.taxSen;
    totals.serviceChargeSen += r.serviceChargeSen;
    totals.netSen += r.netSen;
    const m = r.method as PaymentMethod;
    totals.netByMethod[m] = (totals.netByMethod[m] ?? 0) + r.netSen;
  }
  for (const d of days.values()) dropZeros(d.totals.netByMethod);
  return { days, loadedByFile };
}

export function dropZeros(byMethod: DayTotals['netByMethod']): void {
  for (const m of Object.keys(byMethod) as PaymentMethod[]) if (byMethod[m] === 0) delete byMethod[m];
}

interface DetailRow {
  source_system: string;
  source_id: string;
  kind: TransactionKind;
  outlet_code: string;
  business_date: string;
  occurred_ms: number;
  original_source_id: string | null;
  line_no: number;
  item: string;
  qty_milli: number;
  unit_price_sen: number | null;
  gross_sen: number;
  discount_sen: number;
  tax_sen: number;
  service_charge_sen: number;
  rounding_sen: number;
  net_sen: number;
  payment_method: string;
  source_file: string | null;
  source_row: number;
}

/**
 * The transactions (with their lines, digested as the file side digests them) on the given
 * outlet × days, for the days that differ only. `fileName` turns a loading file's sha256 into a path.
 * A transaction's header is its first line's (by source row); lines of one transaction on two of
 * these days (one moved by hand) are that transaction on each day, so each day names its own.
 */
export async function targetTransactions(
  client: pg.ClientBase,
  schema: string,
  systems: string[],
  days: { outletCode: string; businessDate: string }[],
  scope: Scope,
  fileName: (sha256: string) => string,
): Promise<TxView[]> {
  if (!days.length) return [];
  const s = ident(schema);
  const r = await client.query<DetailRow>(
    `select l.source_system, l.source_id, l.kind, l.outlet_code, l.business_date::text as business_date,
       round(extract(epoch from l.occurred_at) * 1000)::float8 as occurred_ms, l.original_source_id,
       l.line_no, l.item, l.qty_milli::float8 as qty_milli, l.unit_price_sen::float8 as unit_price_sen, l.gross_sen::float8 as gross_sen,
       l.discount_sen::float8 as discount_sen, l.tax_sen::float8 as tax_sen, l.service_charge_sen::float8 as service_charge_sen,
       l.rounding_sen::float8 as rounding_sen, l.net_sen::float8 as net_sen, l.payment_method, f.sha256 as source_file, l.source_row
     from ${s}.lines l
     join unnest($2::text[], $3::date[]) as d(outlet_code, business_date) on d.outlet_code = l.outlet_code and d.business_date = l.business_date
     left join ${s}.import_files f on f.id = l.file_id
     where l.source_system = any($1)
     order by l.source_system, l.source_id, l.kind, l.outlet_code, l.business_date, l.source_row`,
    [systems, days.map((d) => d.outletCode), days.map((d) => d.businessDate)],
  );
  const out: TxView[] = [];
  let current: TxView | null = null;
  for (const row of r.rows) {
    if (!scope.has(row.source_system, row.outlet_code, row.business_date)) continue;
    if (
      !current || current.sourceSystem !== row.source_system || current.sourceId !== row.source_id || current.kind !== row.kind ||
      current.outletCode !== row.outlet_code || current.businessDate !== row.business_date
    ) {
      current = {
        sourceSystem: row.source_system,
        sourceId: row.source_id,
        kind: row.kind,
        outletCode: row.outlet_code,
        businessDate: row.business_date,
        occurredAt: row.occurred_ms,
        originalSourceId: row.original_source_id,
        file: row.source_file === null ? '' : fileName(row.source_file),
        row: row.source_row,
        lines: [],
      };
      out.push(current);
    }
    // Each line with its own time: the checksum in the day's content reads it so.
    const d = lineDigest(
      {
        lineNo: row.line_no,
        item: row.item,
        qtyMilli: row.qty_milli,
        unitPriceSen: row.unit_price_sen,
        grossSen: row.gross_sen,
        discountSen: row.discount_sen,
        taxSen: row.tax_sen,
        serviceChargeSen: row.service_charge_sen,
        roundingSen: row.rounding_sen,
        netSen: row.net_sen,
        paymentMethod: row.payment_method,
      },
      row.occurred_ms,
    );
    current.lines.push({ lineNo: row.line_no, a: d.a, b: d.b, row: row.source_row });
  }
  return out;
}

/**
 * The business days the files' lines were loaded on, from their import runs: the target is read
 * for these days only (a month's file against a schema of years reads the month). Null — read
 * every day — when a file has no run that recorded its days (never loaded, or loaded before runs
 * recorded them), or the target's runs have no days at all (made by a golive before them: reconcile
 * does not change it). Only a hint: reconcile reads every day after all when the files turn out to
 * have days outside it (a mapping with another day cutoff or time zone than the load's).
 */
export async function loadedDays(client: pg.ClientBase, schema: string, files: { sha256: string; sourceSystem: string }[]): Promise<DayRange | null> {
  const recorded = await client.query<{ yes: boolean }>(
    `select exists (select 1 from pg_attribute where attrelid = to_regclass($1) and attname = 'business_date_from' and not attisdropped) as yes`,
    [`${ident(schema)}.import_runs`],
  );
  if (!recorded.rows[0]!.yes) return null;
  // Per file its runs' first and last day; null for all when any file has none.
  const r = await client.query<{ from: string | null; to: string | null }>(
    `select case when bool_and(x.from is not null) then min(x.from) end::text as from, case when bool_and(x.to is not null) then max(x.to) end::text as to
     from (select min(r.business_date_from) as from, max(r.business_date_to) as to
           from unnest($1::text[], $2::text[]) as f(sha256, source_system)
           left join ${ident(schema)}.import_runs r on r.file_sha256 = f.sha256 and r.source_system = f.source_system and not r.dry_run
           group by f.sha256) x`,
    [files.map((f) => f.sha256), files.map((f) => f.sourceSystem)],
  );
  const { from, to } = r.rows[0]!;
  return from === null || to === null ? null : { from, to };
}

/** When each file was first loaded (non-dry runs), so the source side replays the loader's order. */
export async function firstLoads(client: pg.ClientBase, schema: string): Promise<Map<string, number>> {
  const r = await client.query<{ file_sha256: string; first: number }>(
    `select file_sha256, extract(epoch from min(started_at))::float8 as first from ${ident(schema)}.import_runs where not dry_run group by 1`,
  );
  return new Map(r.rows.map((x) => [x.file_sha256, x.first]));
}
