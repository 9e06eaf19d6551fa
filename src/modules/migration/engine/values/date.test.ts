import { describe, expect, it } from 'vitest';
import { MigrationInputError } from '../errors.ts';
import { compileDateFormat, makeDateTimeParser } from './date.ts';

const wall = (s: string) => Date.parse(`${s}Z`);
const parse = (format: string, text: string) => compileDateFormat(format).parse(text);

describe('compileDateFormat', () => {
  it('reads numeric dates and times', () => {
    expect(parse('dd/MM/yyyy', '05/05/2025')).toBe(wall('2025-05-05T00:00:00'));
    expect(parse('dd/MM/yyyy', '5/5/2025')).toBe(wall('2025-05-05T00:00:00'));
    expect(parse('d-M-yy', '31-12-24')).toBe(wall('2024-12-31T00:00:00'));
    expect(parse('yyyy-MM-dd HH:mm:ss', '2025-05-05 23:59:59')).toBe(wall('2025-05-05T23:59:59'));
    expect(parse("yyyy-MM-dd'T'HH:mm:ss.SSS", '2025-05-05T13:45:01.250')).toBe(wall('2025-05-05T13:45:01.250'));
    expect(parse('yyyyMMddHHmm', '202505051345')).toBe(wall('2025-05-05T13:45:00'));
    expect(parse('HH:mm', '07:05')).toBe(7 * 3_600_000 + 5 * 60_000);
  });

  it('accepts a dot for the colon in times, and the colon for a dotted format', () => {
    expect(parse('HH.mm', '13.45')).toBe(parse('HH:mm', '13:45'));
    expect(parse('HH.mm', '13:45')).toBe(parse('HH:mm', '13.45'));
    expect(parse('dd.MM.yyyy', '05:05:2025')).toBeNaN(); // only after an hour or minute field
  });

  it('reads Indonesian and English month names, the short forms people write, any case', () => {
    const may = wall('2025-05-05T13:45:00');
    for (const t of ['05 Mei 2025 13:45', '05 mei 2025 13.45', '05 MAY 2025 13:45', '5 May 2025 13:45']) expect(parse('dd MMMM yyyy HH:mm', t), t).toBe(may);
    const aug = wall('2025-08-17T00:00:00');
    for (const m of ['Agu', 'Agt', 'Ags', 'Agustus', 'Aug', 'August', 'Agu.']) expect(parse('d MMM yyyy', `17 ${m} 2025`), m).toBe(aug);
    expect(parse('d MMM yyyy', '1 Sept 2025')).toBe(wall('2025-09-01T00:00:00'));
    expect(parse('d MMM yyyy', '1 Nop 2025')).toBe(wall('2025-11-01T00:00:00'));
    expect(parse('d MMM yyyy', '1 Okt 2025')).toBe(wall('2025-10-01T00:00:00'));
    expect(parse('d MMM yyyy', '1 Des 2025')).toBe(wall('2025-12-01T00:00:00'));
    expect(parse('d MMMM yyyy', '1 Pebruari 2024')).toBe(wall('2024-02-01T00:00:00'));
    expect(parse('d MMM yyyy', '1 Foo 2025')).toBeNaN();
  });

  it('skips day names in either language', () => {
    expect(parse('EEEE, dd MMMM yyyy', 'Senin, 05 Mei 2025')).toBe(wall('2025-05-05T00:00:00'));
    expect(parse("EEEE, dd MMMM yyyy", "Jum'at, 09 Mei 2025")).toBe(wall('2025-05-09T00:00:00'));
    expect(parse('EEE dd MMM yyyy', 'Mon 05 May 2025')).toBe(wall('2025-05-05T00:00:00'));
  });

  it('reads 12-hour times with AM/PM', () => {
    expect(parse('h:mm a', '1:45 PM')).toBe(parse('HH:mm', '13:45'));
    expect(parse('hh:mm a', '12:05 am')).toBe(parse('HH:mm', '00:05'));
    expect(parse('hh:mm a', '12:05 p.m.')).toBe(parse('HH:mm', '12:05'));
    expect(parse('hh:mm a', '13:05 PM')).toBeNaN();
  });

  it('refuses impossible dates and times', () => {
    expect(parse('dd/MM/yyyy', '31/02/2025')).toBeNaN();
    expect(parse('dd/MM/yyyy', '29/02/2025')).toBeNaN();
    expect(parse('dd/MM/yyyy', '29/02/2024')).toBe(wall('2024-02-29T00:00:00'));
    expect(parse('dd/MM/yyyy', '29/02/1900')).toBeNaN();
    expect(parse('dd/MM/yyyy', '00/01/2025')).toBeNaN();
    expect(parse('dd/MM/yyyy', '01/13/2025')).toBeNaN();
    expect(parse('HH:mm', '24:00')).toBeNaN();
    expect(parse('HH:mm', '12:60')).toBeNaN();
    expect(parse('dd/MM/yyyy', '2025-05-05')).toBeNaN();
    expect(parse('dd/MM/yyyy', '05/05/2025 extra')).toBeNaN();
  });

  it('names the problem of a bad format', () => {
    expect(() => compileDateFormat('dd/MM/yyyy Q')).toThrow(MigrationInputError);
    expect(() => compileDateFormat('dd/MM/yyyy Q')).toThrow(/"Q"/);
    expect(() => compileDateFormat("yyyy-MM-dd'T")).toThrow(/unclosed quote/);
    expect(() => compileDateFormat('MM/yyyy')).toThrow(/day/);
    expect(() => makeDateTimeParser({ format: 'HH:mm' }, 'Asia/Jakarta')).toThrow(/no date fields/);
    expect(() => makeDateTimeParser({ format: 'dd/MM/yyyy', timeFormat: 'dd/MM/yyyy HH:mm' }, 'Asia/Jakarta')).toThrow(/only time/);
    expect(() => makeDateTimeParser({ format: 'dd/MM/yyyy' }, 'Asia/Bandung')).toThrow(/not an IANA time zone/);
  });
});

