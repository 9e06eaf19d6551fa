import { z } from 'zod';
import type { RouteModule } from '../../server/types.ts';
import { actorOf } from '../../server/types.ts';
import { errors, isoDateTime } from '../../server/schemas.ts';

const auditEvent = z
  .object({
    id: z.number(),
    at: isoDateTime,
    actorId: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    deploymentId: z.string().nullable(),
    requestId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEvent' });

export const auditRoutes: RouteModule = (app, { audit }) => {
  app.get('/api/v1/audit', {
    config: { permission: 'audit.read' },
    schema: {
      tags: ['audit'],
      summary: 'The workspace audit trail, newest first (optionally one deployment’s)',
      querystring: z.object({
        deploymentId: z.string().max(64).optional(),
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(auditEvent), nextCursor: z.string().nullable() }), ...errors },
    },
  }, (req) => audit.list(actorOf(req), req.query));
};
