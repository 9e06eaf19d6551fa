import fs from 'node:fs';
import { MigrationInputError } from './errors.ts';
import { mappingSchema, type Mapping } from './mapping.ts';
import { compileDateFormat } from './values/date.ts';
import { outletNameKey } from './values/outlet.ts';
import { assertTimeZone } from './values/zone.ts';

/** Built-in mappings for the exports of Indonesian POS systems (docs/migration.md, "Mapping file"). */
export const PROFILES = ['moka', 'pawoon', 'majoo'] as const;
export type ProfileName = (typeof PROFILES)[number];

const isProfile = (s: string): s is ProfileName => (PROFILES as readonly string[]).includes(s);

/** A built-in profile's mapping as written (before defaults): what `inspect` proposes and users copy. */
export function profileDocument(name: ProfileName): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(new URL(`./profiles/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/**
 * A mapping from a built-in profile name (moka, pawoon, majoo) or a JSON file's path, validated.
 * Every mistake is a MigrationInputError('bad_mapping') naming where the bad field is.
 */
export function loadMapping(nameOrPath: string): Mapping {
  if (isProfile(nameOrPath)) return validateMapping(profileDocument(nameOrPath), `profile ${nameOrPath}`);
  let text: string;
  try {
    text = fs.readFileSync(nameOrPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MigrationInputError(
      'bad_mapping',
      `mapping ${nameOrPath}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(e)})`}; give a built-in profile (${PROFILES.join(', ')}) or the path of a mapping JSON file (\`golive import inspect <file>\` proposes one).`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new MigrationInputError('bad_mapping', `mapping ${nameOrPath}: not valid JSON (${(e as Error).message}).`);
  }
  return validateMapping(doc, `mapping ${nameOrPath}`);
}

/** Validate a mapping document (a parsed file, an upload, a proposal); `origin` prefixes messages. */
export function validateMapping(doc: unknown, origin = 'mapping'): Mapping {
  const parsed = mappingSchema.safeParse(doc);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    const more = parsed.error.issues.length > 10 ? `\n  … and ${parsed.error.issues.length - 10} more` : '';
    throw new MigrationInputError('bad_mapping', `${origin} is not a valid mapping:\n${lines.join('\n')}${more}`);
  }
  const m = parsed.data;
  const at = (msg: string) => new MigrationInputError('bad_mapping', `${origin}: ${msg}`);
  try {
    compileDateFormat(m.dates.format, 'dates.format');
    if (m.dates.timeFormat) compileDateFormat(m.dates.timeFormat, 'dates.timeFormat');
    assertTimeZone(m.timezone, 'timezone');
    assertTimeZone(m.businessDay.timezone, 'businessDay.timezone');
  } catch (e) {
    if (e instanceof MigrationInputError) throw at(e.message);
    throw e;
  }
  m.skipRows.forEach((s, i) => {
    try {
      new RegExp(s.pattern);
    } catch (e) {
      throw at(`skipRows.${i}.pattern: ${(e as Error).message}`);
    }
  });
  if (m.numbers.decimal === m.numbers.thousands) throw at(`numbers: the decimal and thousands separators are both "${m.numbers.decimal}".`);
  // A parsed mapping carries the csv defaults, so only options other than those are a mistake.
  const csvDefaults = m.csv.delimiter === ',' && m.csv.quote === '"' && m.csv.encoding === 'utf-8';
  if (m.format === 'xlsx' && !csvDefaults) throw at('"csv" options are for format "csv"; this mapping says "xlsx".');
  if (m.outlets) {
    const seen = new Map<string, string>();
    for (const [code, o] of Object.entries(m.outlets)) {
      for (const n of [code, o.name, ...o.aliases]) {
        if (!n) continue;
        const k = outletNameKey(n);
        const other = seen.get(k);
        if (other && other !== code) throw at(`outlets: "${n}" names both ${other} and ${code}; an alias belongs to one outlet.`);
        seen.set(k, code);
      }
    }
  }
  return m;
}
