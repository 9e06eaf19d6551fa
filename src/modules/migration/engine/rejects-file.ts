import fs from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import type { Reject } from './types.ts';

/**
 * The rejects file: CSV with source_row, reason, detail, raw (the record as it was in the file).
 * Appended and fsynced before the batch that produced the rejects commits, so its length at
 * the checkpoint (rejects_bytes) covers exactly the committed batches; a resume truncates it
 * there, and the rejects of a batch that never committed are written once, by the resume.
 */

const HEADER = stringify([['source_row', 'reason', 'detail', 'raw']]);

export class RejectsFile {
  private constructor(
    private readonly handle: fs.FileHandle,
    private size: number,
    /** A resume found the file shorter than its checkpoint (moved or replaced): it starts anew. */
    readonly restarted: boolean,
  ) {}

  /**
   * Opens the file for a run: a new run starts it with the header; a resume keeps the first
   * `resumeAtBytes` bytes (those of committed batches) and drops the rest.
   */
  static async open(path: string, resumeAtBytes: number | null): Promise<RejectsFile> {
    const handle = await fs.open(path, 'a');
    try {
      const { size } = await handle.stat();
      if (resumeAtBytes !== null && resumeAtBytes > 0 && size >= resumeAtBytes) {
        await handle.truncate(resumeAtBytes);
        await handle.sync();
        return new RejectsFile(handle, resumeAtBytes, false);
      }
      await handle.truncate(0);
      const header = Buffer.from(HEADER);
      await handle.write(header);
      await handle.sync();
      return new RejectsFile(handle, header.length, resumeAtBytes !== null && resumeAtBytes > 0);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** Appends and truncations, one after another in the order called (batches in flight append before they commit). */
  private queue: Promise<unknown> = Promise.resolve();

  private serially<T>(op: () => Promise<T>): Promise<T> {
    const done = this.queue.then(op);
    this.queue = done.catch(() => {});
    return done;
  }

  /** Appends rejects and makes them durable; returns the file's length before and after them. */
  append(rejects: Reject[]): Promise<{ start: number; end: number }> {
    return this.serially(async () => {
      const start = this.size;
      if (rejects.length) {
        const data = Buffer.from(stringify(rejects.map((r) => [r.row, r.reason, r.detail, r.raw])));
        await this.handle.write(data);
        await this.handle.sync();
        this.size += data.length;
      }
      return { start, end: this.size };
    });
  }

  /** Cuts the file back to `size` bytes: the rejects of batches that did not commit as planned (they are appended again). */
  truncate(size: number): Promise<void> {
    return this.serially(async () => {
      if (size >= this.size) return;
      await this.handle.truncate(size);
      await this.handle.sync();
      this.size = size;
    });
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
