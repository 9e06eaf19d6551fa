import { z } from 'zod';

/**
 * The shape of a checklist template as data (YAML on disk, JSONB in the database).
 * Keys are stable: an item keeps its key when a workspace copies and edits a template,
 * so deployments, evidence and history never point at a renumbered item.
 */

export const ROLE_KEYS = [
  'solutions_architect',
  'implementation_engineer',
  'customer_success_manager',
  'support_engineer',
  'it_director',
  'business_sponsor',
  'super_admin',
  'pilot_user',
] as const;
export const roleKey = z.enum(ROLE_KEYS);
export type RoleKey = z.infer<typeof roleKey>;

export const EVIDENCE_KINDS = ['note', 'file', 'link', 'check'] as const;
export const evidenceKind = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof evidenceKind>;

const slug = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, 'lowercase letters, digits and dashes');
export const itemKey = z
  .string()
  .max(72)
  .regex(/^[a-z][a-z0-9-]*\.[1-9][0-9]*$/, 'an item key is <section-slug>.<n>');

/** Day offsets from the kickoff date, inclusive (day 0 = kickoff). */
const dayWindow = z
  .tuple([z.number().int().min(-365).max(730), z.number().int().min(-365).max(730)])
  .refine(([a, b]) => a <= b, 'a window starts on or before it ends');

export const templateItem = z.object({
  key: itemKey,
  title: z.string().min(1).max(300),
  /** What "done" means, in a sentence a reviewer can hold the evidence against. */
  done: z.string().min(1).max(1000),
  owner: roleKey,
  optional: z.boolean().default(false),
  /** Done needs at least one evidence of one of these kinds; empty = none needed. */
  evidence: z.array(evidenceKind).max(4).default([]),
  dependsOn: z.array(itemKey).max(20).default([]),
  /** Overrides the section's window. */
  days: dayWindow.optional(),
  /** Success criteria only: the measurable target, in words. */
  target: z.string().max(300).optional(),
});
export type TemplateItem = z.infer<typeof templateItem>;

export const templateSection = z.object({
  key: slug,
  title: z.string().min(1).max(200),
  days: dayWindow.optional(),
  /** The launch-day section: its window is the go-live (cutover) date. */
  cutover: z.boolean().default(false),
  items: z.array(templateItem).min(1).max(100),
});
export type TemplateSection = z.infer<typeof templateSection>;

export const templatePhase = z.object({
  key: slug,
  title: z.string().min(1).max(200),
  /** The seed's own words for the window, e.g. "Week 1-2". */
  label: z.string().max(60),
  days: dayWindow,
  sections: z.array(templateSection).min(1).max(50),
});
export type TemplatePhase = z.infer<typeof templatePhase>;

export const criteriaGroup = z.object({
  key: slug,
  title: z.string().min(1).max(200),
  items: z.array(templateItem).min(1).max(50),
});

export const roleDefinition = z.object({
  key: roleKey,
  title: z.string().min(1).max(100),
  side: z.enum(['vendor', 'client']),
});

export const templateDocument = z.object({
  key: slug,
  version: z.number().int().min(1),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  roles: z.array(roleDefinition).min(1).max(20),
  phases: z.array(templatePhase).min(1).max(20),
  /** Measured in the first month after go-live (days relative to the go-live date). */
  criteria: z.array(criteriaGroup).max(10).default([]),
});
export type TemplateDocument = z.infer<typeof templateDocument>;
export type TemplateDocumentInput = z.input<typeof templateDocument>;
