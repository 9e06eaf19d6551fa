import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Batch, outletNamer, type FilePosition } from './batch.ts';
import { MigrationInputError } from './errors.ts';
import type { Mapping } from './mapping.ts';
import { RejectsFile } from './rejects-file.ts';
import { openSource } from './sources/open-source.ts';
import { emptyCounters, readCheckpoint, readOtherFileCheckpoint, type Checkpoint, type Counters } from './target/checkpoint.ts';
import { connectTarget, isConnectionError, targetUnavailable, type TargetAddress } from './target/connect.ts';
import { CopyRegions, STAGING_DDL } from './target/copy.ts';
import { checkColumnTypes, checkSchemaName, ensureTargetSchema, fileIdOf, openExistingTarget } from './target/ddl.ts';
import { commitBatch, directOutcome, goesDirect, type BatchTarget, type Committed } from './target/commit.ts';
import { DirectLoader } from './target/direct-load.ts';
import { finishRun, insertRun, type RunStatus } from './target/runs.ts';
import { VERDICT_DDL } from './target/upsert.ts';
import { makeTransform } from './transform.ts';
import type { MappedRow, RejectReason, SourceRecord } from './types.ts';

/**
 * `runImport`: one streaming pass over an export into the target (docs/migration.md,
 * "Loading, duplicates and resume"). The file is hashed first (its sha256 names it in the
 * target); then records are read and validated into batches while PostgreSQL loads the
 * previous batch (one batch in flight, one filling: the two cores work at once and memory
 * stays flat). Each batch — COPY into staging, the set-based upsert, its rejects and the
 * checkpoint — commits as one transaction.
 */

export interface ImportOptions {
  file: string;
  mapping: Mapping;
  target: { url: string; schema: string } & TargetAddress;
  environment: 'staging' | 'production';
  deploymentId?: string | null;
  /** Rows per batch (default 10,000). */
  batchSize?: number;
  maxRejects?: { count: number } | { percent: number } | null;
  resume?: boolean;
  dryRun?: boolean;
  /** CSV: source_row, reason, detail, raw. */
  rejectsPath: string;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsSkipped: number;
  rowsAlreadyLoaded: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  /** How far through the source, 0–1: bytes of a CSV, rows of an XLSX sheet by the size it declares; null when unknown. */
  fraction: number | null;
}

export interface ImportResult extends ImportProgress {
  runId: string;
  fileSha256: string;
  status: 'completed' | 'stopped_max_rejects' | 'dry_run';
  rejectsByReason: Partial<Record<RejectReason, number>>;
  durationMs: number;
  resumedFrom: { row: number; end: number } | null;
  /** One sentence on the outcome for people (what stopped it, how many rejects and why, where they are). */
  message: string;
  /** --resume found no checkpoint for this file and loaded it from the start. */
  noCheckpoint?: boolean;
}

/** A readable source as sources/open-source.ts opens it. */
export interface RowSource {
  header: string[];
  bytesTotal: number;
  /** An XLSX sheet's declared last row (OpenedSource). */
  rowsTotal?: number | null;
  records(): AsyncIterable<SourceRecord>;
  /** The records in arrays (fewer awaits), when the source offers them. */
  batches?(): AsyncIterable<SourceRecord[]>;
  close(): Promise<void>;
}

async function* chunksOf(source: RowSource): AsyncIterable<SourceRecord[]> {
  if (source.batches) {
    yield* source.batches();
    return;
  }
  for await (const rec of source.records()) yield [rec];
}

/** A row transform as transform.ts makes it; `advance` only moves its state (derived line numbers) on a replayed row. */
export type RowTransform = ((rec: SourceRecord) => MappedRow) & { advance?: (rec: SourceRecord) => void };

/** Opens the file at a position (none: the start) and makes the transform for its header. */
export type Opener = (from: { end: number; row: number } | undefined, onSkip: (row: number) => void) => Promise<{ source: RowSource; transform: RowTransform }>;

