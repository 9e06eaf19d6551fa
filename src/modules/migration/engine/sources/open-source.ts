import type { Mapping } from '../mapping.ts';
import { openCsv } from './csv.ts';
import type { OpenSourceOptions, OpenedSource } from './source.ts';

export type { OpenSourceOptions, OpenedSource } from './source.ts';
export { DEFAULT_MAX_RECORD_BYTES } from './source.ts';

/**
 * Open a CSV or XLSX export as the mapping describes it. Input the engine cannot read (empty,
 * binary, wrong encoding, an over-long line) is a MigrationInputError with a message for people.
 */
export async function openSource(path: string, mapping: Mapping, opts: OpenSourceOptions = {}): Promise<OpenedSource> {
  // exceljs takes ~0.6 s to load: only XLSX files pay for it (golive import/reconcile start on every run).
  if (mapping.format === 'xlsx') return (await import('./xlsx.ts')).openXlsx(path, mapping, opts);
  return openCsv(path, mapping, opts);
}
