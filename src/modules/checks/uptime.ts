/**
 * Time-weighted availability of a monitor over any window, from its state segments: each
 * moment counts as up, down or unknown (the probe could not tell, or no result), and moments
 * inside a maintenance window count as none of them. Uptime is up / (up + down), so a monitor
 * is not punished for time nobody could measure, and that time is reported beside it.
 */
export type SegmentState = 'up' | 'down' | 'unknown';

export interface StateSegment {
  state: SegmentState;
  start: number;
  /** Epoch ms; for the open segment, where the last result stops vouching for it. */
  end: number;
}

export interface Span {
  start: number;
  end: number;
}

export interface Availability {
  windowMs: number;
  upMs: number;
  downMs: number;
  /** The probe could not tell, or there was no result (monitor new, paused or workers down). */
  unknownMs: number;
  maintenanceMs: number;
  /** up / (up + down) in percent, or null when nothing was measured. */
  uptimePercent: number | null;
  /** Down periods that began inside the window. */
  incidents: number;
  slo: {
    targetPercent: number;
    /** Down time the objective allows over the measured time of this window. */
    budgetMs: number;
    budgetUsedMs: number;
    /** Share of the budget left, in percent (negative when overspent); null when nothing was measured. */
    budgetLeftPercent: number | null;
  };
}

/** Sorted, non-overlapping spans clipped to the window. */
export function mergeSpans(spans: Span[], window: Span): Span[] {
  const clipped = spans
    .map((s) => ({ start: Math.max(s.start, window.start), end: Math.min(s.end, window.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of clipped) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Length of `span` not covered by the (merged) spans. */
function outside(span: Span, covered: Span[]): number {
  let len = span.end - span.start;
  for (const c of covered) {
    if (c.end <= span.start) continue;
    if (c.start >= span.end) break;
    len -= Math.min(c.end, span.end) - Math.max(c.start, span.start);
  }
  return len;
}

export function availability(segments: StateSegment[], window: Span, maintenance: Span[], sloTargetPercent: number): Availability {
  const windowMs = window.end - window.start;
  const pause = mergeSpans(maintenance, window);
  const maintenanceMs = pause.reduce((s, p) => s + p.end - p.start, 0);
  const ms: Record<SegmentState, number> = { up: 0, down: 0, unknown: 0 };
  let incidents = 0;
  for (const seg of segments) {
    const start = Math.max(seg.start, window.start);
    const end = Math.min(seg.end, window.end);
    if (end <= start) continue;
    const counted = outside({ start, end }, pause);
    ms[seg.state] += counted;
    if (seg.state === 'down' && seg.start >= window.start && counted > 0) incidents++;
  }
  const measured = ms.up + ms.down;
  const noData = windowMs - maintenanceMs - measured - ms.unknown;
  const budgetMs = Math.round(((100 - sloTargetPercent) / 100) * measured);
  return {
    windowMs,
    upMs: ms.up,
    downMs: ms.down,
    unknownMs: ms.unknown + Math.max(0, noData),
    maintenanceMs,
    uptimePercent: measured ? (ms.up / measured) * 100 : null,
    incidents,
    slo: {
      targetPercent: sloTargetPercent,
      budgetMs,
      budgetUsedMs: ms.down,
      budgetLeftPercent: measured ? (budgetMs ? ((budgetMs - ms.down) / budgetMs) * 100 : ms.down ? -100 : 100) : null,
    },
  };
}
