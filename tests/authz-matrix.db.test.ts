import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, PASSWORD, type TestApp } from './helpers/app.ts';
import { multipart } from './helpers/multipart.ts';
import { MOKA_SMALL } from './fixtures/moka-small.ts';

/**
 * Who may do what: every actor × every endpoint, against one deployment of Client A.
 *
 * The policy (src/auth/permissions.ts, deployment-access.ts, items.service canChangeItem):
 * - 2xx: allowed. Owners and admins act as members of every deployment of their workspace.
 * - 403: a member of the deployment whose role lacks the permission (or, for items and
 *   evidence, a client role touching an item it neither owns by role nor is assigned);
 *   or a workspace permission (users, templates, creating deployments) the actor lacks.
 * - 404: cannot see the deployment at all: not a member, a client of another organisation,
 *   another tenant. The body is the same as for a deployment that does not exist.
 * - "—": not applicable (the actor has no role in the deployment, so no "own" item).
 *
 * Columns:
 *   dep            GET    /deployments/A
 *   items          GET    /deployments/A/items
 *   patch:vendor   PATCH  /deployments/A/items/<an implementation_engineer item> {state: in_progress}
 *   patch:own      PATCH  /deployments/A/items/<an item owned by the actor's role> {state: in_progress}
 *   comment        POST   /deployments/A/items/<key>/comments
 *   evid:vendor    POST   /deployments/A/items/<an implementation_engineer item>/evidence {kind: note}
 *   evid:own       POST   /deployments/A/items/<an item owned by the actor's role>/evidence {kind: note}
 *   history        GET    /deployments/A/items/<key>/history
 *   rename         PATCH  /deployments/A {name}
 *   member+        POST   /deployments/A/members {userId, role}
 *   calendar       GET    /deployments/A/calendar
 *   list           GET    /deployments → which of the fixture deployments are visible
 *                  (A: Client A's, B: Client B's, X: the other tenant's; ∅: none)
 *   create         POST   /deployments
 *   users          GET    /users
 *   tpl-copy       POST   /templates/enterprise-deployment/copy
 *   other-tenant   GET    /deployments/X (the other tenant's deployment)
 *   checks         GET    /deployments/A/checks
 *   check+         POST   /deployments/A/checks (a client user's check is `restricted`: no private targets)
 *   run            POST   /deployments/A/checks/<fixture check>/runs
 *   mig-targets    GET    /deployments/A/import-targets
 *   mig-target     PUT    /deployments/A/import-targets/production (the fixture's imports are into staging)
 *   imports        GET    /deployments/A/imports
 *   import+        POST   /deployments/A/imports (multipart: a Moka export for staging; queued, no worker runs here)
 *   rejects        GET    /deployments/A/imports/<fixture import>/rejects
 *   reconcile      POST   /deployments/A/reconciliations {environment: staging} (the fixture import counts as completed)
 */
