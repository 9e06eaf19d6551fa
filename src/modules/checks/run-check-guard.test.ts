import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCheckKind, type CheckKind } from './check.ts';
import { backupRestoreCheck } from './kinds/backup-restore.ts';
import { dnsCheck } from './kinds/dns.ts';
import { httpCheck } from './kinds/http.ts';
import { loadTestCheck } from './kinds/load-test.ts';
import { oidcCheck } from './kinds/oidc.ts';
import { postgresCheck } from './kinds/postgres.ts';
import { redisCheck } from './kinds/redis.ts';
import { samlMetadataCheck } from './kinds/saml-metadata.ts';
import { securityHeadersCheck } from './kinds/security-headers.ts';
import { smtpCheck } from './kinds/smtp.ts';
import { tcpCheck } from './kinds/tcp.ts';
import { fakeDns, listen, makeCa, makeLeaf, type Listening, type Pem } from './kinds/test-peers.ts';
import { tlsCheck } from './kinds/tls.ts';
import { vendorApiCheck } from './kinds/vendor-api.ts';
import { webhookCheck } from './kinds/webhook.ts';
import { checkKinds } from './registry.ts';
import { runCheck } from './run-check.ts';
import { createTargetGuard, type TargetGuard } from './target-guard.ts';

/**
 * Every kind under the target guard, against real peers on 127.0.0.1 that count what reaches
 * them: refused before connecting (`error`, the guard's words), and the same config without a
 * guard does reach them. Then the connect-time half: a redirect, a URL read from a discovery
 * document and a name that answers a public address first and 127.0.0.1 next (DNS rebinding).
 * Names are answered by fakeDns, so nothing leaves the machine.
 */

interface Peer {
  port: number;
  /** Connections (UDP: datagrams) received so far. */
  seen(): number;
  close(): Promise<void>;
}

async function counting(server: net.Server): Promise<Peer> {
  let n = 0;
  server.on('connection', () => n++);
  const l: Listening = await listen(server);
  return { port: l.port, seen: () => n, close: l.close };
}

let ca: Pem;
let web: Peer; // HTTP: an answer, redirects to `hidden`, a discovery document pointing at it
let hidden: Peer; // HTTP: what a guarded run must never reach
let tcp: Peer; // accepts and hangs up at once (postgres, redis, smtp, backup-restore, tcp)
let secure: Peer; // TLS
let udp: Peer; // a resolver that never answers

const PUBLIC = 'api.client.test'; // a public-looking name; fakeDns gives it a documentation address