export const DEFAULT_BATCH_SIZE = 10_000;
/** Direct batches handed to the loader's thread before the first of them has committed (ADR 0011). */
const IN_FLIGHT = 2;

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  // One buffer read into again and again: fresh 1 MiB stream chunks made the kernel map new
  // memory for every one (a 126 MB file: ~0.2–0.4 s, now ~0.1 s).
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

export async function runImport(o: ImportOptions): Promise<ImportResult> {
  checkOptions(o);
  // Hashed while the target is connected and set up: one waits on the disk, the other on the server.
  const sha = hashOrExplain(o.file);
  const opener: Opener = async (from, onSkip) => {
    const source = await openSource(o.file, o.mapping, { ...(from ? { from } : {}), onSkip });
    try {
      return { source, transform: makeTransform(o.mapping, source.header) };
    } catch (e) {
      await source.close();
      throw e;
    }
  };
  return runImportWith(o, sha, opener);
}

function checkOptions(o: ImportOptions) {
  checkSchemaName(o.target.schema);
  const size = o.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > 1_000_000) throw new MigrationInputError('bad_option', 'The batch size must be a whole number from 1 to 1,000,000.');
  const m = o.maxRejects;
  if (m && 'count' in m && !(Number.isInteger(m.count) && m.count >= 0)) throw new MigrationInputError('bad_option', '--max-rejects takes a whole number (e.g. 100) or a percentage (e.g. 2%).');
  if (m && 'percent' in m && !(m.percent >= 0 && m.percent <= 100)) throw new MigrationInputError('bad_option', '--max-rejects as a percentage must be between 0% and 100%.');
  if (o.dryRun && o.resume) throw new MigrationInputError('bad_option', '--dry-run and --resume do not go together: a dry run writes no checkpoint to resume from.');
}

