import pg from 'pg';
import { z } from 'zod';
import { defineCheckKind, type CheckResult } from '../check.ts';
import { guardedPgSocket, TargetRefused } from '../target-guard.ts';
import { describePostgresTarget, passwordOf, redactSecret } from './redact.ts';
import { postgresHosts } from './targets.ts';

/**
 * `postgres`: connects to a PostgreSQL server and verifies what environment-setup.3 claims
 * ("Database cluster deployed (PostgreSQL + replica)"): the server answers, runs at least
 * `minVersion`, and — with `expectReplica` — has a streaming replica whose replay lag is within
 * bounds. Pointed at a primary, the replicas are read from pg_stat_replication (the user needs
 * superuser or the pg_monitor role to see their state); pointed at a standby, the check
 * verifies pg_is_in_recovery(), that its WAL receiver is streaming, and its own replay lag.
 *
 * The password never appears in a message or a measurement.
 */
const config = z
  .object({
    /** postgres://user:password@host:port/db?sslmode=…; the password usually comes from ${ENV}. */
    url: z
      .string()
      .min(1)
      .max(2048)
      .regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL'),
    /** Lowest acceptable server version: 14, "14", "15.4". */
    minVersion: z
      .union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/, 'a version like 14 or 15.4')])
      .transform((v) => String(v))
      .optional(),
    /** What the server must be: a primary (not in recovery) or a standby. Default: either. */
    expectRole: z.enum(['primary', 'standby', 'any']).default('any'),
    /** Require replication: on a primary, at least `minReplicas` streaming replicas; on a standby, a streaming WAL receiver. */
    expectReplica: z.boolean().default(false),
    minReplicas: z.number().int().min(1).max(32).default(1),
    /** Largest acceptable replay lag, in seconds (the worst streaming replica on a primary). */
    maxLagSeconds: z.number().min(0).max(7 * 86_400).optional(),
    /** Largest acceptable replay lag, in bytes of WAL. */
    maxLagBytes: z.number().int().min(0).max(2 ** 50).optional(),
  })
  .strict()
  .refine((c) => c.expectReplica || (c.maxLagSeconds === undefined && c.maxLagBytes === undefined), {
    message: 'maxLagSeconds and maxLagBytes need expectReplica: true',
    path: ['expectReplica'],
  });

type Config = z.output<typeof config>;
type Outcome = Omit<CheckResult, 'durationMs'>;
type Measurements = Outcome['measurements'];

export const postgresCheck = defineCheckKind({
  kind: 'postgres',
  description: 'PostgreSQL answers, runs a recent enough version, and (optionally) has a streaming replica within a lag bound',
  config,
  defaultTimeoutMs: 10_000,
  // pg takes no lookup, so its socket is one that connects through the guard's: a name that
  // answered the pre-flight an allowed address and a forbidden one now (DNS rebinding) is refused.
  targets: (c: Config) => postgresHosts(c.url),
  async run(c: Config, ctx) {
    const target = describePostgresTarget(c.url);
    const password = passwordOf(c.url);
    const redact = (s: string) => redactSecret(s, password);
    // Leave a little of the deadline so the kind reports its own finding, not the runner's.
    const budget = Math.max(100, Math.floor(ctx.timeoutMs * 0.9) - 50);
    const { guard } = ctx;

    const client = new pg.Client({
      connectionString: c.url,
      connectionTimeoutMillis: budget,
      statement_timeout: budget,
      query_timeout: budget,
      application_name: 'golive-check',
      ...(guard ? { stream: () => guardedPgSocket(guard) } : {}),
    });
    // A late socket error after the result is in must not become an unhandled 'error' event.
    client.on('error', () => {});
    const abort = () => void client.end().catch(() => {});
    ctx.signal.addEventListener('abort', abort, { once: true });
    const measurements: Measurements = {};
    try {
      const t0 = performance.now();
      try {
        await client.connect();
      } catch (e) {
        if (e instanceof TargetRefused) throw e; // not allowed to look: runCheck reports it (below)
        return { status: 'fail', message: redact(`Could not connect to ${target}: ${connectError(e, budget)}.`), measurements };
      }
      measurements.connectMs = Math.round(performance.now() - t0);
      const info = await client.query<{ version: string; num: string; recovery: boolean }>(`select current_setting('server_version') as version, current_setting('server_version_num') as num, pg_is_in_recovery() as recovery`);
      const row = info.rows[0]!;
      const version = row.version.split(' ')[0]!;
      const role = row.recovery ? 'standby' : 'primary';
      measurements.version = version;
      measurements.role = role;
      const found: string[] = [`${target} answered: PostgreSQL ${version}, ${role}`];

      if (c.minVersion && compareVersion(Number(row.num), c.minVersion) < 0) {
        return { status: 'fail', message: `${found[0]}; the version is below the required ${c.minVersion}.`, measurements };
      }
      if (c.expectRole !== 'any' && c.expectRole !== role) {
        return { status: 'fail', message: `${found[0]}; expected a ${c.expectRole}.`, measurements };
      }
      if (!c.expectReplica) return { status: 'pass', message: `${found[0]}.`, measurements };

      const rep = role === 'primary' ? await primaryReplication(client) : await standbyReplication(client);
      Object.assign(measurements, rep.measurements);
      if (rep.problem) return { status: rep.problemStatus ?? 'fail', message: `${found[0]}; ${rep.problem}.`, measurements };
      if (role === 'primary' && rep.streaming < c.minReplicas) {
        return { status: 'fail', message: `${found[0]}; ${rep.summary}, but at least ${c.minReplicas} streaming replica${c.minReplicas === 1 ? ' is' : 's are'} required.`, measurements };
      }
      const lagSeconds = measurements.lagSeconds;
      const lagBytes = measurements.lagBytes;
      if (c.maxLagSeconds !== undefined && typeof lagSeconds === 'number' && lagSeconds > c.maxLagSeconds) {
        return { status: 'fail', message: `${found[0]}; ${rep.summary}, but replay lag ${lagSeconds} s is over ${c.maxLagSeconds} s.`, measurements };
      }
      if (c.maxLagBytes !== undefined && typeof lagBytes === 'number' && lagBytes > c.maxLagBytes) {
        return { status: 'fail', message: `${found[0]}; ${rep.summary}, but replay lag ${lagBytes} bytes is over ${c.maxLagBytes} bytes.`, measurements };
      }
      return { status: 'pass', message: `${found[0]}; ${rep.summary}.`, measurements };
    } catch (e) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? e;
      if (e instanceof TargetRefused) throw e;
      const msg = redact((e as Error).message ?? String(e));
      const timedOut = /timeout|canceling statement/i.test(msg);
      return { status: timedOut ? 'fail' : 'error', message: `${target} connected, but a query failed: ${msg}.`, measurements };
    } finally {
      ctx.signal.removeEventListener('abort', abort);
      await client.end().catch(() => {});
    }
  },
});

