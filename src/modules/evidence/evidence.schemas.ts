import { z } from 'zod';
import { isoDateTime } from '../../server/schemas.ts';

export const evidence = z
  .object({
    id: z.string(),
    kind: z.enum(['note', 'file', 'link', 'check']),
    note: z.string().nullable(),
    url: z.string().nullable(),
    file: z.object({ sha256: z.string(), name: z.string(), size: z.number(), mediaType: z.string() }).nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    createdBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'Evidence' });

export const jsonEvidence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), url: z.url({ protocol: /^https?$/ }).max(2000), note: z.string().trim().min(1).max(4000).optional() }),
  z.object({ kind: z.literal('note'), note: z.string().trim().min(1).max(4000) }),
]);
