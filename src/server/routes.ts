import type { RouteModule } from './types.ts';
import { systemRoutes } from '../modules/system/system.routes.ts';
import { accessRoutes } from '../modules/access/access.routes.ts';
import { templateRoutes } from '../modules/templates/templates.routes.ts';
import { deploymentRoutes } from '../modules/deployments/deployments.routes.ts';
import { itemRoutes } from '../modules/items/items.routes.ts';
import { evidenceRoutes } from '../modules/evidence/evidence.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { checkRoutes } from '../modules/checks/checks.routes.ts';
import { monitorRoutes } from '../modules/checks/monitors.routes.ts';
import { migrationRoutes } from '../modules/migration/migration.routes.ts';

/** The route registry: one line per feature module. */
export const routeModules: RouteModule[] = [systemRoutes, accessRoutes, templateRoutes, deploymentRoutes, itemRoutes, evidenceRoutes, auditRoutes, checkRoutes, monitorRoutes, migrationRoutes];