beforeAll(async () => {
  ca = await makeCa();
  hidden = await counting(http.createServer((_req, res) => res.end('reached')));
  web = await counting(
    http.createServer((req, res) => {
      const host = req.headers.host ?? '';
      const to = (location: string) => res.writeHead(302, { location }).end();
      switch (req.url) {
        case '/to-loopback':
          return to(`http://127.0.0.1:${hidden.port}/`);
        case '/to-localhost':
          return to(`http://localhost:${hidden.port}/`);
        case '/to-mapped':
          return to(`http://[::ffff:127.0.0.1]:${hidden.port}/`);
        case '/.well-known/openid-configuration': {
          const issuer = `http://${host}`;
          const doc = { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `http://127.0.0.1:${hidden.port}/jwks` };
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
        }
        default:
          return res.end('ok');
      }
    }),
  );
  tcp = await counting(net.createServer((s) => s.destroy()));
  secure = await counting(tls.createServer(await makeLeaf(ca, [PUBLIC, '127.0.0.1'])));
  const socket = dgram.createSocket('udp4');
  let datagrams = 0;
  socket.on('message', () => datagrams++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  udp = { port: socket.address().port, seen: () => datagrams, close: () => new Promise((resolve) => socket.close(() => resolve())) };
});

afterAll(async () => {
  await Promise.all([web, hidden, tcp, secure, udp].map((p) => p?.close()));
});

const LOAD_TEST_MS = 17_000; // the load test refuses a deadline under its duration + 15 s

interface Case {
  kind: CheckKind;
  config: () => Record<string, unknown>;
  peer: () => Peer;
  timeoutMs?: number;
}

const cases: Case[] = [
  { kind: httpCheck, config: () => ({ url: `http://127.0.0.1:${web.port}/` }), peer: () => web },
  { kind: securityHeadersCheck, config: () => ({ url: `http://127.0.0.1:${web.port}/` }), peer: () => web },
  { kind: samlMetadataCheck, config: () => ({ url: `http://127.0.0.1:${web.port}/metadata` }), peer: () => web },
  { kind: webhookCheck, config: () => ({ url: `http://127.0.0.1:${web.port}/hook` }), peer: () => web },
  { kind: oidcCheck, config: () => ({ issuer: `http://127.0.0.1:${web.port}` }), peer: () => web },
  { kind: vendorApiCheck, config: () => ({ vendor: 'sendgrid', apiKey: 'SG.test-key', baseUrl: `http://127.0.0.1:${web.port}` }), peer: () => web },
  { kind: loadTestCheck, config: () => ({ url: `http://127.0.0.1:${web.port}/`, connections: 1, durationSeconds: 1 }), peer: () => web, timeoutMs: LOAD_TEST_MS },
  { kind: tlsCheck, config: () => ({ host: '127.0.0.1', port: secure.port, ca: ca.cert }), peer: () => secure },
  { kind: tcpCheck, config: () => ({ host: '127.0.0.1', port: tcp.port }), peer: () => tcp },
  { kind: dnsCheck, config: () => ({ name: 'app.golive.test', resolver: `127.0.0.1:${udp.port}` }), peer: () => udp, timeoutMs: 300 },
  { kind: postgresCheck, config: () => ({ url: `postgres://golive:pw@127.0.0.1:${tcp.port}/golive` }), peer: () => tcp },
  { kind: redisCheck, config: () => ({ url: `redis://127.0.0.1:${tcp.port}` }), peer: () => tcp },
  { kind: smtpCheck, config: () => ({ host: '127.0.0.1', port: tcp.port }), peer: () => tcp },
  { kind: backupRestoreCheck, config: () => ({ source: `postgres://golive:pw@127.0.0.1:${tcp.port}/golive` }), peer: () => tcp },
];

const LOOPBACK = /^127\.0\.0\.1 is a loopback address, which checks set up by client users may not reach\. A workspace owner can allow private targets/;

describe('every kind under the guard', () => {
  const guard = createTargetGuard(fakeDns({}));

  it('is covered here', () => {
    expect(cases.map((c) => c.kind.kind).sort()).toEqual([...checkKinds.keys()].sort());
    for (const kind of checkKinds.values()) expect(kind.targets, kind.kind).toBeTypeOf('function');
  });

  it.each(cases.map((c) => [c.kind.kind, c] as const))('%s: refused before it connects to 127.0.0.1; without a guard it gets there', async (_name, c) => {
    const config = c.kind.config.parse(c.config());
    const peer = c.peer();
    const before = peer.seen();
    const refused = await runCheck(c.kind, config, { guard, timeoutMs: c.timeoutMs ?? 2000 });
    expect(refused).toMatchObject({ status: 'error', measurements: { targetRefused: true } });
    expect(refused.message).toMatch(LOOPBACK);
    expect(peer.seen()).toBe(before);

    const open = await runCheck(c.kind, config, { timeoutMs: c.timeoutMs ?? 2000 });
    expect(open.measurements.targetRefused).toBeUndefined();
    expect(peer.seen()).toBeGreaterThan(before);
  });

  it('vets within the deadline: a resolver that never answers ends the run, and nothing is connected', async () => {
    const silent = createTargetGuard(() => new Promise(() => {}));
    const before = tcp.seen();
    const result = await runCheck(tcpCheck, tcpCheck.config.parse({ host: PUBLIC, port: tcp.port }), { guard: silent, timeoutMs: 200 });
    expect(result).toMatchObject({ status: 'fail', message: 'No answer within 200 ms.' });
    expect(tcp.seen()).toBe(before);
  });

  it('does not run a kind that cannot say which hosts it connects to', async () => {
    let ran = false;
    const opaque = defineCheckKind({ kind: 'opaque', description: 'no targets()', config: httpCheck.config, defaultTimeoutMs: 1000, run: async () => ((ran = true), { status: 'pass', message: 'ran', measurements: {} }) });
    const result = await runCheck(opaque, httpCheck.config.parse({ url: 'http://203.0.113.1/' }), { guard });
    expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/cannot say which hosts it connects to/) });
    expect(ran).toBe(false);
  });
});

