import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { listen, type Listening } from './kinds/test-peers.ts';

const DEADLINE_MS = 1500;

/**
 * Targets that misbehave, run through the real workers: each run ends as fail or error within
 * its deadline, and the worker goes on running other checks.
 */
describe('checks against misbehaving targets, through the workers', () => {
  let t: TestApp;
  let owner: string;
  let id: string;
  const peers: Listening[] = [];
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    owner = await t.setupOwner();
    id = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Faults', clientName: 'Faulty Chain', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json().id;
    const servers: Record<string, net.Server> = {
      hang: net.createServer(() => {}), // accepts, never says a word
      reset: net.createServer((s) => s.resetAndDestroy()),
      garbage: net.createServer((s) => s.end(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0x0d, 0x0a, 0x0d]))),
      stream: http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const pump = () => {
          while (res.write(chunk));
          res.once('drain', pump);
        };
        pump();
      }),
      healthy: http.createServer((_req, res) => res.writeHead(200).end('ok')),
    };
    for (const [name, server] of Object.entries(servers)) {
      const l = await listen(server);
      peers.push(l);
      ports[name] = l.port;
    }
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(peers.map((p) => p.close()));
  });

  async function create(name: string, kind: string, config: object) {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/deployments/${id}/checks`, headers: auth(owner), payload: { name, kind, timeoutMs: DEADLINE_MS, config } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  async function runNow(checkId: string) {
    const queued = (await t.app.inject({ method: 'POST', url: `/api/v1/deployments/${id}/checks/${checkId}/runs`, headers: auth(owner) })).json();
    return t.until(async () => {
      const run = (await t.app.inject({ url: `/api/v1/deployments/${id}/checks/${checkId}/runs/${queued.id}`, headers: auth(owner) })).json();
      return run.status ? run : undefined;
    });
  }

  it('ends every run within its deadline as fail or error, and keeps working', async () => {
    const url = (peer: string) => `http://127.0.0.1:${ports[peer]}/`;
    const checks = {
      'http → hangs': await create('http hang', 'http', { url: url('hang') }),
      'http → resets': await create('http reset', 'http', { url: url('reset') }),
      'http → garbage': await create('http garbage', 'http', { url: url('garbage') }),
      'http → streams forever': await create('http stream', 'http', { url: url('stream') }),
      'tls → garbage': await create('tls garbage', 'tls', { host: '127.0.0.1', port: ports.garbage }),
      'tls → hangs': await create('tls hang', 'tls', { host: '127.0.0.1', port: ports.hang }),
      'tcp banner → hangs': await create('tcp hang', 'tcp', { host: '127.0.0.1', port: ports.hang, expectBanner: 'SSH-' }),
      'redis → garbage': await create('redis garbage', 'redis', { url: `redis://127.0.0.1:${ports.garbage}` }),
      'postgres → hangs': await create('postgres hang', 'postgres', { url: `postgres://app@127.0.0.1:${ports.hang}/app` }),
      'smtp → streams forever': await create('smtp stream', 'smtp', { host: '127.0.0.1', port: ports.stream }),
    };
    const runs = await Promise.all(Object.entries(checks).map(async ([name, checkId]) => ({ name, run: await runNow(checkId) })));
    for (const { name, run } of runs) {
      expect(['fail', 'error'], `${name}: ${run.status} ${run.message}`).toContain(run.status);
      // The deadline plus timer lag: ten runs and the embedded database share one event loop here.
      expect(run.durationMs, `${name} took ${run.durationMs} ms`).toBeLessThanOrEqual(DEADLINE_MS + 1000);
      expect(run.message.length, name).toBeGreaterThan(0);
    }
    const healthy = await create('healthy', 'http', { url: url('healthy') });
    expect((await runNow(healthy)).status).toBe('pass');
  });
});
