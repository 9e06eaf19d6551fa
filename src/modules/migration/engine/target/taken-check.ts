import type { CanonicalLine } from '../types.ts';
import { ident } from './ddl.ts';

/**
 * The direct path's check (commit.ts, docs/adr/0016): before its COPY, whether the target may
 * have one of the batch's transactions already — its lines would then carry a header of their
 * own, so the batch goes the staged way, which gives them the target's.
 */

/** Transactions by source id and kind, in parallel arrays. */
export interface TransactionKeys {
  sourceIds: string[];
  kinds: string[];
}

/** A batch's transactions as the check asks for them: sales by ranges of ids (parallel arrays), refunds and voids by key. */
export interface TransactionSpan {
  sales: { firsts: string[]; lasts: string[] };
  others: TransactionKeys;
}

/** The first and last sale id of one shape (prefix, then `digits` digits). */
interface IdRange {
  prefix: string;
  digits: number;
  first: string;
  last: string;
}

/** Characters where JavaScript's string order (UTF-16 units) may differ from code point order, and NUL (stored as U+FFFD). */
const NOT_CODE_POINT_ORDER = /[\u0000\uD800-\uFFFF]/;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * A batch's transactions as they come (Batch adds each new one): its sales as ranges of source
 * ids, one per shape of id (what comes before the trailing digits, and how many digits:
 * `KN-0000123`, `BDG-1/PB/250505/0042`), each from its first to its last id in code point order
 * — the order of PostgreSQL's "C" collation, lines.source_id's; its refunds and voids one by one
 * (they take their sale's id, which may be far back). A shape's ids rise through an export
 * (receipt numbers), so each range is usually past every sale loaded, whichever outlets are
 * interleaved.
 */
export class SpanOfTransactions {
  private readonly ranges = new Map<string, IdRange>();
  private last: IdRange | null = null;
  private readonly others: TransactionKeys = { sourceIds: [], kinds: [] };
  private unordered = false;

  add(id: string, kind: CanonicalLine['kind']): void {
    if (kind !== 'sale') {
      this.others.sourceIds.push(id);
      this.others.kinds.push(kind);
      return;
    }
    let start = id.length;
    while (start > 0 && isDigit(id.charCodeAt(start - 1))) start--;
    const digits = id.length - start;
    let r = this.last;
    // Receipts come in runs of one shape: the last one's range, without a key to build.
    if (r === null || r.digits !== digits || r.prefix.length !== start || !id.startsWith(r.prefix)) {
      const prefix = id.slice(0, start);
      const key = `${digits}:${prefix}`;
      let known = this.ranges.get(key);
      if (!known) this.ranges.set(key, (known = { prefix, digits, first: id, last: id }));
      this.last = r = known;
    }
    if (id < r.first) r.first = id;
    else if (id > r.last) r.last = id;
    if (NOT_CODE_POINT_ORDER.test(id)) this.unordered = true;
  }

  /** Null when a sale's id has a character where UTF-16 order is not code point order (from U+D800) or a NUL. */
  get value(): TransactionSpan | null {
    if (this.unordered) return null;
    const sales: TransactionSpan['sales'] = { firsts: [], lasts: [] };
    for (const r of this.ranges.values()) {
      sales.firsts.push(r.first);
      sales.lasts.push(r.last);
    }
    return { sales, others: this.others };
  }
}

/**
 * The check's query: a row when the target may have one of the span's transactions. Sales by
 * their ranges, one index probe a range in the lines' primary key; any sale in one counts
 * (conservative: the staged way is right whatever it finds). Refunds and voids probed by key.
 * Each probe a lateral subquery with a limit, never flattened into a join. No span (ids the
 * order cannot be told of): always a row. About 1 ms a batch.
 */
export function takenCheck(schema: string, sourceSystem: string, span: TransactionSpan | null): { sql: string; values: unknown[] } {
  if (!span) return { sql: 'select 1', values: [] };
  const S = ident(schema);
  return {
    sql: `select 1 from unnest($2::text[], $3::text[]) as r(first, last)
  cross join lateral (select 1 from ${S}.lines l where l.source_system = $1 and l.source_id between r.first and r.last and l.kind = 'sale' limit 1) x
union all
select 1 from unnest($4::text[], $5::text[]) as k(source_id, kind)
  cross join lateral (select 1 from ${S}.lines l where l.source_system = $1 and l.source_id = k.source_id and l.kind = k.kind limit 1) y
limit 1`,
    values: [sourceSystem, span.sales.firsts, span.sales.lasts, span.others.sourceIds, span.others.kinds],
  };
}
