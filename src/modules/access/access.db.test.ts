import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../db/schema.ts';
import { sha256Hex } from '../../lib/ids.ts';
import { auth, createTestApp, PASSWORD, type TestApp } from '../../../tests/helpers/app.ts';

describe('access: setup, sessions, tokens, people', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('first-run setup answers 201 with a token, then 409 for ever after', async () => {
    expect((await t.app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needed: true });
    owner = await t.setupOwner();
    expect(owner).toMatch(/^glt_/);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { workspaceName: 'X', email: 'x@x.test', password: PASSWORD, displayName: 'X' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'setup_done', requestId: expect.any(String) });
    expect((await t.app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needed: false });
  });

  it('rejects a weak setup body with 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { workspaceName: 'X', email: 'not-an-email', password: 'short', displayName: 'X' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('validation_failed');
    expect(res.json().message).toMatch(/body\.(email|password)/);
  });

  it('signs in with a session cookie, and out again', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'owner@pwbi.test', password: 'wrong-password' } });
    expect(bad.statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'OWNER@pwbi.test', password: PASSWORD } });
    expect(login.statusCode).toBe(204);
    const cookie = login.cookies.find((c) => c.name === 'golive_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await t.app.inject({ url: '/api/v1/me', cookies: { golive_session: cookie.value } });
    expect(me.json()).toMatchObject({ email: 'owner@pwbi.test', workspaceRole: 'owner' });
    expect(me.json().permissions).toContain('deployment.create');
    // A cookie-authenticated change from another site is refused.
    const csrf = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', cookies: { golive_session: cookie.value }, headers: { origin: 'https://evil.example' }, payload: { name: 'x' } });
    expect(csrf.statusCode).toBe(403);
    await t.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies: { golive_session: cookie.value } });
    expect((await t.app.inject({ url: '/api/v1/me', cookies: { golive_session: cookie.value } })).statusCode).toBe(401);
  });

  it('shows a token once, stores only its hash, and revokes it', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: auth(owner), payload: { name: 'ci' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const list = await t.app.inject({ url: '/api/v1/tokens', headers: auth(owner) });
    expect(JSON.stringify(list.json())).not.toContain(token);
    const stored = await t.services.database.db.select({ hash: apiTokens.tokenHash }).from(apiTokens);
    expect(stored.map((r) => r.hash)).toContain(sha256Hex(token));
    expect(stored.map((r) => r.hash)).not.toContain(token);
    expect((await t.app.inject({ url: '/api/v1/me', headers: auth(token) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: auth(owner) })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me', headers: auth(token) })).statusCode).toBe(401);
  });

  it('answers 401 with what to do when no credentials come', async () => {
    const res = await t.app.inject({ url: '/api/v1/deployments' });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/Authorization: Bearer/);
  });

  it('adds client organisations and their users with the client role only', async () => {
    const org = await t.app.inject({ method: 'POST', url: '/api/v1/organizations', headers: auth(owner), payload: { name: 'Bakmi GM' } });
    expect(org.statusCode).toBe(201);
    const wrongRole = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: auth(owner), payload: { email: 'it@bakmi.test', displayName: 'IT', password: PASSWORD, workspaceRole: 'admin', organizationId: org.json().id } });
    expect(wrongRole.statusCode).toBe(422);
    const { token } = await t.addUser(owner, { email: 'it@bakmi.test', workspaceRole: 'client_user', organizationId: org.json().id });
    const orgs = await t.app.inject({ url: '/api/v1/organizations', headers: auth(token) });
    expect(orgs.json().items.map((o: { name: string }) => o.name)).toEqual(['Bakmi GM']);
    expect((await t.app.inject({ url: '/api/v1/users', headers: auth(token) })).statusCode).toBe(403);
  });
});

describe('sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.setupOwner();
  });
  afterAll(() => t.close());

  it('answers 429 in the error shape after 10 attempts a minute for one email', async () => {
    const attempt = (email: string) => t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: 'wrong-password' } });
    for (let i = 0; i < 10; i++) expect((await attempt('owner@pwbi.test')).statusCode).toBe(401);
    const limited = await attempt('owner@pwbi.test');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/Wait \d+ s/) });
    // Another email from the same address is not locked out.
    expect((await attempt('someone@pwbi.test')).statusCode).toBe(401);
  });
});
