import { z } from 'zod';
import type { RouteModule } from '../../server/types.ts';
import { actorOf, scopeOf } from '../../server/types.ts';
import { deploymentParams, errors, uuidParam } from '../../server/schemas.ts';
import * as s from './deployments.schemas.ts';

const tags = ['deployments'];

export const deploymentRoutes: RouteModule = (app, { deployments }) => {
  app.post('/api/v1/deployments', {
    config: { permission: 'deployment.create' },
    schema: { tags, summary: 'Create a deployment for a client from a template, scheduled from its kickoff date', body: s.createDeploymentBody, response: { 201: s.deployment, ...errors } },
  }, async (req, reply) => reply.code(201).send(await deployments.create(actorOf(req), req.body)));

  app.get('/api/v1/deployments', {
    schema: { tags, summary: 'The portfolio: deployments I can see, with progress and health', querystring: s.listQuery, response: { 200: z.object({ items: z.array(s.deploymentSummary), nextCursor: z.string().nullable() }), ...errors } },
  }, (req) => deployments.list(actorOf(req), req.query));

  app.get('/api/v1/deployments/:id', {
    config: { permission: 'deployment.read' },
    schema: { tags, summary: 'A deployment with progress per phase, gates and the phase timeline', params: deploymentParams, response: { 200: s.deployment, ...errors } },
  }, (req) => deployments.get(scopeOf(req)));

  app.patch('/api/v1/deployments/:id', {
    config: { permission: 'deployment.update' },
    schema: { tags, summary: 'Rename, move the kickoff (reschedules open items) or change status', params: deploymentParams, body: s.updateDeploymentBody, response: { 200: s.deployment, ...errors } },
  }, (req) => deployments.update(scopeOf(req), req.body));

  app.get('/api/v1/deployments/:id/calendar', {
    config: { permission: 'deployment.read' },
    schema: { tags, summary: 'Days of the deployment with weekends and Indonesian public holidays', params: deploymentParams, response: { 200: s.calendar, ...errors } },
  }, (req) => deployments.calendar(scopeOf(req)));

  app.get('/api/v1/deployments/:id/members', {
    config: { permission: 'deployment.read' },
    schema: { tags, summary: 'The deployment team and their roles', params: deploymentParams, response: { 200: z.object({ items: z.array(s.member) }), ...errors } },
  }, async (req) => ({ items: await deployments.members(scopeOf(req)) }));

  app.post('/api/v1/deployments/:id/members', {
    config: { permission: 'deployment.members.manage' },
    schema: { tags, summary: 'Add a person to the deployment with one of the seed’s roles', params: deploymentParams, body: s.addMemberBody, response: { 200: z.object({ items: z.array(s.member) }), ...errors } },
  }, async (req) => ({ items: await deployments.addMember(scopeOf(req), req.body) }));

  app.delete('/api/v1/deployments/:id/members/:userId', {
    config: { permission: 'deployment.members.manage' },
    schema: { tags, summary: 'Remove a person from the deployment', params: deploymentParams.extend({ userId: uuidParam }), response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await deployments.removeMember(scopeOf(req), req.params.userId);
    return reply.code(204).send(null);
  });
};
