import { worst, type CheckStatus } from '../check.ts';
import { capitalize } from './fields.ts';

/** One thing a check looked at, and what it found. */
export interface Finding {
  status: CheckStatus;
  text: string;
}

const ORDER: CheckStatus[] = ['fail', 'error', 'warn', 'pass'];

/**
 * The overall status of several findings and a message listing them, the worst first.
 * Passing findings are listed only when everything passed, unless `all` is set.
 */
export function summarize(findings: Finding[], opts: { all?: boolean } = {}): { status: CheckStatus; message: string } {
  const status = worst(findings.map((f) => f.status));
  const shown = opts.all || status === 'pass' ? [...findings] : findings.filter((f) => f.status !== 'pass');
  shown.sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  return { status, message: `${capitalize(shown.map((f) => f.text).join('; '))}.` };
}
