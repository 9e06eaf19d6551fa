/**
 * Response shapes, inferred from the server's own zod schemas so the UI cannot drift
 * from the API. Type-only imports: nothing from src/ ends up in the bundle.
 */
import type { z } from 'zod';
import type * as access from '../../../src/modules/access/access.schemas.ts';
import type * as templates from '../../../src/modules/templates/templates.schemas.ts';
import type * as deployments from '../../../src/modules/deployments/deployments.schemas.ts';
import type * as items from '../../../src/modules/items/items.schemas.ts';
import type * as evidence from '../../../src/modules/evidence/evidence.schemas.ts';

export type Me = z.output<typeof access.me>;
export type User = z.output<typeof access.user>;
export type WorkspaceRole = User['workspaceRole'];
export type CreateUserInput = z.input<typeof access.createUserBody>;
export type Organization = z.output<typeof access.organization>;
export type OrganizationKind = Organization['kind'];
export type TemplateSummary = z.output<typeof templates.templateSummary>;
export type Template = z.output<typeof templates.template>;
export type TemplateRole = Template['document']['roles'][number];

export type DeploymentSummary = z.output<typeof deployments.deploymentSummary>;
export type Deployment = z.output<typeof deployments.deployment>;
export type DeploymentStatus = Deployment['status'];
export type Health = Deployment['progress']['health'];
export type PhaseProgress = Deployment['progress']['phases'][number];
export type DeploymentPhase = Deployment['phases'][number];
export type Calendar = z.output<typeof deployments.calendar>;
export type Member = z.output<typeof deployments.member>;
export type AddMemberInput = z.input<typeof deployments.addMemberBody>;
export type CreateDeploymentInput = Pick<z.input<typeof deployments.createDeploymentBody>, 'name' | 'clientName' | 'templateKey' | 'kickoffOn'>;

export type Item = z.output<typeof items.item>;
export type ItemState = Item['state'];
export type HistoryEntry = z.output<typeof items.historyEntry>;
export type Comment = z.output<typeof items.comment>;
export type ItemPatch = z.input<typeof items.patchItemBody>;

export type Evidence = z.output<typeof evidence.evidence>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const ITEM_STATES = ['todo', 'in_progress', 'blocked', 'done', 'not_applicable'] as const satisfies readonly ItemState[];
