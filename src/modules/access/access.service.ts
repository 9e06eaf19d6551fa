import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isUuid, newId, newSecret, sha256Hex } from '../../lib/ids.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../auth/passwords.ts';
import type { Actor } from '../../auth/actor.ts';
import { requirePermission } from '../../auth/require.ts';
import type { AccessCache, CachedActor } from '../../auth/access-cache.ts';
import { DEFAULT_ROLE_PERMISSIONS, type Permission, type WorkspaceRole } from '../../auth/permissions.ts';
import { iso, isoNow } from '../../lib/present.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import * as repo from './access.repo.ts';
import type { ActorRow } from './access.repo.ts';

export interface AccessServiceDeps {
  db: Db;
  cache: AccessCache;
  sessionTtlHours: number;
  now?: () => Date;
}

const SETUP_LOCK = 7_406_412_002;
// A token's last-used time is written at most this often, so reads stay reads.
const TOUCH_INTERVAL_MS = 60_000;

export type AccessService = ReturnType<typeof createAccessService>;

export function createAccessService({ db, cache, sessionTtlHours, now = () => new Date() }: AccessServiceDeps) {
  async function newSession(tx: DbOrTx, userId: string) {
    const secret = newSecret('gls');
    const expiresAt = new Date(now().getTime() + sessionTtlHours * 3_600_000);
    await repo.insertSession(tx, { id: sha256Hex(secret), userId, expiresAt });
    return { secret, expiresAt };
  }

  async function newToken(tx: DbOrTx, userId: string, name: string, expiresInDays?: number) {
    const token = newSecret('glt');
    const id = newId();
    const expiresAt = expiresInDays ? new Date(now().getTime() + expiresInDays * 86_400_000) : null;
    await repo.insertApiToken(tx, { id, userId, name, tokenHash: sha256Hex(token), prefix: token.slice(0, 10), expiresAt });
    return { id, token, prefix: token.slice(0, 10), expiresAt };
  }

  function toActor(row: ActorRow): CachedActor {
    return {
      userId: row.userId,
      workspaceId: row.workspaceId,
      organizationId: row.organizationId,
      workspaceRole: row.workspaceRole,
      displayName: row.displayName,
      permissions: new Set(row.permissions as Permission[]),
      credentialId: row.credentialId,
    };
  }

  return {
    async isSetUp(): Promise<boolean> {
      return (await repo.countUsers(db)) > 0;
    },

    /** First run: creates the workspace, the vendor organisation and its owner. Refused once anyone exists. */
    async setup(input: { workspaceName: string; email: string; password: string; displayName: string }) {
      const passwordHash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
        if ((await repo.countUsers(tx)) > 0) {
          throw new AppError('setup_done', 'Golive is already set up. Sign in instead, or ask an owner for an account.');
        }
        const { workspaceId, userId } = await provisionWorkspace(tx, { ...input, passwordHash });
        const token = await newToken(tx, userId, 'setup');
        const session = await newSession(tx, userId);
        await recordAudit(tx, { workspaceId, userId }, { action: 'workspace.setup', subjectType: 'workspace', subjectId: workspaceId });
        return { token: token.token, session, userId, workspaceId };
      });
    },

    async login(input: { email: string; password: string }, requestId?: string) {
      const user = await repo.findUserByEmail(db, input.email.toLowerCase());
      if (!user || !user.passwordHash || user.disabledAt) {
        await burnPasswordCheck(input.password);
        throw new AppError('unauthorized', 'The email or password is wrong.');
      }
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        throw new AppError('unauthorized', 'The email or password is wrong.');
      }
      return db.transaction(async (tx) => {
        const session = await newSession(tx, user.id);
        await recordAudit(tx, { workspaceId: user.workspaceId, userId: user.id, requestId }, {
          action: 'session.login',
          subjectType: 'user',
          subjectId: user.id,
        });
        return session;
      });
    },

    async logout(sessionSecret: string, requestId?: string) {
      const id = sha256Hex(sessionSecret);
      await db.transaction(async (tx) => {
        const ended = await repo.deleteSession(tx, id);
        if (ended) {
          await recordAudit(tx, { workspaceId: ended.workspaceId, userId: ended.userId, requestId }, { action: 'session.logout', subjectType: 'user', subjectId: ended.userId });
        }
      });
      cache.forgetCredentialKey(`s:${id}`);
    },

    async authenticateToken(token: string, requestId?: string): Promise<Actor | null> {
      const hash = sha256Hex(token);
      const actor = await cache.actor(`t:${hash}`, async () => {
        const at = now();
        const found = await repo.findActorByTokenHash(db, hash, at);
        if (!found) return undefined;
        if (!found.lastUsedAt || at.getTime() - found.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
          await repo.touchApiToken(db, found.credentialId, at);
        }
        return toActor(found);
      });
      return actor ? { ...actor, requestId } : null;
    },

    async authenticateSession(sessionSecret: string, requestId?: string): Promise<Actor | null> {
      const id = sha256Hex(sessionSecret);
      const actor = await cache.actor(`s:${id}`, async () => {
        const found = await repo.findActorBySessionId(db, id, now());
        return found ? toActor(found) : undefined;
      });
      return actor ? { ...actor, requestId } : null;
    },

    async me(actor: Actor) {
      const [user, workspace] = await Promise.all([repo.findUserInWorkspace(db, actor.workspaceId, actor.userId), repo.findWorkspace(db, actor.workspaceId)]);
      if (!user || !workspace) throw notFound('Your account');
      return { ...presentUser(user), workspace: presentWorkspace(workspace), permissions: [...actor.permissions].sort() };
    },

    /** Workspace settings: its name, and whether client users' checks may reach private targets. */
    async updateWorkspace(actor: Actor, patch: { name?: string | undefined; allowPrivateCheckTargets?: boolean | undefined }) {
      requirePermission(actor, 'workspace.manage');
      return db.transaction(async (tx) => {
        const before = await repo.findWorkspace(tx, actor.workspaceId);
        if (!before) throw notFound('Your workspace');
        const after = await repo.updateWorkspace(tx, actor.workspaceId, patch);
        await recordAudit(tx, actor, { action: 'workspace.update', subjectType: 'workspace', subjectId: actor.workspaceId, data: { ...(patch.name !== undefined ? { name: { from: before.name, to: patch.name } } : {}), ...(patch.allowPrivateCheckTargets !== undefined ? { allowPrivateCheckTargets: { from: before.allowPrivateCheckTargets, to: patch.allowPrivateCheckTargets } } : {}) } });
        return presentWorkspace(after);
      });
    },

    async createToken(actor: Actor, input: { name: string; expiresInDays?: number | undefined }) {
      return db.transaction(async (tx) => {
        const token = await newToken(tx, actor.userId, input.name, input.expiresInDays);
        await recordAudit(tx, actor, { action: 'token.create', subjectType: 'api_token', subjectId: token.id, data: { name: input.name } });
        return { id: token.id, name: input.name, token: token.token, prefix: token.prefix, expiresAt: iso(token.expiresAt) };
      });
    },

    async listTokens(actor: Actor) {
      const rows = await repo.listApiTokens(db, actor.userId);
      return rows.map((t) => ({
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        createdAt: isoNow(t.createdAt),
        lastUsedAt: iso(t.lastUsedAt),
        expiresAt: iso(t.expiresAt),
        revokedAt: iso(t.revokedAt),
      }));
    },

    async revokeToken(actor: Actor, id: string) {
      if (!isUuid(id)) throw notFound('The API token');
      await db.transaction(async (tx) => {
        if (!(await repo.revokeApiToken(tx, actor.userId, id))) throw notFound('The API token');
        await recordAudit(tx, actor, { action: 'token.revoke', subjectType: 'api_token', subjectId: id });
      });
      await cache.forgetCredential(id);
    },

    async listUsers(actor: Actor) {
      requirePermission(actor, 'workspace.manage');
      return (await repo.listUsers(db, actor.workspaceId)).map(presentUser);
    },

    async createUser(
      actor: Actor,
      input: { email: string; displayName: string; password: string; workspaceRole: WorkspaceRole; organizationId: string },
    ) {
      requirePermission(actor, 'workspace.manage');
      if (input.workspaceRole === 'owner' && actor.workspaceRole !== 'owner') {
        throw new AppError('forbidden', 'Only an owner can make another owner.');
      }
      const passwordHash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        const org = await repo.findOrganization(tx, actor.workspaceId, input.organizationId);
        if (!org) throw notFound('The organisation');
        const isClient = org.kind === 'client';
        if (isClient !== (input.workspaceRole === 'client_user')) {
          throw new AppError(
            'unprocessable',
            isClient
              ? 'People of a client organisation get the client_user role.'
              : 'People of the vendor organisation get owner, admin or vendor_staff.',
          );
        }
        const email = input.email.toLowerCase();
        if (await repo.findUserByEmail(tx, email)) {
          throw new AppError('conflict', `An account with email ${email} already exists.`);
        }
        const id = newId();
        await repo.insertUser(tx, { id, workspaceId: actor.workspaceId, organizationId: org.id, email, displayName: input.displayName, passwordHash, workspaceRole: input.workspaceRole });
        await recordAudit(tx, actor, { action: 'user.create', subjectType: 'user', subjectId: id, data: { email, role: input.workspaceRole } });
        const user = await repo.findUserInWorkspace(tx, actor.workspaceId, id);
        return presentUser(user!);
      });
    },

    async listOrganizations(actor: Actor) {
      const rows = await repo.listOrganizations(db, actor.workspaceId);
      // A client user sees only its own organisation.
      return rows.filter((o) => actor.workspaceRole !== 'client_user' || o.id === actor.organizationId).map(presentOrganization);
    },

    async createOrganization(actor: Actor, input: { name: string }) {
      requirePermission(actor, 'workspace.manage');
      return db.transaction(async (tx) => {
        if (await repo.findOrganizationByName(tx, actor.workspaceId, input.name)) {
          throw new AppError('conflict', `An organisation named "${input.name}" already exists.`);
        }
        const id = newId();
        await repo.insertOrganization(tx, { id, workspaceId: actor.workspaceId, name: input.name, kind: 'client' });
        await recordAudit(tx, actor, { action: 'organization.create', subjectType: 'organization', subjectId: id, data: { name: input.name } });
        return presentOrganization((await repo.findOrganization(tx, actor.workspaceId, id))!);
      });
    },
  };
}

