import type { TemplateDocument } from '../templates/template.schema.ts';
import { isClosed, type ItemState } from '../progress/progress.ts';

export const DEPLOYMENT_STATUSES = ['planning', 'in_progress', 'live', 'stabilizing', 'handed_off', 'cancelled'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

const NEXT: Record<DeploymentStatus, DeploymentStatus[]> = {
  planning: ['in_progress', 'cancelled'],
  in_progress: ['live', 'cancelled'],
  // A rollback after cutover takes a live deployment back to in_progress.
  live: ['stabilizing', 'in_progress'],
  stabilizing: ['handed_off'],
  handed_off: [],
  cancelled: [],
};

export const isFinished = (s: DeploymentStatus) => s === 'handed_off' || s === 'cancelled';
export const allowedNext = (s: DeploymentStatus): readonly DeploymentStatus[] => NEXT[s];

interface StatusItem {
  key: string;
  kind: 'item' | 'criterion';
  sectionKey: string;
  state: ItemState;
  optional: boolean;
}

/**
 * The required items still open that stop a move to `to`: going live needs every phase
 * before cutover closed (the pre-launch checklist included); stabilizing needs the launch
 * day closed; handing off needs the whole checklist closed. Empty = the move may happen.
 */
export function blockersFor(to: DeploymentStatus, doc: TemplateDocument, items: readonly StatusItem[]): string[] {
  const sectionsInOrder = doc.phases.flatMap((p) => p.sections);
  const cutoverIndex = sectionsInOrder.findIndex((s) => s.cutover);
  let sections: Set<string>;
  if (to === 'live') sections = new Set(sectionsInOrder.slice(0, cutoverIndex < 0 ? undefined : cutoverIndex).map((s) => s.key));
  else if (to === 'stabilizing') sections = new Set(cutoverIndex < 0 ? [] : [sectionsInOrder[cutoverIndex]!.key]);
  else if (to === 'handed_off') sections = new Set(sectionsInOrder.map((s) => s.key));
  else return [];
  return items
    .filter((i) => i.kind === 'item' && !i.optional && sections.has(i.sectionKey) && !isClosed(i.state))
    .map((i) => i.key);
}
