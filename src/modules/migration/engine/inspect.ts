import fs from 'node:fs';
import path from 'node:path';
import { headerKey } from './columns.ts';
import { MigrationInputError } from './errors.ts';
import { guessColumns, guessRefundValues } from './inspect/guess-columns.ts';
import { guessDateFormat, guessNumberStyle } from './inspect/guess-formats.ts';
import { lastRecord, sniffCsv } from './inspect/sniff-csv.ts';
import { mappingSchema, type Mapping, type MappingInput } from './mapping.ts';
import { PROFILES, profileDocument, type ProfileName } from './profiles.ts';
import { fileSize, readHead, ZIP_MAGIC } from './sources/file.ts';
import { openSource } from './sources/open-source.ts';
import type { SourceCell } from './types.ts';
import { makeNumberParsers } from './values/number.ts';
import { makePaymentMethodResolver } from './values/payment-method.ts';

/** What `golive import inspect <file>` prints: what was found, and a mapping to edit. */
export interface InspectResult {
  file: string;
  format: 'csv' | 'xlsx';
  /** CSV only (null for XLSX). */
  encoding: 'utf-8' | 'windows-1252' | null;
  bom: boolean;
  lineBreak: 'LF' | 'CRLF' | null;
  delimiter: string | null;
  titleLines: number;
  header: string[];
  /** The first data rows, as text. */
  sample: string[][];
  /** The built-in profile whose columns the header has, if any. */
  profile: ProfileName | null;
  /** A proposed mapping, valid against mappingSchema (placeholders "<… column>" where nothing fitted). */
  mapping: MappingInput;
  /** What it could not decide, or guessed: read these before importing. */
  notes: string[];
}

const HEAD_BYTES = 256 * 1024;
const TOTAL_ROW = /^\s*(grand\s*)?total\b|^\s*jumlah\s*$/i;

const text = (c: SourceCell | undefined): string => (c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c).trim());
const width = (r: SourceCell[]): number => {
  let n = r.length;
  while (n > 0 && text(r[n - 1]) === '') n--;
  return n;
};

interface Table {
  format: 'csv' | 'xlsx';
  encoding: InspectResult['encoding'];
  bom: boolean;
  lineBreak: InspectResult['lineBreak'];
  delimiter: string | null;
  titleLines: number;
  header: string[];
  rows: SourceCell[][];
  /** The file's last record when it looks like a totals line. */
  totalRow: string | null;
}

/** Sniff an export and propose a mapping for it. Unreadable input is a MigrationInputError. */
export async function inspect(file: string, opts: { sampleRows?: number } = {}): Promise<InspectResult> {
  const sampleRows = opts.sampleRows ?? 10;
  const size = fileSize(file);
  if (size === 0) throw new MigrationInputError('empty_file', `${path.basename(file)} is empty (0 bytes).`);
  const head = await readHead(file, HEAD_BYTES);
  const table = head.subarray(0, 4).equals(ZIP_MAGIC) ? await readXlsx(file) : await readCsv(file, head, size);
  const notes: string[] = [];
  const profile = matchProfile(table);
  const mapping = profile ? fromProfile(profile, table, notes) : propose(table, notes);
  const checked = mappingSchema.safeParse(mapping);
  if (!checked.success) notes.push(`The proposal does not validate (${checked.error.issues[0]?.message}); fix it by hand.`);
  return {
    file,
    format: table.format,
    encoding: table.encoding,
    bom: table.bom,
    lineBreak: table.lineBreak,
    delimiter: table.delimiter,
    titleLines: table.titleLines,
    header: table.header,
    sample: table.rows.slice(0, sampleRows).map((r) => r.map(text)),
    profile,
    mapping,
    notes,
  };
}

async function readCsv(file: string, head: Buffer, size: number): Promise<Table> {
  const name = path.basename(file);
  if (head.subarray(0, 65_536).includes(0)) {
    throw new MigrationInputError('bad_file', `${name} is not a text file (it has NUL bytes): export CSV or XLSX from the POS.`);
  }
  const complete = size <= head.length;
  const sniff = sniffCsv(head, complete, 200);
  if (!sniff) {
    throw new MigrationInputError('bad_file', `${name}: no delimiter (, ; tab |) splits its lines into columns the same way; is it a CSV export?`);
  }
  let totalRow: string | null = null;
  let rows: SourceCell[][] = sniff.rows;
  if (complete) {
    const last = rows.at(-1);
    if (last && TOTAL_ROW.test(text(last[0]))) {
      totalRow = text(last[0]);
      rows = rows.slice(0, -1);
    }
  } else {
    const tailBytes = Math.min(16_384, size);
    const fd = fs.openSync(file, 'r');
    const tail = Buffer.alloc(tailBytes);
    try {
      fs.readSync(fd, tail, 0, tailBytes, size - tailBytes);
    } finally {
      fs.closeSync(fd);
    }
    const last = lastRecord(tail, sniff.encoding, sniff.delimiter);
    if (last && TOTAL_ROW.test(last[0] ?? '')) totalRow = last[0]!.trim();
  }
  return { format: 'csv', ...sniff, rows, totalRow };
}

