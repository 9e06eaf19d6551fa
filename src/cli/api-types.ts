/**
 * The API's response shapes, taken from the server's own schemas (types only: nothing of
 * the server is loaded at run time).
 */
import type { z } from 'zod';
import type * as access from '../modules/access/access.schemas.ts';
import type * as deployments from '../modules/deployments/deployments.schemas.ts';
import type * as items from '../modules/items/items.schemas.ts';
import type * as templates from '../modules/templates/templates.schemas.ts';
import type * as evidence from '../modules/evidence/evidence.schemas.ts';
import type * as checks from '../modules/checks/checks.schemas.ts';

export type Me = z.output<typeof access.me>;
export type CreatedToken = z.output<typeof access.createdToken>;
export type DeploymentSummary = z.output<typeof deployments.deploymentSummary>;
export type Deployment = z.output<typeof deployments.deployment>;
export type CreateDeploymentBody = z.input<typeof deployments.createDeploymentBody>;
export type Item = z.output<typeof items.item>;
export type ItemState = (typeof items.ITEM_STATES)[number];
export type HistoryEntry = z.output<typeof items.historyEntry>;
export type PatchItemBody = z.input<typeof items.patchItemBody>;
export type TemplateSummary = z.output<typeof templates.templateSummary>;
export type Template = z.output<typeof templates.template>;

export type Evidence = z.output<typeof evidence.evidence>;

export type Check = z.output<typeof checks.check>;
export type CheckList = z.output<typeof checks.checkList>;
export type CheckRun = z.output<typeof checks.run>;
export type Availability = z.output<typeof checks.availability>;
