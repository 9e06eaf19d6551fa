/** Today's date in Jakarta (WIB), as YYYY-MM-DD: the business day the server schedules by. */
export function jakartaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Whole days from a to b (YYYY-MM-DD), b − a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Jakarta is UTC+7 all year (no daylight saving). */
const WIB_OFFSET = '+07:00';

/** A <input type="datetime-local"> value, read as Jakarta time, as an ISO instant with its offset. */
export function jakartaInputToIso(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}${WIB_OFFSET}`;
}

/** An instant as a <input type="datetime-local"> value in Jakarta time (to the minute). */
export function isoToJakartaInput(iso: string | number | Date): string {
  const wib = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  return wib.toISOString().slice(0, 16);
}
