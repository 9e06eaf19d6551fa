import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.ts';
import { LATENCY_BUCKETS, emptyHistogram } from './latency.ts';

/**
 * Latency and result counts of a check's runs: exact percentiles from raw runs, histograms from
 * raw runs and hourly roll-ups (for windows reaching past the raw retention), and the roll-up
 * itself, which moves raw runs older than the retention into check_hours in one statement.
 */

/** `array[count(*) filter (where latency_ms <= 5), …]`: the histogram of a set of runs. */
function histogramOf(column: SQL): SQL {
  const parts = LATENCY_BUCKETS.map((hi, i) => {
    const lo = i === 0 ? null : LATENCY_BUCKETS[i - 1]!;
    const cond = hi === Infinity ? sql`${column} > ${sql.raw(String(lo))}` : lo === null ? sql`${column} <= ${sql.raw(String(hi))}` : sql`${column} > ${sql.raw(String(lo))} and ${column} <= ${sql.raw(String(hi))}`;
    return sql`count(*) filter (where ${cond})::int`;
  });
  return sql`array[${sql.join(parts, sql`, `)}]`;
}

const counts = sql`count(*)::int as runs,
  count(*) filter (where status = 'pass')::int as pass,
  count(*) filter (where status = 'warn')::int as warn,
  count(*) filter (where status = 'fail')::int as fail,
  count(*) filter (where status = 'error')::int as error`;

export interface LatencyStats {
  runs: number;
  p50: number | null;
  p95: number | null;
  avg: number | null;
}

export async function rawLatency(db: DbOrTx, checkId: string, from: Date, to: Date): Promise<LatencyStats & { histogram: number[] }> {
  const rows = await queryRows<{ runs: number; p50: number | null; p95: number | null; avg: number | null; histogram: number[] }>(db, sql`
    select count(*)::int as runs,
      percentile_cont(0.5) within group (order by latency_ms) as p50,
      percentile_cont(0.95) within group (order by latency_ms) as p95,
      avg(latency_ms)::float8 as avg,
      ${histogramOf(sql.raw('latency_ms'))} as histogram
    from check_runs
    where check_id = ${checkId} and slot_at >= ${from} and slot_at < ${to} and status is not null and latency_ms is not null`);
  const r = rows[0]!;
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return { runs: r.runs, p50: round(r.p50), p95: round(r.p95), avg: round(r.avg), histogram: r.histogram.map(Number) };
}

export async function hourlyLatency(db: DbOrTx, checkId: string, from: Date, to: Date): Promise<{ runs: number; latencySum: number; histogram: number[] }> {
  const rows = await queryRows<{ runs: number; latency_sum: number; histogram: number[] | null }>(db, sql`
    select coalesce(sum(runs), 0)::int as runs, coalesce(sum(latency_sum), 0)::float8 as latency_sum,
      (select array_agg(s order by i) from (
         select i, sum(v)::int as s from check_hours h2, unnest(h2.latency_histogram) with ordinality as t(v, i)
         where h2.check_id = ${checkId} and h2.hour >= ${from} and h2.hour < ${to} group by i) x) as histogram
    from check_hours where check_id = ${checkId} and hour >= ${from} and hour < ${to}`);
  const r = rows[0]!;
  return { runs: r.runs, latencySum: Number(r.latency_sum), histogram: (r.histogram ?? []).map(Number) };
}

export interface SeriesRow {
  bucket: Date;
  runs: number;
  pass: number;
  warn: number;
  fail: number;
  error: number;
  p50: number | null;
  p95: number | null;
  histogram: number[];
  /** p50/p95 are exact (raw runs only); otherwise estimate them from the histogram. */
  exact: boolean;
}

/**
 * Runs per time bucket of `stepSeconds` from `from`. Raw runs give exact percentiles; hours that
 * were rolled up give histograms. The two never overlap (a roll-up deletes the runs it counts),
 * so both are read for the whole window and added where a bucket has both.
 */
