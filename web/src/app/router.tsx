import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { AuthGate } from '../features/auth/AuthGate.tsx';
import { PortfolioPage } from '../features/portfolio/PortfolioPage.tsx';
import { PeoplePage } from '../features/people/PeoplePage.tsx';
import { DeploymentPage } from '../features/deployment/DeploymentPage.tsx';
import { parseChecklistSearch } from '../features/deployment/filters.ts';
import { ItemPanel } from '../features/items/ItemPanel.tsx';
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

const routeTree = rootRoute.addChildren([portfolioRoute, peopleRoute, deploymentRoute.addChildren([itemRoute])]);

export const router = createRouter({ routeTree, defaultPreload: false, scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
