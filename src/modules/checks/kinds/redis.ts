import type { TLSSocket } from 'node:tls';
import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';
import { defineCheckKind, type CheckResult } from '../check.ts';
import { TargetRefused, vettedAddress } from '../target-guard.ts';
import { pemCertificates } from './fields.ts';
import { passwordOf, redactSecret } from './redact.ts';

/**
 * `redis`: verifies what environment-setup.4 claims ("Redis cache configured"): the server
 * answers PING, has the expected role, eviction policy and persistence. Settings are read with
 * CONFIG GET and, where CONFIG is disabled or renamed (as managed services do), from INFO.
 *
 * The password never appears in a message or a measurement.
 */
const policies = ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const;

const config = z
  .object({
    /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
    url: z
      .string()
      .min(1)
      .max(2048)
      .regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL'),
    /** The role the server must have; `replica` also needs its link to the master up. */
    expectRole: z.enum(['master', 'replica']).optional(),
    /** The eviction policy the server must use (maxmemory-policy), e.g. allkeys-lru for a cache. */
    maxmemoryPolicy: z.enum(policies).optional(),
    /** rdb: snapshots configured; aof: append-only file on; any: at least one; none: neither (a pure cache). */
    persistence: z.enum(['rdb', 'aof', 'any', 'none']).optional(),
    /** rediss:// only: PEM certificates to trust instead of the public roots (a private CA). */
    ca: pemCertificates.optional(),
    /** rediss:// only: accept a certificate that does not verify; the result is then at best `warn`. */
    insecureSkipVerify: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.url.startsWith('rediss://') || (c.ca === undefined && !c.insecureSkipVerify), {
    message: 'ca and insecureSkipVerify need a rediss:// URL',
    path: ['url'],
  });

type Config = z.output<typeof config>;
type Outcome = Omit<CheckResult, 'durationMs'>;
type Measurements = Outcome['measurements'];

export const redisCheck = defineCheckKind({
  kind: 'redis',
  description: 'Redis answers PING with the expected role, eviction policy and persistence',
  config,
  defaultTimeoutMs: 5_000,
  targets(c: Config) {
    const o = urlOptions(c.url);
    if (o.sentinels) throw new Error('sentinels in the URL name hosts of their own');
    return [o.path || o.host || 'localhost'];
  },
  async run(c: Config, ctx) {
    const target = describeTarget(c.url);
    const redact = (s: string) => redactSecret(s, passwordOf(c.url));
    const budget = Math.max(100, Math.floor(ctx.timeoutMs * 0.9) - 50);
    const useTls = c.url.startsWith('rediss://');
    const fromUrl = urlOptions(c.url);
    // ioredis hands `tls` to tls.connect, so over TLS the guard's lookup vets the address at
    // connect time. A plain connection takes no lookup: under the guard it is given the address
    // the guard vetted (DNS asked again could answer another).
    const host = ctx.guard && !useTls ? await vettedAddress(ctx.guard, fromUrl.host || 'localhost') : fromUrl.host;
    const redis = new Redis({
      ...fromUrl,
      host,
      ...(useTls ? { tls: { rejectUnauthorized: !c.insecureSkipVerify, ...(c.ca ? { ca: [c.ca] } : {}), lookup: ctx.guard?.lookup } } : {}),
      lazyConnect: true,
      connectTimeout: budget,
      commandTimeout: budget,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      reconnectOnError: null,
      enableReadyCheck: true,
      disableClientInfo: true,
    });
    // ioredis reports the cause (WRONGPASS, ECONNREFUSED) as an 'error' event and then rejects
    // connect() with a generic "Connection is closed."; keep the cause for the message.
    let lastError: Error | undefined;
    redis.on('error', (e: Error) => (lastError = e));
    const abort = () => redis.disconnect();
    ctx.signal.addEventListener('abort', abort, { once: true });
    const measurements: Measurements = {};
    try {
      try {
        // The first error (WRONGPASS, a timed-out handshake) ends the attempt; ioredis itself
        // would only reject once its socket has closed, seconds later.
        await new Promise<void>((resolve, reject) => {
          redis.once('error', reject);
          redis.connect().then(resolve, reject);
        });
      } catch (e) {
        const cause = lastError ?? (e as Error);
        if (cause instanceof TargetRefused) throw cause; // not allowed to look: runCheck reports it
        return { status: 'fail', message: redact(`Could not connect to ${target}: ${connectError(cause, budget)}.`), measurements };
      }
      if (useTls) {
        const socket = redis.stream as TLSSocket;
        measurements.tlsProtocol = typeof socket.getProtocol === 'function' ? socket.getProtocol() : null;
        measurements.certificateTrusted = socket.authorized === true;
      }
      const t0 = performance.now();
      const pong = await redis.ping();
      measurements.pingMs = round(performance.now() - t0);
      if (pong !== 'PONG') return { status: 'fail', message: `${target} answered PING with "${String(pong).slice(0, 60)}".`, measurements };

      const info = parseInfo(await redis.info());
      const role = info.role === 'slave' ? 'replica' : (info.role ?? 'unknown');
      measurements.role = role;
      measurements.usedMemoryBytes = num(info.used_memory);
      measurements.aofEnabled = info.aof_enabled === undefined ? null : info.aof_enabled === '1';
      const lastSave = num(info.rdb_last_save_time);
      const now = num(info.server_time_usec) !== null ? num(info.server_time_usec)! / 1e6 : Date.now() / 1000;
      measurements.rdbLastSaveAgeSeconds = lastSave === null ? null : Math.max(0, Math.round(now - lastSave));
      if (role === 'master') measurements.connectedReplicas = num(info.connected_slaves);

      // CONFIG GET first; managed services and hardened servers disable it, INFO still tells the policy.
      const policy = await configGet(redis, 'maxmemory-policy');
      measurements.maxmemoryPolicy = policy.value ?? info.maxmemory_policy ?? null;
      const save = await configGet(redis, 'save');
      const rdbConfigured = save.value !== undefined ? save.value.trim() !== '' : null;
      // Without CONFIG, a server that has snapshotted since it started shows RDB is in use.
      let rdbEnabled = rdbConfigured;
      if (rdbEnabled === null && ((num(info.rdb_saves) ?? 0) > 0 || (num(info.rdb_last_bgsave_time_sec) ?? -1) >= 0)) rdbEnabled = true;
      measurements.rdbEnabled = rdbEnabled;
      measurements.settingsFrom = save.value !== undefined ? 'config' : 'info';

      const found = `${target} answered PING in ${measurements.pingMs} ms: ${role}, maxmemory-policy ${measurements.maxmemoryPolicy ?? 'unknown'}, ${persistenceText(rdbEnabled, measurements.aofEnabled)}`;
      const problems: string[] = [];
      let status: Outcome['status'] = 'pass';
      if (c.expectRole && c.expectRole !== role) problems.push(`expected role ${c.expectRole}`);
      if (c.expectRole === 'replica' && role === 'replica' && info.master_link_status !== 'up') {
        problems.push(`its link to the master is ${info.master_link_status ?? 'unknown'}`);
      }
      if (c.maxmemoryPolicy && measurements.maxmemoryPolicy !== c.maxmemoryPolicy) problems.push(`expected maxmemory-policy ${c.maxmemoryPolicy}`);
      if (c.persistence) {
        const aof = measurements.aofEnabled === true;
        const rdb = rdbEnabled === true;
        // true / false, or null when it hangs on RDB and CONFIG is off with no snapshot taken since start.
        const rdbOrUnknown = rdbEnabled === null ? null : rdb;
        const verdict = {
          aof,
          rdb: rdbOrUnknown,
          any: aof || rdb ? true : rdbOrUnknown,
          none: aof || rdb ? false : rdbOrUnknown === null ? null : true,
        }[c.persistence];
        if (verdict === null) {
          status = 'warn';
          problems.push(`cannot confirm persistence ${c.persistence}: CONFIG is disabled and no snapshot was taken since the server started`);
        } else if (!verdict) {
          problems.push(`expected persistence ${c.persistence}`);
        }
        if (c.persistence !== 'none') {
          if (rdb && info.rdb_last_bgsave_status && info.rdb_last_bgsave_status !== 'ok') problems.push(`its last RDB save failed (${info.rdb_last_bgsave_status})`);
          if (aof && info.aof_last_write_status && info.aof_last_write_status !== 'ok') problems.push(`its last AOF write failed (${info.aof_last_write_status})`);
        }
      }
      if (problems.length) {
        const hard = problems.some((p) => !p.startsWith('cannot confirm'));
        return { status: hard ? 'fail' : status, message: `${found}; ${problems.join('; ')}.`, measurements };
      }
      if (useTls && measurements.certificateTrusted === false) {
        const why = (redis.stream as TLSSocket).authorizationError;
        return { status: 'warn', message: `${found}; the certificate does not verify (${String(why ?? 'not trusted')}), allowed by insecureSkipVerify.`, measurements };
      }
      return { status: 'pass', message: `${found}.`, measurements };
    } catch (e) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? e;
      if (e instanceof TargetRefused) throw e;
      const msg = redact((e as Error).message ?? String(e));
      const timedOut = /timed out/i.test(msg);
      return {
        status: timedOut ? 'fail' : 'error',
        message: timedOut ? `${target} accepted the connection but did not answer within ${budget} ms.` : `${target}: a command failed: ${msg}.`,
        measurements,
      };
    } finally {
      ctx.signal.removeEventListener('abort', abort);
      redis.disconnect();
    }
  },
});