describe('the hosts a kind names, read as its client library reads them', () => {
  const guard = createTargetGuard(fakeDns({ [PUBLIC]: ['203.0.113.10'], 'db.client.test': ['203.0.113.20'], 'cache.client.test': ['203.0.113.30'] }));
  const refusal = async (kind: CheckKind, config: Record<string, unknown>) => {
    const before = tcp.seen();
    const r = await runCheck(kind, kind.config.parse(config), { guard, timeoutMs: 2000 });
    expect(r.status).toBe('error');
    expect(tcp.seen()).toBe(before);
    return r.message;
  };

  it('postgres: a host, hostaddr or socket in the query string, and no host at all, are what pg and libpq connect to', async () => {
    expect(await refusal(postgresCheck, { url: `postgres://golive@db.client.test:${tcp.port}/x?host=127.0.0.1` })).toMatch(LOOPBACK);
    expect(await refusal(postgresCheck, { url: `postgres://golive@db.client.test:${tcp.port}/x?hostaddr=169.254.169.254` })).toMatch(/^169\.254\.169\.254 is a link-local address/);
    expect(await refusal(postgresCheck, { url: `postgres://golive@db.client.test,localhost/x` })).toMatch(/^localhost is a loopback address/);
    expect(await refusal(postgresCheck, { url: 'postgres://golive@%2Frun%2Fpostgresql/x' })).toMatch(/^\/run\/postgresql is a local \(Unix socket\) address/);
    expect(await refusal(postgresCheck, { url: 'postgres:///x' })).toMatch(/^localhost is a loopback address/);
    expect(await refusal(postgresCheck, { url: 'postgres://db.client.test/x?service=prod' })).toMatch(/cannot be vetted.*service file/);
  });

  it('backup-restore: the scratch server is vetted as well as the source', async () => {
    expect(await refusal(backupRestoreCheck, { source: 'postgres://golive@db.client.test/app', scratch: `postgres://golive@127.0.0.1:${tcp.port}/postgres` })).toMatch(LOOPBACK);
  });

  it('redis: ioredis takes the host or a socket path from the query string', async () => {
    expect(await refusal(redisCheck, { url: `redis://:pw@/?host=127.0.0.1&port=${tcp.port}` })).toMatch(LOOPBACK);
    expect(await refusal(redisCheck, { url: 'redis://cache.client.test/?path=/run/redis.sock' })).toMatch(/^\/run\/redis\.sock is a local \(Unix socket\) address/);
    expect(await refusal(redisCheck, { url: 'redis://cache.client.test/?sentinels=x&name=main' })).toMatch(/cannot be vetted.*sentinels/);
  });

  it('dns: the resolver asked is a target, the name asked about is not', () => {
    expect(dnsCheck.targets!(dnsCheck.config.parse({ name: 'localhost', resolver: '[::1]:5353' }))).toEqual(['::1']);
    expect(dnsCheck.targets!(dnsCheck.config.parse({ name: 'localhost' }))).toEqual([]);
  });

  it('vendor-api: the vendor’s own host unless baseUrl names another', () => {
    expect(vendorApiCheck.targets!(vendorApiCheck.config.parse({ vendor: 'twilio', accountSid: `AC${'0'.repeat(32)}`, authToken: 't' }))).toEqual(['api.twilio.com']);
  });
});

