import type { SourceRecord } from '../types.ts';

/** An export opened for reading: its header, then its data rows in order. */
export interface OpenedSource {
  /** Header cells as text (trimmed), after the title lines. */
  header: string[];
  /** File size in bytes (progress and ETA: a CSV record's `end` is a byte offset). */
  bytesTotal: number;
  /**
   * The last row of an XLSX sheet (progress and ETA: an XLSX record's `end` is its row): as the
   * sheet declares it, else estimated from how much of its XML has been read — so read it again
   * as the rows come; null when neither is known. A CSV's progress is by bytes.
   */
  readonly rowsTotal?: number | null;
  /** Data rows after the header, skipRows left out (reported through onSkip). Iterate once. */
  records(): AsyncIterable<SourceRecord>;
  /** The same rows in arrays (a chunk's worth for CSV): fewer awaits for a fast consumer. Iterate once, this or records(). */
  batches(): AsyncIterable<SourceRecord[]>;
  close(): Promise<void>;
}

export interface OpenSourceOptions {
  /** Resume after this record (its `end` and `row`): CSV continues at byte `end`, XLSX after sheet row `row`. */
  from?: { end: number; row: number };
  /** Called with the row of each record that skipRows leaves out. */
  onSkip?: (row: number) => void;
  /** A CSV record longer than this is line_too_long (the reader never holds more). Default 1 MiB. */
  maxRecordBytes?: number;
  /**
   * XLSX: check the parts read against their CRC-32 as they are read, instead of the whole
   * workbook before the first row (which spares a loader half-loading a damaged workbook). For
   * a reader that writes nothing: reconcile.
   */
  checkAsRead?: boolean;
}

export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;

/** records() and batches() over one stream of batches, with skipRows applied; either may be iterated, once. */
export function sourceIterables(
  batches: AsyncIterable<SourceRecord[]>,
  skip: ((fields: SourceRecord['fields']) => boolean) | null,
  onSkip: ((row: number) => void) | undefined,
): Pick<OpenedSource, 'records' | 'batches'> {
  let taken = false;
  const take = () => {
    if (taken) throw new Error('An opened source is read once: records() or batches(), not both.');
    taken = true;
  };
  async function* filtered(): AsyncGenerator<SourceRecord[]> {
    for await (const batch of batches) {
      if (!skip) {
        yield batch;
        continue;
      }
      const kept = batch.filter((r) => {
        if (!skip(r.fields)) return true;
        onSkip?.(r.row);
        return false;
      });
      if (kept.length) yield kept;
    }
  }
  return {
    batches() {
      take();
      return filtered();
    },
    async *records() {
      take();
      for await (const batch of filtered()) yield* batch;
    },
  };
}