/** CONFIG GET one setting; `undefined` when CONFIG is disabled, renamed or denied by ACL. */
async function configGet(redis: Redis, name: string): Promise<{ value?: string }> {
  try {
    const res = (await redis.call('CONFIG', 'GET', name)) as string[];
    return res.length >= 2 ? { value: String(res[1]) } : {};
  } catch (e) {
    if (/unknown command|NOPERM|no permissions|disabled/i.test((e as Error).message)) return {};
    throw e;
  }
}

export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

function persistenceText(rdb: boolean | null, aof: Measurements[string]): string {
  const parts = [rdb === null ? 'RDB unknown' : rdb ? 'RDB on' : 'RDB off', aof === true ? 'AOF on' : aof === false ? 'AOF off' : 'AOF unknown'];
  return parts.join(', ');
}

/** The options ioredis reads from a URL: its query string may name the host (?host=), a socket (?path=) or sentinels. */
function urlOptions(url: string): RedisOptions {
  return new Redis(url, { lazyConnect: true }).options;
}

function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol === 'rediss:' ? 'rediss' : 'redis'} ${u.hostname || 'localhost'}:${u.port || '6379'}`;
  } catch {
    return 'the server';
  }
}

function connectError(e: Error, budget: number): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `the host name does not resolve (${err.code})`;
  if (err.code === 'ETIMEDOUT') return `no TCP connection within ${budget} ms`;
  if (/WRONGPASS|invalid username-password|invalid password/i.test(err.message)) return 'the server refused the credentials (WRONGPASS)';
  if (/NOAUTH/i.test(err.message)) return 'the server requires a password (NOAUTH) and none was accepted';
  const tlsCode = typeof err.code === 'string' ? err.code : '';
  if (/CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ERR_SSL/.test(tlsCode) || /certificate/i.test(err.message)) return `the TLS handshake failed: ${err.message}${tlsCode ? ` (${tlsCode})` : ''}`;
  if (/timed out/i.test(err.message)) return `the server accepted the connection but did not answer within ${budget} ms`;
  return err.message || String(e);
}

const num = (v: string | undefined): number | null => (v === undefined || v === '' || Number.isNaN(Number(v)) ? null : Number(v));
const round = (n: number) => Math.round(n * 100) / 100;
