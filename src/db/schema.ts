import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The system of record. One workspace is one tenant: every tenant-owned row carries
 * workspace_id (directly or through its deployment) and every query filters by it.
 */

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  /** Checks set up by client users may reach loopback, link-local and metadata addresses (off by default). */
  allowPrivateCheckTargets: boolean('allow_private_check_targets').notNull().default(false),
  createdAt: createdAt(),
});

/** The vendor itself and its client organisations (restaurant chains). */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['vendor', 'client'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('organizations_workspace_name').on(t.workspaceId, t.name)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    workspaceRole: text('workspace_role', {
      enum: ['owner', 'admin', 'vendor_staff', 'client_user'],
    }).notNull(),
    locale: text('locale', { enum: ['en', 'id'] }).notNull().default('en'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique('users_email').on(t.email), index('users_workspace').on(t.workspaceId)],
);

/** Browser sessions. The id is the sha256 of the cookie value; the value itself is never stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** API tokens: shown once, stored as sha256, revocable. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [unique('api_tokens_hash').on(t.tokenHash), index('api_tokens_user').on(t.userId)],
);

/** Permissions are data: which permission each role (workspace or deployment role) holds. */
export const rolePermissions = pgTable(
  'role_permissions',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    roleKey: text('role_key').notNull(),
    permission: text('permission').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.roleKey, t.permission] })],
);

/**
 * Checklist templates. Built-ins have no workspace. A version is immutable once
 * published; a workspace edits a draft copy and publishes it as the next version.
 */
export const templates = pgTable(
  'templates',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').references(() => workspaces.id),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull(),
    document: jsonb('document').notNull(),
    /** sha256 of the canonical document, so a re-import of the same file is a no-op. */
    documentHash: text('document_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('templates_key_version').on(t.workspaceId, t.key, t.version).nullsNotDistinct()],
);

export const deployments = pgTable(
  'deployments',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    clientOrgId: uuid('client_org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id),
    kickoffOn: date('kickoff_on', { mode: 'string' }).notNull(),
    goLiveOn: date('go_live_on', { mode: 'string' }).notNull(),
    status: text('status', {
      enum: ['planning', 'in_progress', 'live', 'stabilizing', 'handed_off', 'cancelled'],
    }).notNull(),
    version: integer('version').notNull().default(1),
    /** Bumped in the same transaction as any change to the deployment's items, evidence or comments: a cache key. */
    revision: integer('revision').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deployments_workspace_created').on(t.workspaceId, t.createdAt, t.id)],
);

export const deploymentMembers = pgTable(
  'deployment_members',
  {
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roleKey: text('role_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.userId] }), index('deployment_members_user').on(t.userId)],
);

/** One row per checklist item or success criterion of a deployment, copied from the pinned template. */
export const deploymentItems = pgTable(
  'deployment_items',
  {
    id: uuid('id').primaryKey(),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    key: text('key').notNull(),
    kind: text('kind', { enum: ['item', 'criterion'] }).notNull(),
    phaseKey: text('phase_key').notNull(),
    sectionKey: text('section_key').notNull(),
    ordinal: integer('ordinal').notNull(),
    title: text('title').notNull(),
    doneDefinition: text('done_definition').notNull(),
    ownerRole: text('owner_role').notNull(),
    optional: boolean('optional').notNull(),
    evidenceKinds: text('evidence_kinds').array().notNull(),
    dependsOn: text('depends_on').array().notNull(),
    target: text('target'),
    dueStart: date('due_start', { mode: 'string' }).notNull(),
    dueEnd: date('due_end', { mode: 'string' }).notNull(),
    /** Days this item was moved from the template's schedule (by hand or with a dependency). */
    shiftDays: integer('shift_days').notNull().default(0),
    state: text('state', { enum: ['todo', 'in_progress', 'blocked', 'done', 'not_applicable'] })
      .notNull()
      .default('todo'),
    stateReason: text('state_reason'),
    assigneeId: uuid('assignee_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('deployment_items_key').on(t.deploymentId, t.key),
    index('deployment_items_order').on(t.deploymentId, t.ordinal),
  ],
);

/** Append-only: every change of an item, who made it and why. */
export const itemHistory = pgTable(
  'item_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deploymentId: uuid('deployment_id').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => deploymentItems.id),
    actorId: uuid('actor_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    fromState: text('from_state'),
    toState: text('to_state'),
    note: text('note'),
    changes: jsonb('changes'),
  },
  (t) => [index('item_history_item').on(t.itemId, t.id)],
);

export const itemComments = pgTable(
  'item_comments',
  {
    id: uuid('id').primaryKey(),
    deploymentId: uuid('deployment_id').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => deploymentItems.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('item_comments_item').on(t.itemId, t.createdAt)],
);

/** Uploaded file content, addressed by sha256; bytes live under <data dir>/blobs. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  mediaType: text('media_type').notNull(),
  createdAt: createdAt(),
});

export const evidence = pgTable(
  'evidence',
  {
    id: uuid('id').primaryKey(),
    deploymentId: uuid('deployment_id').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => deploymentItems.id),
    kind: text('kind', { enum: ['note', 'file', 'link', 'check'] }).notNull(),
    note: text('note'),
    url: text('url'),
    blobSha256: text('blob_sha256').references(() => blobs.sha256),
    fileName: text('file_name'),
    result: jsonb('result'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('evidence_item').on(t.itemId, t.createdAt)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id').references(() => workspaces.id),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    deploymentId: uuid('deployment_id'),
    requestId: text('request_id'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_events_workspace').on(t.workspaceId, t.id)],
);
