import type { TemplateDocument, TemplateItem } from './template.schema.ts';

/**
 * The rules a template's shape cannot say by itself: keys unique and in the
 * `<section>.<n>` scheme, dependencies that exist and form no cycle, and no item
 * that waits on an item scheduled to start after it ends.
 */
export function templateProblems(doc: TemplateDocument): string[] {
  const problems: string[] = [];
  const items = new Map<string, TemplateItem>();
  const sectionKeys = new Set<string>();
  const phaseKeys = new Set<string>();
  const startDay = new Map<string, number>();

  const seeItem = (groupKey: string, item: TemplateItem, start: number) => {
    if (!item.key.startsWith(`${groupKey}.`)) problems.push(`item ${item.key} is in section ${groupKey}: its key must start with "${groupKey}."`);
    if (items.has(item.key)) problems.push(`item key ${item.key} is used twice`);
    items.set(item.key, item);
    startDay.set(item.key, start);
  };

  for (const phase of doc.phases) {
    if (phaseKeys.has(phase.key)) problems.push(`phase key ${phase.key} is used twice`);
    phaseKeys.add(phase.key);
    for (const section of phase.sections) {
      if (sectionKeys.has(section.key)) problems.push(`section key ${section.key} is used twice`);
      sectionKeys.add(section.key);
      const sectionStart = (section.days ?? phase.days)[0];
      for (const item of section.items) seeItem(section.key, item, item.days?.[0] ?? sectionStart);
    }
  }
  if (doc.phases.flatMap((p) => p.sections).filter((s) => s.cutover).length > 1) {
    problems.push('at most one section can be the cutover (launch day)');
  }
  for (const group of doc.criteria) {
    if (sectionKeys.has(group.key)) problems.push(`criteria group key ${group.key} is also a section key`);
    sectionKeys.add(group.key);
    for (const item of group.items) seeItem(group.key, item, Number.POSITIVE_INFINITY);
  }

  for (const item of items.values()) {
    for (const dep of item.dependsOn) {
      const target = items.get(dep);
      if (!target) problems.push(`item ${item.key} depends on ${dep}, which does not exist`);
      else if (dep === item.key) problems.push(`item ${item.key} depends on itself`);
      else if ((startDay.get(dep) ?? 0) > (endDayOf(doc, item.key) ?? Number.POSITIVE_INFINITY)) {
        problems.push(`item ${item.key} depends on ${dep}, which is scheduled to start after ${item.key} is due`);
      }
    }
  }
  const cycle = findCycle(items);
  if (cycle) problems.push(`dependency cycle: ${cycle.join(' → ')}`);
  return problems;
}

function endDayOf(doc: TemplateDocument, key: string): number | undefined {
  for (const phase of doc.phases) {
    for (const section of phase.sections) {
      const item = section.items.find((i) => i.key === key);
      if (item) return (item.days ?? section.days ?? phase.days)[1];
    }
  }
  return undefined;
}

function findCycle(items: Map<string, TemplateItem>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): string[] | null => {
    const s = state.get(key);
    if (s === 'done') return null;
    if (s === 'visiting') return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, 'visiting');
    stack.push(key);
    for (const dep of items.get(key)?.dependsOn ?? []) {
      if (!items.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(key, 'done');
    return null;
  };
  for (const key of items.keys()) {
    const found = visit(key);
    if (found) return found;
  }
  return null;
}

/** Every item of the template in order, with the phase and section it belongs to. */
export function flattenTemplate(doc: TemplateDocument) {
  const out: { item: TemplateItem; phaseKey: string; sectionKey: string; kind: 'item' | 'criterion' }[] = [];
  for (const phase of doc.phases) {
    for (const section of phase.sections) {
      for (const item of section.items) out.push({ item, phaseKey: phase.key, sectionKey: section.key, kind: 'item' });
    }
  }
  for (const group of doc.criteria) {
    for (const item of group.items) out.push({ item, phaseKey: 'success-criteria', sectionKey: group.key, kind: 'criterion' });
  }
  return out;
}
