import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, PASSWORD, type TestApp } from './helpers/app.ts';
import type { JsonSchema } from './helpers/json-schema-arb.ts';
import { dateStringArb, wrongTypeArb } from './helpers/json-schema-arb.ts';
import { MOKA_SMALL } from './fixtures/moka-small.ts';
import { countNodes, describeExchange, multipartBody, mutateJson, operationsOf, requestArb, type FuzzRequest, type Operation, type RequestArbOptions } from './helpers/fuzz-http.ts';

/**
 * No request can cause a 5xx. Every operation of the API's own OpenAPI document is driven
 * with generated requests: path parameters (fixture ids, random, long, unicode, traversal),
 * query strings, bodies from the operation's JSON schema (mostly valid, partly corrupted),
 * and raw garbage (invalid JSON, wrong content types, truncated multipart, over-limit bodies),
 * as the owner most of the time and sometimes as a client user, nobody, or a bad credential.
 * Every answer must be < 500, and every error must have the shape {error, message, requestId}.
 *
 * Reproduce a failure with the printed seed: FUZZ_SEED=<seed> (and FUZZ_RUNS=<n> for more cases).
 */
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_261_102);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

const EXCLUDED = (path: string) => path === '/metrics' || path.startsWith('/api/docs');

/** A stable per-operation seed, so adding an operation does not change the others' cases. */
function seedFor(name: string): number {
  let h = BASE_SEED | 0;
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

// Destructive operations run last so they do not starve the others of fixture state.
const LAST = [
  'DELETE /api/v1/tokens/{tokenId}',
  'DELETE /api/v1/deployments/{id}/members/{userId}',
  'DELETE /api/v1/deployments/{id}/maintenance/{windowId}',
  'DELETE /api/v1/deployments/{id}/webhooks/{webhookId}',
  'DELETE /api/v1/deployments/{id}/checks/{checkId}',
  'PATCH /api/v1/deployments/{id}',
];
const order = (op: Operation) => LAST.indexOf(`${op.method} ${op.path}`);

/** Sends one request and checks the two promises: no 5xx; errors have the error shape. */
async function exchange(t: TestApp, req: FuzzRequest, tally?: Map<number, number>): Promise<number> {
  let res;
  try {
    res = await t.app.inject({
      method: req.method as 'GET',
      url: req.url,
      headers: req.headers,
      ...(req.payload !== undefined ? { payload: req.payload } : {}),
      ...(req.remoteAddress ? { remoteAddress: req.remoteAddress } : {}),
    });
  } catch (e) {
    throw new Error(`inject threw ${(e as Error).message}\n${describeExchange(req, { statusCode: 0, headers: {}, body: '' })}`);
  }
  tally?.set(res.statusCode, (tally.get(res.statusCode) ?? 0) + 1);
  const told = () => describeExchange(req, res);
  if (res.statusCode >= 500) throw new Error(`5xx answer:\n${told()}`);
  if (res.statusCode >= 400) {
    let body: unknown;
    try {
      body = res.json();
    } catch {
      throw new Error(`error answer is not JSON:\n${told()}`);
    }
    const b = body as Record<string, unknown>;
    if (typeof b.error !== 'string' || typeof b.message !== 'string' || typeof b.requestId !== 'string') {
      throw new Error(`error answer lacks {error, message, requestId}:\n${told()}`);
    }
  }
  return res.statusCode;
}

/** fast-check's report (seed, path, counterexample) with the failing exchange it wraps as `cause`. */
function failureText(e: unknown): string {
  const err = e as Error & { cause?: unknown };
  const cause = err.cause instanceof Error ? `\n\nCaused by: ${err.cause.message}` : '';
  return `${err.message.replace(/Counterexample: .*/s, (m) => (m.length > 3000 ? `${m.slice(0, 3000)}…` : m))}${cause}`;
}

// The app is built at collection time so that one `it` per operation can be declared from
// the OpenAPI document the app itself serves.
const t = await createTestApp();
const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json();
const operations = operationsOf(openapi, EXCLUDED).sort((a, b) => order(a) - order(b));
const components = (openapi.components?.schemas ?? {}) as Record<string, JsonSchema>;

describe('API fuzz: no request causes a 5xx', () => {
  let opts: RequestArbOptions;
  let ownerToken: string;
  const tallies = new Map<string, Map<number, number>>();

  beforeAll(async () => {
    ownerToken = await t.setupOwner();
    const as = { headers: auth(ownerToken) };
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: 'POST', url, ...as, payload });
      if (res.statusCode >= 300) throw new Error(`fixture ${url}: ${res.body}`);
      return res.json();
    };
    const orgs = (await t.app.inject({ url: '/api/v1/organizations', ...as })).json().items as { id: string; kind: string }[];
    const vendorOrg = orgs.find((o) => o.kind === 'vendor')!.id;
    const clientOrg = (await post('/api/v1/organizations', { name: 'Client A' })).id as string;
    const depA = (await post('/api/v1/deployments', { name: 'Fuzz A', clientName: 'Client A', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' })).id as string;
    const depB = (await post('/api/v1/deployments', { name: 'Fuzz B', clientName: 'Client A', templateKey: 'enterprise-deployment', kickoffOn: '2026-12-07' })).id as string;
    const engineer = await t.addUser(ownerToken, { email: 'ie@pwbi.test', workspaceRole: 'vendor_staff', organizationId: vendorOrg });
    const client = await t.addUser(ownerToken, { email: 'it@client-a.test', workspaceRole: 'client_user', organizationId: clientOrg });
    const spare = await t.addUser(ownerToken, { email: 'spare@pwbi.test', workspaceRole: 'vendor_staff', organizationId: vendorOrg });
    for (const dep of [depA, depB]) {
      await post(`/api/v1/deployments/${dep}/members`, { userId: engineer.id, role: 'implementation_engineer' });
      await post(`/api/v1/deployments/${dep}/members`, { userId: client.id, role: 'it_director' });
    }
    await post(`/api/v1/deployments/${depA}/items/environment-setup.1/comments`, { body: 'fixture comment' });
    const noteEvidence = (await post(`/api/v1/deployments/${depA}/items/environment-setup.1/evidence`, { kind: 'note', note: 'fixture note' })).id as string;
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/deployments/${depA}/items/environment-setup.1/evidence`,
      headers: { ...auth(ownerToken), 'content-type': 'multipart/form-data; boundary=fx' },
      payload: multipartBody('fx', [{ name: 'note', data: 'a file' }, { name: 'file', filename: 'iac.txt', contentType: 'text/plain', data: 'terraform apply' }]),
    });
    if (upload.statusCode !== 201) throw new Error(`fixture upload: ${upload.body}`);
    const fileEvidence = upload.json().id as string;
    const spareToken = (await post('/api/v1/tokens', { name: 'spare' })).id as string;
    const draft = await post('/api/v1/templates/enterprise-deployment/copy', {});
    const otherOwner = await t.otherTenant();
    const otherDep = (
      await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(otherOwner), payload: { name: 'Other', clientName: 'Other Client', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' } })
    ).json().id as string;

    const monitor = await post(`/api/v1/deployments/${depA}/checks`, { name: 'Fixture monitor', kind: 'http', itemKey: 'environment-setup.4', intervalSeconds: 60, config: { url: 'http://127.0.0.1:9/health', headers: { Authorization: 'Bearer ${TOKEN}' } }, secrets: { TOKEN: 'fixture-secret-value' } });
    const run = await post(`/api/v1/deployments/${depA}/checks/${monitor.id}/runs`, {});
    const window = await post(`/api/v1/deployments/${depA}/maintenance`, { startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-11-20T02:00:00Z', reason: 'fixture' });
    const webhook = await post(`/api/v1/deployments/${depA}/webhooks`, { url: 'http://127.0.0.1:9/hook' });
    // Migration: a target, an import (marked completed: no worker runs here) and a reconciliation of it.
    const putTarget = await t.app.inject({ method: 'PUT', url: `/api/v1/deployments/${depA}/import-targets/production`, ...as, payload: { url: 'postgres://loader:pw@127.0.0.1:9/pos', schema: 'pos' } });
    if (putTarget.statusCode !== 200) throw new Error(`fixture target: ${putTarget.body}`);
    const mokaUpload = multipartBody('mk', [{ name: 'environment', data: 'production' }, { name: 'profile', data: 'moka' }, { name: 'file', filename: 'moka.csv', contentType: 'text/csv', data: MOKA_SMALL }]);
    const imported = await t.app.inject({ method: 'POST', url: `/api/v1/deployments/${depA}/imports`, headers: { ...auth(ownerToken), 'content-type': 'multipart/form-data; boundary=mk' }, payload: mokaUpload });
    if (imported.statusCode !== 202) throw new Error(`fixture import: ${imported.body}`);
    const importId = imported.json().id as string;
    await t.services.database.executeSql("update import_runs set status = 'completed', rejects_by_reason = '{\"bad_date\": 1}' where id = $1", [importId]);
    const reconciliation = await post(`/api/v1/deployments/${depA}/reconciliations`, { environment: 'production' });

    const doc = draft.document as Record<string, unknown>;
    const nodes = countNodes(doc);
    const mutatedDoc = fc.tuple(fc.nat({ max: nodes - 1 }), wrongTypeArb, fc.boolean()).map(([i, v, keep]) => (keep ? doc : mutateJson(doc, i, v)));
    const itemKeys = ['environment-setup.1', 'business-requirements.1', 'launch-day.1', 'uat.3', 'success-technical.1', 'success-business.4', 'handoff-to-support.1'];

    opts = {
      components,
      credentials: {
        owner: { weight: 16, headers: auth(ownerToken) },
        'client user (it_director)': { weight: 2, headers: auth(client.token) },
        'vendor staff (implementation_engineer)': { weight: 1, headers: auth(engineer.token) },
        'other tenant owner': { weight: 1, headers: auth(otherOwner) },
        nobody: { weight: 2, headers: {} },
      },
      pathPools: {
        id: [depA, depA, depA, depB, otherDep, randomUUID()],
        key: itemKeys,
        '/api/v1/templates/{key}:key': ['enterprise-deployment', 'enterprise-deployment', 'nope'],
        '/api/v1/templates/{key}/export:key': ['enterprise-deployment'],
        '/api/v1/templates/{key}/copy:key': ['enterprise-deployment'],
        '/api/v1/templates/{key}/versions/{version}:key': ['enterprise-deployment'],
        '/api/v1/templates/{key}/versions/{version}/publish:key': ['enterprise-deployment'],
        version: ['1', '2', String(draft.version), '99999'],
        tokenId: [spareToken],
        userId: [spare.id, engineer.id, randomUUID()],
        evidenceId: [noteEvidence, fileEvidence, randomUUID()],
        checkId: [monitor.id, monitor.id, randomUUID()],
        runId: [String(run.id), '1', '999999999'],
        windowId: [window.id, randomUUID()],
        webhookId: [webhook.id, randomUUID()],
        importId: [importId, importId, randomUUID()],
        reconciliationId: [reconciliation.id, randomUUID()],
        environment: ['production', 'staging', 'uat'],
      },
      hints: {
        userId: [spare.id, engineer.id, client.id],
        organizationId: [clientOrg, vendorOrg],
        assigneeId: [engineer.id, client.id, spare.id, null],
        templateKey: ['enterprise-deployment'],
        clientName: ['Client A', 'PWBI', 'Client Z'],
        workspaceRole: ['vendor_staff', 'client_user'],
        state: ['in_progress', 'done', 'blocked', 'not_applicable', 'todo'],
        kind: ['http', 'tcp', 'tls', 'dns', 'postgres', 'load-test', 'nope'],
        itemKey: ['environment-setup.4', 'monitoring-logging.4', 'nope.1', null],
        checkId: [monitor.id, null],
        environment: ['production', 'staging'],
        url: ['postgres://loader:pw@db.client.example:5432/pos', 'postgres://x:y@127.0.0.1/pos?host=/tmp', 'postgres://'],
        schema: ['pos', 'pos_history', 'Pos'],
      },
      extraBodies: {
        'POST /api/v1/templates/import': fc.tuple(mutatedDoc, fc.constantFrom('application/json', 'application/yaml', 'text/plain'), fc.string({ minLength: 2, maxLength: 20 })).map(([d, contentType, key]) => {
          const withKey = d && typeof d === 'object' && !Array.isArray(d) ? { ...(d as object), key: `fz-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}x` } : d;
          return { contentType, payload: contentType === 'application/json' ? JSON.stringify(withKey) : YAML.stringify(withKey) };
        }),
        // Well-formed check bodies with configs from every kind's neighbourhood, secrets referenced or not.
        'POST /api/v1/deployments/{id}/checks': fc
          .record({
            name: fc.string({ minLength: 1, maxLength: 20 }),
            kind: fc.constantFrom('http', 'tcp', 'tls', 'dns', 'redis', 'postgres', 'smtp', 'webhook', 'vendor-api', 'load-test', 'backup-restore'),
            intervalSeconds: fc.constantFrom(null, 10, 60, 86_400),
            timeoutMs: fc.constantFrom(null, 100, 5_000, 1_800_000),
            config: fc.oneof(
              fc.constant({ url: 'https://client.pwbifnb.com/healthz', expect: { status: 200 } }),
              fc.constant({ host: 'client.pwbifnb.com', port: 443 }),
              fc.constant({ url: 'postgres://app:${PG_PASSWORD}@db:5432/app' }),
              fc.constant({ url: 'postgres://app:plain@db:5432/app' }),
              fc.dictionary(fc.string({ maxLength: 8 }), wrongTypeArb, { maxKeys: 4 }),
            ),
            secrets: fc.option(fc.dictionary(fc.constantFrom('PG_PASSWORD', 'TOKEN', 'bad name'), fc.string({ maxLength: 20 })), { nil: undefined }),
          })
          .map((b) => ({ contentType: 'application/json', payload: JSON.stringify(b) })),
        'PUT /api/v1/templates/{key}/versions/{version}': mutatedDoc.map((d) => ({ contentType: 'application/json', payload: JSON.stringify({ document: d }) })),
        'POST /api/v1/deployments/{id}/items/{key}/evidence': fc.tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 300 }), fc.constantFrom('text/plain', 'application/pdf', 'image/png', '../x', '')).map(([name, data, type]) => ({
          contentType: 'multipart/form-data; boundary=fz',
          payload: multipartBody('fz', [{ name: 'note', data: name }, { name: 'file', filename: name, contentType: type, data }]),
        })),
        // Uploads of exports: fields right or wrong (profile, mapping, limits), files from empty to binary.
        'POST /api/v1/deployments/{id}/imports': fc
          .tuple(
            fc.constantFrom('production', 'staging', 'uat', ''),
            fc.constantFrom<[string, string] | null>(['profile', 'moka'], ['profile', 'pawoon'], ['profile', 'nope'], ['mapping', '{"sourceSystem":"x"}'], ['mapping', '{'], null),
            fc.constantFrom<string | null>(null, '10', '5%', '101%', 'x'),
            fc.oneof(fc.constant(MOKA_SMALL), fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))),
            fc.boolean(),
          )
          .map(([environment, mapping, maxRejects, data, fileFirst]) => {
            const fields = [{ name: 'environment', data: environment }, ...(mapping ? [{ name: mapping[0], data: mapping[1] }] : []), ...(maxRejects ? [{ name: 'maxRejects', data: maxRejects }] : [])];
            const file = { name: 'file', filename: 'export.csv', contentType: 'text/csv', data };
            return { contentType: 'multipart/form-data; boundary=fz', payload: multipartBody('fz', fileFirst ? [file, ...fields] : [...fields, file]) };
          }),
        // Well-formed bodies that reach the schedule arithmetic with dates from anywhere in 0000–9999.
        'POST /api/v1/deployments': fc.record({ name: fc.string({ minLength: 1, maxLength: 30 }), clientName: fc.constantFrom('Client A', 'Client B', 'PWBI'), templateKey: fc.constant('enterprise-deployment'), kickoffOn: dateStringArb, creatorRole: fc.constantFrom('solutions_architect', 'it_director', 'customer_success_manager') }, { requiredKeys: ['name', 'clientName', 'templateKey', 'kickoffOn'] })
          .map((b) => ({ contentType: 'application/json', payload: JSON.stringify(b) })),
        'PATCH /api/v1/deployments/{id}': fc.oneof(
          dateStringArb.map((kickoffOn) => ({ kickoffOn })),
          fc.record({ status: fc.constantFrom('planning', 'in_progress', 'live', 'stabilizing', 'handed_off', 'cancelled'), reason: fc.string({ minLength: 1, maxLength: 20 }) }, { requiredKeys: ['status'] }),
          fc.record({ name: fc.string({ minLength: 1, maxLength: 30 }), version: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: ['name'] }),
        ).map((b) => ({ contentType: 'application/json', payload: JSON.stringify(b) })),
        'PATCH /api/v1/deployments/{id}/items/{key}': fc.oneof(
          dateStringArb.map((dueOn) => ({ dueOn })),
          fc.record({ state: fc.constantFrom('todo', 'in_progress', 'blocked', 'done', 'not_applicable'), reason: fc.string({ minLength: 1, maxLength: 20 }), note: fc.string({ minLength: 1, maxLength: 20 }), version: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: ['state'] }),
          fc.constantFrom(engineer.id, client.id, spare.id, null, randomUUID()).map((assigneeId) => ({ assigneeId })),
        ).map((b) => ({ contentType: 'application/json', payload: JSON.stringify(b) })),
        'POST /api/v1/session': fc.constantFrom({ email: 'owner@pwbi.test', password: PASSWORD }, { email: 'OWNER@PWBI.TEST', password: 'wrong-password' }).map((b) => ({ contentType: 'application/json', payload: JSON.stringify(b) })),
      },
    };
  });

  afterAll(async () => {
    const lines = [...tallies].map(([op, m]) => `${op.padEnd(62)} ${[...m].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    console.log(`fuzz statuses per operation (seed ${BASE_SEED}, ${RUNS} runs each):\n${lines.join('\n')}`);
    await t.close();
  });

  it('fuzzes every operation of the document (sanity: the document lists the API)', () => {
    const names = operations.map((o) => `${o.method} ${o.path}`);
    expect(names).toContain('PATCH /api/v1/deployments/{id}/items/{key}');
    expect(names).toContain('POST /api/v1/deployments/{id}/items/{key}/evidence');
    expect(names.length).toBeGreaterThan(30);
  });

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', async (name, op) => {
    const seed = seedFor(name);
    const tally = new Map<number, number>();
    tallies.set(name, tally);
    try {
      await fc.assert(
        fc.asyncProperty(requestArb(op, opts), async (req) => {
          await exchange(t, req, tally);
        }),
        { seed, numRuns: RUNS, endOnFailure: false },
      );
    } catch (e) {
      throw new Error(`${name} (seed ${seed}, FUZZ_SEED=${BASE_SEED}):\n${failureText(e)}`);
    }
    // The fuzzer must get past authentication, or it tested nothing.
    expect([...tally.keys()].some((s) => s !== 401), `${name} answered only 401`).toBe(true);
    // The owner's token still works after fuzzing this operation.
    expect((await t.app.inject({ url: '/api/v1/me', headers: auth(ownerToken) })).statusCode).toBe(200);
  }, 120_000);

  it('answers unknown paths and methods with the error shape too', async () => {
    const paths = fc.oneof(
      fc.constantFrom('/api', '/api/', '/api/v1', '/api/v2/deployments', '/api/v1/deployments/', '/api/v1//deployments', '/api/v1/deployments/%', '/api/v1/../../etc/passwd', '/api/v1/deployments?%', '/api/%2e%2e/v1/me'),
      fc.webPath().map((p) => `/api${p}`),
    );
    const methods = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD');
    await fc.assert(
      fc.asyncProperty(paths, methods, fc.boolean(), async (url, method, signedIn) => {
        const req: FuzzRequest = { method, url, headers: signedIn ? auth(ownerToken) : {}, as: signedIn ? 'owner' : 'nobody' };
        const res = await t.app.inject({ method: method as 'GET', url, headers: req.headers });
        if (res.statusCode >= 500) throw new Error(`5xx answer:\n${describeExchange(req, res)}`);
        if (res.statusCode >= 400 && method !== 'HEAD') {
          const b = res.json() as Record<string, unknown>;
          if (typeof b.error !== 'string' || typeof b.message !== 'string' || typeof b.requestId !== 'string') throw new Error(`error shape:\n${describeExchange(req, res)}`);
        }
      }),
      { seed: seedFor('unknown paths'), numRuns: RUNS * 2 },
    );
  }, 120_000);
});

