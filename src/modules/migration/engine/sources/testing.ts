import { expect } from 'vitest';
import { MigrationInputError } from '../errors.ts';
import { type Mapping, type MappingInput, mappingSchema } from '../mapping.ts';
import type { SourceRecord } from '../types.ts';
import { type OpenSourceOptions, openSource } from './open-source.ts';

/** Test helpers for the source tests: a mapping with placeholder columns, read a whole file, expect an input error. */
export const testMapping = (format: 'csv' | 'xlsx', over: Partial<MappingInput> = {}): Mapping =>
  mappingSchema.parse({
    sourceSystem: 'test',
    format,
    dates: { format: 'dd/MM/yyyy' },
    columns: { transaction_id: 'id', occurred_at: 'date', outlet: 'outlet', item: 'item', qty: 'qty', gross: 'gross', net: 'net', payment_method: 'pay' },
    ...over,
  });

export async function readAll(file: string, mapping: Mapping, opts: OpenSourceOptions = {}) {
  const src = await openSource(file, mapping, opts);
  const records: SourceRecord[] = [];
  for await (const r of src.records()) records.push(r);
  await src.close();
  return { header: src.header, bytesTotal: src.bytesTotal, records };
}

export async function inputError(p: Promise<unknown>): Promise<MigrationInputError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MigrationInputError);
  return e as MigrationInputError;
}
