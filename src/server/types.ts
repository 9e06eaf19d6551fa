import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor, DeploymentAccess } from '../auth/actor.ts';
import type { Services } from '../services.ts';
import type { CachedJson } from '../lib/cached-json.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** A feature's routes: declarations that take the services they call. */
export type RouteModule = (app: App, services: Services) => void;

/** The authenticated actor (routes without `public` never run without one). */
export const actorOf = (req: FastifyRequest): Actor => req.actor!;

/** Actor and deployment access, for routes whose permission is a deployment permission. */
export const scopeOf = (req: FastifyRequest): { actor: Actor; access: DeploymentAccess } => ({
  actor: req.actor!,
  access: req.access!,
});

/**
 * Sends a body rendered earlier (see lib/cached-json.ts): 304 when the client has it, gzip
 * when the client takes it, else the JSON text as it is. The route's response schema still
 * documents the shape.
 */
export function sendCachedJson(req: FastifyRequest, reply: FastifyReply, body: CachedJson) {
  reply.header('etag', body.etag).header('vary', 'accept-encoding').type('application/json; charset=utf-8');
  if (req.headers['if-none-match'] === body.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(body.gzip as never);
  return reply.send(body.json as never);
}
