import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** What the first bytes of a CSV export say about how to read it. */
export interface CsvSniff {
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
  lineBreak: 'LF' | 'CRLF';
  delimiter: string;
  /** Physical lines before the header. */
  titleLines: number;
  header: string[];
  /** Data rows after the header (as many as the head holds, up to `maxRows`). */
  rows: string[][];
}

const DELIMITERS = [',', ';', '\t', '|'];
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The head's text: utf-8 when it is valid UTF-8 (or has a BOM), else windows-1252. */
function decodeHead(head: Buffer, complete: boolean): Pick<CsvSniff, 'encoding' | 'bom'> & { text: string } {
  const bom = head.subarray(0, 3).equals(UTF8_BOM);
  let body = bom ? head.subarray(3) : head;
  // A head cut mid-file may end inside a character or a record: keep whole lines only.
  if (!complete) {
    const lastNewline = body.lastIndexOf(0x0a);
    if (lastNewline > 0) body = body.subarray(0, lastNewline + 1);
  }
  if (bom || isUtf8(body)) return { encoding: 'utf-8', bom, text: body.toString('utf8') };
  return { encoding: 'windows-1252', bom, text: iconv.decode(body, 'windows-1252') };
}

type Parsed = { record: string[]; info: { lines: number } };

function parseWith(text: string, delimiter: string): Parsed[] | null {
  try {
    return parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true }) as unknown as Parsed[];
  } catch {
    return null;
  }
}

const mode = (ns: number[]): [number, number] => {
  const counts = new Map<number, number>();
  for (const n of ns) counts.set(n, (counts.get(n) ?? 0) + 1);
  let best: [number, number] = [0, 0];
  for (const [n, c] of counts) if (c > best[1] || (c === best[1] && n > best[0])) best = [n, c];
  return best;
};

/**
 * Sniff a CSV head: the delimiter is the candidate whose records most often share one cell
 * count above 1; the header is the first record with that count (what comes before it are
 * title lines); the rows after it are the sample.
 */
export function sniffCsv(head: Buffer, complete: boolean, maxRows = 20): CsvSniff | null {
  const { encoding, bom, text } = decodeHead(head, complete);
  let best: { delimiter: string; parsed: Parsed[]; width: number; score: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const parsed = parseWith(text, delimiter);
    if (!parsed) continue;
    const nonEmpty = parsed.filter((p) => p.record.length > 1 || p.record[0] !== '');
    const [width, count] = mode(nonEmpty.map((p) => p.record.length));
    if (width < 2) continue;
    const score = count / nonEmpty.length;
    if (!best || score > best.score || (score === best.score && width > best.width)) best = { delimiter, parsed, width, score };
  }
  if (!best) return null;
  const headerAt = best.parsed.findIndex((p) => p.record.length === best.width);
  const titleLines = headerAt === 0 ? 0 : best.parsed[headerAt - 1]!.info.lines;
  const rows = best.parsed
    .slice(headerAt + 1)
    .map((p) => p.record)
    .filter((r) => r.length > 1 || r[0] !== '')
    .slice(0, maxRows);
  return {
    encoding,
    bom,
    lineBreak: /\r\n/.test(text.slice(0, 65_536)) ? 'CRLF' : 'LF',
    delimiter: best.delimiter,
    titleLines,
    header: best.parsed[headerAt]!.record.map((h) => h.trim()),
    rows,
  };
}

/** The last record of a CSV tail (a trailing TOTAL line, say), or null. */
export function lastRecord(tail: Buffer, encoding: CsvSniff['encoding'], delimiter: string): string[] | null {
  const text = encoding === 'utf-8' ? tail.toString('utf8') : iconv.decode(tail, 'windows-1252');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const last = lines.at(-1);
  if (last === undefined) return null;
  return parseWith(last, delimiter)?.[0]?.record ?? null;
}