async function readXlsx(file: string): Promise<Table> {
  // Read the first sheet's first rows as they are; the header is the first row as wide as most.
  const probe = mappingSchema.parse({
    sourceSystem: 'inspect', format: 'xlsx', dates: { format: 'dd/MM/yyyy' },
    columns: { transaction_id: '-', occurred_at: '-', outlet: '-', item: '-', qty: '-', gross: '-', net: '-', payment_method: '-' },
  });
  const src = await openSource(file, probe);
  const all: { row: number; fields: SourceCell[] }[] = [{ row: 0, fields: src.header }];
  try {
    for await (const r of src.records()) {
      all.push(r);
      if (all.length > 200) break;
    }
  } finally {
    await src.close();
  }
  const counts = new Map<number, number>();
  for (const r of all) counts.set(width(r.fields), (counts.get(width(r.fields)) ?? 0) + 1);
  const modal = [...counts].filter(([w]) => w > 1).sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
  // Data rows may end in empty cells (a refund reference only refunds have): the header is the
  // first row at least as wide as most rows.
  const at = Math.max(0, all.findIndex((r) => width(r.fields) >= modal));
  const headerRec = all[at]!;
  const header = headerRec.fields.slice(0, width(headerRec.fields)).map(text);
  let rows = all.slice(at + 1).map((r) => r.fields.slice(0, Math.max(header.length, width(r.fields))));
  let totalRow: string | null = null;
  const last = rows.at(-1);
  if (all.length <= 200 && last && TOTAL_ROW.test(text(last[0]))) {
    totalRow = text(last[0]);
    rows = rows.slice(0, -1);
  }
  // B's reader numbers records by sheet row; the first non-empty row (row 0 here) is a title when it is not the header.
  const titleLines = at === 0 ? 0 : headerRec.row - 1;
  return { format: 'xlsx', encoding: null, bom: false, lineBreak: null, delimiter: null, titleLines, header, rows, totalRow };
}

function mappedColumns(doc: Record<string, unknown>): string[] {
  const cols = doc.columns as Record<string, unknown>;
  return Object.values(cols).flatMap((v) => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).filter((x): x is string => typeof x === 'string' && x !== '') : []));
}

function matchProfile(t: Table): ProfileName | null {
  const have = new Set(t.header.map(headerKey));
  return PROFILES.find((p) => {
    const doc = profileDocument(p);
    return doc.format === t.format && mappedColumns(doc).every((c) => have.has(headerKey(c)));
  }) ?? null;
}

function fromProfile(name: ProfileName, t: Table, notes: string[]): MappingInput {
  const { $schema: _ignored, ...doc } = profileDocument(name) as MappingInput;
  notes.push(`The header is a ${name} export's: the built-in profile "${name}" fits (use --mapping ${name}, or edit this copy).`);
  if (t.format === 'csv') {
    const csv = { delimiter: t.delimiter!, quote: '"', encoding: t.encoding! };
    const differs = [
      ...(doc.csv?.delimiter !== csv.delimiter ? [`delimiter ${JSON.stringify(csv.delimiter)}`] : []),
      ...(doc.csv?.encoding !== csv.encoding ? [`encoding ${csv.encoding}`] : []),
    ];
    if (differs.length) notes.push(`This file differs from the profile: ${differs.join(', ')}.`);
    doc.csv = csv;
  }
  if (doc.titleLines !== t.titleLines) notes.push(`This file has ${t.titleLines} title line(s) before the header; the profile says ${doc.titleLines ?? 0}.`);
  doc.titleLines = t.titleLines;
  notes.push('Outlets: add an "outlets" section mapping each outlet code to the names this system spells it by, so files of several systems load as one chain.');
  return doc;
}

