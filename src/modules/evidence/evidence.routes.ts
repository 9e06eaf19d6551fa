import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from '../../server/types.ts';
import { scopeOf } from '../../server/types.ts';
import { deploymentParams, errors, uuidParam } from '../../server/schemas.ts';
import { AppError } from '../../lib/errors.ts';
import { itemParams } from '../items/items.schemas.ts';
import { evidence, jsonEvidence } from './evidence.schemas.ts';
import type { EvidenceInput } from './evidence.service.ts';

const tags = ['evidence'];

/** Multipart: an optional `note` field, then one `file` part (streamed, never buffered whole). */
async function fromMultipart(req: FastifyRequest, maxBytes: number): Promise<EvidenceInput> {
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 8_000 } });
  } catch (e) {
    // The parser's own complaints (no boundary, cut-off body) are bad input; its limit errors carry a status.
    if (e instanceof Error && !('statusCode' in e)) throw new AppError('bad_request', 'The multipart body is malformed or cut off. Send the file again.');
    throw e;
  }
  if (!part) throw new AppError('validation_failed', 'The upload has no file part. Send the file in a field named "file".');
  const noteField = part.fields.note;
  const note = noteField && 'value' in noteField && typeof noteField.value === 'string' ? noteField.value.trim() || undefined : undefined;
  const fileName = (part.filename || 'evidence').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
  return { kind: 'file', stream: part.file, fileName, note };
}

export const evidenceRoutes: RouteModule = (app, { evidence: service, config }) => {
  app.post('/api/v1/deployments/:id/items/:key/evidence', {
    config: { permission: 'evidence.add' },
    schema: {
      tags,
      summary: 'Add evidence: multipart/form-data with a `file` (and optional `note` before it), or JSON {kind: link|note}',
      params: itemParams,
      body: jsonEvidence.nullish(),
      response: { 201: evidence, 413: errors[400], 415: errors[400], ...errors },
    },
  }, async (req, reply) => {
    const input: EvidenceInput | undefined = req.isMultipart() ? await fromMultipart(req, config.maxUploadBytes) : (req.body ?? undefined);
    if (!input) throw new AppError('validation_failed', 'Send a file (multipart/form-data) or JSON {"kind":"link","url":…} / {"kind":"note","note":…}.');
    return reply.code(201).send(await service.add(scopeOf(req), req.params.key, input));
  });

  app.get('/api/v1/deployments/:id/items/:key/evidence', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Evidence of an item, newest first', params: itemParams, response: { 200: z.object({ items: z.array(evidence) }), ...errors } },
  }, async (req) => ({ items: await service.list(scopeOf(req), req.params.key) }));

  app.get('/api/v1/deployments/:id/evidence/:evidenceId/file', {
    config: { permission: 'item.read' },
    schema: { tags, summary: 'Download an evidence file', params: deploymentParams.extend({ evidenceId: uuidParam }), response: { 200: z.any().describe('The file, as uploaded'), ...errors } },
  }, async (req, reply) => {
    const file = await service.download(scopeOf(req), req.params.evidenceId);
    return reply
      .type(file.mediaType)
      .header('content-length', file.size)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .send(file.stream);
  });
};