/**
 * First-run setup and sign-in/out change global state (setup works once; sign-out ends a
 * session), so they are fuzzed again on a fresh install where setup is still open.
 */
describe('API fuzz: a fresh install (setup still open)', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await createTestApp();
  });
  afterAll(() => fresh.close());

  const publicOps = operations.filter((o) => ['/api/v1/setup', '/api/v1/session', '/healthz', '/readyz', '/api/v1/me'].includes(o.path));

  it.each(publicOps.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', async (name, op) => {
    const seed = seedFor(`fresh ${name}`);
    const valid = { workspaceName: 'PWBI', email: 'owner@pwbi.test', password: PASSWORD, displayName: 'Owner' };
    const freshOpts: RequestArbOptions = {
      components,
      credentials: { nobody: { weight: 4, headers: {} } },
      pathPools: {},
      hints: { email: ['owner@pwbi.test'], password: [PASSWORD] },
      extraBodies: {
        'POST /api/v1/setup': fc.constant({ contentType: 'application/json', payload: JSON.stringify(valid) }),
        'POST /api/v1/session': fc.constant({ contentType: 'application/json', payload: JSON.stringify({ email: valid.email, password: PASSWORD }) }),
      },
    };
    try {
      await fc.assert(fc.asyncProperty(requestArb(op, freshOpts), async (req) => void (await exchange(fresh, req))), { seed, numRuns: Math.ceil(RUNS / 2) });
    } catch (e) {
      throw new Error(`${name} (seed ${seed}, FUZZ_SEED=${BASE_SEED}):\n${failureText(e)}`);
    }
  }, 120_000);

  it('after the fuzz, a session still signs out, and setup closes once someone exists', async () => {
    // From an address the fuzz did not use, so sign-in and setup rate limits do not apply.
    const remoteAddress = '192.0.2.77';
    const login = await fresh.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress, payload: { email: 'owner@pwbi.test', password: PASSWORD } });
    if (login.statusCode === 204) {
      const cookie = login.cookies.find((c) => c.name === 'golive_session')!.value;
      expect((await fresh.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies: { golive_session: cookie } })).statusCode).toBe(204);
      expect((await fresh.app.inject({ url: '/api/v1/me', cookies: { golive_session: cookie } })).statusCode).toBe(401);
    }
    const setup = () => fresh.app.inject({ method: 'POST', url: '/api/v1/setup', remoteAddress, payload: { workspaceName: 'X', email: 'x@x.test', password: PASSWORD, displayName: 'X' } });
    expect([201, 409]).toContain((await setup()).statusCode);
    expect((await setup()).statusCode).toBe(409);
  });
});
