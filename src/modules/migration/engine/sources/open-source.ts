import type { Mapping } from '../mapping.ts';
import { openCsv } from './csv.ts';
import type { OpenSourceOptions, OpenedSource } from './source.ts';
import { openXlsx } from './xlsx.ts';

export type { OpenSourceOptions, OpenedSource } from './source.ts';
export { DEFAULT_MAX_RECORD_BYTES } from './source.ts';

/**
 * Open a CSV or XLSX export as the mapping describes it. Input the engine cannot read (empty,
 * binary, wrong encoding, an over-long line) is a MigrationInputError with a message for people.
 */
export function openSource(path: string, mapping: Mapping, opts: OpenSourceOptions = {}): Promise<OpenedSource> {
  return mapping.format === 'xlsx' ? openXlsx(path, mapping, opts) : openCsv(path, mapping, opts);
}
