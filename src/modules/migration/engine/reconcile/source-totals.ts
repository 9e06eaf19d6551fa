import fs from 'node:fs';
import type { Mapping } from '../mapping.ts';
import { openSource } from '../sources/open-source.ts';
import { makeTransform } from '../transform.ts';
import type { RejectReason } from '../types.ts';
import { SourceLedger } from './source-ledger.ts';
import { emptyLedgerLine, SourceTally, type LedgerLine } from './source-tally.ts';
import { SpillPartitions } from './spill.ts';
import type { FileCounts, TxView } from './types.ts';

/**
 * The source side: each file re-read through the same source and transform as the loader, so
 * a row valid for one is valid for the other; rejects counted by reason, in-file and cross-file
 * duplicate keys included (the ledger applies the loader's rule). Files are read one after the
 * other in the order given, which should be the order they were loaded (reconcile.ts sorts them).
 *
 * Files together larger than `spillAboveBytes` have their valid lines spilled to partitions by
 * transaction (spill.ts) and the ledger built one partition at a time, so memory stays flat.
 */

export interface SourceFile {
  path: string;
  mapping: Mapping;
}

export type FileReading = Omit<FileCounts, 'loaded' | 'sha256'>;

export interface SourceSide {
  tally: SourceTally;
  /** In the order read. */
  files: FileReading[];
  /** The spill partitions the lines went through; 0 when one ledger held them all. */
  partitions: number;
  /** The transactions on the given day keys, with their lines' digests (for the days that differ). */
  transactionsOn(dayKeys: Set<string>): TxView[];
  /** Removes the spill partitions. */
  close(): void;
}

export interface ReadOptions {
  spillAboveBytes: number;
  /** Where the partitions go; the system's temp directory unless set. */
  tmpDir?: string | undefined;
}

/** A partition per this many bytes of source files: ~400,000 lines of CSV, ~20 MB of ledger. */
const BYTES_PER_PARTITION = 32 << 20;

export async function readSources(files: SourceFile[], o: ReadOptions): Promise<SourceSide> {
  const tally = new SourceTally();
  const bytes = files.reduce((n, f) => n + fs.statSync(f.path).size, 0);
  if (bytes <= o.spillAboveBytes) {
    const ledger = new SourceLedger(tally);
    const readings = await readAll(files, tally, (l) => ledger.add(l));
    return { tally, files: counted(readings, tally), partitions: 0, transactionsOn: (keys) => ledger.transactionsOn(tally.daysAmong(keys)), close() {} };
  }
  const spill = new SpillPartitions(Math.max(2, Math.ceil(bytes / BYTES_PER_PARTITION)), o.tmpDir);
  try {
    const readings = await readAll(files, tally, (l) => spill.write(l));
    spill.finish();
    const line = emptyLedgerLine();
    for (let p = 0; p < spill.count; p++) {
      const ledger = new SourceLedger(tally);
      spill.forEach(p, line, (l) => ledger.add(l));
    }
    return {
      tally,
      files: counted(readings, tally),
      partitions: spill.count,
      // Read again, one partition at a time, keeping only those days' transactions.
      transactionsOn(keys) {
        const wanted = tally.daysAmong(keys);
        const out: TxView[] = [];
        for (let p = 0; p < spill.count; p++) {
          const ledger = new SourceLedger(tally, false);
          spill.forEach(p, line, (l) => ledger.add(l));
          for (const t of ledger.transactionsOn(wanted)) out.push(t);
        }
        return out;
      },
      close: () => spill.close(),
    };
  } catch (e) {
    spill.close();
    throw e;
  }
}

/** A file's counts before the duplicate rule, which the ledger applies (at once, or per partition). */
type Reading = FileReading & { file: number };

async function readAll(files: SourceFile[], tally: SourceTally, sink: (l: LedgerLine) => void): Promise<Reading[]> {
  const out: Reading[] = [];
  const line = emptyLedgerLine();
  for (const f of files) out.push(await readFile(f, tally, line, sink));
  return out;
}

async function readFile(f: SourceFile, tally: SourceTally, line: LedgerLine, sink: (l: LedgerLine) => void): Promise<Reading> {
  let skipped = 0;
  // Reconcile writes nothing: an XLSX workbook is checked as it is read, not inflated once before.
  const source = await openSource(f.path, f.mapping, { onSkip: () => void skipped++, checkAsRead: true });
  try {
    const transform = makeTransform(f.mapping, source.header);
    const file = tally.addFile(f.path);
    const rejects: Partial<Record<RejectReason, number>> = {};
    let read = 0;
    let refused = 0;
    // Batches, not records: one await per chunk of rows instead of one per row.
    for await (const batch of source.batches()) {
      for (const rec of batch) {
        read++;
        const mapped = transform(rec);
        if (mapped.ok) sink(tally.toLedgerLine(mapped.line, file, line));
        else {
          refused++;
          rejects[mapped.reason] = (rejects[mapped.reason] ?? 0) + 1;
        }
      }
    }
    return { file, path: f.path, sourceSystem: f.mapping.sourceSystem, read, valid: read - refused, rejected: refused, skipped, rejectsByReason: rejects };
  } finally {
    await source.close();
  }
}

/** The readings with the ledger's duplicates taken off the valid rows. */
function counted(readings: Reading[], tally: SourceTally): FileReading[] {
  return readings.map(({ file, ...r }) => {
    const duplicates = tally.duplicates[file]!;
    if (!duplicates) return r;
    return { ...r, valid: r.valid - duplicates, rejected: r.rejected + duplicates, rejectsByReason: { ...r.rejectsByReason, duplicate: (r.rejectsByReason.duplicate ?? 0) + duplicates } };
  });
}
