import { z } from 'zod';
import type { RouteModule } from '../../server/types.ts';
import { metricsRegistry } from '../../server/metrics.ts';

/** Liveness, readiness and metrics: no credentials, no /api prefix, for load balancers and Prometheus. */
export const systemRoutes: RouteModule = (app, { database }) => {
  app.get('/healthz', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'Up', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'Database reachable and migrated', response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ status: z.literal('not_ready'), reason: z.string() }) } },
  }, async (_req, reply) => {
    try {
      await database.ping();
      return { status: 'ready' as const };
    } catch (e) {
      return reply.code(503).send({ status: 'not_ready' as const, reason: (e as Error).message.slice(0, 200) });
    }
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
    reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics()),
  );
};
