import Holidays from 'date-holidays';
import { addDays, daysBetween, isWeekend } from './dates.ts';

/**
 * Indonesian public holidays (national, from the date-holidays data set) and weekends.
 * The seed wants cutover on a weekend or off-hours, so the scheduler needs both.
 * Islamic holidays follow the government's decree each year; the data set tracks it,
 * and a deviation of a day is possible for years it predicts.
 */
export interface CalendarDay {
  date: string;
  weekend: boolean;
  holiday: { name: string; nameId: string } | null;
}

const holidaysEn = new Holidays('ID', { languages: ['en'], types: ['public'] });
const holidaysId = new Holidays('ID', { languages: ['id'], types: ['public'] });
const byYear = new Map<number, Map<string, { name: string; nameId: string }>>();

// Where the data set's Indonesian name is wrong, by its English name.
const INDONESIAN_NAME_FIXES: Record<string, string> = {
  "Laylat al-Mi'raj": 'Isra Mikraj Nabi Muhammad',
};

function holidaysOf(year: number): Map<string, { name: string; nameId: string }> {
  let map = byYear.get(year);
  if (!map) {
    map = new Map();
    const idByDate = new Map(holidaysId.getHolidays(year).map((h) => [`${h.date.slice(0, 10)}|${h.rule}`, h.name]));
    for (const h of holidaysEn.getHolidays(year)) {
      const date = h.date.slice(0, 10);
      if (map.has(date)) continue;
      map.set(date, { name: h.name, nameId: INDONESIAN_NAME_FIXES[h.name] ?? idByDate.get(`${date}|${h.rule}`) ?? h.name });
    }
    byYear.set(year, map);
  }
  return map;
}

export function holidayOn(date: string): { name: string; nameId: string } | null {
  return holidaysOf(Number(date.slice(0, 4))).get(date) ?? null;
}

export const isWorkingDay = (date: string): boolean => !isWeekend(date) && holidayOn(date) === null;

/** The days from..to inclusive (at most 400). */
export function calendarDays(from: string, to: string): CalendarDay[] {
  const n = Math.min(daysBetween(from, to), 400);
  const days: CalendarDay[] = [];
  for (let i = 0; i <= n; i++) {
    const date = addDays(from, i);
    days.push({ date, weekend: isWeekend(date), holiday: holidayOn(date) });
  }
  return days;
}

/** The latest Saturday on or before `date` that is not a public holiday (the cutover weekend). */
export function cutoverSaturdayOnOrBefore(date: string): string {
  let d = date;
  for (let i = 0; i < 60; i++, d = addDays(d, -1)) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === 6 && !holidayOn(d)) return d;
  }
  return date;
}
