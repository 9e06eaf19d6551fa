import type { Mapping } from '../mapping.ts';
import { zone } from './zone.ts';

const DAY_MS = 86_400_000;

/**
 * The business date (YYYY-MM-DD) of an instant: its local date in the business time zone after
 * moving back by the day cutoff, so a sale at 01:30 with cutoff 04:00 belongs to the day before.
 * Day strings are cached by day number (a file spans a few thousand days at most).
 */
export function makeBusinessDate(businessDay: Mapping['businessDay']): (instantMs: number) => string {
  const z = zone(businessDay.timezone, 'businessDay.timezone');
  const [hh, mm] = businessDay.cutoff.split(':').map(Number) as [number, number];
  const cutoffMs = (hh * 60 + mm) * 60_000;
  const days = new Map<number, string>();
  return (instantMs) => {
    const day = Math.floor((instantMs + z.offsetAt(instantMs) - cutoffMs) / DAY_MS);
    let s = days.get(day);
    if (s === undefined) {
      s = new Date(day * DAY_MS).toISOString().slice(0, 10);
      days.set(day, s);
    }
    return s;
  };
}
