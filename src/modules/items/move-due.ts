import type { Tx } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { daysBetween } from '../../lib/dates.ts';
import type { TemplateDocument } from '../templates/template.schema.ts';
import * as deploymentsRepo from '../deployments/deployments.repo.ts';
import { propagateShift, scheduleDeployment } from '../deployments/schedule.ts';
import { isClosed } from '../progress/progress.ts';

// Moves pile up on dependents (a move later pulls them along, a move back does not), so cap them.
const MAX_SHIFT_DAYS = 3650;

/**
 * Moves one item's due date and, with it, every open item that depends on it; writes the
 * other items' new windows and answers the moved item's own window, who else moved and the
 * go-live date that follows. Runs inside the caller's transaction (deployment row locked).
 */
export async function moveDueDate(
  tx: Tx,
  doc: TemplateDocument,
  deployment: { id: string; kickoffOn: string },
  item: { key: string; dueEnd: string },
  dueOn: string,
) {
  const all = await deploymentsRepo.itemShifts(tx, deployment.id);
  const current = new Map(all.map((i) => [i.key, i.shiftDays]));
  const closed = new Set(all.filter((i) => isClosed(i.state)).map((i) => i.key));
  const shifts = propagateShift(doc, item.key, daysBetween(item.dueEnd, dueOn), current, closed);
  const farthest = [...shifts].find(([, days]) => Math.abs(days) > MAX_SHIFT_DAYS);
  if (farthest) {
    throw new AppError('unprocessable', `Moving ${item.key} to ${dueOn} would move ${farthest[0]} more than ${MAX_SHIFT_DAYS / 365} years from its planned date. Move the kickoff instead, or choose a nearer date.`);
  }
  const schedule = scheduleDeployment(doc, deployment.kickoffOn, shifts);
  const alsoMoved: string[] = [];
  for (const i of all) {
    const w = schedule.items.get(i.key)!;
    if (i.key !== item.key && (w.dueEnd !== i.dueEnd || w.dueStart !== i.dueStart)) {
      await deploymentsRepo.setItemWindow(tx, i.id, { ...w, shiftDays: shifts.get(i.key) ?? 0 });
      alsoMoved.push(i.key);
    }
  }
  const own = schedule.items.get(item.key)!;
  return { window: { dueStart: own.dueStart, dueEnd: own.dueEnd, shiftDays: shifts.get(item.key) ?? 0 }, alsoMoved, goLiveOn: schedule.goLiveOn };
}