function propose(t: Table, notes: string[]): MappingInput {
  const found = guessColumns(t.header);
  const col = (field: string) => found.get(field);
  const index = (name: string | undefined) => (name === undefined ? -1 : t.header.indexOf(name));
  const values = (name: string | undefined) => {
    const i = index(name);
    return i < 0 ? [] : t.rows.map((r) => r[i]).filter((c): c is SourceCell => c !== undefined && text(c) !== '');
  };
  const textValues = (name: string | undefined) => values(name).filter((c): c is string => typeof c === 'string');
  const placeholder = (field: string) => {
    notes.push(`No column looks like ${field}: set columns.${field}.`);
    return `<${field} column>`;
  };
  const need = (field: string) => col(field) ?? placeholder(field);

  // occurred_at: one column, or a date and a time column.
  const dateCol = col('date');
  const timeCol = col('time');
  const dates: Mapping['dates'] = { format: 'dd/MM/yyyy HH:mm' };
  if (dateCol && values(dateCol).some((c) => c instanceof Date)) {
    notes.push(`"${dateCol}" holds spreadsheet dates: no format is needed for them (dates.format only reads dates written as text).`);
  } else if (dateCol) {
    const g = guessDateFormat(textValues(dateCol));
    if (g) {
      dates.format = g.format;
      if (g.ambiguous) notes.push(`The dates in "${dateCol}" read as day-first (${g.format}) and as month-first too; day-first was chosen — check.`);
    } else notes.push(`No known format reads the dates in "${dateCol}" (e.g. ${JSON.stringify(textValues(dateCol)[0] ?? '')}): set dates.format.`);
  }
  if (timeCol) {
    const g = guessDateFormat(textValues(timeCol), true);
    if (g) dates.timeFormat = g.format;
    else if (!values(timeCol).some((c) => c instanceof Date)) notes.push(`No known format reads the times in "${timeCol}": set dates.timeFormat.`);
  }

  const amountCols = ['gross', 'discount', 'tax', 'service_charge', 'rounding', 'net', 'unit_price'].map(col);
  const { numbers, fits } = guessNumberStyle(amountCols.flatMap(textValues), t.delimiter === ';');
  if (!fits) notes.push('No number style reads every amount in the sample: check numbers.decimal and numbers.thousands.');

  const columns: MappingInput['columns'] = {
    transaction_id: need('transaction_id'),
    occurred_at: dateCol && timeCol ? { date: dateCol, time: timeCol } : dateCol ?? placeholder('occurred_at'),
    outlet: need('outlet'),
    item: need('item'),
    qty: need('qty'),
    gross: need('gross'),
    net: need('net'),
    payment_method: need('payment_method'),
  };
  for (const f of ['line_no', 'category', 'sku', 'unit_price', 'discount', 'tax', 'service_charge', 'rounding', 'original_transaction_id'] as const) {
    const c = col(f);
    if (c) columns[f] = c;
  }
  const marker = col('refund_marker');
  if (marker) {
    const g = guessRefundValues(textValues(marker));
    if (!g.refund.length) g.refund.push('Refund');
    if (!g.void.length) g.void.push('Void');
    columns.refund_marker = { column: marker, ...g };
    notes.push(`Refunds and voids are told by "${marker}" = ${JSON.stringify(g.refund)} / ${JSON.stringify(g.void)}: check the values.`);
  } else notes.push('No refund/void marker column found: every row is a sale, and a negative row is rejected.');

  const netIncludes = guessNetIncludes(t, columns, numbers);
  if (netIncludes === null) notes.push(`Could not tell from the sample whether "${columns.net}" includes tax and service charge; assumed it does (amounts.netIncludesTaxAndCharges).`);

  const resolve = makePaymentMethodResolver({});
  const unknown = [...new Set(textValues(col('payment_method')).map((v) => v.trim()))].filter((v) => resolve(v) === null);
  if (unknown.length) notes.push(`Payment names not known: ${unknown.map((u) => JSON.stringify(u)).join(', ')}: add them to paymentMethods.`);
  if (!columns.line_no) notes.push('No line-number column: lines are numbered by row order within a transaction. Set lines.repeated to "distinct" if one receipt may list the same item on several identical rows.');
  notes.push('sourceSystem is "legacy": name the POS (moka, pawoon, …); it is part of every row key.');
  notes.push('Time zone assumed Asia/Jakarta (WIB) for the timestamps and the business day: use Asia/Makassar (WITA), Asia/Jayapura (WIT) or UTC where that is what the file holds.');

  return {
    sourceSystem: 'legacy',
    format: t.format,
    ...(t.format === 'csv' ? { csv: { delimiter: t.delimiter!, quote: '"', encoding: t.encoding! } } : { xlsx: { sheet: 1 } }),
    titleLines: t.titleLines,
    skipRows: t.totalRow ? [{ column: t.header[0]!, pattern: `^${t.totalRow.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` }] : [],
    timezone: 'Asia/Jakarta',
    businessDay: { timezone: 'Asia/Jakarta', cutoff: '00:00' },
    dates,
    numbers,
    amounts: { netIncludesTaxAndCharges: netIncludes ?? true, toleranceSen: 100 },
    columns,
    lines: { repeated: 'duplicate' },
    paymentMethods: {},
  };
}

/** Does net = gross − discount + tax + service charge + rounding on every sample row (true), or net = gross − discount (false)? */
function guessNetIncludes(t: Table, c: MappingInput['columns'], numbers: Mapping['numbers']): boolean | null {
  const p = makeNumberParsers(numbers);
  const at = (name: string | undefined, r: SourceCell[]) => {
    const i = name === undefined ? -1 : t.header.indexOf(name);
    return i < 0 || text(r[i]) === '' ? 0 : p.amount(r[i]!);
  };
  let incl = 0, excl = 0;
  for (const r of t.rows) {
    const gross = at(c.gross, r), discount = at(c.discount, r), net = at(c.net, r);
    const extra = at(c.tax, r) + at(c.service_charge, r) + at(c.rounding, r);
    if ([gross, discount, net, extra].some(Number.isNaN)) continue;
    if (Math.abs(gross - discount + extra - net) <= 100) incl++;
    else if (Math.abs(gross - discount - net) <= 100) excl++;
  }
  if (incl && !excl) return true;
  if (excl && !incl) return false;
  return null;
}
