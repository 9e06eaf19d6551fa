/**
 * Permissions and the built-in role map. The map is seeded into `role_permissions`
 * for each workspace at setup; from then on it is data a workspace owner can change,
 * and every check reads the table, not this constant.
 */
export const WORKSPACE_PERMISSIONS = [
  'workspace.manage', // users, organisations, roles
  'template.read',
  'template.manage',
  'deployment.create',
  'deployment.read_all', // see every deployment of the workspace without membership
  'audit.read',
] as const;

export const DEPLOYMENT_PERMISSIONS = [
  'deployment.read',
  'deployment.update', // name, dates, status
  'deployment.members.manage',
  'item.read',
  'item.update', // any item: state, assignee, due window
  'item.update_own', // items assigned to me or owned by my role
  'item.comment',
  'evidence.add',
  'check.manage', // checks and monitors: create, change, delete; maintenance windows; alert webhooks
  'check.run', // run a check now
  'migration.read', // import runs, their progress and rejects, reconciliations
  'migration.run', // set the import targets, upload and start or stop imports, reconcile
] as const;

export type WorkspacePermission = (typeof WORKSPACE_PERMISSIONS)[number];
export type DeploymentPermission = (typeof DEPLOYMENT_PERMISSIONS)[number];
export type Permission = WorkspacePermission | DeploymentPermission;

export const WORKSPACE_ROLES = ['owner', 'admin', 'vendor_staff', 'client_user'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

const ALL_DEPLOYMENT = [...DEPLOYMENT_PERMISSIONS].filter((p) => p !== 'item.update_own');
const READ_AND_TALK: DeploymentPermission[] = ['deployment.read', 'item.read', 'item.comment'];
// Rejects files hold the client's raw sales rows: pilot users (READ_AND_TALK) do not see migration.
const CLIENT_WORKER: DeploymentPermission[] = [...READ_AND_TALK, 'item.update_own', 'evidence.add', 'check.run', 'migration.read'];
const VENDOR_WORKER: DeploymentPermission[] = [...READ_AND_TALK, 'item.update', 'evidence.add', 'check.manage', 'check.run', 'migration.read'];

export const DEFAULT_ROLE_PERMISSIONS: Record<string, readonly Permission[]> = {
  // Workspace roles. Owners and admins act as members of every deployment.
  owner: [...WORKSPACE_PERMISSIONS, ...ALL_DEPLOYMENT],
  admin: [...WORKSPACE_PERMISSIONS, ...ALL_DEPLOYMENT],
  vendor_staff: ['template.read', 'deployment.create'],
  client_user: [],
  // Deployment roles: the seed's team.
  solutions_architect: ALL_DEPLOYMENT,
  // The seed's data-migration items are the implementation engineer's: they run the imports.
  implementation_engineer: [...VENDOR_WORKER, 'migration.run'],
  customer_success_manager: [...VENDOR_WORKER, 'deployment.members.manage'],
  support_engineer: VENDOR_WORKER,
  // The IT Director proves the client's side (their IdP, their network) with checks of their own.
  it_director: [...CLIENT_WORKER, 'check.manage'],
  business_sponsor: CLIENT_WORKER,
  super_admin: CLIENT_WORKER,
  pilot_user: READ_AND_TALK,
};

export const isDeploymentPermission = (p: string): p is DeploymentPermission =>
  (DEPLOYMENT_PERMISSIONS as readonly string[]).includes(p);
