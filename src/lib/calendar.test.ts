import { describe, expect, it } from 'vitest';
import { calendarDays, cutoverSaturdayOnOrBefore, holidayOn, isWorkingDay } from './calendar.ts';
import { addDays, daysBetween, isIsoDate, jakartaToday } from './dates.ts';

describe('Jakarta dates', () => {
  it('does day arithmetic on plain dates across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-02', '2026-04-25')).toBe(54);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });

  it('takes today in WIB (UTC+7), not in UTC', () => {
    expect(jakartaToday(new Date('2026-11-24T17:30:00Z'))).toBe('2026-11-25');
    expect(jakartaToday(new Date('2026-11-24T16:59:00Z'))).toBe('2026-11-24');
  });
});

describe('Indonesian calendar', () => {
  it('marks public holidays with English and Indonesian names', () => {
    expect(holidayOn('2026-08-17')?.nameId).toMatch(/Kemerdekaan/);
    expect(holidayOn('2026-12-25')).toMatchObject({ name: 'Christmas Day', nameId: 'Hari Raya Natal' });
    expect(holidayOn('2027-01-05')?.nameId).toBe('Isra Mikraj Nabi Muhammad');
    expect(holidayOn('2026-11-25')).toBeNull();
  });

  it('knows weekends and working days', () => {
    const days = calendarDays('2026-11-20', '2026-11-23');
    expect(days.map((d) => d.weekend)).toEqual([false, true, true, false]);
    expect(isWorkingDay('2026-08-17')).toBe(false);
    expect(isWorkingDay('2026-11-25')).toBe(true);
  });

  it('picks a cutover Saturday that is not a holiday', () => {
    expect(cutoverSaturdayOnOrBefore('2026-11-25')).toBe('2026-11-21');
    expect(cutoverSaturdayOnOrBefore('2026-11-21')).toBe('2026-11-21');
  });
});
