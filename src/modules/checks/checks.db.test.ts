import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { listen, type Listening } from './kinds/test-peers.ts';

const TOKEN = 'sk_live_4f9c2e7b1a8d6053';

/**
 * Checks in the product, through the real server and real workers on the test database: set up
 * with secrets, run on demand through the job queue, and what a result does to its item.
 */
describe('checks bound to items', () => {
  let t: TestApp;
  let owner: string;
  let id: string;
  let target: Listening;
  let healthy = true;
  const base = () => `/api/v1/deployments/${id}`;
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, token = owner) =>
    t.app.inject({ method, url: `${base()}${url}`, headers: auth(token), ...(payload ? { payload } : {}) });
  const targetUrl = (path = '/healthz') => `http://127.0.0.1:${target.port}${path}`;

  /** Runs the check now and waits for a worker to fill in the result. */
  async function runNow(checkId: string) {
    const queued = await api('POST', `/checks/${checkId}/runs`);
    expect(queued.statusCode).toBe(202);
    expect(queued.json()).toMatchObject({ trigger: 'manual', status: null });
    return t.until(async () => {
      const run = (await api('GET', `/checks/${checkId}/runs/${queued.json().id}`)).json();
      return run.status ? run : undefined;
    });
  }

  beforeAll(async () => {
    t = await createTestApp({ workers: true, env: { GOLIVE_CHECK_CONCURRENCY: '4' } });
    owner = await t.setupOwner();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Kopi Nusantara', clientName: 'Kopi Nusantara', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } });
    id = res.json().id;
    target = await listen(
      http.createServer((req, res) => {
        if (req.url === '/echo-auth') {
          // A careless service that reflects the credential it got: the check must not keep it.
          res.writeHead(401, { 'x-seen-authorization': req.headers.authorization ?? '' }).end('denied');
          return;
        }
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('no');
        res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: healthy ? 'ok' : 'degraded' }));
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await target.close();
  });

  const httpCheck = (over: object = {}) => ({
    name: 'Email API answers',
    kind: 'http',
    itemKey: 'system-integrations.4',
    onPass: 'complete',
    config: { url: targetUrl(), headers: { Authorization: 'Bearer ${API_TOKEN}' }, expect: { status: 200, json: [{ path: '$.status', equals: 'ok' }] } },
    secrets: { API_TOKEN: TOKEN },
    ...over,
  });

  it('describes every kind with its default deadline and its config as JSON Schema', async () => {
    const kinds = (await t.app.inject({ url: '/api/v1/check-kinds', headers: auth(owner) })).json().items;
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(expect.arrayContaining(['http', 'tls', 'dns', 'postgres', 'redis', 'smtp', 'oidc', 'saml-metadata', 'load-test', 'backup-restore', 'vendor-api']));
    const http = kinds.find((k: { kind: string }) => k.kind === 'http');
    expect(http).toMatchObject({ defaultTimeoutMs: 10_000, config: { type: 'object', required: ['url'] } });
    expect(http.config.properties.expect).toBeTruthy();
  });

  it('refuses a credential written into the config, a reference without its secret, an unknown kind or item', async () => {
    const literal = await api('POST', '/checks', httpCheck({ config: { url: targetUrl(), headers: { Authorization: `Bearer ${TOKEN}` } }, secrets: {} }));
    expect(literal.statusCode).toBe(400);
    expect(literal.json().message).toMatch(/headers\.Authorization.*\$\{NAME\}/);
    const urlPassword = await api('POST', '/checks', { name: 'DB', kind: 'postgres', config: { url: 'postgres://app:hunter2@db.internal:5432/app' } });
    expect(urlPassword.statusCode).toBe(400);
    expect(urlPassword.json().message).toMatch(/password in the URL/);
    const missing = await api('POST', '/checks', httpCheck({ secrets: {} }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/\$\{API_TOKEN\}.*no secret/);
    expect((await api('POST', '/checks', httpCheck({ kind: 'ftp' }))).json().message).toMatch(/Unknown check kind "ftp"/);
    expect((await api('POST', '/checks', httpCheck({ itemKey: 'system-integrations.99' }))).json().message).toMatch(/no item system-integrations\.99/);
    expect((await api('POST', '/checks', httpCheck({ config: { url: 'ftp://x' } }))).statusCode).toBe(400);
  });

  it('stores secrets sealed and never returns them', async () => {
    const res = await api('POST', '/checks', httpCheck());
    expect(res.statusCode).toBe(201);
    const check = res.json();
    expect(check).toMatchObject({ kind: 'http', itemKey: 'system-integrations.4', secretNames: ['API_TOKEN'], intervalSeconds: null, lastRun: null, restricted: false });
    expect(res.body).not.toContain(TOKEN);
    const stored = await t.services.database.executeSql('select secrets::text as s, config::text as c from checks where id = $1', [check.id]);
    expect(stored.rows[0].s).toMatch(/"API_TOKEN": "v1\./);
    expect(stored.rows[0].s + stored.rows[0].c).not.toContain(TOKEN);
    expect((await api('POST', '/checks', httpCheck())).statusCode).toBe(409); // the name is taken
  });

  it('runs on demand through a worker; a pass is the item’s evidence and completes it', async () => {
    const [check] = (await api('GET', '/checks?item=system-integrations.4')).json().items;
    const run = await runNow(check.id);
    expect(run).toMatchObject({ status: 'pass', trigger: 'manual', latencyMs: expect.any(Number), measurements: expect.objectContaining({ status: 200 }), startedAt: expect.any(String) });
    const item = (await t.app.inject({ url: `${base()}/items/system-integrations.4`, headers: auth(owner) })).json();
    expect(item).toMatchObject({ state: 'done', checks: { total: 1, passing: 1, failing: 0 } });
    const evidence = (await t.app.inject({ url: `${base()}/items/system-integrations.4/evidence`, headers: auth(owner) })).json().items;
    expect(evidence[0]).toMatchObject({ kind: 'check', createdBy: null, result: { checkId: check.id, status: 'pass', configHash: check.configHash, runId: run.id } });
    const history = (await t.app.inject({ url: `${base()}/items/system-integrations.4/history`, headers: auth(owner) })).json().items;
    expect(history[0]).toMatchObject({ to: 'done', actor: null, note: expect.stringContaining('Completed by check "Email API answers"') });
  });

  it('flags the item when its check fails, and writes it on the item’s history', async () => {
    const created = (await api('POST', '/checks', httpCheck({ name: 'Redis health', itemKey: 'environment-setup.4', onPass: 'suggest' }))).json();
    healthy = false;
    try {
      const run = await runNow(created.id);
      expect(run).toMatchObject({ status: 'fail', message: expect.stringContaining('503') });
    } finally {
      healthy = true;
    }
    const item = (await t.app.inject({ url: `${base()}/items/environment-setup.4`, headers: auth(owner) })).json();
    expect(item).toMatchObject({ state: 'todo', checks: { total: 1, passing: 0, failing: 1, suggestsDone: false } });
    const history = (await t.app.inject({ url: `${base()}/items/environment-setup.4/history`, headers: auth(owner) })).json().items;
    expect(history[0].note).toMatch(/Check "Redis health" failed/);

    // Passing again: a suggestion to complete, not a completion.
    expect((await runNow(created.id)).status).toBe('pass');
    const after = (await t.app.inject({ url: `${base()}/items/environment-setup.4`, headers: auth(owner) })).json();
    expect(after).toMatchObject({ state: 'todo', checks: { passing: 1, failing: 0, suggestsDone: true } });
  });

  it('adds evidence but does not complete an item whose dependencies are open', async () => {
    const created = (await api('POST', '/checks', httpCheck({ name: 'Certificate', itemKey: 'application-deployment.4' }))).json();
    expect((await api('PATCH', `/checks/${created.id}`, { onPass: 'complete' })).json().onPass).toBe('complete');
    expect((await runNow(created.id)).status).toBe('pass');
    const item = (await t.app.inject({ url: `${base()}/items/application-deployment.4`, headers: auth(owner) })).json();
    expect(item).toMatchObject({ state: 'todo', evidenceCount: 1 });
  });

  it('redacts secret values from what a run keeps, even when the target reflects them', async () => {
    const created = (await api('POST', '/checks', httpCheck({ name: 'Reflecting', itemKey: null, config: { url: targetUrl('/echo-auth'), headers: { Authorization: 'Bearer ${API_TOKEN}' }, expect: { status: 200, headers: { 'x-seen-authorization': 'nothing' } } } }))).json();
    const run = await runNow(created.id);
    expect(run.status).toBe('fail');
    const everything = JSON.stringify([run, (await api('GET', `/checks/${created.id}`)).json(), (await t.app.inject({ url: `/api/v1/audit?deploymentId=${id}`, headers: auth(owner) })).json()]);
    expect(everything).not.toContain(TOKEN);
  });

  it('changes secrets without returning them; a new configuration must prove itself again', async () => {
    const [check] = (await api('GET', '/checks?item=system-integrations.4')).json().items;
    const wrong = await api('PATCH', `/checks/${check.id}`, { secrets: { API_TOKEN: 'sk_live_wrong_value_000' }, version: check.version });
    expect(wrong.statusCode).toBe(200);
    expect(wrong.json().configHash).not.toBe(check.configHash);
    expect((await api('PATCH', `/checks/${check.id}`, { name: 'x', version: check.version })).statusCode).toBe(409);
    expect((await runNow(check.id)).status).toBe('fail');
    expect((await api('PATCH', `/checks/${check.id}`, { secrets: { API_TOKEN: null } })).json().message).toMatch(/no secret of that name/);
  });

  it('keeps a client user’s checks off private targets and the workers’ files, unless the workspace allows targets', async () => {
    const orgs: { id: string; name: string }[] = (await t.app.inject({ url: '/api/v1/organizations', headers: auth(owner) })).json().items;
    const clientOrg = orgs.find((o) => o.name === 'Kopi Nusantara')!.id; // made with the deployment
    const director = await t.addUser(owner, { email: 'it@kopinusantara.test', workspaceRole: 'client_user', organizationId: clientOrg });
    await t.app.inject({ method: 'POST', url: `${base()}/members`, headers: auth(owner), payload: { userId: director.id, role: 'it_director' } });

    const files = await api('POST', '/checks', { name: 'Their restore drill', kind: 'backup-restore', config: { source: 'postgres://u@db.kopi.test/pos', pgBinDir: '/tmp/evil' } }, director.token);
    expect(files.statusCode).toBe(400);
    expect(files.json().message).toMatch(/may not name programs or files.*pgBinDir/);
    const sslKey = await api('POST', '/checks', { name: 'Their db', kind: 'postgres', config: { url: 'postgres://u@db.kopi.test/pos?sslkey=/etc/golive/key.pem' } }, director.token);
    expect(sslKey.json().message).toMatch(/\?sslkey=/);

    const created = await api('POST', '/checks', httpCheck({ name: 'Their health', itemKey: null, onPass: 'evidence' }), director.token);
    expect(created.statusCode).toBe(201);
    expect(created.json().restricted).toBe(true);
    const refused = await runNow(created.json().id);
    expect(refused).toMatchObject({ status: 'error', message: expect.stringMatching(/loopback/) });

    const allow = await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: auth(owner), payload: { allowPrivateCheckTargets: true } });
    expect(allow.json()).toMatchObject({ allowPrivateCheckTargets: true });
    expect((await runNow(created.json().id)).status).toBe('pass');
    await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: auth(owner), payload: { allowPrivateCheckTargets: false } });
  });

  it('records runs of a cancelled deployment’s checks without changing its items', async () => {
    const other = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Cancelled chain', clientName: 'Kopi Nusantara', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json().id;
    const created = (await t.app.inject({ method: 'POST', url: `/api/v1/deployments/${other}/checks`, headers: auth(owner), payload: httpCheck() })).json();
    const cancel = await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${other}`, headers: auth(owner), payload: { status: 'cancelled', reason: 'The chain postponed its rollout to next year.' } });
    expect(cancel.json().status).toBe('cancelled');
    const queued = (await t.app.inject({ method: 'POST', url: `/api/v1/deployments/${other}/checks/${created.id}/runs`, headers: auth(owner) })).json();
    const run = await t.until(async () => {
      const r = (await t.app.inject({ url: `/api/v1/deployments/${other}/checks/${created.id}/runs/${queued.id}`, headers: auth(owner) })).json();
      return r.status ? r : undefined;
    });
    expect(run.status).toBe('pass');
    const item = (await t.app.inject({ url: `/api/v1/deployments/${other}/items/system-integrations.4`, headers: auth(owner) })).json();
    expect(item).toMatchObject({ state: 'todo', evidenceCount: 0 });
  });

  it('deletes a check with its runs; the evidence it produced stays', async () => {
    const created = (await api('POST', '/checks', httpCheck({ name: 'Temporary', itemKey: 'system-integrations.5' }))).json();
    await runNow(created.id);
    expect((await api('DELETE', `/checks/${created.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/checks/${created.id}`)).statusCode).toBe(404);
    const runs = await t.services.database.executeSql('select count(*)::int as n from check_runs where check_id = $1', [created.id]);
    expect(runs.rows[0].n).toBe(0);
    const item = (await t.app.inject({ url: `${base()}/items/system-integrations.5`, headers: auth(owner) })).json();
    expect(item).toMatchObject({ evidenceCount: 1, checks: null });
  });
});