const POLICY = `
actor                    | dep | items | patch:vendor | patch:own | comment | evid:vendor | evid:own | history | rename | member+ | calendar | list | create | users | tpl-copy | other-tenant | checks | check+ | run | mig-targets | mig-target | imports | import+ | rejects | reconcile
owner                    | 200 | 200   | 200          | 200       | 201     | 201         | 201      | 200     | 200    | 200     | 200      | A B  | 201    | 200   | 201      | 404 | 200    | 201    | 202 | 200 | 200 | 200 | 202 | 200 | 202
admin                    | 200 | 200   | 200          | —         | 201     | 201         | —        | 200     | 200    | 200     | 200      | A B  | 201    | 200   | 201      | 404 | 200    | 201    | 202 | 200 | 200 | 200 | 202 | 200 | 202
solutions_architect      | 200 | 200   | 200          | 200       | 201     | 201         | 201      | 200     | 200    | 200     | 200      | A    | 201    | 403   | 403      | 404 | 200    | 201    | 202 | 200 | 200 | 200 | 202 | 200 | 202
implementation_engineer  | 200 | 200   | 200          | 200       | 201     | 201         | 201      | 200     | 403    | 403     | 200      | A    | 201    | 403   | 403      | 404 | 200    | 201    | 202 | 200 | 200 | 200 | 202 | 200 | 202
customer_success_manager | 200 | 200   | 200          | 200       | 201     | 201         | 201      | 200     | 403    | 200     | 200      | A    | 201    | 403   | 403      | 404 | 200    | 201    | 202 | 200 | 403 | 200 | 403 | 200 | 403
support_engineer         | 200 | 200   | 200          | 200       | 201     | 201         | 201      | 200     | 403    | 403     | 200      | A    | 201    | 403   | 403      | 404 | 200    | 201    | 202 | 200 | 403 | 200 | 403 | 200 | 403
it_director              | 200 | 200   | 403          | 200       | 201     | 403         | 201      | 200     | 403    | 403     | 200      | A    | 403    | 403   | 403      | 404 | 200    | 201    | 202 | 200 | 403 | 200 | 403 | 200 | 403
business_sponsor         | 200 | 200   | 403          | 200       | 201     | 403         | 201      | 200     | 403    | 403     | 200      | A    | 403    | 403   | 403      | 404 | 200    | 403    | 202 | 200 | 403 | 200 | 403 | 200 | 403
super_admin              | 200 | 200   | 403          | 200       | 201     | 403         | 201      | 200     | 403    | 403     | 200      | A    | 403    | 403   | 403      | 404 | 200    | 403    | 202 | 200 | 403 | 200 | 403 | 200 | 403
pilot_user               | 200 | 200   | 403          | 403       | 201     | 403         | 403      | 200     | 403    | 403     | 200      | A    | 403    | 403   | 403      | 404 | 200    | 403    | 403 | 403 | 403 | 403 | 403 | 403 | 403
vendor non-member        | 404 | 404   | 404          | —         | 404     | 404         | —        | 404     | 404    | 404     | 404      | ∅    | 201    | 403   | 403      | 404 | 404    | 404    | 404 | 404 | 404 | 404 | 404 | 404 | 404
client A non-member      | 404 | 404   | 404          | —         | 404     | 404         | —        | 404     | 404    | 404     | 404      | ∅    | 403    | 403   | 403      | 404 | 404    | 404    | 404 | 404 | 404 | 404 | 404 | 404 | 404
client B user            | 404 | 404   | 404          | —         | 404     | 404         | —        | 404     | 404    | 404     | 404      | B    | 403    | 403   | 403      | 404 | 404    | 404    | 404 | 404 | 404 | 404 | 404 | 404 | 404
other tenant owner       | 404 | 404   | 404          | —         | 404     | 404         | —        | 404     | 404    | 404     | 404      | X    | 201    | 200   | 201      | 200 | 404    | 404    | 404 | 404 | 404 | 404 | 404 | 404 | 404
`;

const rows = POLICY.trim().split('\n').map((l) => l.split('|').map((c) => c.trim()));
const COLUMNS = rows[0]!.slice(1);
const MATRIX = new Map(rows.slice(1).map((r) => [r[0]!, new Map(COLUMNS.map((c, i) => [c, r[i + 1]!]))]));
const ACTOR_NAMES = [...MATRIX.keys()];

/** How each actor is made: workspace role, organisation, and role in deployment A (or B). */
const ACTOR_SPECS: Record<string, { workspaceRole?: string; org?: 'vendor' | 'A' | 'B'; roleInA?: string; roleInB?: string }> = {
  owner: {}, // the workspace owner; creating deployment A made them its solutions_architect
  admin: { workspaceRole: 'admin', org: 'vendor' },
  solutions_architect: { workspaceRole: 'vendor_staff', org: 'vendor', roleInA: 'solutions_architect' },
  implementation_engineer: { workspaceRole: 'vendor_staff', org: 'vendor', roleInA: 'implementation_engineer' },
  customer_success_manager: { workspaceRole: 'vendor_staff', org: 'vendor', roleInA: 'customer_success_manager' },
  support_engineer: { workspaceRole: 'vendor_staff', org: 'vendor', roleInA: 'support_engineer' },
  it_director: { workspaceRole: 'client_user', org: 'A', roleInA: 'it_director' },
  business_sponsor: { workspaceRole: 'client_user', org: 'A', roleInA: 'business_sponsor' },
  super_admin: { workspaceRole: 'client_user', org: 'A', roleInA: 'super_admin' },
  pilot_user: { workspaceRole: 'client_user', org: 'A', roleInA: 'pilot_user' },
  'vendor non-member': { workspaceRole: 'vendor_staff', org: 'vendor' },
  'client A non-member': { workspaceRole: 'client_user', org: 'A' },
  'client B user': { workspaceRole: 'client_user', org: 'B', roleInB: 'it_director' },
  'other tenant owner': {},
};
const ownRole = (actor: string) => (actor === 'owner' ? 'solutions_architect' : ACTOR_SPECS[actor]?.roleInA);

