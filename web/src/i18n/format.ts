import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Indonesian users read Indonesian formats; English uses the day-month-year British style. */
export const localeTag = (language: string) => (language === 'id' ? 'id-ID' : 'en-GB');

const JAKARTA = 'Asia/Jakarta';

/** A business date 'YYYY-MM-DD' as a Date at UTC midnight, formatted in UTC so it never shifts a day. */
const asUtcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0 });

/** Money is integer rupiah: Rp 50.000.000. Always the Indonesian format, whatever the UI language. */
export const formatRupiah = (amount: number | bigint) => rupiah.format(amount);

export function makeFormat(tag: string) {
  const date = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dayMonth = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const weekdayDate = new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(tag, { month: 'short', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: JAKARTA, timeZoneName: 'short' });
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const number = new Intl.NumberFormat(tag);
  const dayTime = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: JAKARTA });
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZone: JAKARTA });
  // Uptime is never rounded up: 99.9996% must not read as 100%.
  const uptime = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 3, roundingMode: 'trunc' });
  const units = Object.fromEntries(
    (['millisecond', 'second', 'minute', 'hour', 'day'] as const).map((u) => [u, new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'long', maximumFractionDigits: 1 })]),
  ) as Record<DurationUnit, Intl.NumberFormat>;
  const ms = new Intl.NumberFormat(tag, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 });
  const bytes = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  return {
    tag,
    /** 7 Dec 2026 · 7 Des 2026 */
    date: (iso: string) => date.format(asUtcDate(iso)),
    dayMonth: (iso: string) => dayMonth.format(asUtcDate(iso)),
    weekdayDate: (iso: string) => weekdayDate.format(asUtcDate(iso)),
    month: (iso: string) => month.format(asUtcDate(iso)),
    /** 2 – 15 Nov 2026 */
    dateRange: (from: string, to: string) => (from === to ? date.format(asUtcDate(from)) : date.formatRange(asUtcDate(from), asUtcDate(to))),
    /** An instant, in Jakarta time (WIB). */
    dateTime: (isoInstant: string) => dateTime.format(new Date(isoInstant)),
    /** An instant as day, month and time in Jakarta (no year): for charts and recent events. */
    dayTime: (isoInstant: string) => dayTime.format(new Date(isoInstant)),
    /** An instant's time of day in Jakarta. */
    time: (isoInstant: string) => time.format(new Date(isoInstant)),
    /** A span of time in its two largest units: "2 hours 5 minutes" · "2 jam 5 menit". */
    duration: (milliseconds: number) => splitDuration(milliseconds).map(([n, u]) => units[u].format(n)).join(' '),
    /** A latency: 120 ms · 120 md. */
    ms: (milliseconds: number) => ms.format(milliseconds),
    /** Uptime percent (0–100) with up to three decimals, truncated. */
    uptime: (value: number) => uptime.format(value / 100),
    /** The API's percent (0–100) as 12.5% / 12,5%. */
    percent: (value: number) => percent.format(value / 100),
    number: (n: number) => number.format(n),
    fileSize: (n: number) => (n < 1024 ? `${number.format(n)} B` : n < 1024 * 1024 ? `${bytes.format(n / 1024)} KB` : `${bytes.format(n / 1024 / 1024)} MB`),
    rupiah: formatRupiah,
  };
}

export type Format = ReturnType<typeof makeFormat>;

type DurationUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day';
const UNIT_MS: [DurationUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** A duration as at most two whole units, largest first (under a second: milliseconds). */
export function splitDuration(milliseconds: number): [number, DurationUnit][] {
  const total = Math.max(0, Math.round(milliseconds));
  if (total === 0) return [[0, 'second']];
  if (total < 1000) return [[total, 'millisecond']];
  const i = UNIT_MS.findIndex(([, size]) => total >= size);
  const [unit, size] = UNIT_MS[i]!;
  const parts: [number, DurationUnit][] = [[Math.floor(total / size), unit]];
  const next = UNIT_MS[i + 1];
  const rest = next ? Math.floor((total % size) / next[1]) : 0;
  if (next && rest) parts.push([rest, next[0]]);
  return parts;
}

/** Formatters for the current UI language; re-made when the language changes. */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  return useMemo(() => makeFormat(localeTag(i18n.language)), [i18n.language]);
}
