import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MigrationInputError } from '../errors.ts';
import type { LedgerLine } from './source-tally.ts';
import { hashKey } from './tx-index.ts';

/**
 * Large files' valid lines, split by transaction into partition files in a temp directory, so
 * that reconcile holds one partition's transactions at a time instead of all of them: its
 * memory stays flat whatever the files' size (the ledger costs ~22 bytes a line and ~50 a
 * transaction, ~480 MiB for 6M rows held at once). A transaction's lines all land in one
 * partition, in the order read, so each partition's ledger applies the duplicate rule and the
 * first-line rule exactly as one ledger would.
 *
 * A record: u32 its length, u32 the id's bytes, u16 tag, u16 file, u8 method, u8 flags (1: it
 * has an original id; 2: it continues the transaction of the partition's record before, and
 * its id is not written again), two bytes unused, i32 line number, row, day, u32 checksum0,
 * text hash, f64 time and the five amounts, then the id's and the original id's UTF-8 bytes.
 * Read and written through a DataView: Buffer's readDoubleLE copies bytes one by one.
 */
const HEADER = 4 + 4 + 2 + 2 + 1 + 1 + 2 + 5 * 4 + 6 * 8;
const HAS_ORIGINAL = 1;
const CONTINUES = 2;
const BUFFER = 1 << 18;
const READ = 1 << 20;

const PREFIX = 'golive-reconcile-';
/** A directory SpillPartitions made: the prefix, its pid, mkdtemp's six characters — nothing else is ours. */
const OURS = /^golive-reconcile-(\d+)-[A-Za-z0-9]{6}$/;
const PARTITION_FILE = /^\d+\.bin$/;

/**
 * Partitions left by a reconcile that was killed (its directory names its pid, and no process
 * has that pid now): a worker killed mid-run would otherwise leave up to the files' size behind.
 * A pid in use, even by another program since, keeps its directory; so does any directory not
 * named exactly as ours are or holding anything but partition files (`golive-reconcile-43FnUU`,
 * someone's mkdtemp with the same prefix, was once taken for pid 43's and removed).
 */
function removeAbandoned(tmp: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(OURS.exec(name)?.[1] ?? NaN);
    if (!(pid > 0) || pid === process.pid || alive(pid)) continue;
    try {
      const dir = path.join(tmp, name);
      if (!fs.readdirSync(dir).every((f) => PARTITION_FILE.test(f))) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another user's, in a shared temp directory: theirs to remove.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const NO_ROOM = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR']);

const viewOf = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.byteLength);

export class SpillPartitions {
  readonly dir: string;
  private readonly fds: number[] = [];
  private readonly buffers: Buffer[] = [];
  private readonly views: DataView[] = [];
  private readonly used: number[] = [];
  /** The key of each partition's last record. */
  private readonly lastTag: number[] = [];
  private readonly lastId: string[] = [];
  /** Lines written per partition. */
  readonly lines: number[] = [];

  private readonly tmp: string;

