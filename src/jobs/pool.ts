import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { JobQueue } from './queue.ts';

/**
 * A worker that keeps up to `concurrency` jobs of one queue in flight, each completed or failed
 * on its own. pg-boss 10's `work()` hands over a batch and waits for all of it, so one slow job
 * (a load test, a hanging target up to its deadline) would hold the rest; here a free slot is
 * refilled at once. Completions are written in batches every `flushMs` to keep the queue cheap
 * at thousands of jobs a minute.
 */
export interface JobPoolOptions {
  concurrency: number;
  /** How long to wait before asking again when the queue had nothing due. */
  pollMs?: number;
  flushMs?: number;
  log?: Logger | undefined;
}

export interface JobPool {
  /** Stops taking jobs, waits for those in flight (up to timeoutMs), writes their completions. */
  stop(timeoutMs?: number): Promise<void>;
  readonly inFlight: number;
}

const MAX_BATCH = 100;

export function startJobPool<T extends object>(
  queue: JobQueue,
  name: string,
  opts: JobPoolOptions,
  handler: (job: PgBoss.JobWithMetadata<T>) => Promise<void>,
): JobPool {
  const pollMs = opts.pollMs ?? 500;
  const flushMs = opts.flushMs ?? 100;
  const inFlight = new Set<Promise<void>>();
  let completed: string[] = [];
  let stopping = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  async function flush() {
    if (!completed.length) return;
    const ids = completed;
    completed = [];
    try {
      await queue.complete(name, ids);
    } catch (e) {
      // Not completed: they expire and are retried, and a retried run finds its result already stored.
      opts.log?.error({ err: e, queue: name, jobs: ids.length }, 'could not mark jobs complete');
    }
  }
  const flusher = setInterval(() => void flush(), flushMs);

  function start(job: PgBoss.JobWithMetadata<T>) {
    const p = handler(job)
      .then(
        () => {
          completed.push(job.id);
        },
        async (e: unknown) => {
          opts.log?.error({ err: e, queue: name, job: job.id }, 'job failed');
          await queue.fail(name, job.id, { message: e instanceof Error ? e.message : String(e) }).catch(() => {});
        },
      )
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }

  const loop = (async () => {
    while (!stopping) {
      const free = opts.concurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race([...inFlight]);
        continue;
      }
      const want = Math.min(free, MAX_BATCH);
      let jobs: PgBoss.JobWithMetadata<T>[] = [];
      try {
        jobs = await queue.fetch<T>(name, { batchSize: want, includeMetadata: true });
      } catch (e) {
        if (!stopping) opts.log?.error({ err: e, queue: name }, 'could not fetch jobs');
      }
      for (const job of jobs) start(job);
      // A full batch means more may be due: ask again at once. Otherwise nothing is due: wait a poll.
      if (jobs.length < want && !stopping) await sleep(pollMs);
    }
  })();

  return {
    get inFlight() {
      return inFlight.size;
    },
    async stop(timeoutMs = 30_000) {
      stopping = true;
      wake?.();
      await loop;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
      clearInterval(flusher);
      await flush();
    },
  };
}
