import { z } from 'zod';
import type { RouteModule } from '../../server/types.ts';
import { scopeOf, sendCachedJson } from '../../server/types.ts';
import { errors } from '../../server/schemas.ts';
import * as s from './items.schemas.ts';

const tags = ['items'];

/** The version the client loaded, from If-Match (an ETag) or the body. */
function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  const m = ifMatch ? /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim()) : null;
  return m ? Number(m[1]) : bodyVersion;
}

export const itemRoutes: RouteModule = (app, { items }) => {
  app.get('/api/v1/deployments/:id/items', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Items and success criteria of a deployment, in checklist order, with filters', params: s.itemParams.pick({ id: true }), querystring: s.listItemsQuery, response: { 200: z.object({ items: z.array(s.item), nextCursor: z.string().nullable() }), ...errors } },
  }, async (req, reply) => {
    const { phase, section, owner, ...rest } = req.query;
    return sendCachedJson(req, reply, await items.listCached(scopeOf(req), { ...rest, phaseKey: phase, sectionKey: section, ownerRole: owner }));
  });

  app.get('/api/v1/deployments/:id/items/:key', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'One item', params: s.itemParams, response: { 200: s.item, ...errors } },
  }, async (req, reply) => {
    const item = await items.get(scopeOf(req), req.params.key);
    return reply.header('etag', `"${item.version}"`).send(item);
  });

  app.patch('/api/v1/deployments/:id/items/:key', {
    config: { permission: 'item.read' },
    schema: {
      tags,
      summary: 'Change state (with note/reason), assignee or due date. Send If-Match or version to refuse a stale write.',
      params: s.itemParams,
      body: s.patchItemBody,
      headers: z.object({ 'if-match': z.string().max(40).optional() }),
      response: { 200: s.item, ...errors },
    },
  }, async (req, reply) => {
    const item = await items.update(scopeOf(req), req.params.key, { ...req.body, version: expectedVersion(req.headers['if-match'], req.body.version) });
    return reply.header('etag', `"${item.version}"`).send(item);
  });

  app.get('/api/v1/deployments/:id/items/:key/history', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Append-only history of an item, newest first', params: s.itemParams, querystring: s.pageQuery, response: { 200: z.object({ items: z.array(s.historyEntry), nextCursor: z.string().nullable() }), ...errors } },
  }, (req) => items.history(scopeOf(req), req.params.key, req.query));

  app.get('/api/v1/deployments/:id/items/:key/comments', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Comments on an item, oldest first', params: s.itemParams, querystring: s.pageQuery, response: { 200: z.object({ items: z.array(s.comment), nextCursor: z.string().nullable() }), ...errors } },
  }, (req) => items.comments(scopeOf(req), req.params.key, req.query));

  app.post('/api/v1/deployments/:id/items/:key/comments', {
    config: { permission: 'item.comment' },
    schema: { tags, summary: 'Comment on an item', params: s.itemParams, body: s.addCommentBody, response: { 201: s.comment, ...errors } },
  }, async (req, reply) => reply.code(201).send(await items.addComment(scopeOf(req), req.params.key, req.body.body)));
};
