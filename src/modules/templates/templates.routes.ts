import { z } from 'zod';
import type { RouteModule } from '../../server/types.ts';
import { actorOf } from '../../server/types.ts';
import { errors } from '../../server/schemas.ts';
import * as s from './templates.schemas.ts';

const tags = ['templates'];

export const templateRoutes: RouteModule = (app, { templates }) => {
  app.get('/api/v1/templates', {
    config: { permission: 'template.read' },
    schema: { tags, summary: 'Templates: built-in and this workspace’s versions', response: { 200: z.object({ items: z.array(s.templateSummary) }), ...errors } },
  }, async (req) => ({ items: await templates.list(actorOf(req)) }));

  app.get('/api/v1/templates/:key', {
    config: { permission: 'template.read' },
    schema: { tags, summary: 'A template with its document (latest version unless ?version=)', params: s.templateKeyParams, querystring: s.versionQuery, response: { 200: s.template, ...errors } },
  }, (req) => templates.get(actorOf(req), req.params.key, req.query.version));

  app.get('/api/v1/templates/:key/export', {
    config: { permission: 'template.read' },
    schema: { tags, summary: 'A template as YAML', params: s.templateKeyParams, querystring: s.versionQuery, response: { 200: z.string(), ...errors } },
  }, async (req, reply) => reply.type('application/yaml; charset=utf-8').send(await templates.exportYaml(actorOf(req), req.params.key, req.query.version)));

  app.post('/api/v1/templates/import', {
    config: { permission: 'template.manage' },
    schema: { tags, summary: 'Import a template (YAML body, or JSON) as the next version of its key', body: s.importBody, querystring: s.importQuery, response: { 201: s.template, ...errors } },
  }, async (req, reply) => {
    const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return reply.code(201).send(await templates.importYaml(actorOf(req), text, { draft: req.query.draft }));
  });

  app.post('/api/v1/templates/:key/copy', {
    config: { permission: 'template.manage' },
    schema: { tags, summary: 'Copy a version into a new draft version of this workspace', params: s.templateKeyParams, body: s.copyBody, response: { 201: s.template, ...errors } },
  }, async (req, reply) => reply.code(201).send(await templates.copy(actorOf(req), req.params.key, req.body.version)));

  app.put('/api/v1/templates/:key/versions/:version', {
    config: { permission: 'template.manage' },
    schema: { tags, summary: 'Replace a draft’s document (add, remove, reorder sections and items)', params: s.templateVersionParams, body: s.updateBody, response: { 200: s.template, ...errors } },
  }, (req) => templates.updateDraft(actorOf(req), req.params.key, req.params.version, req.body.document));

  app.post('/api/v1/templates/:key/versions/:version/publish', {
    config: { permission: 'template.manage' },
    schema: { tags, summary: 'Publish a draft so deployments can use it', params: s.templateVersionParams, response: { 200: s.template, ...errors } },
  }, (req) => templates.publish(actorOf(req), req.params.key, req.params.version));
};