interface Replication {
  streaming: number;
  summary: string;
  problem?: string;
  problemStatus?: 'fail' | 'error';
  measurements: Measurements;
}

/** On a primary: the streaming replicas and the worst replay lag among them. */
async function primaryReplication(client: pg.Client): Promise<Replication> {
  const res = await client.query<{ state: string | null; lag_seconds: number | null; lag_bytes: string | null; name: string | null }>(`select state, application_name as name,
                  extract(epoch from replay_lag)::float8 as lag_seconds,
                  pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text as lag_bytes
             from pg_stat_replication`);
  const rows = res.rows;
  if (rows.length > 0 && rows.every((r) => r.state === null)) {
    return {
      streaming: 0,
      summary: '',
      problem: `${rows.length} replication connection(s) exist, but this user cannot see their state (grant it pg_monitor)`,
      problemStatus: 'error',
      measurements: { replicas: null },
    };
  }
  const streaming = rows.filter((r) => r.state === 'streaming');
  // A caught-up, idle replica reports NULL replay_lag after a while: no lag to measure.
  const lagSeconds = streaming.length ? Math.max(...streaming.map((r) => r.lag_seconds ?? 0)) : null;
  const lagBytes = streaming.length ? Math.max(...streaming.map((r) => Math.max(0, Number(r.lag_bytes ?? 0)))) : null;
  const others = rows.filter((r) => r.state !== 'streaming').map((r) => `${r.name || 'unnamed'} ${r.state}`);
  let summary = streaming.length === 0 ? 'no streaming replica' : `${streaming.length} streaming replica${streaming.length === 1 ? '' : 's'}, replay lag ${round(lagSeconds!)} s / ${lagBytes} bytes`;
  if (others.length) summary += ` (also: ${others.join(', ')})`;
  return {
    streaming: streaming.length,
    summary,
    measurements: { replicas: streaming.length, lagSeconds: lagSeconds === null ? null : round(lagSeconds), lagBytes },
  };
}

/** On a standby: is it receiving WAL, and how far behind is its replay. */
async function standbyReplication(client: pg.Client): Promise<Replication> {
  const res = await client.query<{ status: string | null; lag_seconds: number | null; lag_bytes: string | null }>(`select (select status from pg_stat_wal_receiver limit 1) as status,
                  case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                       else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag_seconds,
                  pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::text as lag_bytes`);
  const row = res.rows[0]!;
  const lagSeconds = row.lag_seconds === null ? null : round(Math.max(0, row.lag_seconds));
  const lagBytes = row.lag_bytes === null ? null : Math.max(0, Number(row.lag_bytes));
  const measurements: Measurements = { replicas: null, walReceiver: row.status, lagSeconds, lagBytes };
  if (row.status !== 'streaming') {
    return { streaming: 0, summary: '', problem: `this standby is not streaming from a primary (WAL receiver: ${row.status ?? 'not running'})`, measurements };
  }
  return { streaming: 1, summary: `streaming from its primary, replay lag ${lagSeconds ?? '?'} s / ${lagBytes ?? '?'} bytes`, measurements };
}

/** -1, 0 or 1 as server_version_num is below, at or above "14" / "15.4". */
export function compareVersion(serverVersionNum: number, wanted: string): number {
  const [major = 0, minor = 0] = wanted.split('.').map(Number);
  const want = major >= 10 ? major * 10_000 + minor : major * 10_000 + minor * 100;
  return Math.sign(serverVersionNum - want);
}


function connectError(e: unknown, budget: number): string {
  const err = e as NodeJS.ErrnoException & { code?: string };
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `the host name does not resolve (${err.code})`;
  if (/timeout expired|Connection terminated due to connection timeout/i.test(err.message ?? '')) {
    return `no PostgreSQL handshake within ${budget} ms (the port accepts connections but does not answer)`;
  }
  return err.message || String(e);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
