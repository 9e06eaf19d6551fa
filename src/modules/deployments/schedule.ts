import { addDays, daysBetween } from '../../lib/dates.ts';
import { cutoverSaturdayOnOrBefore } from '../../lib/calendar.ts';
import type { TemplateDocument } from '../templates/template.schema.ts';
import { flattenTemplate } from '../templates/template.validate.ts';

/**
 * Due windows from the kickoff date. Each item's window comes from its phase (or its
 * section's or its own override) as day offsets from kickoff. The cutover (launch day)
 * snaps back to a Saturday that is not a public holiday, as the seed wants cutover on a
 * weekend; everything planned from cutover on moves with it. Success criteria are
 * measured from the go-live date. A per-item shift (days moved by hand, or carried over
 * from a dependency that moved) is added on top, so a new kickoff keeps those moves.
 */
export interface ScheduledItem {
  key: string;
  dueStart: string;
  dueEnd: string;
}

export interface Schedule {
  goLiveOn: string;
  items: Map<string, ScheduledItem>;
  phases: { key: string; start: string; end: string }[];
}

export function scheduleDeployment(doc: TemplateDocument, kickoffOn: string, shifts: ReadonlyMap<string, number> = new Map()): Schedule {
  const cutoverSection = doc.phases.flatMap((p) => p.sections.map((s) => ({ s, p }))).find(({ s }) => s.cutover);
  const cutoverDay = cutoverSection ? (cutoverSection.s.days ?? cutoverSection.p.days)[0] : doc.phases.at(-1)!.days[1];
  const plannedCutover = addDays(kickoffOn, cutoverDay);
  const snapped = cutoverSaturdayOnOrBefore(plannedCutover);
  const snap = daysBetween(plannedCutover, snapped);
  const at = (day: number) => addDays(kickoffOn, day >= cutoverDay ? day + snap : day);

  const items = new Map<string, ScheduledItem>();
  const windows = new Map<string, [number, number]>();
  for (const phase of doc.phases) {
    for (const section of phase.sections) {
      for (const item of section.items) windows.set(item.key, item.days ?? section.days ?? phase.days);
    }
  }
  for (const [key, [start, end]] of windows) {
    const shift = shifts.get(key) ?? 0;
    items.set(key, { key, dueStart: addDays(at(start), shift), dueEnd: addDays(at(end), shift) });
  }

  // Go-live is the start of the (possibly moved) cutover section.
  const cutoverKeys = cutoverSection?.s.items.map((i) => i.key) ?? [];
  const goLiveOn = cutoverKeys.length
    ? cutoverKeys.map((k) => items.get(k)!.dueStart).sort()[0]!
    : snapped;

  for (const group of doc.criteria) {
    for (const item of group.items) {
      const [start, end] = item.days ?? [0, 30];
      const shift = shifts.get(item.key) ?? 0;
      items.set(item.key, { key: item.key, dueStart: addDays(goLiveOn, start + shift), dueEnd: addDays(goLiveOn, end + shift) });
    }
  }

  const phases = doc.phases.map((p) => ({ key: p.key, start: at(p.days[0]), end: at(p.days[1]) }));
  return { goLiveOn, items, phases };
}

/**
 * Moving one item's due date by `delta` days moves everything that (transitively) depends
 * on it by the same amount, so the order the template implies still holds. Moving earlier
 * pulls nothing along. Done and not-applicable items stay where they are.
 */
export function propagateShift(
  doc: TemplateDocument,
  movedKey: string,
  delta: number,
  current: ReadonlyMap<string, number>,
  closed: ReadonlySet<string>,
): Map<string, number> {
  const next = new Map(current);
  next.set(movedKey, (current.get(movedKey) ?? 0) + delta);
  if (delta <= 0) return next;
  const dependents = new Map<string, string[]>();
  for (const { item } of flattenTemplate(doc)) {
    for (const dep of item.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), item.key]);
  }
  const seen = new Set([movedKey]);
  const queue = [movedKey];
  while (queue.length) {
    for (const d of dependents.get(queue.shift()!) ?? []) {
      if (seen.has(d) || closed.has(d)) continue;
      seen.add(d);
      next.set(d, (current.get(d) ?? 0) + delta);
      queue.push(d);
    }
  }
  return next;
}
