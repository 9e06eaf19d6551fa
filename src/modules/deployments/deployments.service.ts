import type { Db } from '../../db/client.ts';
import type { Actor, DeploymentAccess } from '../../auth/actor.ts';
import type { AccessCache } from '../../auth/access-cache.ts';
import { resolveDeploymentAccess, visibleDeploymentFilter } from '../../auth/deployment-access.ts';
import { requirePermission } from '../../auth/require.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { addDays, daysBetween, jakartaToday } from '../../lib/dates.ts';
import { calendarDays } from '../../lib/calendar.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { isoNow } from '../../lib/present.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { TemplatesService } from '../templates/templates.service.ts';
import type { TemplateDocument } from '../templates/template.schema.ts';
import { flattenTemplate } from '../templates/template.validate.ts';
import { deploymentProgress } from '../progress/progress.ts';
import { scheduleDeployment } from './schedule.ts';
import { allowedNext, blockersFor, isFinished, type DeploymentStatus } from './status.ts';
import * as repo from './deployments.repo.ts';
import { findOrganizationByName, findUserInWorkspace, insertOrganization } from '../access/access.repo.ts';

export interface DeploymentsServiceDeps {
  db: Db;
  templates: TemplatesService;
  cache: AccessCache;
  today?: () => string;
}

export type DeploymentsService = ReturnType<typeof createDeploymentsService>;
type Scope = { actor: Actor; access: DeploymentAccess };

