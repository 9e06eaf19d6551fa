import type { Tx } from '../../db/client.ts';
import { isClosed } from '../progress/progress.ts';
import { recordAudit, type AuditActor } from '../audit/audit.repo.ts';
import * as repo from './items.repo.ts';
import type { ItemRow } from './items.repo.ts';

/**
 * What makes a move to `done` honest, in one place for people (items.service) and for
 * checks that complete their item: every dependency closed, and the evidence the template asks for.
 */
export async function openDependencies(tx: Tx, item: ItemRow) {
  const deps = await repo.itemsByKeys(tx, item.deploymentId, item.dependsOn);
  return deps.filter((d) => !isClosed(d.state));
}

/** Whether the item has one of the evidence kinds its template accepts (or accepts none). */
export async function hasRequiredEvidence(tx: Tx, item: ItemRow, alsoCounting: string[] = []): Promise<boolean> {
  if (!item.evidenceKinds.length) return true;
  const have = new Set([...(await repo.evidenceKindsOf(tx, item.id)), ...alsoCounting]);
  return item.evidenceKinds.some((k) => have.has(k));
}

/**
 * Marks an item done on behalf of something other than a person (a passing check), with its
 * history and audit event, when the rules allow it. Returns why not otherwise.
 * The caller holds the item's lock and bumps the deployment's revision.
 */
export async function completeBySystem(tx: Tx, item: ItemRow, by: { actor: AuditActor; note: string; source: Record<string, unknown> }): Promise<{ completed: true } | { completed: false; reason: string }> {
  if (isClosed(item.state)) return { completed: false, reason: `already ${item.state}` };
  const open = await openDependencies(tx, item);
  if (open.length) return { completed: false, reason: `waits on ${open.map((d) => d.key).join(', ')}` };
  if (!(await hasRequiredEvidence(tx, item))) return { completed: false, reason: `needs evidence of kind ${item.evidenceKinds.join(' or ')}` };
  await repo.updateItem(tx, item.id, { state: 'done', stateReason: null, completedAt: new Date() });
  await repo.appendHistory(tx, { deploymentId: item.deploymentId, itemId: item.id, actorId: by.actor.userId, fromState: item.state, toState: 'done', note: by.note, changes: { completedBy: by.source } });
  await recordAudit(tx, by.actor, { action: 'item.state', subjectType: 'item', subjectId: item.id, deploymentId: item.deploymentId, data: { key: item.key, from: item.state, to: 'done', by: by.source } });
  return { completed: true };
}
