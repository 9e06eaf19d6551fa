import { z } from 'zod';
import { templateDocument } from './template.schema.ts';
import { isoDateTime } from '../../server/schemas.ts';

export const templateKeyParams = z.object({ key: z.string().min(1).max(60) });
export const templateVersionParams = templateKeyParams.extend({ version: z.coerce.number().int().min(1).max(100_000) });
export const versionQuery = z.object({ version: z.coerce.number().int().min(1).max(100_000).optional() });

export const templateSummary = z
  .object({
    id: z.string(),
    key: z.string(),
    version: z.number(),
    name: z.string(),
    status: z.enum(['draft', 'published']),
    builtin: z.boolean(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'TemplateSummary' });

export const template = templateSummary
  .extend({ itemCount: z.number(), criteriaCount: z.number(), document: templateDocument })
  .meta({ id: 'Template' });

export const importBody = z.union([z.string().max(1024 * 1024), z.record(z.string(), z.unknown())]);
export const importQuery = z.object({ draft: z.enum(['true', 'false']).optional().transform((v) => v === 'true') });
export const copyBody = z.object({ version: z.number().int().min(1).max(100_000).optional() }).default({});
export const updateBody = z.object({ document: z.record(z.string(), z.unknown()) });
