/**
 * Business dates are plain `YYYY-MM-DD` strings in Asia/Jakarta (WIB, UTC+7, no DST).
 * Arithmetic on them goes through UTC midnight so no local zone can shift a day.
 */
export const JAKARTA_TZ = 'Asia/Jakarta';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function toUtc(date: string): Date {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => toUtc(date).getUTCDay();
export const isWeekend = (date: string): boolean => {
  const d = weekday(date);
  return d === 0 || d === 6;
};

/** Today's date in Jakarta, from an instant (default now). */
export function jakartaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export const maxDate = (a: string, b: string): string => (a > b ? a : b);
