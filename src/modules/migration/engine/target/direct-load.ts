import { Worker } from 'node:worker_threads';
import { SESSION_SQL, targetClientConfig, targetUnavailable, type TargetAddress } from './connect.ts';
import type { ByteRange } from './copy.ts';

/**
 * The direct path of commit.ts on a thread of its own (docs/adr/0011-direct-load-thread.md).
 * A batch's COPY needs PostgreSQL and the loader to take turns several times (begin, each COPY's
 * start, data, end, commit); on the thread that parses the file each turn waited for the
 * current stretch of parsing to end (~2.5 ms on average), and PostgreSQL sat idle a third of
 * the time. Here a second connection, in a worker whose event loop does nothing else, runs the
 * batches handed to it one after another, in order. The parsing thread keeps its own connection
 * for everything else (the run, the staged path, the dry run).
 */

export interface DirectLoad {
  /** `begin;` and the prelude (advisory lock, new outlets and products). */
  begin: string;
  /** A query that returns a row when the batch must not go this way (taken-check.ts): it then fails as a taken key (23505). */
  check?: { sql: string; values: unknown[] };
  /**
   * The batch's COPY data (copy.ts, CopyData): the thread reads it where it was written.
   * Cloned strings cost it more garbage collection than the COPY itself.
   */
  region: SharedArrayBuffer;
  /** COPY statements with their chunks of the region and the rows each must write. */
  copies: { sql: string; chunks: readonly ByteRange[]; rows: number }[];
  /** The checkpoint and run counters, then `commit;`. */
  finish: string;
}

/** An error of the loader thread as the connection reported it; its SQLSTATE `code` tells a taken key (23505) and a lost connection apart. */
export class DirectLoadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * The loader's connection was refused for want of a free connection (SQLSTATE 53300: the
 * server's or the role's limit) while the import's own got one: the import goes on without the
 * thread, every batch the staged way on its own connection.
 */
export class DirectLoadUnavailable extends Error {}

/** A batch not run because one handed over before it failed (its counters assumed that one would commit). */
export class DirectLoadCancelled extends Error {
  constructor() {
    super('not loaded: a batch before it failed');
  }
}

const TOO_MANY_CONNECTIONS = '53300';

/**
 * The loader's connection plans by primary key only. Its statements are the prelude, the
 * check (taken-check.ts), the COPY and the checkpoint, each a lookup by key; but the
 * target's statistics lag far behind a table growing by a batch at a time (a fresh one has
 * none until autovacuum's ANALYZE), and planned on them the check joined a batch's refunds to
 * every line: 2 ms → 97 ms a batch over the bench file's first 30 batches.
 */
const LOADER_SESSION_SQL = `${SESSION_SQL}; set enable_seqscan = off; set enable_hashjoin = off; set enable_mergejoin = off`;

type Reply =
  | { ok: true }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled?: undefined; error: { message: string; code?: string; connecting: boolean } };

export class DirectLoader {
  private readonly worker: Worker;
  /** The batches handed over and not answered yet, oldest first (the thread answers in order). */
  private readonly pending: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Batches handed over after a failure is known belong to a new epoch, which the thread runs. */
  private epoch = 0;
  private failed: Error | null = null;
  /**
   * Whether batches go this way: closed when one fails (keys already taken: a re-run meets them
   * in every batch), reopened by import.ts when a staged batch finds every row new.
   */
  open = true;
  /** No connection for the thread (DirectLoadUnavailable): closed for good. */
  private unavailable = false;

  constructor(url: string, { address }: TargetAddress = {}) {
    this.worker = new Worker(new URL('./direct-load.worker.mjs', import.meta.url), {
      workerData: { config: targetClientConfig(url), address, sessionSql: LOADER_SESSION_SQL },
      // Its own small heap: the COPY data is in shared memory (outside the heap), and the
      // import's heap flags (bin/golive.js: an old space that starts at 160 MB) would otherwise
      // let this thread's garbage grow that far too.
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
    });
    this.worker.on('message', (m: Reply) => {
      const p = this.pending.shift();
      if (m.ok) return p?.resolve();
      if (m.cancelled) return p?.reject(new DirectLoadCancelled());
      this.epoch++;
      this.open = false;
      if (m.error.connecting && m.error.code === TOO_MANY_CONNECTIONS) {
        this.unavailable = true;
        return p?.reject(new DirectLoadUnavailable(m.error.message));
      }
      const error = new DirectLoadError(m.error.message, m.error.code);
      // The import's own connection got through, so this one's failure is the server's to explain.
      p?.reject(m.error.connecting ? targetUnavailable(url, error) : error);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', () => this.fail(new Error('The loader thread stopped.')));
  }

  private fail(e: Error) {
    this.failed ??= e;
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  /**
   * Hands a batch over; it runs after those handed over before it, in one transaction on the
   * loader's connection. Rejects (nothing committed) with the reason, or DirectLoadCancelled
   * when a batch before it failed.
   */
  load(job: DirectLoad): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.open) return Promise.reject(new DirectLoadCancelled());
    // The batch keeps its region until it has committed or given up, so the data stays as it
    // was sent until the thread answers.
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.postMessage({ ...job, epoch: this.epoch });
    });
  }

  reopen(): void {
    if (!this.unavailable) this.open = true;
  }

  /** Ends the loader's connection and thread once the batches handed over are answered. */
  async close(): Promise<void> {
    if (this.failed) {
      await this.worker.terminate();
      return;
    }
    const exited = new Promise((r) => this.worker.once('exit', r));
    this.worker.postMessage('close');
    await exited;
  }
}
