import type { DayComparison, DayDifference, ReconcileReport, TransactionDifference } from './types.ts';

/**
 * The reconcile report for people: one table row per differing day, the transactions behind
 * each (capped, with a count), and one summary line. The JSON form is the report itself (sen).
 */

/** Rupiah from sen, Indonesian style: `Rp 1.250.000`, `-Rp 15.000,50`. */
export function formatRupiah(sen: number): string {
  const negative = sen < 0;
  const abs = Math.abs(sen);
  const rupiah = Math.floor(abs / 100);
  const rest = abs % 100;
  const grouped = String(rupiah).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}Rp ${grouped}${rest ? `,${String(rest).padStart(2, '0')}` : ''}`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** At most `cap` items, then "and N more". */
export function capped(items: string[], cap: number): string {
  return items.length <= cap ? items.join(', ') : `${items.slice(0, cap).join(', ')} and ${count(items.length - cap)} more`;
}

export interface TableRenderer {
  (head: string[], rows: (string | number)[][]): string;
}

/** The report as text; `table` is the CLI's table renderer (kept out so the engine needs no CLI). */
export function renderReport(report: ReconcileReport, table: TableRenderer, opts: { cap?: number } = {}): string {
  const cap = opts.cap ?? 10;
  const out: string[] = [];
  const differing = report.days.filter((d) => d.differs.length);
  if (differing.length) {
    const detail = new Map(report.differences.map((d) => [`${d.outletCode} ${d.businessDate}`, d]));
    out.push(
      table(
        ['Outlet', 'Day', 'Differs', 'Transactions (file / target)', 'Net (file)', 'Net (target)', 'Missing', 'Extra', 'Different'],
        differing.map((d) => {
          const x = detail.get(`${d.outletCode} ${d.businessDate}`);
          return [d.outletCode, d.businessDate, capped(d.differs, 4), `${count(d.source.transactions)} / ${count(d.target.transactions)}`, formatRupiah(d.source.netSen), formatRupiah(d.target.netSen), x?.missing.length ?? 0, x?.extra.length ?? 0, x?.different.length ?? 0];
        }),
      ),
    );
    const lines = report.differences.flatMap((d) => describeDay(d, cap));
    const omitted = report.differencesOmitted;
    if (omitted.days) {
      lines.push(
        `${count(omitted.days)} more outlet-days differ (${count(omitted.transactions)} transactions on them, files and target): too many differences to compare them transaction by transaction. Is --schema the schema these files were loaded into? If so, fix the days above and run reconcile again.`,
      );
    }
    if (lines.length) out.push(lines.join('\n'));
  }
  out.push(summary(report, differing));
  return out.join('\n');
}

function describeDay(d: DayDifference, cap: number): string[] {
  const lines: string[] = [];
  for (const status of ['missing', 'extra', 'different'] as const) {
    const total = d[status].length;
    if (!total) continue;
    const shown = d.transactions.filter((t) => t.status === status).slice(0, cap).map(describeTransaction);
    const label = { missing: 'missing from the target', extra: 'extra in the target', different: 'different' }[status];
    lines.push(`${d.outletCode} ${d.businessDate} ${label}: ${shown.join(', ')}${total > shown.length ? ` and ${count(total - shown.length)} more` : ''}`);
  }
  return lines;
}

export function describeTransaction(t: TransactionDifference): string {
  const id = t.kind === 'sale' ? t.sourceId : `${t.sourceId} (${t.kind})`;
  const notes: string[] = [];
  if (t.status === 'missing' && t.source) notes.push(`${t.source.file} row ${t.source.row}`);
  if (t.status === 'extra' && t.target) notes.push(`loaded from ${t.target.file} row ${t.target.row}`);
  if (t.elsewhere) notes.push(`${t.status === 'missing' ? 'in the target' : 'in the file'} on ${t.elsewhere.outletCode} ${t.elsewhere.businessDate}`);
  if (t.fields?.length) notes.push(`${t.fields.join(', ')} differ`);
  if (t.lines?.length) {
    notes.push(
      capped(
        t.lines.map((l) => (l.status === 'extra' ? `line ${l.lineNo} extra (target row ${l.targetRow})` : `line ${l.lineNo} ${l.status} (row ${l.sourceRow})`)),
        3,
      ),
    );
  }
  return notes.length ? `${id} [${notes.join('; ')}]` : id;
}

function summary(r: ReconcileReport, differing: DayComparison[]): string {
  const reasons = Object.entries(r.rejectsByReason)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([reason, n]) => `${reason} ${count(n ?? 0)}`);
  const identity = `read ${count(r.read)} ${r.identityHolds ? '=' : '≠'} loaded ${count(r.loaded)} + rejected ${count(r.rejected)}${reasons.length ? ` (${reasons.join(', ')})` : ''}`;
  const broken = r.files.filter((f) => f.read !== f.loaded + f.rejected);
  const perFile = broken.length && r.files.length > 1 ? `; ${broken.map((f) => `${f.path}: read ${count(f.read)} ≠ loaded ${count(f.loaded)} + rejected ${count(f.rejected)}`).join('; ')}` : '';
  const txs = r.days.reduce((n, d) => n + d.source.transactions, 0);
  const net = r.days.reduce((n, d) => n + d.source.netSen, 0);
  const seconds = `${(r.durationMs / 1000).toFixed(1)} s`;
  const head = r.ok ? 'MATCH' : 'DIFFERENT';
  const days = differing.length ? `${count(differing.length)} of ${count(r.days.length)} outlet-days differ` : `${count(r.days.length)} outlet-days match`;
  return `${head}: ${days}; ${count(txs)} transactions, net ${formatRupiah(net)} in the files; ${identity}${perFile}; ${seconds}.`;
}
