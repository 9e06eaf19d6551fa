import { z } from 'zod';
import type { RouteModule } from '../../server/types.ts';
import { scopeOf } from '../../server/types.ts';
import { deploymentParams, errors } from '../../server/schemas.ts';
import * as s from './checks.schemas.ts';

const tags = ['checks'];

export const checkRoutes: RouteModule = (app, { checks }) => {
  app.get('/api/v1/check-kinds', {
    schema: { tags, summary: 'The check kinds: what each verifies, its default deadline and its config schema', response: { 200: z.object({ items: z.array(s.checkKind) }), ...errors } },
  }, () => ({ items: checks.kinds() }));

  app.get('/api/v1/deployments/:id/checks', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'The checks and monitors of a deployment, with their last result, state and uptime', params: deploymentParams, querystring: s.listChecksQuery, response: { 200: s.checkList, ...errors } },
  }, (req) => checks.list(scopeOf(req), req.query));

  app.post('/api/v1/deployments/:id/checks', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Set up a check, bound to an item; with intervalSeconds it is a monitor', params: deploymentParams, body: s.createCheckBody, response: { 201: s.check, ...errors } },
  }, async (req, reply) => reply.code(201).send(await checks.create(scopeOf(req), req.body)));

  app.get('/api/v1/deployments/:id/checks/:checkId', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'One check', params: s.checkParams, response: { 200: s.check, ...errors } },
  }, (req) => checks.get(scopeOf(req), req.params.checkId));

  app.patch('/api/v1/deployments/:id/checks/:checkId', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Change a check (config, secrets, binding, interval, enabled)', params: s.checkParams, body: s.updateCheckBody, response: { 200: s.check, ...errors } },
  }, (req) => checks.update(scopeOf(req), req.params.checkId, req.body));

  app.delete('/api/v1/deployments/:id/checks/:checkId', {
    config: { permission: 'check.manage' },
    schema: { tags, summary: 'Delete a check with its runs (evidence it produced stays on the item)', params: s.checkParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await checks.remove(scopeOf(req), req.params.checkId);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/deployments/:id/checks/:checkId/criterion', {
    config: { permission: 'item.read' },
    schema: { tags, summary: "The success criterion a monitor measures, over the criterion's window: so far, or the result once it ended", params: s.checkParams, response: { 200: s.criterionMeasurement, ...errors } },
  }, (req) => checks.criterion(scopeOf(req), req.params.checkId));

  app.post('/api/v1/deployments/:id/checks/:checkId/runs', {
    config: { permission: 'check.run' },
    schema: { tags, summary: 'Run the check now: 202 with the queued run; poll it until it has a status', params: s.checkParams, response: { 202: s.run, ...errors } },
  }, async (req, reply) => reply.code(202).send(await checks.runNow(scopeOf(req), req.params.checkId)));

  app.get('/api/v1/deployments/:id/checks/:checkId/runs', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Runs of a check, newest first (scheduled passes keep only their latency)', params: s.checkParams, querystring: s.runsQuery, response: { 200: z.object({ items: z.array(s.run), nextCursor: z.string().nullable() }), ...errors } },
  }, (req) => checks.runs(scopeOf(req), req.params.checkId, req.query));

  app.get('/api/v1/deployments/:id/checks/:checkId/runs/:runId', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'One run', params: s.runParams, response: { 200: s.run, ...errors } },
  }, (req) => checks.run(scopeOf(req), req.params.checkId, req.params.runId));
};
