import { createRootRoute, createRoute, createRouter, lazyRouteComponent, Outlet } from '@tanstack/react-router';
import { AuthGate } from '../features/auth/AuthGate.tsx';
import { PortfolioPage } from '../features/portfolio/PortfolioPage.tsx';
import { PeoplePage } from '../features/people/PeoplePage.tsx';
import { DeploymentPage } from '../features/deployment/DeploymentPage.tsx';
import { parseChecklistSearch } from '../features/deployment/filters.ts';
import { ItemPanel } from '../features/items/ItemPanel.tsx';
import { parseCheckSearch } from '../features/checks/windows.ts';
import { NotFound } from './NotFound.tsx';

const rootRoute = createRootRoute({
  component: () => (
    <AuthGate>
      <Outlet />
    </AuthGate>
  ),
  notFoundComponent: NotFound,
});

const portfolioRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: PortfolioPage });

/** Organisations and people of the workspace (for those with `workspace.manage`). */
const peopleRoute = createRoute({ getParentRoute: () => rootRoute, path: '/people', component: PeoplePage });

/** Filters live in the URL (?phase=&state=&mine=&overdue=), so a filtered view can be shared. */
export const deploymentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/deployments/$deploymentId',
  validateSearch: parseChecklistSearch,
  component: DeploymentPage,
});

/** The item panel opens over the deployment page and has its own address. */
export const itemRoute = createRoute({
  getParentRoute: () => deploymentRoute,
  path: 'items/$itemKey',
  component: ItemPanel,
});

// The checks pages load on first visit: the checklist does not pay for charts and forms.
const checksPage = () => import('../features/checks/ChecksPage.tsx');
const checkDetailPage = () => import('../features/checks/CheckDetailPage.tsx');
const checkFormPage = () => import('../features/checks/CheckFormPage.tsx');

/** The deployment's checks and monitors, maintenance windows and alert webhooks. */
const checksRoute = createRoute({ getParentRoute: () => rootRoute, path: '/deployments/$deploymentId/checks', component: lazyRouteComponent(checksPage, 'ChecksPage') });

/** A new check; `?item=` binds it to the item it was started from. */
const newCheckRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/deployments/$deploymentId/checks/new',
  validateSearch: (search: Record<string, unknown>): { item?: string | undefined } => ({ item: typeof search.item === 'string' && search.item ? search.item.slice(0, 72) : undefined }),
  component: lazyRouteComponent(checkFormPage, 'NewCheckPage'),
});

/** One check; the window (?window=7d) and the runs filter (?failures=true) live in the URL. */
const checkRoute = createRoute({ getParentRoute: () => rootRoute, path: '/deployments/$deploymentId/checks/$checkId', validateSearch: parseCheckSearch, component: lazyRouteComponent(checkDetailPage, 'CheckDetailPage') });

// Data migration: imports of POS exports and their reconciliation (loaded on first visit).
const migrationPage = () => import('../features/migration/MigrationPage.tsx');
const importRunPage = () => import('../features/migration/ImportRunPage.tsx');
const reconciliationPage = () => import('../features/migration/ReconciliationPage.tsx');

const migrationRoute = createRoute({ getParentRoute: () => rootRoute, path: '/deployments/$deploymentId/migration', component: lazyRouteComponent(migrationPage, 'MigrationPage') });
const importRunRoute = createRoute({ getParentRoute: () => rootRoute, path: '/deployments/$deploymentId/migration/imports/$importId', component: lazyRouteComponent(importRunPage, 'ImportRunPage') });
const reconciliationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/deployments/$deploymentId/migration/reconciliations/$reconciliationId',
  component: lazyRouteComponent(reconciliationPage, 'ReconciliationPage'),
});

const editCheckRoute = createRoute({ getParentRoute: () => rootRoute, path: '/deployments/$deploymentId/checks/$checkId/edit', component: lazyRouteComponent(checkFormPage, 'EditCheckPage') });

const routeTree = rootRoute.addChildren([
  portfolioRoute,
  peopleRoute,
  deploymentRoute.addChildren([itemRoute]),
  checksRoute,
  newCheckRoute,
  checkRoute,
  editCheckRoute,
  migrationRoute,
  importRunRoute,
  reconciliationRoute,
]);

export const router = createRouter({ routeTree, defaultPreload: false, scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
