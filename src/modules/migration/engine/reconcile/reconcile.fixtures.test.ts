/**
 * Reconcile against the fixture generator's model (tests/fixtures/pos): exports of the three
 * profiles — with every defect each can have, and a WITA majoo file — loaded into one target as
 * one chain. The file side of the report must equal what the generator summed from its model
 * (not from the engine), and the loaded target must match it: read = loaded + rejected, no day
 * differs. Needs TEST_DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyDefect, generateExport, type ExpectedDay, type GenerateOptions, type GeneratedExport } from '../../../../../tests/fixtures/pos/generate.ts';
import { createTargetDatabase, type TargetDatabase } from '../../../../../tests/helpers/target-db.ts';
import { runImport } from '../import.ts';
import { REJECT_REASONS, type RejectReason } from '../types.ts';
import { reconcile } from './reconcile.ts';
import type { DayTotals } from './types.ts';

const EXPORTS: GenerateOptions[] = [
  { profile: 'moka', seed: 11, transactions: 300, defects: everyDefect('moka', 2) },
  { profile: 'pawoon', seed: 12, transactions: 300, defects: everyDefect('pawoon', 2) },
  { profile: 'majoo', seed: 13, transactions: 200, defects: everyDefect('majoo', 2) },
  // Other dates: majoo numbers documents per day (PB/yymmdd/nnnn), so two files of the same days
  // would share keys, and the second one's rows would be duplicates.
  { profile: 'majoo', seed: 14, transactions: 150, zone: 'Asia/Makassar', startDate: '2025-06-02' },
];

describe.skipIf(!process.env.TEST_DATABASE_URL)('reconcile of generated exports of the three profiles (TEST_DATABASE_URL; skipped without PostgreSQL)', () => {
  let db: TargetDatabase;
  let dir: string;
  const files: { path: string; g: GeneratedExport }[] = [];

  beforeAll(async () => {
    db = await createTargetDatabase('golive_recfx');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-reconcile-fx-'));
    for (const o of EXPORTS) {
      const g = await generateExport(o);
      const file = path.join(dir, `${o.seed}-${g.fileName}`);
      fs.writeFileSync(file, g.bytes);
      files.push({ path: file, g });
      await runImport({ file, mapping: g.mapping, target: { url: db.url, schema: 'chain' }, environment: 'staging', rejectsPath: `${file}.rejects.csv` });
    }
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('matches, with each file counted as the model says and the day totals the model summed', async () => {
    const r = await reconcile({ files: files.map((f) => ({ path: f.path, mapping: f.g.mapping })), target: { url: db.url, schema: 'chain' } });
    expect(r.days.filter((d) => d.differs.length)).toEqual([]);
    expect(r.ok).toBe(true);
    r.files.forEach((f, i) => {
      const e = files[i]!.g.expected;
      const reasons: Partial<Record<RejectReason, number>> = {};
      for (const x of e.rejects) reasons[x.reason] = (reasons[x.reason] ?? 0) + 1;
      expect(f, f.path).toMatchObject({ read: e.rows, valid: e.validRows, loaded: e.validRows, rejected: e.rejects.length, skipped: e.skippedRows.length, rejectsByReason: reasons });
    });
    expect(Object.keys(r.rejectsByReason).sort()).toEqual([...REJECT_REASONS].sort());

    // The model's days, summed over the files: one chain, several systems on one outlet's day.
    const model = new Map<string, ModelDay>();
    for (const f of files) for (const d of f.g.expected.days) add(model, d);
    // The model has no line digests: the target's content is compared with the files' by `differs` above.
    expect(r.days.map(({ outletCode, businessDate, source: { content: _, ...totals } }) => ({ outletCode, businessDate, ...totals }))).toEqual([...model.values()].sort((a, b) => a.outletCode.localeCompare(b.outletCode) || a.businessDate.localeCompare(b.businessDate)));
    expect(new Set(r.days.map((d) => d.outletCode))).toContain('BALI-SEMINYAK');
  });
  it('says the same through spill partitions, on a matching target and on a tampered one', async () => {
    const o = { files: files.map((f) => ({ path: f.path, mapping: f.g.mapping })), target: { url: db.url, schema: 'chain' } };
    const same = async () => {
      const { durationMs: _a, ...whole } = await reconcile(o);
      const { durationMs: _b, ...spilled } = await reconcile({ ...o, spillAboveBytes: 0 });
      expect(spilled).toEqual(whole);
      return whole;
    };
    expect((await same()).ok).toBe(true);
    // A line's amount and a transaction's time changed: named the same way; put back after.
    const [line] = await db.query<{ source_system: string; source_id: string; kind: string; line_no: number }>(
      `select source_system, source_id, kind, line_no from chain.lines order by source_system, source_id, kind, line_no limit 1 offset 40`,
    );
    const [tx] = await db.query<{ source_system: string; source_id: string; kind: string }>(`select source_system, source_id, kind from chain.transactions order by source_system, source_id, kind limit 1 offset 90`);
    const lineKey = [line!.source_system, line!.source_id, line!.kind, line!.line_no];
    const txKey = [tx!.source_system, tx!.source_id, tx!.kind];
    const shift = async (sen: number, minutes: number) => {
      await db.query(`update chain.lines set net_sen = net_sen + $5, gross_sen = gross_sen + $5 where (source_system, source_id, kind, line_no) = ($1, $2, $3, $4)`, [...lineKey, sen]);
      // The transaction's time is on each of its lines (transactions is a view over them).
      await db.query(`update chain.lines set occurred_at = occurred_at + make_interval(mins => $4) where (source_system, source_id, kind) = ($1, $2, $3)`, [...txKey, minutes]);
    };
    await shift(100, 1);
    try {
      const r = await same();
      expect(r.ok).toBe(false);
      const named = r.differences.flatMap((d) => d.transactions.map((t) => `${t.sourceSystem} ${t.sourceId} ${t.kind} ${t.status}`));
      expect(named).toContain(`${line!.source_system} ${line!.source_id} ${line!.kind} different`);
      expect(named).toContain(`${tx!.source_system} ${tx!.source_id} ${tx!.kind} different`);
    } finally {
      await shift(-100, -1);
    }
  });
  it('reaches the target at the address it is given (the product pins the one its guard vetted), never asking DNS for the name', async () => {
    const url = new URL(db.url);
    url.hostname = 'target.golive.invalid';
    const r = await reconcile({ files: files.map((f) => ({ path: f.path, mapping: f.g.mapping })), target: { url: url.toString(), schema: 'chain', address: '127.0.0.1' } });
    expect(r.ok).toBe(true);
  });
});


type ModelDay = Omit<DayTotals, 'content'> & { outletCode: string; businessDate: string };

function add(into: Map<string, ModelDay>, d: ExpectedDay) {
  const key = `${d.outletCode} ${d.businessDate}`;
  const t = into.get(key);
  if (!t) {
    into.set(key, { ...d, netByMethod: { ...d.netByMethod } });
    return;
  }
  for (const k of ['transactions', 'lines', 'grossSen', 'discountSen', 'taxSen', 'serviceChargeSen', 'netSen'] as const) t[k] += d[k];
  for (const [m, v] of Object.entries(d.netByMethod) as [keyof DayTotals['netByMethod'], number][]) {
    t.netByMethod[m] = (t.netByMethod[m] ?? 0) + v;
    if (t.netByMethod[m] === 0) delete t.netByMethod[m];
  }
}