/**
 * A new tenant: the workspace, its vendor organisation, its owner and the default role map.
 * First-run setup uses it; so do tests that need a second tenant.
 */
const presentWorkspace = (w: { id: string; name: string; allowPrivateCheckTargets: boolean }) => ({ id: w.id, name: w.name, allowPrivateCheckTargets: w.allowPrivateCheckTargets });

export async function provisionWorkspace(
  tx: DbOrTx,
  input: { workspaceName: string; email: string; displayName: string; passwordHash: string },
) {
  const workspaceId = newId();
  const organizationId = newId();
  const userId = newId();
  await repo.insertWorkspace(tx, { id: workspaceId, name: input.workspaceName });
  await repo.insertOrganization(tx, { id: organizationId, workspaceId, name: input.workspaceName, kind: 'vendor' });
  await repo.insertUser(tx, {
    id: userId,
    workspaceId,
    organizationId,
    email: input.email.toLowerCase(),
    displayName: input.displayName,
    passwordHash: input.passwordHash,
    workspaceRole: 'owner',
  });
  await repo.seedRolePermissions(tx, workspaceId, DEFAULT_ROLE_PERMISSIONS);
  return { workspaceId, organizationId, userId };
}

export function presentUser(u: repo.UserRow) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    workspaceRole: u.workspaceRole,
    organizationId: u.organizationId,
    locale: u.locale,
    disabled: u.disabledAt !== null,
    createdAt: isoNow(u.createdAt),
  };
}

export function presentOrganization(o: repo.OrganizationRow) {
  return { id: o.id, name: o.name, kind: o.kind, createdAt: isoNow(o.createdAt) };
}
