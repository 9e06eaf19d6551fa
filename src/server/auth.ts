import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, DeploymentAccess } from '../auth/actor.ts';
import type { Permission } from '../auth/permissions.ts';
import { isDeploymentPermission } from '../auth/permissions.ts';
import { resolveDeploymentAccess } from '../auth/deployment-access.ts';
import { requireDeploymentPermission, requirePermission } from '../auth/require.ts';
import { AppError } from '../lib/errors.ts';
import type { Db } from '../db/client.ts';
import type { AccessService } from '../modules/access/access.service.ts';
import type { AccessCache } from '../auth/access-cache.ts';

export const SESSION_COOKIE = 'golive_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No credentials needed (setup, login, health). */
    public?: boolean;
    /** The permission the route needs; a deployment permission is checked against params.id. */
    permission?: Permission;
  }
  interface FastifyRequest {
    actor: Actor | null;
    access: DeploymentAccess | null;
    /** Set when the request was authenticated by the session cookie (CSRF rules apply). */
    viaCookie: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Authentication (onRequest) and the route's declared permission (preValidation), for /api/v1. */
export function registerAuth(app: FastifyInstance, deps: { db: Db; access: AccessService; cache: AccessCache }) {
  app.decorateRequest('actor', null);
  app.decorateRequest('access', null);
  app.decorateRequest('viaCookie', false);

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/') || req.routeOptions.config.public) return;
    req.actor = await authenticate(req, deps.access);
    if (!req.actor) {
      throw new AppError('unauthorized', 'Sign in, or send "Authorization: Bearer <token>" with a valid API token.');
    }
    if (req.viaCookie && !SAFE_METHODS.has(req.method)) checkSameOrigin(req);
  });

  app.addHook('preValidation', async (req) => {
    const permission = req.routeOptions.config.permission;
    if (!permission || !req.actor) return;
    if (isDeploymentPermission(permission)) {
      const id = (req.params as { id?: string }).id ?? '';
      req.access = await resolveDeploymentAccess(deps.db, req.actor, id, deps.cache);
      requireDeploymentPermission(req.access, permission);
    } else {
      requirePermission(req.actor, permission);
    }
  });
}

async function authenticate(req: FastifyRequest, access: AccessService): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S{10,200})$/i.exec(header);
    return m ? access.authenticateToken(m[1]!, String(req.id)) : null;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (cookie && cookie.length <= 200) {
    req.viaCookie = true;
    return access.authenticateSession(cookie, String(req.id));
  }
  return null;
}

/** A cookie-authenticated change must come from our own pages (SameSite=Lax does most of this). */
function checkSameOrigin(req: FastifyRequest) {
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.headers.host) throw new AppError('forbidden', 'Cross-site requests are not allowed.');
}
