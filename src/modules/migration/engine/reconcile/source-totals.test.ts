/**
 * The file side read through spill partitions must say exactly what one ledger says: the same
 * counts per file (duplicates within a file and from an earlier file included), the same day
 * totals and scope, and the same transactions with the same digests on any day.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyDefect, generateExport, type GenerateOptions } from '../../../../../tests/fixtures/pos/generate.ts';
import { readSources, type SourceFile } from './source-totals.ts';
import type { TxView } from './types.ts';

const EXPORTS: GenerateOptions[] = [
  { profile: 'moka', seed: 21, transactions: 400, defects: everyDefect('moka', 3) },
  { profile: 'pawoon', seed: 22, transactions: 400, defects: everyDefect('pawoon', 3) },
  { profile: 'majoo', seed: 23, transactions: 250, defects: everyDefect('majoo', 3) },
];

const order = (list: TxView[]) => [...list].sort((a, b) => (a.sourceSystem + a.kind + a.sourceId < b.sourceSystem + b.kind + b.sourceId ? -1 : 1));

describe('readSources through spill partitions', () => {
  let dir: string;
  const files: SourceFile[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-source-totals-'));
    for (const o of EXPORTS) {
      const g = await generateExport(o);
      const file = path.join(dir, g.fileName);
      fs.writeFileSync(file, g.bytes);
      files.push({ path: file, mapping: g.mapping });
    }
    // The pawoon file again under another name: every valid row of it repeats a key of the first.
    const again = path.join(dir, 'pawoon-again.csv');
    fs.copyFileSync(files[1]!.path, again);
    files.push({ path: again, mapping: files[1]!.mapping });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts, sums and names transactions as one ledger does, and leaves nothing behind', async () => {
    const tmpDir = fs.mkdtempSync(path.join(dir, 'spill-'));
    const whole = await readSources(files, { spillAboveBytes: Infinity });
    const spilled = await readSources(files, { spillAboveBytes: 0, tmpDir });
    expect(whole.partitions).toBe(0);
    expect(spilled.partitions).toBeGreaterThanOrEqual(2);
    expect(fs.readdirSync(tmpDir)).toHaveLength(1);

    expect(spilled.files).toEqual(whole.files);
    const again = whole.files[3]!;
    expect(again.valid).toBe(0);
    expect(again.rejectsByReason.duplicate).toBe(whole.files[1]!.valid + (whole.files[1]!.rejectsByReason.duplicate ?? 0));

    const days = whole.tally.days();
    expect(days.size).toBeGreaterThan(5);
    expect(spilled.tally.days()).toEqual(days);
    const [wholeScope, spilledScope] = [whole.tally.scope(), spilled.tally.scope()];
    for (const d of days.values()) {
      for (const system of ['moka', 'pawoon', 'majoo', 'esb']) {
        for (const date of [d.businessDate, '2024-01-01', '2030-01-01']) expect(spilledScope.has(system, d.outletCode, date)).toBe(wholeScope.has(system, d.outletCode, date));
      }
    }

    const every = new Set(days.keys());
    const transactions = order(whole.transactionsOn(every));
    expect(transactions.length).toBeGreaterThan(1000);
    expect(order(spilled.transactionsOn(every))).toEqual(transactions);
    const one = new Set([...every].slice(2, 3));
    expect(order(spilled.transactionsOn(one))).toEqual(order(whole.transactionsOn(one)));

    spilled.close();
    expect(fs.readdirSync(tmpDir)).toEqual([]);
  });
});