export async function hashOrExplain(file: string): Promise<string> {
  try {
    if (!fs.statSync(file).isFile()) throw new MigrationInputError('bad_file', `${file} is not a file.`);
    return await fileSha256(file);
  } catch (e) {
    if (e instanceof MigrationInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new MigrationInputError('bad_file', `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}.`);
  }
}

/** runImport with the file's sha256 (or its hashing under way) and a given way to open it (tests feed lines of their own). */
export async function runImportWith(o: ImportOptions, hashing: string | Promise<string>, open: Opener): Promise<ImportResult> {
  checkOptions(o);
  const started = Date.now();
  const runId = randomUUID();
  const schema = o.target.schema;
  const sourceSystem = o.mapping.sourceSystem;
  const dryRun = Boolean(o.dryRun);
  const batchSize = o.batchSize ?? DEFAULT_BATCH_SIZE;
  // A file that cannot be read is the first thing to say, before a target that cannot be reached,
  // and before the target is touched (a missing file fails its hashing at once).
  const fileHash = Promise.resolve(hashing);
  const hashed: { failure: { error: unknown } | null } = { failure: null };
  fileHash.catch((error: unknown) => (hashed.failure = { error }));
  const client = await connectTarget(o.target.url, o.target).catch(async (e: unknown) => {
    await fileHash;
    throw e;
  });
  let loader: DirectLoader | null = null;
  let rejects: RejectsFile | null = null;
  let runStarted = false;
  let counters: Counters = emptyCounters();
  try {
    if (hashed.failure) throw hashed.failure.error;
    // The direct path's own connection and thread (target/direct-load.ts), started while the run is set up.
    if (!dryRun) loader = new DirectLoader(o.target.url, o.target);
    const exists = dryRun ? await openExistingTarget(client, schema) : (await ensureTargetSchema(client, schema), true);
    if (exists) await checkColumnTypes(client, schema);
    await client.query(STAGING_DDL + VERDICT_DDL);
    const sha = await fileHash;
    const fileId = exists ? await fileIdOf(client, schema, sha, !dryRun) : 0;

    const rejectsPath = path.resolve(o.rejectsPath);
    const { checkpoint, noCheckpoint } = o.resume ? await findCheckpoint(client, schema, sha, sourceSystem, o.file) : { checkpoint: null, noCheckpoint: false };
    if (checkpoint) counters = pickCounters(checkpoint.state);
    rejects = await RejectsFile.open(rejectsPath, checkpoint && checkpoint.state.rejectsPath === rejectsPath ? checkpoint.rejectsBytes : null);

    if (!dryRun) {
      await insertRun(client, schema, { id: runId, fileSha256: sha, fileName: path.basename(o.file), sourceSystem, environment: o.environment, deploymentId: o.deploymentId ?? null });
      runStarted = true;
    }

    // Derived line numbers count rows per transaction from the top of the file, so a resume of
    // such a file re-reads the committed part (validating only, to restore that count) instead
    // of seeking to the checkpoint's byte offset.
    const derived = !o.mapping.columns.line_no;
    const replayUpTo = checkpoint && derived ? checkpoint.row : null;
    const from = checkpoint && !derived && checkpoint.row > 0 ? { end: checkpoint.end, row: checkpoint.row } : undefined;

    let current: Batch;
    const constants = { sourceSystem, fileId, runId, outletName: outletNamer(o.mapping), regions: new CopyRegions() };
    // A batch starts where the one before ended (the first where the run starts): a duplicate's
    // raw row is read again from there, so batches keep no copy of every row for the rare reject.
    const newBatch = (after: FilePosition) => new Batch(constants, after);
    current = newBatch(checkpoint ? { end: checkpoint.end, row: checkpoint.row } : { end: 0, row: 0 });
    const { source, transform } = await open(from, (row) => {
      if (replayUpTo === null || row > replayUpTo) current.rowsSkipped++;
    });

    let stopped = false;
    const target: BatchTarget = {
      client,
      schema,
      sourceSystem,
      sha,
      fileId,
      runId,
      dryRun,
      targetExists: exists,
      rejects,
      rejectsPath,
      loader,
      stopping: () => stopped,
      rawsOf: (after, rows) => rawsOf(open, after, rows),
    };
    let position = checkpoint ? { end: checkpoint.end, row: checkpoint.row } : { end: 0, row: 0 };
    const exceeded = (c: Counters) => {
      const m = o.maxRejects;
      if (!m) return false;
      return 'count' in m ? c.rowsRejected > m.count : c.rowsRead > 0 && c.rowsRejected * 100 > m.percent * c.rowsRead;
    };

    // Progress: committed counters, plus rows read and not yet committed.
    const readBase = counters.rowsRead;
    let readThisRun = 0;
    // Where the reading is: a CSV record's `end` is a byte offset, an XLSX record's its sheet row.
    let reached = position.end;
    const reachedAtStart = position.end;
    const csv = o.mapping.format === 'csv';
    // An XLSX sheet without a declared size has an estimate that improves as it is read: asked each time.
    const totalNow = () => (csv ? source.bytesTotal : (source.rowsTotal ?? 0));
    let lastEmit = 0;
    let firstRowAt: number | null = null;
    const progress = (): ImportProgress => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const total = totalNow();
      // The ETA's rate runs from the first row read (an XLSX reader may take seconds to reach it)
      // and waits for 1% of the file: one row in, it would say half an hour.
      const moved = reached - reachedAtStart;
      const rate = firstRowAt !== null && moved >= total / 100 ? moved / Math.max((Date.now() - firstRowAt) / 1000, 0.001) : 0;
      return {
        bytesRead: csv ? reached : 0,
        bytesTotal: source.bytesTotal,
        rowsRead: readBase + readThisRun,
        rowsLoaded: counters.rowsLoaded,
        rowsRejected: counters.rowsRejected,
        rowsSkipped: counters.rowsSkipped,
        rowsAlreadyLoaded: counters.rowsAlreadyLoaded,
        rowsPerSecond: Math.round(readThisRun / seconds),
        etaSeconds: total > 0 && rate > 0 ? Math.max(0, Math.round((total - reached) / rate)) : null,
        fraction: total > 0 ? Math.min(1, reached / total) : null,
      };
    };
    const emit = (force = false) => {
      if (!o.onProgress) return;
      const now = Date.now();
      if (!force && now - lastEmit < 250) return;
      lastEmit = now;
      o.onProgress(progress());
    };

    // Batches commit while the next fills. Direct ones are handed over up to IN_FLIGHT at a time
    // (their outcome is known in advance: `projected` is the state once they have all committed);
    // a staged one is waited for before the next is handed over. A failure is held until the producer looks.
    const inflight: { done: Promise<Committed>; direct: boolean }[] = [];
    let projected: Committed = { counters, position };
    let launched = 0;
    let failure: { error: unknown } | null = null;
    const settleOldest = async () => {
      await inflight.shift()!.done.catch(() => {});
    };
    const settle = async () => {
      while (inflight.length) await settleOldest();
      if (failure) throw failure.error;
    };
    /** Waits until a batch may be handed over; false when the rejects already committed or on their way exceed --max-rejects. */
    const makeRoom = async (): Promise<boolean> => {
      if (inflight.some((f) => !f.direct)) await settle();
      while (inflight.length >= IN_FLIGHT) await settleOldest();
      if (failure) throw failure.error;
      if (exceeded(inflight.length ? projected.counters : counters)) {
        await settle();
        stopped = true;
      }
      return !stopped;
    };
    const launch = (b: Batch, finished: boolean) => {
      const seq = ++launched;
      const before = inflight.length ? projected : { counters, position };
      const direct = goesDirect(target, b);
      const done = commitBatch(target, b, { ...before, finished }, inflight.at(-1)?.done ?? null);
      projected = direct ? directOutcome(b, before) : before;
      inflight.push({ done, direct });
      done.then(
        (r) => {
          b.release();
          counters = r.counters;
          position = r.position;
          if (exceeded(counters)) stopped = true;
          // Staged with every row new: the next batch may go direct again — unless one was
          // handed over after this batch (one that fell back with it): its outcome is not known
          // yet, and a direct batch's counters are projected from the one before it.
          if (r.everyRowNew && seq === launched) loader?.reopen();
          emit(true);
        },
        (error: unknown) => {
          b.release();
          failure ??= { error };
        },
      );
    };

    let cancelled = false;
    let reachedEnd = false;
    try {
      reading: for await (const recs of chunksOf(source)) {
        if (failure) break;
        if (o.signal?.aborted) {
          cancelled = true;
          break;
        }
        for (const rec of recs) {
          if (replayUpTo !== null && rec.row <= replayUpTo) {
            if (transform.advance) transform.advance(rec);
            else transform(rec);
            continue;
          }
          const mapped = transform(rec);
          // A full batch ends before the next receipt starts (up to twice its size), so a
          // transaction rarely spans two batches and the next batch can COPY directly.
          if (current.size >= batchSize && !(current.size < 2 * batchSize && current.continues(mapped))) {
            if (!(await makeRoom())) break reading;
            launch(current, false);
            current = newBatch(current.last ?? current.from);
          }
          current.add(rec, mapped);
          readThisRun++;
          reached = rec.end;
          firstRowAt ??= Date.now();
        }
        emit();
      }
      reachedEnd = !failure && !cancelled && !stopped;
      if (reachedEnd && (await makeRoom())) {
        launch(current, true);
      }
      await settle();
    } finally {
      // Whatever stopped the loop, the batches in flight have finished (committed or rolled back) before we go on.
      await Promise.allSettled(inflight.map((f) => f.done));
      await source.close();
    }

    if (cancelled) {
      if (runStarted) await finishRun(client, schema, runId, counters, 'cancelled');
      throw o.signal?.reason ?? new Error('The import was cancelled.');
    }
    const status: RunStatus = stopped ? 'stopped_max_rejects' : 'completed';
    if (runStarted) await finishRun(client, schema, runId, counters, status);
    const end = progress();
    const total = totalNow();
    return {
      ...end,
      ...counters,
      bytesRead: csv ? (stopped ? position.end : source.bytesTotal) : 0,
      etaSeconds: stopped ? null : 0,
      fraction: stopped ? (total > 0 ? Math.min(1, position.end / total) : null) : 1,
      runId,
      fileSha256: sha,
      status: dryRun ? 'dry_run' : stopped ? 'stopped_max_rejects' : 'completed',
      durationMs: Date.now() - started,
      resumedFrom: checkpoint ? { row: checkpoint.row, end: checkpoint.end } : null,
      message: outcome(counters, stopped, dryRun, rejectsPath, position.row, o.maxRejects ?? null),
      ...(noCheckpoint ? { noCheckpoint } : {}),
    };
  } catch (e) {
    if (runStarted) await finishRun(client, schema, runId, counters, 'failed').catch(() => {});
    if (isConnectionError(e)) throw targetUnavailable(o.target.url, e, 'run');
    throw e;
  } finally {
    await rejects?.close().catch(() => {});
    await loader?.close().catch(() => {});
    await client.end().catch(() => {});
  }
}

