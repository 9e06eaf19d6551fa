import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor, DeploymentAccess } from '../auth/actor.ts';
import type { Services } from '../services.ts';

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
 * Sends a body that is already JSON (e.g. from a cache). Fastify sends a string with a JSON
 * content type as it is; the route's response schema still documents its shape.
 */
export function sendPreserialized(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').send(json as never);
}
