import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { apiTokens, organizations, rolePermissions, sessions, users, workspaces } from '../../db/schema.ts';
import type { Permission, WorkspaceRole } from '../../auth/permissions.ts';

export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;

export async function countUsers(tx: DbOrTx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function findWorkspace(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(workspaces).where(eq(workspaces.id, id)).limit(1);
  return row;
}

export async function updateWorkspace(tx: DbOrTx, id: string, set: Partial<Pick<typeof workspaces.$inferInsert, 'name' | 'allowPrivateCheckTargets'>>) {
  const [row] = await tx.update(workspaces).set(set).where(eq(workspaces.id, id)).returning();
  return row!;
}

export async function insertWorkspace(tx: DbOrTx, row: typeof workspaces.$inferInsert) {
  await tx.insert(workspaces).values(row);
}

export async function insertOrganization(tx: DbOrTx, row: typeof organizations.$inferInsert) {
  await tx.insert(organizations).values(row);
}

export async function insertUser(tx: DbOrTx, row: typeof users.$inferInsert) {
  await tx.insert(users).values(row);
}

export async function seedRolePermissions(tx: DbOrTx, workspaceId: string, map: Record<string, readonly Permission[]>) {
  const rows = Object.entries(map).flatMap(([roleKey, perms]) =>
    perms.map((permission) => ({ workspaceId, roleKey, permission })),
  );
  await tx.insert(rolePermissions).values(rows).onConflictDoNothing();
}

export async function findUserByEmail(tx: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function findUserInWorkspace(tx: DbOrTx, workspaceId: string, userId: string) {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.workspaceId, workspaceId)))
    .limit(1);
  return row;
}

export function listUsers(tx: DbOrTx, workspaceId: string) {
  return tx.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.displayName));
}

export async function findOrganization(tx: DbOrTx, workspaceId: string, id: string) {
  const [row] = await tx
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), eq(organizations.workspaceId, workspaceId)))
    .limit(1);
  return row;
}

export async function findOrganizationByName(tx: DbOrTx, workspaceId: string, name: string) {
  const [row] = await tx
    .select()
    .from(organizations)
    .where(and(eq(organizations.workspaceId, workspaceId), eq(organizations.name, name)))
    .limit(1);
  return row;
}

export function listOrganizations(tx: DbOrTx, workspaceId: string) {
  return tx.select().from(organizations).where(eq(organizations.workspaceId, workspaceId)).orderBy(asc(organizations.name));
}

export async function insertSession(tx: DbOrTx, row: typeof sessions.$inferInsert) {
  await tx.insert(sessions).values(row);
}

/** Ends a session; answers whose it was (workspace and user), or undefined if there was none. */
export async function deleteSession(tx: DbOrTx, id: string) {
  const [row] = await tx
    .delete(sessions)
    .where(eq(sessions.id, id))
    .returning({ userId: sessions.userId, workspaceId: sql<string>`(select ${users.workspaceId} from ${users} where ${users.id} = ${sessions.userId})` });
  return row;
}

export async function insertApiToken(tx: DbOrTx, row: typeof apiTokens.$inferInsert) {
  await tx.insert(apiTokens).values(row);
}

export function listApiTokens(tx: DbOrTx, userId: string) {
  return tx.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt));
}

export async function revokeApiToken(tx: DbOrTx, userId: string, id: string): Promise<boolean> {
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export interface ActorRow {
  userId: string;
  workspaceId: string;
  organizationId: string;
  workspaceRole: WorkspaceRole;
  displayName: string;
  permissions: string[];
  credentialId: string;
  lastUsedAt: Date | null;
}

const actorColumns = {
  userId: users.id,
  workspaceId: users.workspaceId,
  organizationId: users.organizationId,
  workspaceRole: users.workspaceRole,
  displayName: users.displayName,
  // The workspace role's permissions come along in the same query: one round trip per request.
  permissions: sql<string[]>`coalesce((select array_agg(rp.permission) from ${rolePermissions} rp
    where rp.workspace_id = ${users.workspaceId} and rp.role_key = ${users.workspaceRole}), '{}')`,
};

const actorByTokenHash = preparedOnce((db) =>
  db
    .select({ ...actorColumns, credentialId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder('tokenHash')),
        isNull(apiTokens.revokedAt),
        isNull(users.disabledAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql.placeholder('now'))),
      ),
    )
    .limit(1)
    .prepare('actor_by_token_hash'),
);

export async function findActorByTokenHash(tx: DbOrTx, tokenHash: string, now: Date): Promise<ActorRow | undefined> {
  const [row] = await actorByTokenHash(tx).execute({ tokenHash, now: now.toISOString() });
  return row;
}

export async function touchApiToken(tx: DbOrTx, id: string, now: Date) {
  await tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

const actorBySessionId = preparedOnce((db) =>
  db
    .select({ ...actorColumns, credentialId: sessions.id, lastUsedAt: sql<Date | null>`null` })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('sessionId')), gt(sessions.expiresAt, sql.placeholder('now')), isNull(users.disabledAt)))
    .limit(1)
    .prepare('actor_by_session_id'),
);

export async function findActorBySessionId(tx: DbOrTx, sessionId: string, now: Date): Promise<ActorRow | undefined> {
  const [row] = await actorBySessionId(tx).execute({ sessionId, now: now.toISOString() });
  return row;
}
