import { z } from 'zod';
import { deploymentParams, inputDate, isoDate, isoDateTime } from '../../server/schemas.ts';

export const ITEM_STATES = ['todo', 'in_progress', 'blocked', 'done', 'not_applicable'] as const;

export const itemParams = deploymentParams.extend({ key: z.string().min(1).max(72) });

export const item = z
  .object({
    key: z.string(),
    kind: z.enum(['item', 'criterion']),
    phaseKey: z.string(),
    sectionKey: z.string(),
    ordinal: z.number(),
    title: z.string(),
    done: z.string().describe('What "done" means for this item'),
    ownerRole: z.string(),
    optional: z.boolean(),
    evidenceKinds: z.array(z.string()),
    dependsOn: z.array(z.string()),
    target: z.string().nullable(),
    dueStart: isoDate,
    dueEnd: isoDate,
    overdue: z.boolean(),
    state: z.enum(ITEM_STATES),
    reason: z.string().nullable(),
    assignee: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    evidenceCount: z.number(),
    commentCount: z.number(),
    checks: z
      .object({ total: z.number(), passing: z.number(), failing: z.number(), suggestsDone: z.boolean().describe('A check bound with onPass "suggest" passes: confirm by marking the item done') })
      .nullable()
      .describe('Checks bound to this item, by their last result; null when none'),
    version: z.number(),
    completedAt: isoDateTime.nullable(),
    updatedAt: isoDateTime,
    canChange: z.boolean().describe('Whether you may change this item'),
  })
  .meta({ id: 'Item' });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listItemsQuery = z.object({
  phase: z.string().max(60).optional(),
  section: z.string().max(60).optional(),
  state: z
    .string()
    .max(80)
    .optional()
    .transform((v) => (v ? v.split(',') : undefined))
    .pipe(z.array(z.enum(ITEM_STATES)).max(5).optional()),
  mine: bool.optional().describe('Assigned to me, or unassigned and owned by my role'),
  overdue: bool.optional(),
  owner: z.string().max(60).optional(),
  kind: z.enum(['item', 'criterion']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const patchItemBody = z
  .object({
    state: z.enum(ITEM_STATES).optional(),
    note: z.string().trim().min(1).max(4000).optional(),
    reason: z.string().trim().min(1).max(2000).optional().describe('Needed for blocked and not_applicable'),
    assigneeId: z.string().uuid().nullable().optional(),
    dueOn: inputDate.optional().describe('Move the due date; items that depend on this one move with it'),
    version: z.number().int().min(1).optional().describe('The version you loaded; a stale one is refused with 409'),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), 'send at least one change');

export const historyEntry = z.object({
  id: z.number(),
  at: isoDateTime,
  actor: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  note: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
});

export const comment = z.object({
  id: z.string(),
  body: z.string(),
  author: z.object({ id: z.string(), displayName: z.string() }),
  createdAt: isoDateTime,
});
export const addCommentBody = z.object({ body: z.string().trim().min(1).max(4000) });
export const pageQuery = z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