interface Fixture {
  depA: string;
  depB: string;
  depX: string;
  tokens: Map<string, string>;
  /** Per actor: an implementation_engineer item and an item of the actor's own role, unique to the actor. */
  vendorItem: Map<string, string>;
  ownItem: Map<string, string>;
  /** Per actor allowed to add members: a vendor user only they add. */
  spare: Map<string, string>;
  anyUser: string;
  ourEmails: string[];
  /** A check on deployment A, made by the owner. */
  checkId: string;
  /** An import on deployment A (staging), made by the owner and marked completed. */
  importId: string;
}

type Column = {
  /** The request against deployment `dep` (A, or X for other-tenant), so it can be replayed with a random id. */
  request: (f: Fixture, actor: string, dep: string) => InjectOptions;
  dep?: (f: Fixture) => string;
  check?: (res: LightMyRequestResponse, f: Fixture, actor: string) => void;
};

const COMMENT_ITEM = 'environment-setup.1';

const ENDPOINTS: Record<string, Column> = {
  dep: {
    request: (_f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}` }),
    check: (res, f) => expect(res.json().id).toBe(f.depA),
  },
  items: {
    request: (_f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}/items?limit=5` }),
    check: (res) => expect(res.json().items).toHaveLength(5),
  },
  'patch:vendor': {
    request: (f, a, dep) => ({ method: 'PATCH', url: `/api/v1/deployments/${dep}/items/${f.vendorItem.get(a)}`, payload: { state: 'in_progress' } }),
    check: (res) => expect(res.json().state).toBe('in_progress'),
  },
  'patch:own': {
    request: (f, a, dep) => ({ method: 'PATCH', url: `/api/v1/deployments/${dep}/items/${f.ownItem.get(a)}`, payload: { state: 'in_progress' } }),
    check: (res, _f, a) => expect(res.json()).toMatchObject({ state: 'in_progress', ownerRole: ownRole(a) }),
  },
  comment: {
    request: (_f, a, dep) => ({ method: 'POST', url: `/api/v1/deployments/${dep}/items/${COMMENT_ITEM}/comments`, payload: { body: `Comment from ${a}` } }),
    check: (res, _f, a) => expect(res.json().body).toBe(`Comment from ${a}`),
  },
  'evid:vendor': {
    request: (f, a, dep) => ({ method: 'POST', url: `/api/v1/deployments/${dep}/items/${f.vendorItem.get(a)}/evidence`, payload: { kind: 'note', note: `Evidence from ${a}` } }),
    check: (res) => expect(res.json().kind).toBe('note'),
  },
  'evid:own': {
    request: (f, a, dep) => ({ method: 'POST', url: `/api/v1/deployments/${dep}/items/${f.ownItem.get(a)}/evidence`, payload: { kind: 'note', note: `Evidence from ${a}` } }),
    check: (res) => expect(res.json().kind).toBe('note'),
  },
  history: {
    request: (_f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}/items/${COMMENT_ITEM}/history` }),
    check: (res) => expect(Array.isArray(res.json().items)).toBe(true),
  },
  rename: {
    request: (_f, a, dep) => ({ method: 'PATCH', url: `/api/v1/deployments/${dep}`, payload: { name: `Client A go-live (renamed by ${a})` } }),
    check: (res, _f, a) => expect(res.json().name).toBe(`Client A go-live (renamed by ${a})`),
  },
  'member+': {
    request: (f, a, dep) => ({ method: 'POST', url: `/api/v1/deployments/${dep}/members`, payload: { userId: f.spare.get(a) ?? f.anyUser, role: 'support_engineer' } }),
    check: (res, f, a) => expect(res.json().items.map((m: { userId: string }) => m.userId)).toContain(f.spare.get(a)),
  },
  calendar: {
    request: (_f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}/calendar` }),
    check: (res) => expect(res.json().kickoffOn).toBe('2026-11-02'),
  },
  list: {
    request: () => ({ method: 'GET', url: '/api/v1/deployments?limit=200' }),
  },
  create: {
    request: (_f, a) => ({ method: 'POST', url: '/api/v1/deployments', payload: { name: `Created by ${a}`, clientName: 'Client A', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' } }),
    check: (res, _f, a) => expect(res.json()).toMatchObject({ name: `Created by ${a}`, clientName: 'Client A' }),
  },
  users: {
    request: () => ({ method: 'GET', url: '/api/v1/users' }),
    check: (res, f, a) => {
      const emails = res.json().items.map((u: { email: string }) => u.email);
      // Another tenant's owner lists only their own people.
      if (a === 'other tenant owner') expect(emails.filter((e: string) => f.ourEmails.includes(e))).toEqual([]);
      else expect(emails).toEqual(expect.arrayContaining(f.ourEmails));
    },
  },
  'tpl-copy': {
    request: () => ({ method: 'POST', url: '/api/v1/templates/enterprise-deployment/copy', payload: {} }),
    check: (res) => expect(res.json()).toMatchObject({ key: 'enterprise-deployment', status: 'draft', builtin: false }),
  },
  'other-tenant': {
    dep: (f) => f.depX,
    request: (_f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}` }),
    check: (res, f) => expect(res.json().id).toBe(f.depX),
  },
  checks: {
    request: (_f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}/checks` }),
    check: (res, f) => expect(res.json().items.map((c: { id: string }) => c.id)).toContain(f.checkId),
  },
  'check+': {
    request: (_f, a, dep) => ({ method: 'POST', url: `/api/v1/deployments/${dep}/checks`, payload: { name: `Check by ${a}`, kind: 'tcp', config: { host: 'client.pwbifnb.com', port: 443 } } }),
    check: (res, _f, a) => expect(res.json()).toMatchObject({ name: `Check by ${a}`, restricted: ACTOR_SPECS[a]?.workspaceRole === 'client_user' }),
  },
  run: {
    request: (f, _a, dep) => ({ method: 'POST', url: `/api/v1/deployments/${dep}/checks/${f.checkId}/runs` }),
    check: (res) => expect(res.json()).toMatchObject({ trigger: 'manual', status: null }),
  },
  'mig-targets': {
    request: (_f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}/import-targets` }),
    check: (res) => expect(res.json().items[0]).toMatchObject({ environment: 'staging', set: true, schema: 'pos' }),
  },
  'mig-target': {
    request: (_f, a, dep) => ({ method: 'PUT', url: `/api/v1/deployments/${dep}/import-targets/production`, payload: { url: `postgres://loader:${TARGET_PASSWORD}@db.client-a.example:5432/pos`, schema: `pos_${a.replace(/\W+/g, '_')}` } }),
    check: (res, _f, a) => {
      expect(res.json()).toMatchObject({ environment: 'production', set: true, restricted: ACTOR_SPECS[a]?.workspaceRole === 'client_user' });
      expect(res.body).not.toContain(TARGET_PASSWORD);
    },
  },
  imports: {
    request: (_f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}/imports` }),
    check: (res, f) => expect(res.json().items.map((r: { id: string }) => r.id)).toContain(f.importId),
  },
  'import+': {
    request: (_f, _a, dep) => {
      const body = multipart({ environment: 'staging', profile: 'moka' }, { name: 'moka.csv', content: MOKA_SMALL, type: 'text/csv' });
      return { method: 'POST', url: `/api/v1/deployments/${dep}/imports`, headers: body.headers, payload: body.payload };
    },
    check: (res) => expect(res.json()).toMatchObject({ status: 'queued', environment: 'staging', sourceSystem: 'moka' }),
  },
  rejects: {
    request: (f, _a, dep) => ({ method: 'GET', url: `/api/v1/deployments/${dep}/imports/${f.importId}/rejects` }),
    check: (res) => expect(res.json()).toEqual({ total: 0, byReason: [], file: null }),
  },
  reconcile: {
    request: (_f, _a, dep) => ({ method: 'POST', url: `/api/v1/deployments/${dep}/reconciliations`, payload: { environment: 'staging' } }),
    check: (res, f) => expect(res.json()).toMatchObject({ status: 'queued', imports: [{ id: f.importId }] }),
  },
};

const TARGET_PASSWORD = 'target-pw-never-returned';

const LIST_NAMES: Record<string, keyof Pick<Fixture, 'depA' | 'depB' | 'depX'>> = { A: 'depA', B: 'depB', X: 'depX' };

describe('authorisation matrix: role × endpoint, plus another tenant', () => {
  let t: TestApp;
  const f: Fixture = { depA: '', depB: '', depX: '', tokens: new Map(), vendorItem: new Map(), ownItem: new Map(), spare: new Map(), anyUser: '', ourEmails: [], checkId: '', importId: '' };

  const send = (actor: string, opts: InjectOptions) => t.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), ...auth(f.tokens.get(actor)!) } });

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-20' });
    const owner = await t.setupOwner();
    f.tokens.set('owner', owner);
    const post = async (url: string, payload: object, token = owner) => {
      const res = await t.app.inject({ method: 'POST', url, headers: auth(token), payload });
      if (res.statusCode >= 300) throw new Error(`fixture POST ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const orgs = (await t.app.inject({ url: '/api/v1/organizations', headers: auth(owner) })).json().items as { id: string; kind: string }[];
    const orgIds = { vendor: orgs.find((o) => o.kind === 'vendor')!.id, A: (await post('/api/v1/organizations', { name: 'Client A' })).id, B: (await post('/api/v1/organizations', { name: 'Client B' })).id };
    f.depA = (await post('/api/v1/deployments', { name: 'Client A go-live', clientName: 'Client A', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' })).id;
    f.depB = (await post('/api/v1/deployments', { name: 'Client B go-live', clientName: 'Client B', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' })).id;
    f.checkId = (await post(`/api/v1/deployments/${f.depA}/checks`, { name: 'Fixture check', kind: 'tls', itemKey: 'application-deployment.4', config: { host: 'client.pwbifnb.com' } })).id;
    // A staging target and an import into it, marked completed as if a worker had run it (no workers run here).
    const setTarget = await t.app.inject({ method: 'PUT', url: `/api/v1/deployments/${f.depA}/import-targets/staging`, headers: auth(owner), payload: { url: `postgres://loader:${TARGET_PASSWORD}@db.client-a.example:5432/pos`, schema: 'pos' } });
    if (setTarget.statusCode !== 200) throw new Error(`fixture target: ${setTarget.body}`);
    const upload = multipart({ environment: 'staging', profile: 'moka' }, { name: 'fixture.csv', content: MOKA_SMALL, type: 'text/csv' });
    const imported = await t.app.inject({ method: 'POST', url: `/api/v1/deployments/${f.depA}/imports`, headers: { ...auth(owner), ...upload.headers }, payload: upload.payload });
    if (imported.statusCode !== 202) throw new Error(`fixture import: ${imported.body}`);
    f.importId = imported.json().id;
    await t.services.database.executeSql("update import_runs set status = 'completed', finished_at = now() where id = $1", [f.importId]);

    let n = 0;
    for (const [actor, spec] of Object.entries(ACTOR_SPECS)) {
      if (!spec.workspaceRole) continue;
      const email = `${actor.replace(/\W+/g, '-').toLowerCase()}@${spec.org === 'vendor' ? 'pwbi' : `client-${spec.org!.toLowerCase()}`}.test`;
      const user = await t.addUser(owner, { email, workspaceRole: spec.workspaceRole, organizationId: orgIds[spec.org!] });
      f.tokens.set(actor, user.token);
      f.ourEmails.push(email);
      if (spec.roleInA) await post(`/api/v1/deployments/${f.depA}/members`, { userId: user.id, role: spec.roleInA });
      if (spec.roleInB) await post(`/api/v1/deployments/${f.depB}/members`, { userId: user.id, role: spec.roleInB });
      n++;
    }
    expect(n).toBe(12);

    // Vendor people nobody else uses, one per actor that may add members, so adding is never a repeat.
    const spare = async (name: string) =>
      (await post('/api/v1/users', { email: `spare-${name.replace(/\W+/g, '-')}@pwbi.test`, displayName: `Spare (${name})`, password: PASSWORD, workspaceRole: 'vendor_staff', organizationId: orgIds.vendor })).id as string;
    for (const actor of ACTOR_NAMES) {
      if (/^2/.test(MATRIX.get(actor)!.get('member+')!)) f.spare.set(actor, await spare(actor));
    }
    f.anyUser = await spare('anyone');

    const other = await t.otherTenant();
    f.tokens.set('other tenant owner', other);
    f.depX = (await post('/api/v1/deployments', { name: 'Other vendor go-live', clientName: 'Client A', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' }, other)).id;

    // Items by owner role; each actor gets its own items, so no cell depends on another's change.
    const items = (await t.app.inject({ url: `/api/v1/deployments/${f.depA}/items?kind=item&limit=500`, headers: auth(owner) })).json().items as { key: string; ownerRole: string }[];
    const byRole = new Map<string, string[]>();
    for (const i of items) byRole.set(i.ownerRole, [...(byRole.get(i.ownerRole) ?? []), i.key]);
    const take = (role: string) => {
      const key = byRole.get(role)?.shift();
      if (!key) throw new Error(`fixture: no more items owned by ${role}`);
      return key;
    };
    expect(byRole.get('implementation_engineer')).toContain('environment-setup.1');
    byRole.set('implementation_engineer', ['environment-setup.1', ...byRole.get('implementation_engineer')!.filter((k) => k !== 'environment-setup.1')]);
    for (const actor of ACTOR_NAMES) {
      f.vendorItem.set(actor, take('implementation_engineer'));
      const role = ownRole(actor);
      if (role) f.ownItem.set(actor, take(role));
    }
  });
  afterAll(() => t.close());

  it('the table covers every actor and endpoint', () => {
    expect(ACTOR_NAMES).toEqual(Object.keys(ACTOR_SPECS));
    expect(COLUMNS).toEqual(Object.keys(ENDPOINTS));
    for (const [actor, cells] of MATRIX) {
      for (const [col, v] of cells) expect(v, `${actor} × ${col}`).toMatch(col === 'list' ? /^(∅|[ABX]( [ABX])*)$/ : /^(200|201|202|403|404|—)$/);
    }
  });

  describe.each(ACTOR_NAMES)('%s', (actor) => {
    const cells = [...MATRIX.get(actor)!].filter(([, v]) => v !== '—');

    it.each(cells)('%s → %s', async (col, expected) => {
      const endpoint = ENDPOINTS[col]!;
      const dep = endpoint.dep ? endpoint.dep(f) : f.depA;

      if (col === 'list') {
        const res = await send(actor, endpoint.request(f, actor, dep));
        expect(res.statusCode).toBe(200);
        const fixtureIds = new Map(Object.entries(LIST_NAMES).map(([name, k]) => [f[k], name]));
        const seen = res.json().items.map((d: { id: string }) => fixtureIds.get(d.id)).filter(Boolean).sort();
        expect(seen.join(' ') || '∅').toBe(expected);
        return;
      }

      const res = await send(actor, endpoint.request(f, actor, dep));
      expect(res.statusCode, res.body).toBe(Number(expected));
      const body = res.json();
      if (expected === '403') {
        expect(body).toMatchObject({ error: 'forbidden', message: expect.any(String), requestId: expect.any(String) });
      } else if (expected === '404') {
        // Existence never leaks: the answer is the one for a deployment that does not exist.
        const twin = await send(actor, endpoint.request(f, actor, randomUUID()));
        expect(twin.statusCode).toBe(404);
        const { requestId: _a, ...mine } = body;
        const { requestId: _b, ...nothing } = twin.json();
        expect(mine).toEqual(nothing);
        expect(mine).toMatchObject({ error: 'not_found' });
      } else {
        endpoint.check?.(res, f, actor);
      }
    });
  });
});
