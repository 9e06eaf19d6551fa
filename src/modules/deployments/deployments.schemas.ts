import { z } from 'zod';
import { inputDate, isoDate, isoDateTime } from '../../server/schemas.ts';
import { ROLE_KEYS, roleDefinition } from '../templates/template.schema.ts';
import { DEPLOYMENT_STATUSES } from './status.ts';

const counts = {
  total: z.number(),
  done: z.number(),
  notApplicable: z.number(),
  inProgress: z.number(),
  blocked: z.number(),
  todo: z.number(),
  overdue: z.number(),
  percent: z.number().describe('done ÷ (total − not applicable), in %'),
};

export const progress = z
  .object({
    ...counts,
    health: z.enum(['on_track', 'at_risk', 'late']),
    phases: z.array(z.object({ key: z.string(), ...counts, gate: z.object({ ready: z.boolean(), open: z.array(z.string()) }) })),
    criteria: z.object({ ...counts, met: z.number() }),
  })
  .meta({ id: 'Progress' });

export const deploymentSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    clientName: z.string(),
    clientOrgId: z.string(),
    templateKey: z.string(),
    templateVersion: z.number(),
    kickoffOn: isoDate,
    goLiveOn: isoDate,
    status: z.enum(DEPLOYMENT_STATUSES),
    health: z.enum(['on_track', 'at_risk', 'late']).nullable(),
    version: z.number(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    progress,
  })
  .meta({ id: 'DeploymentSummary' });

export const deployment = deploymentSummary
  .extend({
    phases: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        label: z.string(),
        start: isoDate,
        end: isoDate,
        sections: z.array(z.object({ key: z.string(), title: z.string(), cutover: z.boolean() })),
      }),
    ),
    roles: z.array(roleDefinition).describe('The roles of the pinned template'),
    criteriaGroups: z.array(z.object({ key: z.string(), title: z.string() })),
    myRole: z.string().nullable(),
    myPermissions: z.array(z.string()),
    allowedStatuses: z.array(z.enum(DEPLOYMENT_STATUSES)),
    today: isoDate,
  })
  .meta({ id: 'Deployment' });

export const createDeploymentBody = z.object({
  name: z.string().trim().min(1).max(160),
  clientName: z.string().trim().min(1).max(160),
  templateKey: z.string().min(1).max(60),
  templateVersion: z.number().int().min(1).max(100_000).optional(),
  kickoffOn: inputDate,
  creatorRole: z.enum(ROLE_KEYS).optional().describe('Your role in the new deployment (default solutions_architect)'),
});

export const updateDeploymentBody = z
  .object({
    name: z.string().trim().min(1).max(160).optional(),
    kickoffOn: inputDate.optional(),
    status: z.enum(DEPLOYMENT_STATUSES).optional(),
    reason: z.string().trim().min(1).max(2000).optional(),
    version: z.number().int().min(1).optional().describe('The version you loaded; a stale one is refused with 409'),
  })
  .refine((b) => b.name !== undefined || b.kickoffOn !== undefined || b.status !== undefined, 'send at least one of name, kickoffOn, status');

export const listQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(DEPLOYMENT_STATUSES).optional(),
});

export const member = z.object({
  userId: z.string(),
  role: z.string(),
  displayName: z.string(),
  email: z.string(),
  organizationId: z.string(),
  addedAt: isoDateTime,
});
export const addMemberBody = z.object({ userId: z.string().uuid(), role: z.enum(ROLE_KEYS) });

export const calendar = z.object({
  today: isoDate,
  kickoffOn: isoDate,
  goLiveOn: isoDate,
  phases: z.array(z.object({ key: z.string(), start: isoDate, end: isoDate })),
  days: z.array(z.object({ date: isoDate, weekend: z.boolean(), holiday: z.object({ name: z.string(), nameId: z.string() }).nullable() })),
});
