import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyLedgerLine, type LedgerLine } from './source-tally.ts';
import { SpillPartitions } from './spill.ts';

let tmp: string;
beforeEach(() => void (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-spill-test-'))));
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const random = (n: number) => Math.floor(Math.random() * n);

function randomLine(i: number): LedgerLine {
  // Ids of every shape: short, non-ASCII, and longer than the read buffer (1 MiB of UTF-8).
  const id = i % 997 === 0 ? `Ü-${'é'.repeat(600_000)}-${i}` : i % 5 === 0 ? `Struk №${random(300)}` : `TX-${random(3000)}`;
  return {
    tag: random(9), transactionId: id, originalTransactionId: i % 3 ? null : `TX-${random(3000)}`, lineNo: 1 + random(20), row: i + 2, file: random(4),
    occurredAt: Date.UTC(2025, 0, 1) + random(1e10), day: random(400), grossSen: random(2e12) - 1e12, discountSen: random(1e9), taxSen: -random(1e6),
    serviceChargeSen: random(1e8), netSen: random(2e12) - 1e12, method: random(13), checksum0: random(2 ** 32), textHash: random(2 ** 32),
  };
}

describe('SpillPartitions', () => {
  it('gives back every line, field for field, in the order written, each transaction within one partition', () => {
    const spill = new SpillPartitions(5, tmp);
    const written: LedgerLine[] = [];
    for (let i = 0; i < 20_000; i++) {
      const l = randomLine(i);
      // Most receipts have several lines in a row: those records do not repeat the id.
      const before = written.at(-1);
      if (before && i % 3) Object.assign(l, { tag: before.tag, transactionId: before.transactionId });
      written.push(l);
    }
    for (const l of written) spill.write(l);
    spill.finish();
    expect(spill.lines.reduce((a, b) => a + b, 0)).toBe(written.length);

    const read: LedgerLine[][] = [];
    const scratch = emptyLedgerLine();
    for (let p = 0; p < spill.count; p++) {
      const lines: LedgerLine[] = [];
      spill.forEach(p, scratch, (l) => lines.push({ ...l }));
      expect(lines.length).toBe(spill.lines[p]);
      read.push(lines);
    }
    // Each partition keeps the written order; put back together, they are the lines written.
    const partitionOf = new Map<string, number>();
    read.forEach((lines, p) =>
      lines.forEach((l) => {
        const key = `${l.tag}/${l.transactionId}`;
        expect(partitionOf.get(key) ?? p, key.slice(0, 40)).toBe(p);
        partitionOf.set(key, p);
      }),
    );
    const byRow = read.flat().sort((a, b) => a.row - b.row);
    expect(byRow).toEqual(written);
    read.forEach((lines) => expect(lines.map((l) => l.row)).toEqual([...lines.map((l) => l.row)].sort((a, b) => a - b)));
    // Spread over the partitions, not all in one.
    expect(Math.min(...spill.lines)).toBeGreaterThan(written.length / 10);

    spill.close();
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('reads an empty partition as no lines', () => {
    const spill = new SpillPartitions(3, tmp);
    spill.finish();
    const seen: number[] = [];
    for (let p = 0; p < 3; p++) spill.forEach(p, emptyLedgerLine(), (l) => seen.push(l.row));
    expect(seen).toEqual([]);
    spill.close();
  });

  it('says when the temp directory cannot take the partitions, and what to do', () => {
    const missing = path.join(tmp, 'not-there');
    const refusal = (where: string, hint: string) =>
      expect.objectContaining({ name: 'MigrationInputError', code: 'bad_option', message: expect.stringMatching(new RegExp(`needs temp space, about 100 bytes for each of their rows, in ${where}: .*ENOENT.*Free space there${hint} and run it again\\.$`)) });
    // A directory given by the caller (the product's data disk): nothing to say about TMPDIR.
    expect(() => new SpillPartitions(2, missing)).toThrow(refusal(missing, ''));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = missing;
    try {
      expect(() => new SpillPartitions(2, undefined)).toThrow(refusal(missing, ', or set TMPDIR to a directory on a disk with room,'));
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('removes the partitions a killed reconcile left, not those of a live one nor a directory only named like them', async () => {
    const { spawn } = await import('node:child_process');
    const gone = spawn(process.execPath, ['-e', '']);
    const pid = await new Promise<number>((resolve) => gone.on('exit', () => resolve(gone.pid!)));
    const abandoned = `golive-reconcile-${pid}-aB3xYz`;
    fs.mkdirSync(path.join(tmp, abandoned));
    for (const f of ['0.bin', '1.bin']) fs.writeFileSync(path.join(tmp, abandoned, f), 'x');
    // Kept: a live process's; names that only start like ours (mkdtemp's suffix may begin with
    // digits: `43FnUU` is not pid 43); one of ours by its name holding something else.
    const kept = [`golive-reconcile-${process.ppid}-dEf123`, 'golive-reconcile-x', `golive-reconcile-${pid}FnUU`, `golive-reconcile-${pid}-abc`, `golive-reconcile-${pid}-q1w2e3`];
    for (const d of kept) fs.mkdirSync(path.join(tmp, d));
    fs.writeFileSync(path.join(tmp, `golive-reconcile-${pid}-q1w2e3`, 'moka.csv'), 'x');
    const spill = new SpillPartitions(2, tmp);
    expect(fs.readdirSync(tmp).sort()).toEqual([...kept, path.basename(spill.dir)].sort());
    expect(path.basename(spill.dir)).toMatch(new RegExp(`^golive-reconcile-${process.pid}-`));
    spill.close();
    expect(fs.readdirSync(tmp).sort()).toEqual([...kept].sort());
  });
});
