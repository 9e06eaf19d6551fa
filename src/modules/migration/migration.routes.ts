import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from '../../server/types.ts';
import { scopeOf } from '../../server/types.ts';
import { deploymentParams, errors, page } from '../../server/schemas.ts';
import { AppError } from '../../lib/errors.ts';
import * as s from './migration.schemas.ts';
import type { UploadInput } from './migration.service.ts';

const tags = ['migration'];

/** Multipart: the fields (environment, profile or mapping, maxRejects) first, then one `file` part, streamed. */
async function fromMultipart(req: FastifyRequest, maxBytes: number): Promise<UploadInput> {
  if (!req.isMultipart()) throw new AppError('validation_failed', 'Send the export as multipart/form-data: the fields environment and profile (or mapping) first, then the file in a field named "file".');
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 256 * 1024 } });
  } catch (e) {
    if (e instanceof Error && !('statusCode' in e)) throw new AppError('bad_request', 'The multipart body is malformed or cut off. Send the file again.');
    throw e;
  }
  if (!part) throw new AppError('validation_failed', 'The upload has no file part. Send the export in a field named "file", after the other fields.');
  const fields = Object.fromEntries(
    Object.entries(part.fields).flatMap(([name, f]) => (f && !Array.isArray(f) && 'value' in f && typeof f.value === 'string' && f.value.trim() ? [[name, f.value.trim()]] : [])),
  );
  const parsed = s.uploadFields.safeParse(fields);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    part.file.resume(); // drain it: nothing of this upload is kept
    throw new AppError('validation_failed', `The upload's fields are not right: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, { issues });
  }
  const fileName = (part.filename || 'export').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
  return { ...parsed.data, stream: part.file, fileName };
}

export const migrationRoutes: RouteModule = (app, { migration, config }) => {
  app.get('/api/v1/deployments/:id/import-targets', {
    config: { permission: 'migration.read' },
    schema: { tags, summary: 'Where staging and production imports load (whether set, the schema; never the URL)', params: deploymentParams, response: { 200: z.object({ items: z.array(s.importTarget) }), ...errors } },
  }, (req) => migration.targets(scopeOf(req)));

  app.put('/api/v1/deployments/:id/import-targets/:environment', {
    config: { permission: 'migration.run' },
    schema: { tags, summary: "Set an environment's import target: a PostgreSQL URL (stored encrypted) and a schema", params: s.targetParams, body: s.setTargetBody, response: { 200: s.importTarget, ...errors } },
  }, (req) => migration.setTarget(scopeOf(req), req.params.environment, req.body));

  app.post('/api/v1/deployments/:id/imports', {
    config: { permission: 'migration.run' },
    schema: {
      tags,
      summary: 'Upload a POS export and import it: multipart/form-data with environment, profile (moka, pawoon, majoo) or mapping (JSON), optional maxRejects, then the file. 202 with the queued import',
      params: deploymentParams,
      response: { 202: s.importRun, 413: errors[400], 415: errors[400], ...errors },
    },
  }, async (req, reply) => reply.code(202).send(await migration.startImport(scopeOf(req), await fromMultipart(req, config.maxImportBytes))));

  app.get('/api/v1/deployments/:id/imports', {
    config: { permission: 'migration.read' },
    schema: { tags, summary: 'Imports of the deployment, newest first, with their progress', params: deploymentParams, querystring: s.listImportsQuery, response: { 200: page(s.importRun), ...errors } },
  }, (req) => migration.imports(scopeOf(req), req.query));

  app.get('/api/v1/deployments/:id/imports/:importId', {
    config: { permission: 'migration.read' },
    schema: { tags, summary: 'One import: live progress while it runs (rows, rows/s, ETA), the result after, and its mapping', params: s.importParams, response: { 200: s.importRunDetail, ...errors } },
  }, (req) => migration.getImport(scopeOf(req), req.params.importId));

  app.get('/api/v1/deployments/:id/imports/:importId/rejects', {
    config: { permission: 'migration.read' },
    schema: { tags, summary: "An import's rejected rows by reason, and its rejects file", params: s.importParams, response: { 200: s.rejectsSummary, ...errors } },
  }, (req) => migration.rejects(scopeOf(req), req.params.importId));

  app.get('/api/v1/deployments/:id/imports/:importId/rejects/file', {
    config: { permission: 'migration.read' },
    schema: { tags, summary: 'Download the rejects file (CSV: source_row, reason, detail, raw)', params: s.importParams, response: { 200: z.any().describe('The rejects CSV'), ...errors } },
  }, async (req, reply) => {
    const file = await migration.rejectsFile(scopeOf(req), req.params.importId);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-length', file.size)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .send(file.stream);
  });

  app.post('/api/v1/deployments/:id/imports/:importId/cancel', {
    config: { permission: 'migration.run' },
    schema: { tags, summary: 'Stop an import (rows loaded so far stay; a new import of the same file adds only the rest)', params: s.importParams, response: { 200: s.importRun, ...errors } },
  }, (req) => migration.cancel(scopeOf(req), req.params.importId));

  app.post('/api/v1/deployments/:id/reconciliations', {
    config: { permission: 'migration.run' },
    schema: { tags, summary: "Reconcile the environment's imported files against its target, per outlet and business day. 202 with the queued reconciliation", params: deploymentParams, body: s.reconcileBody, response: { 202: s.reconciliation, ...errors } },
  }, async (req, reply) => reply.code(202).send(await migration.reconcile(scopeOf(req), req.body.environment)));

  app.get('/api/v1/deployments/:id/reconciliations', {
    config: { permission: 'migration.read' },
    schema: { tags, summary: 'Reconciliations of the deployment, newest first', params: deploymentParams, querystring: s.listImportsQuery, response: { 200: page(s.reconciliation), ...errors } },
  }, (req) => migration.reconciliations(scopeOf(req), req.query));

  app.get('/api/v1/deployments/:id/reconciliations/:reconciliationId', {
    config: { permission: 'migration.read' },
    schema: { tags, summary: 'One reconciliation with its per-day totals and the transactions missing, extra or different', params: s.reconciliationParams, response: { 200: s.reconciliationDetail, ...errors } },
  }, (req) => migration.getReconciliation(scopeOf(req), req.params.reconciliationId));
};