  /** `tmpDir`: the system's temp directory unless given. */
  constructor(
    readonly count: number,
    private readonly tmpDir?: string,
  ) {
    const tmp = (this.tmp = tmpDir ?? os.tmpdir());
    removeAbandoned(tmp);
    this.dir = this.tempSpace(() => fs.mkdtempSync(path.join(tmp, `${PREFIX}${process.pid}-`)));
    try {
      for (let p = 0; p < count; p++) {
        this.fds.push(this.tempSpace(() => fs.openSync(path.join(this.dir, `${p}.bin`), 'w+')));
        this.buffers.push(Buffer.allocUnsafe(BUFFER));
        this.views.push(viewOf(this.buffers[p]!));
        this.used.push(0);
        this.lastTag.push(-1);
        this.lastId.push('');
        this.lines.push(0);
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  write(l: LedgerLine): void {
    const h = hashKey(l.tag, l.transactionId);
    // The high bits pick the partition; the partition's index slots by the low ones.
    const p = Math.floor(((h >>> 0) / 4_294_967_296) * this.count);
    const original = l.originalTransactionId;
    const continues = l.tag === this.lastTag[p] && l.transactionId === this.lastId[p];
    const most = HEADER + 3 * ((continues ? 0 : l.transactionId.length) + (original?.length ?? 0));
    let b = this.buffers[p]!;
    if (this.used[p]! + most > b.length) {
      this.flush(p);
      if (most > b.length) {
        this.buffers[p] = b = Buffer.allocUnsafe(most);
        this.views[p] = viewOf(b);
      }
    }
    const v = this.views[p]!;
    const at = this.used[p]!;
    const idBytes = continues ? 0 : b.write(l.transactionId, at + HEADER, 'utf8');
    v.setUint32(at + 4, idBytes, true);
    v.setUint16(at + 8, l.tag, true);
    v.setUint16(at + 10, l.file, true);
    v.setUint8(at + 12, l.method);
    v.setUint8(at + 13, (original === null ? 0 : HAS_ORIGINAL) | (continues ? CONTINUES : 0));
    v.setInt32(at + 16, l.lineNo, true);
    v.setInt32(at + 20, l.row, true);
    v.setInt32(at + 24, l.day, true);
    v.setUint32(at + 28, l.checksum0, true);
    v.setUint32(at + 32, l.textHash, true);
    v.setFloat64(at + 36, l.occurredAt, true);
    v.setFloat64(at + 44, l.grossSen, true);
    v.setFloat64(at + 52, l.discountSen, true);
    v.setFloat64(at + 60, l.taxSen, true);
    v.setFloat64(at + 68, l.serviceChargeSen, true);
    v.setFloat64(at + 76, l.netSen, true);
    const end = at + HEADER + idBytes + (original === null ? 0 : b.write(original, at + HEADER + idBytes, 'utf8'));
    v.setUint32(at, end - at, true);
    this.used[p] = end;
    this.lines[p]!++;
    this.lastTag[p] = l.tag;
    this.lastId[p] = l.transactionId;
  }

  /** Writes what is buffered; call once every line is written, before reading. */
  finish(): void {
    for (let p = 0; p < this.count; p++) this.flush(p);
  }

  /**
   * Partition p's lines in the order written, each decoded into `out` — the same object for a
   * partition's every line: a line that continues the one before keeps its id string.
   */
  forEach(p: number, out: LedgerLine, fn: (l: LedgerLine) => void): void {
    const fd = this.fds[p]!;
    let b = Buffer.allocUnsafe(READ);
    let v = viewOf(b);
    let filled = 0;
    let position = 0;
    for (;;) {
      const n = fs.readSync(fd, b, filled, b.length - filled, position);
      position += n;
      filled += n;
      let at = 0;
      while (filled - at >= 4 && filled - at >= v.getUint32(at, true)) {
        at = decode(b, v, at, out);
        fn(out);
      }
      if (n === 0) {
        if (at !== filled) throw new Error(`Spill partition ${p} ends inside a record (${filled - at} bytes left).`);
        return;
      }
      b.copy(b, 0, at, filled);
      filled -= at;
      // A record longer than the buffer (an id of thousands of characters): make room for it.
      if (filled >= 4 && v.getUint32(0, true) > b.length) {
        const bigger = Buffer.allocUnsafe(v.getUint32(0, true));
        b.copy(bigger, 0, 0, filled);
        b = bigger;
        v = viewOf(b);
      }
    }
  }

  close(): void {
    for (const fd of this.fds.splice(0)) fs.closeSync(fd);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(p: number): void {
    const used = this.used[p]!;
    let done = 0;
    while (done < used) done += this.tempSpace(() => fs.writeSync(this.fds[p]!, this.buffers[p]!, done, used - done));
    this.used[p] = 0;
  }

  /** A temp directory that cannot take the partitions (full, read-only, missing) is said so, with what to do. */
  private tempSpace<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!code || !NO_ROOM.has(code)) throw e;
      throw new MigrationInputError(
        'bad_option',
        `Reconciling files this large needs temp space, about 100 bytes for each of their rows, in ${this.tmp}: ${(e as Error).message}. Free space there${this.tmpDir === undefined ? ', or set TMPDIR to a directory on a disk with room,' : ''} and run it again.`,
      );
    }
  }
}

/** Decodes the record at `at` into `out`; returns where the next one starts. */
function decode(b: Buffer, v: DataView, at: number, out: LedgerLine): number {
  const end = at + v.getUint32(at, true);
  const idEnd = at + HEADER + v.getUint32(at + 4, true);
  out.tag = v.getUint16(at + 8, true);
  out.file = v.getUint16(at + 10, true);
  out.method = v.getUint8(at + 12);
  const flags = v.getUint8(at + 13);
  out.lineNo = v.getInt32(at + 16, true);
  out.row = v.getInt32(at + 20, true);
  out.day = v.getInt32(at + 24, true);
  out.checksum0 = v.getUint32(at + 28, true);
  out.textHash = v.getUint32(at + 32, true);
  out.occurredAt = v.getFloat64(at + 36, true);
  out.grossSen = v.getFloat64(at + 44, true);
  out.discountSen = v.getFloat64(at + 52, true);
  out.taxSen = v.getFloat64(at + 60, true);
  out.serviceChargeSen = v.getFloat64(at + 68, true);
  out.netSen = v.getFloat64(at + 76, true);
  if (!(flags & CONTINUES)) out.transactionId = b.toString('utf8', at + HEADER, idEnd);
  out.originalTransactionId = flags & HAS_ORIGINAL ? b.toString('utf8', idEnd, end) : null;
  return end;
}
