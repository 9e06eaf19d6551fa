import type { Mapping } from '../mapping.ts';
import { openSource } from '../sources/open-source.ts';
import { makeTransform } from '../transform.ts';
import type { RejectReason } from '../types.ts';
import { SourceLedger } from './source-ledger.ts';
import type { FileCounts } from './types.ts';

/**
 * The source side: each file re-read through the same source and transform as the loader, so
 * a row valid for one is valid for the other; rejects counted by reason, in-file and cross-file
 * duplicate keys included (the ledger applies the loader's rule). Files are read one after the
 * other in the order given, which should be the order they were loaded (reconcile.ts sorts them).
 */

export interface SourceFile {
  path: string;
  mapping: Mapping;
}

export type FileReading = Omit<FileCounts, 'loaded' | 'sha256'>;

export interface SourceSide {
  ledger: SourceLedger;
  /** In the order read. */
  files: FileReading[];
}

export async function readSources(files: SourceFile[]): Promise<SourceSide> {
  const ledger = new SourceLedger();
  const counts: FileReading[] = [];
  for (const f of files) counts.push(await readFile(f, ledger));
  return { ledger, files: counts };
}

async function readFile(f: SourceFile, ledger: SourceLedger): Promise<FileReading> {
  let skipped = 0;
  const source = await openSource(f.path, f.mapping, { onSkip: () => void skipped++ });
  try {
    const transform = makeTransform(f.mapping, source.header);
    const file = ledger.addFile(f.path);
    const rejects: Partial<Record<RejectReason, number>> = {};
    let read = 0;
    let valid = 0;
    // Batches, not records: one await per chunk of rows instead of one per row.
    for await (const batch of source.batches()) {
      for (const rec of batch) {
        read++;
        const mapped = transform(rec);
        if (!mapped.ok) rejects[mapped.reason] = (rejects[mapped.reason] ?? 0) + 1;
        else if (ledger.add(mapped.line, file)) valid++;
        else rejects.duplicate = (rejects.duplicate ?? 0) + 1;
      }
    }
    return { path: f.path, sourceSystem: f.mapping.sourceSystem, read, valid, rejected: read - valid, skipped, rejectsByReason: rejects };
  } finally {
    await source.close();
  }
}