describe('makeDateTimeParser', () => {
  it('applies the file time zone', () => {
    const wib = makeDateTimeParser({ format: 'dd/MM/yyyy HH:mm' }, 'Asia/Jakarta');
    expect(wib.instant(wib.date('05/05/2025 13:45'))).toBe(Date.parse('2025-05-05T06:45:00Z'));
    const wita = makeDateTimeParser({ format: 'dd/MM/yyyy HH:mm' }, 'Asia/Makassar');
    expect(wita.instant(wita.date('05/05/2025 13:45'))).toBe(Date.parse('2025-05-05T05:45:00Z'));
    const wit = makeDateTimeParser({ format: 'dd/MM/yyyy HH:mm' }, 'Asia/Jayapura');
    expect(wit.instant(wit.date('05/05/2025 13:45'))).toBe(Date.parse('2025-05-05T04:45:00Z'));
    const utc = makeDateTimeParser({ format: 'dd/MM/yyyy HH:mm' }, 'UTC');
    expect(utc.instant(utc.date('05/05/2025 13:45'))).toBe(Date.parse('2025-05-05T13:45:00Z'));
  });

  it('handles a zone with daylight saving on both sides of the change', () => {
    const ams = makeDateTimeParser({ format: 'yyyy-MM-dd HH:mm' }, 'Europe/Amsterdam');
    expect(ams.instant(ams.date('2025-03-30 01:30'))).toBe(Date.parse('2025-03-30T00:30:00Z'));
    expect(ams.instant(ams.date('2025-03-30 03:30'))).toBe(Date.parse('2025-03-30T01:30:00Z'));
    expect(ams.instant(ams.date('2025-07-01 12:00'))).toBe(Date.parse('2025-07-01T10:00:00Z'));
  });

  it('reads a separate time column, with or without seconds by default', () => {
    const p = makeDateTimeParser({ format: 'dd-MM-yyyy' }, 'Asia/Jakarta');
    expect(p.date('05-05-2025') + p.time('13:45')).toBe(wall('2025-05-05T13:45:00'));
    expect(p.time('13.45.30')).toBe(wall('1970-01-01T13:45:30'));
    expect(p.time('25:00')).toBeNaN();
  });

  it('takes native XLSX cells: a Date (wall clock in UTC fields) or an Excel serial', () => {
    const p = makeDateTimeParser({ format: 'dd MMMM yyyy HH:mm' }, 'Asia/Jakarta');
    expect(p.date(new Date(Date.UTC(2025, 4, 5, 13, 45)))).toBe(wall('2025-05-05T13:45:00'));
    expect(p.date(45782.5729166667)).toBe(wall('2025-05-05T13:45:00'));
    expect(p.time(new Date(Date.UTC(1899, 11, 30, 13, 45)))).toBe(wall('1970-01-01T13:45:00'));
    expect(p.time(0.5729166667)).toBe(wall('1970-01-01T13:45:00'));
    expect(p.date(new Date(Number.NaN))).toBeNaN();
  });

  it('gives the same answer from its cache', () => {
    const p = makeDateTimeParser({ format: 'dd/MM/yyyy' }, 'Asia/Jakarta');
    expect(p.date('31/02/2025')).toBeNaN();
    expect(p.date('31/02/2025')).toBeNaN();
    expect(p.date('01/02/2025')).toBe(p.date('01/02/2025'));
  });
});
