import type { SeriesPoint } from '../../api/types.ts';

/**
 * Pure geometry for the small SVG charts: time → x, value → y, and paths that break where the
 * series has no runs (the API leaves empty buckets out) rather than drawing across the gap.
 */

export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 160;

/** A round axis top at or above `value`: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value)!;
  return step * power;
}

export interface Frame {
  from: number;
  to: number;
  stepMs: number;
}

export const frameOf = (s: { from: string; to: string; stepSeconds: number }): Frame => ({ from: Date.parse(s.from), to: Date.parse(s.to), stepMs: s.stepSeconds * 1000 });

/** The x of a bucket's middle, 0…width. */
export function xOf(frame: Frame, at: string, width = CHART_WIDTH): number {
  const span = Math.max(1, frame.to - frame.from);
  const mid = Date.parse(at) + frame.stepMs / 2;
  return Math.min(width, Math.max(0, ((mid - frame.from) / span) * width));
}

/** The width of one bucket, 0…width. */
export const bucketWidth = (frame: Frame, width = CHART_WIDTH) => Math.max(0.5, (frame.stepMs / Math.max(1, frame.to - frame.from)) * width);

/**
 * An SVG step path: each bucket with a value is a level segment across its width, joined to the
 * next when they are adjacent; a missing bucket starts a new segment (so one bucket still shows).
 */
export function stepPath(frame: Frame, points: readonly SeriesPoint[], value: (p: SeriesPoint) => number | null, max: number, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const half = bucketWidth(frame, width) / 2;
  let path = '';
  let last: number | null = null;
  for (const p of points) {
    const v = value(p);
    if (v === null) {
      last = null;
      continue;
    }
    const t = Date.parse(p.at);
    const gap = last === null || t - last > frame.stepMs * 1.5;
    const x = xOf(frame, p.at, width);
    const y = (height - (Math.min(v, max) / max) * height).toFixed(1);
    path += `${gap ? 'M' : 'L'}${Math.max(0, x - half).toFixed(1)} ${y} L${Math.min(width, x + half).toFixed(1)} ${y} `;
    last = t;
  }
  return path.trim();
}

export type BucketOutcome = 'fail' | 'warn' | 'pass' | 'none';

/** The worst outcome in a bucket: any fail or error makes it a failing bucket. */
export function outcomeOf(p: SeriesPoint): BucketOutcome {
  if (p.fail + p.error > 0) return 'fail';
  if (p.warn > 0) return 'warn';
  return p.pass > 0 ? 'pass' : 'none';
}

/** Lowest and highest of the values that are there, or null when none is. */
export function extent(values: readonly (number | null)[]): { min: number; max: number } | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? { min: Math.min(...present), max: Math.max(...present) } : null;
}
