/**
 * The progress an import reports (rows, a fraction, an ETA) while it loads into real PostgreSQL
 * (TEST_DATABASE_URL), from XLSX-like sources: a sheet that declares its size, one whose size is
 * estimated as it is read, and the first rows, before the rate says anything.
 */
import { describe, expect, it } from 'vitest';
import { runImportWith, type ImportProgress, type Opener } from './import.ts';
import { SHA_A, line, mapping, sheetOpener, useLoadTarget } from './testing.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('import progress (PostgreSQL)', () => {
  const { options } = useLoadTarget();
  /** Imports an XLSX-like source in batches of 3, keeping every progress report. */
  const importSheet = async (schema: string, sheet: Opener) => {
    const seen: ImportProgress[] = [];
    const result = await runImportWith({ ...options(schema), mapping: mapping({ format: 'xlsx', csv: undefined }), onProgress: (p) => seen.push(p) }, SHA_A, sheet);
    return { result, seen };
  };

  it('reports progress by rows when the source declares how many (an XLSX sheet): a fraction and an ETA', async () => {
    // The sheet declares its last row (13).
    const sheet = sheetOpener(Array.from({ length: 12 }, (_, i) => line(i + 2, `X${i + 1}`, 1)), () => 13);
    const { result: r, seen } = await importSheet('sheetprogress', sheet);
    expect(r).toMatchObject({ status: 'completed', rowsLoaded: 12, fraction: 1, etaSeconds: 0, bytesRead: 0 });
    const during = seen.filter((p) => p.rowsRead < 12);
    expect(during.length).toBeGreaterThan(0);
    for (const p of during) {
      expect(p.fraction).toBeGreaterThan(0);
      expect(p.fraction).toBeLessThan(1);
      expect(p.etaSeconds).not.toBeNull();
      expect(p.bytesRead).toBe(0);
    }
  });

  it('reads the source’s total again as it goes: an XLSX sheet that declares none has an estimate once rows are read', async () => {
    // No total before the first row; then the estimate of a reader that has seen some of the sheet.
    const sheet = sheetOpener(Array.from({ length: 12 }, (_, i) => line(i + 2, `Y${i + 1}`, 1)), (read) => (read === 0 ? null : 13));
    const { result: r, seen } = await importSheet('sheetestimate', sheet);
    expect(r).toMatchObject({ status: 'completed', rowsLoaded: 12, fraction: 1 });
    const during = seen.filter((p) => p.rowsRead > 0 && p.rowsRead < 12);
    expect(during.length).toBeGreaterThan(0);
    for (const p of during) {
      expect(p.fraction).toBeGreaterThan(0);
      expect(p.etaSeconds).not.toBeNull();
    }
  });

  it('gives no ETA before 1% of the file is read (one row in, the rate says nothing yet)', async () => {
    // 12 rows of a sheet of 1,000: 1% is row 10.
    const sheet = sheetOpener(Array.from({ length: 12 }, (_, i) => line(i + 2, `Z${i + 1}`, 1)), () => 1000);
    const { seen } = await importSheet('sheetearly', sheet);
    const row = (p: ImportProgress) => p.rowsRead + 1; // the rows start after the header, at 2
    const early = seen.filter((p) => p.rowsRead > 0 && row(p) < 10);
    expect(early.length).toBeGreaterThan(0);
    expect(early.map((p) => p.etaSeconds)).toEqual(early.map(() => null));
    expect(seen.some((p) => row(p) >= 10 && p.rowsRead < 12 && p.etaSeconds !== null)).toBe(true);
  });
});