export async function series(db: DbOrTx, checkId: string, from: Date, to: Date, stepSeconds: number): Promise<SeriesRow[]> {
  const step = sql`make_interval(secs => ${stepSeconds})`;
  const [raw, hours] = await Promise.all([
    queryRows<SeriesRow>(db, sql`
      select date_bin(${step}, slot_at, ${from}::timestamptz) as bucket, ${counts},
        percentile_cont(0.5) within group (order by latency_ms) as p50,
        percentile_cont(0.95) within group (order by latency_ms) as p95,
        ${histogramOf(sql.raw('latency_ms'))} as histogram
      from check_runs
      where check_id = ${checkId} and slot_at >= ${from} and slot_at < ${to} and status is not null
      group by 1`),
    queryRows<Omit<SeriesRow, 'histogram'> & { histogram: number[][] }>(db, sql`
      select date_bin(${step}, hour, ${from}::timestamptz) as bucket,
        sum(runs)::int as runs, sum(pass)::int as pass, sum(warn)::int as warn, sum(fail)::int as fail, sum(error)::int as error,
        null as p50, null as p95, array_agg(latency_histogram) as histogram
      from check_hours
      where check_id = ${checkId} and hour >= ${from} and hour < ${to}
      group by 1`),
  ]);
  const byBucket = new Map<number, SeriesRow>();
  for (const r of hours) {
    // One histogram per hour in the bucket (a two-dimensional array), added up.
    const histogram = r.histogram.reduce((sum, h) => sum.map((n, i) => n + Number(h[i] ?? 0)), emptyHistogram());
    byBucket.set(new Date(r.bucket).getTime(), { ...r, bucket: new Date(r.bucket), histogram, exact: false });
  }
  for (const r of raw) {
    const key = new Date(r.bucket).getTime();
    const rolled = byBucket.get(key);
    const row = { ...r, bucket: new Date(r.bucket), histogram: r.histogram.map(Number), exact: true };
    byBucket.set(key, rolled ? sumRows(rolled, row) : row);
  }
  return [...byBucket.values()].sort((a, b) => a.bucket.getTime() - b.bucket.getTime());
}

function sumRows(a: SeriesRow, b: SeriesRow): SeriesRow {
  return {
    bucket: a.bucket,
    runs: a.runs + b.runs,
    pass: a.pass + b.pass,
    warn: a.warn + b.warn,
    fail: a.fail + b.fail,
    error: a.error + b.error,
    p50: null,
    p95: null,
    histogram: a.histogram.map((n, i) => n + (b.histogram[i] ?? 0)),
    exact: false,
  };
}

/**
 * Moves finished runs with a slot before `cutoff` into their hour's roll-up and deletes them, in
 * one statement (so a run is counted exactly once even if two processes roll up at once).
 * Returns how many runs moved.
 */
export async function rollUpRuns(db: DbOrTx, cutoff: Date): Promise<number> {
  const res = await queryRows<{ moved: number }>(db, sql`
    with moved as (
      delete from check_runs where slot_at < ${cutoff} and status is not null
      returning check_id, slot_at, status, latency_ms
    ), hours as (
      insert into check_hours (check_id, hour, runs, pass, warn, fail, error, latency_sum, latency_histogram)
      select check_id, date_trunc('hour', slot_at), ${counts}, coalesce(sum(latency_ms), 0), ${histogramOf(sql.raw('coalesce(latency_ms, 0)'))}
      from moved group by 1, 2
      on conflict (check_id, hour) do update set
        runs = check_hours.runs + excluded.runs,
        pass = check_hours.pass + excluded.pass,
        warn = check_hours.warn + excluded.warn,
        fail = check_hours.fail + excluded.fail,
        error = check_hours.error + excluded.error,
        latency_sum = check_hours.latency_sum + excluded.latency_sum,
        latency_histogram = array(select a + b from unnest(check_hours.latency_histogram, excluded.latency_histogram) with ordinality as t(a, b, i) order by i)
      returning 1
    )
    select count(*)::int as moved from moved`);
  return res[0]?.moved ?? 0;
}
