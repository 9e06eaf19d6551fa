import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
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
