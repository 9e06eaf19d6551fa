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
import type * as checks from '../../../src/modules/checks/checks.schemas.ts';
import type * as migration from '../../../src/modules/migration/migration.schemas.ts';

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

export type Check = z.output<typeof checks.check>;
export type CheckList = z.output<typeof checks.checkList>;
export type ChecksSummary = CheckList['summary'];
export type CheckStatus = NonNullable<Check['lastRun']>['status'];
export type MonitorState = NonNullable<Check['state']>['state'];
export type OnPass = Check['onPass'];
export type CheckRun = z.output<typeof checks.run>;
export type CheckKind = z.output<typeof checks.checkKind>;
export type CreateCheckInput = z.input<typeof checks.createCheckBody>;
export type CheckPatch = z.input<typeof checks.updateCheckBody>;
export type Availability = z.output<typeof checks.availability>;
export type Series = z.output<typeof checks.series>;
export type SeriesPoint = Series['points'][number];
export type MonitorEvent = z.output<typeof checks.event>;
export type MaintenanceWindow = z.output<typeof checks.maintenanceWindow>;
export type CreateMaintenanceInput = z.input<typeof checks.createMaintenanceBody>;
export type Webhook = z.output<typeof checks.webhook>;
export type CreateWebhookInput = z.input<typeof checks.createWebhookBody>;
export type WebhookTestResult = { delivered: boolean; status: string | null };
export type CriterionMeasurement = z.output<typeof checks.criterionMeasurement>;
export type CriterionMeasure = CriterionMeasurement['measure'];

export type ImportTarget = z.output<typeof migration.importTarget>;
export type SetImportTargetInput = z.input<typeof migration.setTargetBody>;
export type MigrationEnvironment = ImportTarget['environment'];
export type ImportRun = z.output<typeof migration.importRun>;
export type ImportRunDetail = z.output<typeof migration.importRunDetail>;
export type ImportStatus = ImportRun['status'];
export type ImportRejects = z.output<typeof migration.rejectsSummary>;
export type RejectReason = ImportRejects['byReason'][number]['reason'];
export type Reconciliation = z.output<typeof migration.reconciliation>;
export type ReconciliationDetail = z.output<typeof migration.reconciliationDetail>;
export type ReconciledDay = ReconciliationDetail['days'][number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const ITEM_STATES = ['todo', 'in_progress', 'blocked', 'done', 'not_applicable'] as const satisfies readonly ItemState[];

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'error'] as const satisfies readonly CheckStatus[];
export const ON_PASS = ['evidence', 'suggest', 'complete'] as const satisfies readonly OnPass[];
export const CRITERION_MEASURES = ['uptime', 'mean_latency', 'passing'] as const satisfies readonly CriterionMeasure[];
export const MIGRATION_ENVIRONMENTS = ['staging', 'production'] as const satisfies readonly MigrationEnvironment[];
