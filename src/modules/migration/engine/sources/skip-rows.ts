import { headerKey } from '../columns.ts';
import { MigrationInputError } from '../errors.ts';
import type { Mapping } from '../mapping.ts';
import type { SourceCell } from '../types.ts';

/** The mapping's skipRows as one test on a record's cells: true for a row to leave out (not a reject). */
export function makeSkipTest(mapping: Mapping, header: string[]): ((fields: SourceCell[]) => boolean) | null {
  if (mapping.skipRows.length === 0) return null;
  const tests = mapping.skipRows.map(({ column, pattern }, i) => {
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch (e) {
      throw new MigrationInputError('bad_mapping', `skipRows[${i}].pattern ${JSON.stringify(pattern)} is not a regular expression: ${(e as Error).message}.`);
    }
    const at = column === undefined ? 0 : header.findIndex((h) => headerKey(h) === headerKey(column));
    if (at < 0) {
      throw new MigrationInputError('bad_mapping', `skipRows[${i}].column "${column}" is not in the file's header (${header.map((h) => JSON.stringify(h)).join(', ')}).`);
    }
    return { at, re };
  });
  return (fields) => tests.some(({ at, re }) => re.test(cellText(fields[at])));
}

function cellText(c: SourceCell | undefined): string {
  if (c === undefined) return '';
  if (typeof c === 'string') return c.trim();
  return c instanceof Date ? c.toISOString() : String(c);
}
