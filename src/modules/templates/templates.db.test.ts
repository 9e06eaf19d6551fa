import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';

describe('templates: built-in, copy, edit, publish, export/import', () => {
  let t: TestApp;
  let owner: string;
  const h = () => ({ headers: auth(owner) });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.setupOwner();
  });
  afterAll(() => t.close());

  it('serves the built-in enterprise-deployment template', async () => {
    const list = (await t.app.inject({ url: '/api/v1/templates', ...h() })).json().items;
    expect(list).toEqual([expect.objectContaining({ key: 'enterprise-deployment', version: 1, builtin: true, status: 'published' })]);
    const tpl = (await t.app.inject({ url: '/api/v1/templates/enterprise-deployment', ...h() })).json();
    expect(tpl).toMatchObject({ itemCount: 98, criteriaCount: 8 });
    expect((await t.app.inject({ url: '/api/v1/templates/nope', ...h() })).statusCode).toBe(404);
  });

  it('copies into a draft v2, edits it (remove, add, reorder), publishes, and pins deployments to versions', async () => {
    const copy = await t.app.inject({ method: 'POST', url: '/api/v1/templates/enterprise-deployment/copy', ...h(), payload: {} });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ version: 2, status: 'draft', builtin: false });
    const doc = copy.json().document;
    const security = doc.phases[0].sections[2];
    security.items = security.items.filter((i: { key: string }) => i.key !== 'security-setup.3'); // no VPN in this workspace
    security.items.unshift({ key: 'security-setup.6', title: 'Data processing agreement signed (UU PDP)', done: 'The DPA under Law 27/2022 is signed.', owner: 'it_director', evidence: ['file'] });
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/templates/enterprise-deployment/versions/2', ...h(), payload: { document: doc } });
    expect(put.statusCode).toBe(200);
    expect(put.json().itemCount).toBe(98);

    // Drafts are not for deployments.
    const early = await t.app.inject({ method: 'POST', url: '/api/v1/deployments', ...h(), payload: { name: 'x', clientName: 'c', templateKey: 'enterprise-deployment', templateVersion: 2, kickoffOn: '2026-12-07' } });
    expect(early.statusCode).toBe(422);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/templates/enterprise-deployment/versions/2/publish', ...h() })).json().status).toBe('published');
    const again = await t.app.inject({ method: 'PUT', url: '/api/v1/templates/enterprise-deployment/versions/2', ...h(), payload: { document: doc } });
    expect(again.statusCode).toBe(409);

    const d = await t.app.inject({ method: 'POST', url: '/api/v1/deployments', ...h(), payload: { name: 'x', clientName: 'c', templateKey: 'enterprise-deployment', kickoffOn: '2026-12-07' } });
    expect(d.json().templateVersion).toBe(2);
    const items = (await t.app.inject({ url: `/api/v1/deployments/${d.json().id}/items?section=security-setup`, ...h() })).json().items;
    expect(items.map((i: { key: string }) => i.key)).toEqual(['security-setup.6', 'security-setup.1', 'security-setup.2', 'security-setup.4', 'security-setup.5']);
    const v1 = await t.app.inject({ method: 'POST', url: '/api/v1/deployments', ...h(), payload: { name: 'y', clientName: 'c', templateKey: 'enterprise-deployment', templateVersion: 1, kickoffOn: '2026-12-07' } });
    expect(v1.json().templateVersion).toBe(1);
  });

  it('rejects an edit that makes a dependency cycle, naming it', async () => {
    const copy = (await t.app.inject({ method: 'POST', url: '/api/v1/templates/enterprise-deployment/copy', ...h(), payload: {} })).json();
    const doc = copy.document;
    doc.phases[0].sections[0].items[0].dependsOn = ['business-requirements.2'];
    doc.phases[0].sections[0].items[1].dependsOn = ['business-requirements.1'];
    const res = await t.app.inject({ method: 'PUT', url: `/api/v1/templates/enterprise-deployment/versions/${copy.version}`, ...h(), payload: { document: doc } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/dependency cycle/);
  });

  it('exports YAML and imports it back as the next version', async () => {
    const exp = await t.app.inject({ url: '/api/v1/templates/enterprise-deployment/export?version=1', ...h() });
    expect(exp.headers['content-type']).toMatch(/yaml/);
    const doc = YAML.parse(exp.body);
    expect(doc.phases).toHaveLength(7);
    doc.key = 'franchise-light';
    doc.name = 'Franchise (light)';
    const imp = await t.app.inject({ method: 'POST', url: '/api/v1/templates/import', headers: { ...auth(owner), 'content-type': 'application/yaml' }, payload: YAML.stringify(doc) });
    expect(imp.statusCode).toBe(201);
    expect(imp.json()).toMatchObject({ key: 'franchise-light', version: 1, status: 'published', itemCount: 98 });
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/templates/import', headers: { ...auth(owner), 'content-type': 'application/yaml' }, payload: 'key: [unclosed' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not valid YAML/);
  });
});
