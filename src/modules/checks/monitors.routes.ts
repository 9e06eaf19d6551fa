import { z } from 'zod';
import type { RouteModule } from '../../server/types.ts';
import { scopeOf } from '../../server/types.ts';
import { deploymentParams, errors } from '../../server/schemas.ts';
import * as s from './checks.schemas.ts';

const tags = ['monitors'];

export const monitorRoutes: RouteModule = (app, { monitors }) => {
  app.get('/api/v1/deployments/:id/checks/:checkId/availability', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Time-weighted uptime, error budget and latency of a monitor over a window (default the last 24 h)', params: s.checkParams, querystring: s.windowQuery, response: { 200: s.availability, ...errors } },
  }, (req) => monitors.availability(scopeOf(req), req.params.checkId, req.query));

  app.get('/api/v1/deployments/:id/checks/:checkId/series', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Results and latency (p50, p95) per time bucket, for charts', params: s.checkParams, querystring: s.seriesQuery, response: { 200: s.series, ...errors } },
  }, (req) => monitors.series(scopeOf(req), req.params.checkId, req.query));

  app.get('/api/v1/deployments/:id/checks/:checkId/events', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Up/down periods of a monitor, newest first (default the last 30 days)', params: s.checkParams, querystring: s.windowQuery, response: { 200: z.object({ items: z.array(s.event) }), ...errors } },
  }, (req) => monitors.events(scopeOf(req), req.params.checkId, req.query));

  app.get('/api/v1/deployments/:id/maintenance', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Maintenance windows (current, coming, and those of the last 30 days)', params: deploymentParams, response: { 200: z.object({ items: z.array(s.maintenanceWindow) }), ...errors } },
  }, async (req) => ({ items: await monitors.listMaintenance(scopeOf(req)) }));

  app.post('/api/v1/deployments/:id/maintenance', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Plan a maintenance window: its time counts neither up nor down and raises no alert', params: deploymentParams, body: s.createMaintenanceBody, response: { 201: s.maintenanceWindow, ...errors } },
  }, async (req, reply) => reply.code(201).send(await monitors.addMaintenance(scopeOf(req), req.body)));

  app.delete('/api/v1/deployments/:id/maintenance/:windowId', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Remove a maintenance window', params: s.maintenanceParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await monitors.removeMaintenance(scopeOf(req), req.params.windowId);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/deployments/:id/webhooks', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Alert webhooks: where monitor transitions are posted', params: deploymentParams, response: { 200: z.object({ items: z.array(s.webhook) }), ...errors } },
  }, async (req) => ({ items: await monitors.listWebhooks(scopeOf(req)) }));

  app.post('/api/v1/deployments/:id/webhooks', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Add an alert webhook; its signing secret is returned this once', params: deploymentParams, body: s.createWebhookBody, response: { 201: s.webhook.extend({ secret: z.string() }), ...errors } },
  }, async (req, reply) => reply.code(201).send(await monitors.addWebhook(scopeOf(req), req.body)));

  app.delete('/api/v1/deployments/:id/webhooks/:webhookId', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Remove an alert webhook', params: s.webhookParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await monitors.removeWebhook(scopeOf(req), req.params.webhookId);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/deployments/:id/webhooks/:webhookId/test', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Post a signed test event now and report the answer', params: s.webhookParams, response: { 200: z.object({ delivered: z.boolean(), status: z.string().nullable() }), ...errors } },
  }, (req) => monitors.testWebhook(scopeOf(req), req.params.webhookId));
};
