import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
 * A record: u32 its length, u32 the id's bytes, u16 tag, u16 file, u8 method, u8 has-original,
 * two bytes unused, i32 line number, row, day, u32 checksum0, text hash, f64 time and the five
 * amounts, then the id's and the original id's UTF-8 bytes.
 */
const HEADER = 4 + 4 + 2 + 2 + 1 + 1 + 2 + 5 * 4 + 6 * 8;
const BUFFER = 1 << 18;
const READ = 1 << 20;

export class SpillPartitions {
  readonly dir: string;
  private readonly fds: number[] = [];
  private readonly buffers: Buffer[] = [];
  private readonly used: number[] = [];
  /** Lines written per partition. */
  readonly lines: number[] = [];

  constructor(readonly count: number, tmp = os.tmpdir()) {
    this.dir = fs.mkdtempSync(path.join(tmp, 'golive-reconcile-'));
    try {
      for (let p = 0; p < count; p++) {
        this.fds.push(fs.openSync(path.join(this.dir, `${p}.bin`), 'w+'));
        this.buffers.push(Buffer.allocUnsafe(BUFFER));
        this.used.push(0);
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
    const most = HEADER + 3 * (l.transactionId.length + (original?.length ?? 0));
    let b = this.buffers[p]!;
    if (this.used[p]! + most > b.length) {
      this.flush(p);
      if (most > b.length) this.buffers[p] = b = Buffer.allocUnsafe(most);
    }
    const at = this.used[p]!;
    const idBytes = b.write(l.transactionId, HEADER + at, 'utf8');
    let o = b.writeUInt32LE(idBytes, at + 4);
    o = b.writeUInt16LE(l.tag, o);
    o = b.writeUInt16LE(l.file, o);
    o = b.writeUInt8(l.method, o);
    o = b.writeUInt8(original === null ? 0 : 1, o) + 2;
    o = b.writeInt32LE(l.lineNo, o);
    o = b.writeInt32LE(l.row, o);
    o = b.writeInt32LE(l.day, o);
    o = b.writeUInt32LE(l.checksum0, o);
    o = b.writeUInt32LE(l.textHash, o);
    o = b.writeDoubleLE(l.occurredAt, o);
    o = b.writeDoubleLE(l.grossSen, o);
    o = b.writeDoubleLE(l.discountSen, o);
    o = b.writeDoubleLE(l.taxSen, o);
    o = b.writeDoubleLE(l.serviceChargeSen, o);
    o = b.writeDoubleLE(l.netSen, o);
    const end = HEADER + at + idBytes + (original === null ? 0 : b.write(original, HEADER + at + idBytes, 'utf8'));
    b.writeUInt32LE(end - at, at);
    this.used[p] = end;
    this.lines[p]!++;
  }

  /** Writes what is buffered; call once every line is written, before reading. */
  finish(): void {
    for (let p = 0; p < this.count; p++) this.flush(p);
  }

  /** Partition p's lines in the order written, each decoded into `out`. */
  forEach(p: number, out: LedgerLine, fn: (l: LedgerLine) => void): void {
    const fd = this.fds[p]!;
    let b = Buffer.allocUnsafe(READ);
    let filled = 0;
    let position = 0;
    for (;;) {
      const n = fs.readSync(fd, b, filled, b.length - filled, position);
      position += n;
      filled += n;
      let at = 0;
      while (filled - at >= 4 && filled - at >= b.readUInt32LE(at)) {
        at = decode(b, at, out);
        fn(out);
      }
      if (n === 0) {
        if (at !== filled) throw new Error(`Spill partition ${p} ends inside a record (${filled - at} bytes left).`);
        return;
      }
      b.copy(b, 0, at, filled);
      filled -= at;
      // A record longer than the buffer (an id of thousands of characters): make room for it.
      if (filled >= 4 && b.readUInt32LE(0) > b.length) {
        const bigger = Buffer.allocUnsafe(b.readUInt32LE(0));
        b.copy(bigger, 0, 0, filled);
        b = bigger;
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
    while (done < used) done += fs.writeSync(this.fds[p]!, this.buffers[p]!, done, used - done);
    this.used[p] = 0;
  }
}

/** Decodes the record at `at` into `out`; returns where the next one starts. */
function decode(b: Buffer, at: number, out: LedgerLine): number {
  const end = at + b.readUInt32LE(at);
  const idEnd = at + HEADER + b.readUInt32LE(at + 4);
  out.tag = b.readUInt16LE(at + 8);
  out.file = b.readUInt16LE(at + 10);
  out.method = b[at + 12]!;
  const hasOriginal = b[at + 13] === 1;
  out.lineNo = b.readInt32LE(at + 16);
  out.row = b.readInt32LE(at + 20);
  out.day = b.readInt32LE(at + 24);
  out.checksum0 = b.readUInt32LE(at + 28);
  out.textHash = b.readUInt32LE(at + 32);
  out.occurredAt = b.readDoubleLE(at + 36);
  out.grossSen = b.readDoubleLE(at + 44);
  out.discountSen = b.readDoubleLE(at + 52);
  out.taxSen = b.readDoubleLE(at + 60);
  out.serviceChargeSen = b.readDoubleLE(at + 68);
  out.netSen = b.readDoubleLE(at + 76);
  out.transactionId = b.toString('utf8', at + HEADER, idEnd);
  out.originalTransactionId = hasOriginal ? b.toString('utf8', idEnd, end) : null;
  return end;
}