/** The raw text of some rows after a position, read again from the source (a batch's duplicates). */
async function rawsOf(open: Opener, after: FilePosition, rows: number[]): Promise<Map<number, string>> {
  const wanted = new Set(rows);
  const last = rows.reduce((a, b) => Math.max(a, b), 0);
  const out = new Map<number, string>();
  const { source } = await open(after.row > 0 ? after : undefined, () => {});
  try {
    reading: for await (const recs of chunksOf(source)) {
      for (const rec of recs) {
        if (wanted.has(rec.row)) out.set(rec.row, rec.raw);
        if (rec.row >= last) break reading;
      }
    }
  } finally {
    await source.close();
  }
  return out;
}

const pickCounters = (c: Counters): Counters => ({
  rowsRead: c.rowsRead,
  rowsLoaded: c.rowsLoaded,
  rowsRejected: c.rowsRejected,
  rowsSkipped: c.rowsSkipped,
  rowsAlreadyLoaded: c.rowsAlreadyLoaded,
  rejectsByReason: { ...c.rejectsByReason },
});

/** --resume: this file's checkpoint; refuses when the same file name was interrupted with other content. */
async function findCheckpoint(
  client: Parameters<typeof readCheckpoint>[0],
  schema: string,
  sha: string,
  sourceSystem: string,
  file: string,
): Promise<{ checkpoint: Checkpoint | null; noCheckpoint: boolean }> {
  const checkpoint = await readCheckpoint(client, schema, sha, sourceSystem);
  if (checkpoint) return { checkpoint, noCheckpoint: false };
  const other = await readOtherFileCheckpoint(client, schema, path.basename(file), sourceSystem, sha);
  if (other) {
    throw new MigrationInputError(
      'resume_mismatch',
      `${path.basename(file)} has changed since the import that was interrupted (its sha256 was ${other.fileSha256.slice(0, 12)}…, now ${sha.slice(0, 12)}…), so it cannot be resumed. ` +
        'Run without --resume to load this content: rows already loaded are recognised and not loaded twice.',
    );
  }
  return { checkpoint: null, noCheckpoint: true };
}

function outcome(c: Counters, stopped: boolean, dryRun: boolean, rejectsPath: string, lastRow: number, max: ImportOptions['maxRejects']): string {
  const reasons = Object.entries(c.rejectsByReason)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  const rejected = c.rowsRejected ? `${c.rowsRejected} rejected (${reasons}); see ${rejectsPath}` : 'none rejected';
  if (stopped) {
    const limit = max && 'count' in max ? `${max.count}` : `${max && 'percent' in max ? max.percent : 0}%`;
    return `Stopped: more rejects than --max-rejects ${limit} allows. ${c.rowsRead} rows read up to row ${lastRow}, ${c.rowsLoaded} loaded, ${rejected}. Rows up to there are committed; fix the file or raise the limit and run again with --resume.`;
  }
  if (dryRun) return `Dry run: ${c.rowsRead} rows read, ${c.rowsLoaded} would load, ${c.rowsAlreadyLoaded} already loaded, ${rejected}. Nothing was written to the target.`;
  return `${c.rowsRead} rows read, ${c.rowsLoaded} loaded, ${c.rowsAlreadyLoaded} already loaded, ${c.rowsSkipped} skipped, ${rejected}.`;
}