export function createDeploymentsService({ db, templates, cache, today = () => jakartaToday() }: DeploymentsServiceDeps) {
  function phasesOf(doc: TemplateDocument) {
    return doc.phases.map((p) => ({
      key: p.key,
      title: p.title,
      label: p.label,
      sections: p.sections.map((s) => ({ key: s.key, title: s.title, cutover: s.cutover })),
    }));
  }

  function presentSummary(row: repo.DeploymentRow, clientName: string, items: repo.ItemStateRow[], doc: TemplateDocument) {
    const progress = deploymentProgress(items, doc.phases.map((p) => p.key), today());
    return {
      id: row.id,
      name: row.name,
      clientName,
      clientOrgId: row.clientOrgId,
      templateKey: doc.key,
      templateVersion: doc.version,
      kickoffOn: row.kickoffOn,
      goLiveOn: row.goLiveOn,
      status: row.status,
      health: isFinished(row.status) ? null : progress.health,
      version: row.version,
      createdAt: isoNow(row.createdAt),
      updatedAt: isoNow(row.updatedAt),
      progress,
    };
  }

  async function load(scope: Scope) {
    const found = await repo.findDeployment(db, scope.actor.workspaceId, scope.access.deploymentId);
    if (!found) throw notFound('The deployment');
    const doc = await templates.documentById(found.deployment.templateId);
    return { ...found, doc };
  }

  return {
    async create(actor: Actor, input: { name: string; clientName: string; templateKey: string; templateVersion?: number | undefined; kickoffOn: string; creatorRole?: string | undefined }) {
      requirePermission(actor, 'deployment.create');
      const template = await templates.resolveForDeployment(actor, input.templateKey, input.templateVersion);
      const schedule = scheduleDeployment(template.document, input.kickoffOn);
      const id = newId();
      await db.transaction(async (tx) => {
        const existing = await findOrganizationByName(tx, actor.workspaceId, input.clientName);
        if (existing && existing.kind !== 'client') {
          throw new AppError('unprocessable', `"${input.clientName}" is the vendor organisation, not a client. Give the client's name.`);
        }
        // A new client name creates the client organisation with the deployment.
        const clientOrgId = existing?.id ?? newId();
        if (!existing) {
          if (actor.workspaceRole === 'client_user') throw new AppError('forbidden', 'Client users cannot create client organisations.');
          await insertOrganization(tx, { id: clientOrgId, workspaceId: actor.workspaceId, name: input.clientName, kind: 'client' });
          await recordAudit(tx, actor, { action: 'organization.create', subjectType: 'organization', subjectId: clientOrgId, data: { name: input.clientName } });
        }
        await repo.insertDeployment(tx, {
          id,
          workspaceId: actor.workspaceId,
          clientOrgId,
          name: input.name,
          templateId: template.id,
          kickoffOn: input.kickoffOn,
          goLiveOn: schedule.goLiveOn,
          status: 'planning',
          createdBy: actor.userId,
        });
        await repo.insertItems(
          tx,
          flattenTemplate(template.document).map(({ item, phaseKey, sectionKey, kind }, ordinal) => {
            const w = schedule.items.get(item.key)!;
            return {
              id: newId(),
              deploymentId: id,
              key: item.key,
              kind,
              phaseKey,
              sectionKey,
              ordinal,
              title: item.title,
              doneDefinition: item.done,
              ownerRole: item.owner,
              optional: item.optional,
              evidenceKinds: item.evidence,
              dependsOn: item.dependsOn,
              target: item.target ?? null,
              dueStart: w.dueStart,
              dueEnd: w.dueEnd,
            };
          }),
        );
        if (actor.workspaceRole !== 'client_user') {
          await repo.insertMember(tx, { deploymentId: id, userId: actor.userId, roleKey: input.creatorRole ?? 'solutions_architect' });
        }
        await recordAudit(tx, actor, {
          action: 'deployment.create',
          subjectType: 'deployment',
          subjectId: id,
          deploymentId: id,
          data: { name: input.name, template: `${template.key}@${template.version}`, kickoffOn: input.kickoffOn },
        });
      });
      return this.get({ actor, access: await resolveDeploymentAccess(db, actor, id) });
    },

    async list(actor: Actor, opts: { cursor?: string | undefined; limit: number; status?: string | undefined }) {
      const after = opts.cursor ? decodeCursor(opts.cursor) : undefined;
      const rows = await repo.listDeployments(db, visibleDeploymentFilter(actor), {
        limit: opts.limit,
        after: after ? { createdAt: new Date(after.t), id: after.id } : undefined,
        status: opts.status,
        today: today(),
      });
      const page = rows.slice(0, opts.limit);
      const items = [];
      for (const r of page) items.push(presentSummary(r.deployment, r.clientName, r.items, await templates.documentById(r.deployment.templateId)));
      const last = page.at(-1);
      const more = rows.length > opts.limit && last;
      return { items, nextCursor: more ? encodeCursor({ t: last.deployment.createdAt.toISOString(), id: last.deployment.id }) : null };
    },

    async get(scope: Scope) {
      const { deployment, clientName, doc } = await load(scope);
      const items = await repo.itemStates(db, deployment.id);
      const windows = phaseWindows(doc, deployment.kickoffOn);
      return {
        ...presentSummary(deployment, clientName, items, doc),
        phases: phasesOf(doc).map((p) => ({ ...p, ...windows.get(p.key)! })),
        roles: doc.roles,
        criteriaGroups: doc.criteria.map((g) => ({ key: g.key, title: g.title })),
        myRole: scope.access.role,
        myPermissions: [...scope.access.permissions].sort(),
        allowedStatuses: [...allowedNext(deployment.status)],
        today: today(),
      };
    },

    async update(scope: Scope, input: { name?: string | undefined; kickoffOn?: string | undefined; status?: DeploymentStatus | undefined; reason?: string | undefined; version?: number | undefined }) {
      await db.transaction(async (tx) => {
        const row = await repo.lockDeployment(tx, scope.access.deploymentId);
        if (!row) throw notFound('The deployment');
        if (input.version !== undefined && input.version !== row.version) {
          throw new AppError('version_conflict', `Someone changed this deployment (now version ${row.version}). Reload and try again.`, { currentVersion: row.version });
        }
        if (isFinished(row.status)) throw new AppError('conflict', `The deployment is ${row.status}; it can no longer change.`);
        const doc = await templates.documentById(row.templateId);
        const set: Parameters<typeof repo.updateDeployment>[2] = {};
        const changes: Record<string, unknown> = {};
        if (input.name !== undefined && input.name !== row.name) {
          set.name = input.name;
          changes.name = { from: row.name, to: input.name };
        }
        if (input.status !== undefined && input.status !== row.status) {
          if (!allowedNext(row.status).includes(input.status)) {
            throw new AppError('invalid_transition', `A deployment cannot go from ${row.status} to ${input.status}. From ${row.status} it can go to: ${allowedNext(row.status).join(', ') || 'nothing'}.`);
          }
          if (input.status === 'cancelled' && !input.reason) throw new AppError('validation_failed', 'Cancelling a deployment needs a reason.');
          const blockers = blockersFor(input.status, doc, await repo.itemStates(tx, row.id));
          if (blockers.length) {
            throw new AppError('invalid_transition', `${blockers.length} required item(s) must be done or not applicable before the deployment is ${input.status}: ${blockers.slice(0, 10).join(', ')}${blockers.length > 10 ? ', …' : ''}.`, { openItems: blockers });
          }
          set.status = input.status;
          changes.status = { from: row.status, to: input.status, reason: input.reason };
        }
        if (input.kickoffOn !== undefined && input.kickoffOn !== row.kickoffOn) {
          const items = await repo.itemShifts(tx, row.id);
          const schedule = scheduleDeployment(doc, input.kickoffOn, new Map(items.map((i) => [i.key, i.shiftDays])));
          for (const i of items) {
            const w = schedule.items.get(i.key);
            if (w && (w.dueStart !== i.dueStart || w.dueEnd !== i.dueEnd)) await repo.setItemWindow(tx, i.id, { ...w, shiftDays: i.shiftDays });
          }
          set.kickoffOn = input.kickoffOn;
          set.goLiveOn = schedule.goLiveOn;
          changes.kickoffOn = { from: row.kickoffOn, to: input.kickoffOn };
          changes.goLiveOn = { from: row.goLiveOn, to: schedule.goLiveOn };
        }
        if (!Object.keys(changes).length) return;
        await repo.updateDeployment(tx, row.id, set);
        await recordAudit(tx, scope.actor, { action: 'deployment.update', subjectType: 'deployment', subjectId: row.id, deploymentId: row.id, data: changes });
      });
      cache.forgetDeployment(scope.access.deploymentId);
      return this.get(scope);
    },

    async calendar(scope: Scope) {
      const { deployment, doc } = await load(scope);
      const items = await repo.itemShifts(db, deployment.id);
      const from = addDays(deployment.kickoffOn, -7);
      const last = items.reduce((m, i) => (i.dueEnd > m ? i.dueEnd : m), deployment.goLiveOn);
      const to = daysBetween(from, last) > 390 ? addDays(from, 390) : addDays(last, 7);
      return {
        today: today(),
        kickoffOn: deployment.kickoffOn,
        goLiveOn: deployment.goLiveOn,
        phases: [...phaseWindows(doc, deployment.kickoffOn).entries()].map(([key, w]) => ({ key, ...w })),
        days: calendarDays(from, to),
      };
    },

    async members(scope: Scope) {
      const rows = await repo.listMembers(db, scope.access.deploymentId);
      return rows.map((m) => ({ ...m, addedAt: isoNow(m.addedAt) }));
    },

    async addMember(scope: Scope, input: { userId: string; role: string }) {
      await db.transaction(async (tx) => {
        const found = await repo.findDeployment(tx, scope.actor.workspaceId, scope.access.deploymentId);
        if (!found) throw notFound('The deployment');
        const user = await findUserInWorkspace(tx, scope.actor.workspaceId, input.userId);
        if (!user) throw notFound('The user');
        if (user.disabledAt) throw new AppError('unprocessable', `${user.displayName}'s account is disabled and cannot join a deployment.`);
        const doc = await templates.documentById(found.deployment.templateId);
        const role = doc.roles.find((r) => r.key === input.role);
        if (!role) throw new AppError('validation_failed', `Unknown role ${input.role}. Roles: ${doc.roles.map((r) => r.key).join(', ')}.`);
        const isClientUser = user.workspaceRole === 'client_user';
        if (isClientUser && user.organizationId !== found.deployment.clientOrgId) {
          throw new AppError('unprocessable', `${user.displayName} belongs to another client and cannot join this deployment.`);
        }
        if ((role.side === 'client') !== isClientUser) {
          throw new AppError('unprocessable', `${role.title} is a ${role.side}-side role; ${user.displayName} is ${isClientUser ? 'a client user' : 'vendor staff'}.`);
        }
        // Adding someone already on the team changes their role: one person, one role per deployment.
        const previous = await repo.findMember(tx, found.deployment.id, user.id);
        if (previous?.roleKey === role.key) return;
        await repo.insertMember(tx, { deploymentId: found.deployment.id, userId: user.id, roleKey: role.key });
        await repo.bumpRevision(tx, found.deployment.id);
        await recordAudit(tx, scope.actor, {
          action: previous ? 'deployment.member.role' : 'deployment.member.add',
          subjectType: 'user',
          subjectId: user.id,
          deploymentId: found.deployment.id,
          data: previous ? { from: previous.roleKey, to: role.key } : { role: role.key },
        });
      });
      cache.forgetDeployment(scope.access.deploymentId);
      return this.members(scope);
    },

    async removeMember(scope: Scope, userId: string) {
      await db.transaction(async (tx) => {
        if (!(await repo.deleteMember(tx, scope.access.deploymentId, userId))) throw notFound('The member');
        // Open items go back to their owner role; closed ones keep who did them.
        const unassigned = await repo.unassignOpenItems(tx, scope.access.deploymentId, userId);
        await repo.bumpRevision(tx, scope.access.deploymentId);
        await recordAudit(tx, scope.actor, { action: 'deployment.member.remove', subjectType: 'user', subjectId: userId, deploymentId: scope.access.deploymentId, data: { unassigned } });
      });
      cache.forgetDeployment(scope.access.deploymentId);
    },
  };
}

/** Each phase's window on the calendar, from the kickoff date. */
function phaseWindows(doc: TemplateDocument, kickoffOn: string) {
  return new Map(scheduleDeployment(doc, kickoffOn).phases.map((p) => [p.key, { start: p.start, end: p.end }]));
}