describe('at connect time', () => {
  /**
   * A guard whose pre-flight sees PUBLIC as a public address, and a network that routes PUBLIC
   * to the local server: the first hop is allowed and answered, every other host goes through
   * the guard as it is.
   */
  function routedGuard(): TargetGuard {
    const guard = createTargetGuard(fakeDns({ [PUBLIC]: ['203.0.113.10'] }));
    return { assertAllowed: guard.assertAllowed, lookup: (host, options, cb) => (host === PUBLIC ? dns.lookup('127.0.0.1', options, cb) : guard.lookup(host, options, cb)) };
  }

  it('an allowed host is reached through the guard’s lookup', async () => {
    const guard = routedGuard();
    expect(await runCheck(httpCheck, httpCheck.config.parse({ url: `http://${PUBLIC}:${web.port}/` }), { guard, timeoutMs: 2000 })).toMatchObject({ status: 'pass' });
    expect(await runCheck(tcpCheck, tcpCheck.config.parse({ host: PUBLIC, port: tcp.port }), { guard, timeoutMs: 2000 })).toMatchObject({ status: 'pass' });
    expect(await runCheck(tlsCheck, tlsCheck.config.parse({ host: PUBLIC, port: secure.port, ca: ca.cert }), { guard, timeoutMs: 2000 })).toMatchObject({ status: 'pass' });
  });

  it('clients that resolve names themselves (nodemailer, ioredis, autocannon over http) connect to the address the guard vetted', async () => {
    const guard = routedGuard();
    const before = tcp.seen();
    // The peer hangs up at once: a fail, but one that reached it, through the guard's answer.
    const smtp = await runCheck(smtpCheck, smtpCheck.config.parse({ host: PUBLIC, port: tcp.port }), { guard, timeoutMs: 2000 });
    expect(smtp).toMatchObject({ status: 'fail', message: expect.stringContaining(`${PUBLIC}:${tcp.port}`) });
    const redis = await runCheck(redisCheck, redisCheck.config.parse({ url: `redis://${PUBLIC}:${tcp.port}` }), { guard, timeoutMs: 2000 });
    expect(redis).toMatchObject({ status: 'fail' });
    expect(tcp.seen()).toBe(before + 2);

    // The load test's requests still name the host the user wrote.
    const hosts = new Set<string>();
    const named = await counting(http.createServer((req, res) => (hosts.add(req.headers.host ?? ''), res.end('ok'))));
    try {
      const url = `http://${PUBLIC}:${named.port}/`;
      const load = await runCheck(loadTestCheck, loadTestCheck.config.parse({ url, connections: 1, durationSeconds: 1 }), { guard, timeoutMs: LOAD_TEST_MS });
      expect(load).toMatchObject({ status: 'pass' });
      expect([...hosts]).toEqual([`${PUBLIC}:${named.port}`]);
    } finally {
      await named.close();
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)('postgres: an allowed name is reached through the guard’s lookup (pg’s socket resolves nothing itself)', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.hostname = PUBLIC;
    expect(await runCheck(postgresCheck, postgresCheck.config.parse({ url: url.toString() }), { guard: routedGuard(), timeoutMs: 5000 })).toMatchObject({ status: 'pass' });
  });

  it.each([
    ['/to-loopback', LOOPBACK],
    ['/to-localhost', /^localhost is a loopback address/],
    ['/to-mapped', /^::ffff:7f00:1 is a loopback address/],
  ])('a redirect (%s) to a forbidden host is refused at the redirect; without a guard it is followed', async (path, words) => {
    const before = { web: web.seen(), hidden: hidden.seen() };
    const guarded = await runCheck(httpCheck, httpCheck.config.parse({ url: `http://${PUBLIC}:${web.port}${path}` }), { guard: routedGuard(), timeoutMs: 2000 });
    expect(guarded).toMatchObject({ status: 'error', measurements: { targetRefused: true } });
    expect(guarded.message).toMatch(words);
    expect(web.seen()).toBe(before.web + 1);
    expect(hidden.seen()).toBe(before.hidden);

    const open = await runCheck(httpCheck, httpCheck.config.parse({ url: `http://127.0.0.1:${web.port}${path}` }), { timeoutMs: 2000 });
    expect(open).toMatchObject({ status: 'pass', measurements: { redirects: 1 } });
    expect(hidden.seen()).toBe(before.hidden + 1);
  });

  it('oidc: a jwks_uri on a forbidden host, read from the discovery document, is refused', async () => {
    const before = hidden.seen();
    const result = await runCheck(oidcCheck, oidcCheck.config.parse({ issuer: `http://${PUBLIC}:${web.port}` }), { guard: routedGuard(), timeoutMs: 2000 });
    expect(result).toMatchObject({ status: 'error', measurements: { targetRefused: true } });
    expect(result.message).toMatch(LOOPBACK);
    expect(hidden.seen()).toBe(before);
  });

  /** A name that answers a public address to the pre-flight and 127.0.0.1 when the socket asks. */
  const REBIND = 'rebind.client.test';
  const rebinding = () => {
    const resolve = fakeDns({ [REBIND]: [['203.0.113.66'], ['127.0.0.1']] });
    return { resolve, guard: createTargetGuard(resolve) };
  };

  it.each<[string, CheckKind, () => Record<string, unknown>, number?]>([
    ['http', httpCheck, () => ({ url: `http://${REBIND}:${tcp.port}/` })],
    ['webhook', webhookCheck, () => ({ url: `https://${REBIND}:${tcp.port}/hook` })],
    ['tls', tlsCheck, () => ({ host: REBIND, port: tcp.port })],
    ['tcp', tcpCheck, () => ({ host: REBIND, port: tcp.port })],
    ['postgres', postgresCheck, () => ({ url: `postgres://golive:pw@${REBIND}:${tcp.port}/golive` })],
    ['backup-restore', backupRestoreCheck, () => ({ source: `postgres://golive:pw@${REBIND}:${tcp.port}/golive` })],
    ['redis over TLS', redisCheck, () => ({ url: `rediss://${REBIND}:${tcp.port}` })],
    ['redis', redisCheck, () => ({ url: `redis://${REBIND}:${tcp.port}` })],
    ['smtp', smtpCheck, () => ({ host: REBIND, port: tcp.port })],
    ['smtp over implicit TLS', smtpCheck, () => ({ host: REBIND, port: tcp.port, secure: true })],
    ['load-test over https', loadTestCheck, () => ({ url: `https://${REBIND}:${tcp.port}/`, connections: 2, durationSeconds: 1 }), LOAD_TEST_MS],
    ['load-test over http', loadTestCheck, () => ({ url: `http://${REBIND}:${tcp.port}/`, connections: 2, durationSeconds: 1 }), LOAD_TEST_MS],
  ])('%s: a name that rebinds to 127.0.0.1 after the pre-flight is refused by the socket’s lookup', async (_name, kind, config, timeoutMs = 2000) => {
    const { resolve, guard } = rebinding();
    const before = tcp.seen();
    const result = await runCheck(kind, kind.config.parse(config()), { guard, timeoutMs });
    expect(result).toMatchObject({ status: 'error', measurements: { targetRefused: true } });
    expect(result.message).toMatch(/^rebind\.client\.test \(127\.0\.0\.1\) is a loopback address/);
    expect(resolve.asked.length).toBeGreaterThanOrEqual(2); // the pre-flight allowed it; the connection asked again
    expect(tcp.seen()).toBe(before);
    expect(result.durationMs).toBeLessThan(timeoutMs - 1000);
  });
});
