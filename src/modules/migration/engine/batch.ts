import type { Mapping } from './mapping.ts';
import { CopyBuffer, copyRow } from './target/copy.ts';
import type { MappedRow, Reject, SourceRecord } from './types.ts';

/**
 * One batch as the source is read: valid lines already in COPY text (built while PostgreSQL
 * loads the previous batch), the transform's rejects, and where the batch ends in the file.
 */
export class Batch {
  readonly copy = new CopyBuffer();
  readonly rejects: Reject[] = [];
  /** Raw records of the staged lines, for the rejects file should the target call one a duplicate. */
  readonly raws = new Map<number, string>();
  /** Keys staged so far → their row: a key twice in one batch is a duplicate here, so staged keys are unique. */
  private readonly keys = new Map<string, number>();
  /** Transactions (source id + kind) among the staged lines. */
  private readonly transactions = new Set<string>();
  rowsRead = 0;
  rowsSkipped = 0;
  /** The last record of the batch: where a resume continues. */
  last: { end: number; row: number } | null = null;

  constructor(private readonly outletNames: (code: string, spelled: string) => string) {}

  add(rec: SourceRecord, mapped: MappedRow): void {
    this.rowsRead++;
    this.last = { end: rec.end, row: rec.row };
    if (mapped.ok) {
      const line = mapped.line;
      const key = `${line.transactionId}\u0000${line.kind}\u0000${line.lineNo}`;
      const first = this.keys.get(key);
      if (first !== undefined) {
        this.rejects.push({ row: rec.row, reason: 'duplicate', detail: `repeats row ${first} of this file`, raw: rec.raw });
        return;
      }
      this.keys.set(key, rec.row);
      this.transactions.add(`${line.transactionId}\u0000${line.kind}`);
      this.copy.add(copyRow(line, this.outletNames(line.outletCode, line.outletName)));
      this.raws.set(rec.row, rec.raw);
    } else {
      this.rejects.push({ row: rec.row, reason: mapped.reason, detail: mapped.detail, raw: rec.raw });
    }
  }

  get size(): number {
    return this.rowsRead;
  }

  get staged(): number {
    return this.copy.rows;
  }

  get stagedTransactions(): number {
    return this.transactions.size;
  }
}

/** The outlet's display name: the mapping's name for its code, else the first spelling seen. */
export function outletNamer(mapping: Mapping): (code: string, spelled: string) => string {
  const outlets = mapping.outlets ?? {};
  return (code, spelled) => outlets[code]?.name ?? spelled;
}
