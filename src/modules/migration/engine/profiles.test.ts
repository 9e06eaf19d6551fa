import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MigrationInputError } from './errors.ts';
import { loadMapping, PROFILES, profileDocument, validateMapping } from './profiles.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-mapping-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};
const failure = (fn: () => unknown): MigrationInputError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof MigrationInputError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('built-in profiles', () => {
  it.each(PROFILES)('%s is a valid mapping', (name) => {
    const m = loadMapping(name);
    expect(m.sourceSystem).toBe(name);
    expect(m.outlets).toBeUndefined(); // chain-agnostic: users add their outlets
  });

  it('match the plan: Moka net before tax, repeated lines distinct; Pawoon line numbers; majoo XLSX', () => {
    const moka = loadMapping('moka');
    expect(moka.amounts.netIncludesTaxAndCharges).toBe(false);
    expect(moka.lines.repeated).toBe('distinct');
    const pawoon = loadMapping('pawoon');
    expect([pawoon.csv.delimiter, pawoon.titleLines, pawoon.columns.line_no, pawoon.numbers.decimal]).toEqual([';', 2, 'No', ',']);
    const majoo = loadMapping('majoo');
    expect([majoo.format, majoo.xlsx?.sheet, majoo.dates.format]).toEqual(['xlsx', 'Penjualan', 'dd MMMM yyyy HH:mm']);
  });
});

describe('loadMapping from a file', () => {
  it('reads a mapping that extends a profile by hand (outlets added)', () => {
    const doc = { ...profileDocument('moka'), outlets: { 'JKT-SENOPATI': { aliases: ['KN - Senopati'] } } };
    const m = loadMapping(write('ok.json', `\uFEFF${JSON.stringify(doc)}`));
    expect(m.outlets?.['JKT-SENOPATI']?.aliases).toEqual(['KN - Senopati']);
  });

  it('says which file is missing or not JSON', () => {
    expect(failure(() => loadMapping(path.join(dir, 'nope.json'))).message).toMatch(/nope\.json: no such file; give a built-in profile \(moka, pawoon, majoo\)/);
    const e = failure(() => loadMapping(write('bad.json', '{"sourceSystem": ')));
    expect(e.code).toBe('bad_mapping');
    expect(e.message).toMatch(/bad\.json: not valid JSON/);
  });

  it('names the path of each bad field', () => {
    const doc = profileDocument('pawoon') as { columns: Record<string, unknown>; numbers: Record<string, unknown> };
    doc.columns.qty = 42;
    doc.numbers.decimal = ';';
    const e = failure(() => loadMapping(write('fields.json', JSON.stringify({ ...doc, colour: 'red' }))));
    expect(e.message).toContain('is not a valid mapping');
    expect(e.message).toMatch(/columns\.qty: .*string/);
    expect(e.message).toMatch(/numbers\.decimal: /);
    expect(e.message).toMatch(/colour/);
  });
});

describe('validateMapping: what the schema cannot see', () => {
  const base = () => structuredClone(profileDocument('moka')) as Record<string, any>;
  it.each([
    [(d: any) => (d.dates.format = 'dd/MM/yyyy Q'), /dates\.format: "Q"/],
    [(d: any) => (d.dates.timeFormat = "HH'mm"), /dates\.timeFormat: unclosed quote/],
    [(d: any) => (d.timezone = 'WIB'), /timezone: "WIB" is not an IANA time zone/],
    [(d: any) => (d.businessDay.timezone = 'Jakarta'), /businessDay\.timezone/],
    [(d: any) => (d.skipRows = [{ pattern: '(' }]), /skipRows\.0\.pattern/],
    [(d: any) => (d.numbers.thousands = '.'), /decimal and thousands separators are both/],
    [(d: any) => (d.outlets = { A: { aliases: ['Senopati'] }, B: { name: 'senopati' } }), /"senopati" names both A and B/],
  ])('%#', (change, message) => {
    const d = base();
    change(d);
    const e = failure(() => validateMapping(d, 'mapping x.json'));
    expect(e.code).toBe('bad_mapping');
    expect(e.message).toMatch(/^mapping x\.json: /);
    expect(e.message).toMatch(message);
  });
});

describe('validateMapping of an already validated mapping', () => {
  it('accepts every built-in profile again (a mapping shown or saved by the product can be uploaded back)', () => {
    for (const name of PROFILES) {
      const once = loadMapping(name);
      expect(validateMapping(JSON.parse(JSON.stringify(once)))).toEqual(once);
    }
  });
  it('still refuses csv options other than the defaults on an xlsx mapping', () => {
    const doc = { ...profileDocument('majoo'), csv: { delimiter: ';' } };
    expect(() => validateMapping(doc)).toThrow(/"csv" options are for format "csv"/);
  });
});
