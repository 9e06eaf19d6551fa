/**
 * What the import engine's tests on real PostgreSQL share: canonical lines built by hand (so the
 * load path is tested apart from the parsers), sources over them, and a fresh target database per
 * test file with the options of an import into one of its schemas.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createTargetDatabase, type TargetDatabase } from '../../../../tests/helpers/target-db.ts';
import type { ImportOptions, Opener } from './import.ts';
import { mappingSchema, type Mapping } from './mapping.ts';
import type { CanonicalLine, MappedRow } from './types.ts';

export const SHA_A = 'a'.repeat(64);
export const SHA_B = 'b'.repeat(64);

export type Item = { row: number; mapped: MappedRow };

export function mapping(extra: Partial<Record<string, unknown>> = {}, lineNo = true): Mapping {
  return mappingSchema.parse({
    sourceSystem: 'testpos',
    format: 'csv',
    dates: { format: 'dd/MM/yyyy' },
    columns: { transaction_id: 'id', ...(lineNo ? { line_no: 'no' } : {}), occurred_at: 'at', outlet: 'outlet', item: 'item', qty: 'qty', gross: 'gross', net: 'net', payment_method: 'pay' },
    ...extra,
  });
}

export function line(row: number, tx: string, lineNo: number, o: Partial<CanonicalLine> = {}): Item {
  const gross = o.grossSen ?? 2_500_000 + lineNo * 100;
  const tax = Math.round(gross / 10);
  const l: CanonicalLine = {
    sourceSystem: 'testpos',
    sourceRow: row,
    transactionId: tx,
    lineNo,
    occurredAt: Date.UTC(2025, 4, 5, 6, 30),
    businessDate: '2025-05-05',
    outletCode: 'JKT-1',
    outletName: 'Senopati',
    item: `Kopi "Susu"\tGula\\Aren ${lineNo}\nbesar é`,
    category: 'Minuman',
    sku: null,
    qtyMilli: 1000,
    unitPriceSen: gross,
    grossSen: gross,
    discountSen: 0,
    taxSen: tax,
    serviceChargeSen: 0,
    roundingSen: 0,
    netSen: gross + tax,
    paymentMethod: 'cash',
    paymentMethodRaw: 'Tunai',
    kind: 'sale',
    originalTransactionId: null,
    ...o,
  };
  return { row, mapped: { ok: true, line: { ...l, sourceRow: row } } };
}

export const bad = (row: number): Item => ({ row, mapped: { ok: false, reason: 'bad_date', detail: `Tanggal "31/02/2025" is not a date` } });

/** A source over items; `crashAfter` records it throws, as a process killed between batches would stop. */
export function opener(items: Item[], crashAfter?: number): Opener {
  const byRow = new Map(items.map((i) => [i.row, i.mapped]));
  return async (from) => ({
    source: {
      header: [],
      bytesTotal: items.length * 100,
      async *records() {
        let n = 0;
        for (const it of items) {
          if (from && it.row <= from.row) continue;
          if (crashAfter !== undefined && n++ >= crashAfter) throw new Error('simulated crash');
          yield { row: it.row, end: it.row * 100, fields: [], raw: `raw,${it.row},"q"` };
        }
      },
      async close() {},
    },
    transform: (rec) => byRow.get(rec.row)!,
  });
}

/** An XLSX-like source over items: a record's `end` is its row; `rowsTotal(read)` is its last row (declared or estimated) after `read` records. */
export function sheetOpener(items: Item[], rowsTotal: (read: number) => number | null): Opener {
  const byRow = new Map(items.map((i) => [i.row, i.mapped]));
  return async () => {
    let read = 0;
    return {
      source: {
        header: [],
        bytesTotal: 999_999,
        get rowsTotal() {
          return rowsTotal(read);
        },
        async *records() {
          for (const it of items) {
            read++;
            yield { row: it.row, end: it.row, fields: [], raw: `raw,${it.row}` };
          }
        },
        async close() {},
      },
      transform: (rec) => byRow.get(rec.row)!,
    };
  };
}

/** A fresh target database for the calling test file (made before its tests, dropped after) and the options of an import into one of its schemas. */
export function useLoadTarget() {
  let db: TargetDatabase | undefined;
  let dir = '';
  let n = 0;
  beforeAll(async () => {
    db = await createTargetDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-load-'));
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db(): TargetDatabase {
      return db!;
    },
    options: (schema: string, o: Partial<ImportOptions> = {}): ImportOptions => ({
      file: 'export.csv',
      mapping: mapping(),
      target: { url: db!.url, schema },
      environment: 'staging',
      rejectsPath: path.join(dir, `${schema}-${++n}.rejects.csv`),
      batchSize: 3,
      ...o,
    }),
  };
}
