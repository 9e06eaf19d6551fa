import { AppError } from '../lib/errors.ts';
import type { Actor, DeploymentAccess } from './actor.ts';
import type { DeploymentPermission, Permission } from './permissions.ts';

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) {
    throw new AppError('forbidden', `You need the "${permission}" permission for this. Ask a workspace owner.`);
  }
}

export function requireDeploymentPermission(access: DeploymentAccess, permission: DeploymentPermission): void {
  if (!access.permissions.has(permission)) {
    throw new AppError(
      'forbidden',
      `Your role in this deployment (${access.role ?? 'none'}) does not allow "${permission}". Ask the deployment's solutions architect.`,
    );
  }
}
