import { z } from 'zod';
import { WORKSPACE_ROLES } from '../../auth/permissions.ts';
import { isoDateTime } from '../../server/schemas.ts';

const email = z.email().max(254);
const password = z.string().min(10, 'a password has at least 10 characters').max(200);
const displayName = z.string().trim().min(1).max(120);

export const setupBody = z.object({
  workspaceName: z.string().trim().min(1).max(120),
  email,
  password,
  displayName,
});
export const setupResponse = z.object({ token: z.string(), userId: z.string(), workspaceId: z.string() });

export const loginBody = z.object({ email, password: z.string().min(1).max(200) });

export const user = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    workspaceRole: z.enum(WORKSPACE_ROLES),
    organizationId: z.string(),
    locale: z.enum(['en', 'id']),
    disabled: z.boolean(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'User' });

export const workspace = z.object({
  id: z.string(),
  name: z.string(),
  allowPrivateCheckTargets: z.boolean().describe("Whether client users' checks may reach loopback, link-local and cloud metadata addresses"),
});
export const updateWorkspaceBody = z
  .object({ name: z.string().trim().min(1).max(120).optional(), allowPrivateCheckTargets: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, 'send at least one change');
export const me = user.extend({ workspace, permissions: z.array(z.string()) });

export const createUserBody = z.object({
  email,
  displayName,
  password,
  workspaceRole: z.enum(WORKSPACE_ROLES),
  organizationId: z.string().uuid(),
});

export const organization = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(['vendor', 'client']), createdAt: isoDateTime })
  .meta({ id: 'Organization' });
export const createOrganizationBody = z.object({ name: z.string().trim().min(1).max(160) });

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(80),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const createdToken = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().describe('Shown once; store it now.'),
  prefix: z.string(),
  expiresAt: isoDateTime.nullable(),
});
export const tokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  expiresAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});
