import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { RouteModule } from '../../server/types.ts';
import { actorOf } from '../../server/types.ts';
import { errors, uuidParam } from '../../server/schemas.ts';
import { SESSION_COOKIE } from '../../server/auth.ts';
import * as s from './access.schemas.ts';

const tags = ['access'];

function setSessionCookie(reply: FastifyReply, session: { secret: string; expiresAt: Date }, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, session.secret, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: session.expiresAt });
}

export const accessRoutes: RouteModule = (app, { access, config }) => {
  app.get('/api/v1/setup', {
    config: { public: true },
    schema: { tags, summary: 'Whether first-run setup is still open', response: { 200: z.object({ needed: z.boolean() }) } },
  }, async () => ({ needed: !(await access.isSetUp()) }));

  app.post('/api/v1/setup', {
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags, summary: 'First-run setup: workspace, vendor organisation and owner (only while no user exists)', body: s.setupBody, response: { 201: s.setupResponse, 409: errors[409] } },
  }, async (req, reply) => {
    const result = await access.setup(req.body);
    setSessionCookie(reply, result.session, config.secureCookies);
    return reply.code(201).send({ token: result.token, userId: result.userId, workspaceId: result.workspaceId });
  });

  app.post('/api/v1/session', {
    // Per address and email: slows password guessing without locking out a whole office behind one NAT.
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}` } },
    schema: { tags, summary: 'Sign in (sets the session cookie)', body: s.loginBody, response: { 204: z.null(), 401: errors[401] } },
  }, async (req, reply) => {
    setSessionCookie(reply, await access.login(req.body, String(req.id)), config.secureCookies);
    return reply.code(204).send(null);
  });

  app.delete('/api/v1/session', {
    config: { public: true },
    schema: { tags, summary: 'Sign out', response: { 204: z.null() } },
  }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie && cookie.length <= 200) await access.logout(cookie, String(req.id));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/me', {
    schema: { tags, summary: 'The signed-in user and their workspace permissions', response: { 200: s.me, ...errors } },
  }, (req) => access.me(actorOf(req)));

  app.patch('/api/v1/workspace', {
    config: { permission: 'workspace.manage' },
    schema: { tags, summary: 'Change workspace settings (name; whether client users’ checks may reach private targets)', body: s.updateWorkspaceBody, response: { 200: s.workspace, ...errors } },
  }, (req) => access.updateWorkspace(actorOf(req), req.body));

  app.get('/api/v1/tokens', {
    schema: { tags, summary: 'My API tokens', response: { 200: z.object({ items: z.array(s.tokenInfo) }), ...errors } },
  }, async (req) => ({ items: await access.listTokens(actorOf(req)) }));

  app.post('/api/v1/tokens', {
    schema: { tags, summary: 'Create an API token (the secret is shown once)', body: s.createTokenBody, response: { 201: s.createdToken, ...errors } },
  }, async (req, reply) => reply.code(201).send(await access.createToken(actorOf(req), req.body)));

  app.delete('/api/v1/tokens/:tokenId', {
    schema: { tags, summary: 'Revoke an API token', params: z.object({ tokenId: uuidParam }), response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await access.revokeToken(actorOf(req), req.params.tokenId);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/users', {
    config: { permission: 'workspace.manage' },
    schema: { tags, summary: 'People of the workspace', response: { 200: z.object({ items: z.array(s.user) }), ...errors } },
  }, async (req) => ({ items: await access.listUsers(actorOf(req)) }));

  app.post('/api/v1/users', {
    config: { permission: 'workspace.manage' },
    schema: { tags, summary: 'Add a person (vendor staff or a client organisation user)', body: s.createUserBody, response: { 201: s.user, ...errors } },
  }, async (req, reply) => reply.code(201).send(await access.createUser(actorOf(req), req.body)));

  app.get('/api/v1/organizations', {
    schema: { tags, summary: 'The vendor and its client organisations', response: { 200: z.object({ items: z.array(s.organization) }), ...errors } },
  }, async (req) => ({ items: await access.listOrganizations(actorOf(req)) }));

  app.post('/api/v1/organizations', {
    config: { permission: 'workspace.manage' },
    schema: { tags, summary: 'Add a client organisation', body: s.createOrganizationBody, response: { 201: s.organization, ...errors } },
  }, async (req, reply) => reply.code(201).send(await access.createOrganization(actorOf(req), req.body)));
};
