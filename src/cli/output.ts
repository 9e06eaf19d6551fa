import Table from 'cli-table3';
import { CliError, EXIT, type ExitCode } from './errors.ts';

/**
 * Everything the CLI prints goes through here: results to stdout (JSON with --json,
 * text otherwise), errors to stderr as one line (or JSON with --json).
 */
export interface Output {
  readonly json: boolean;
  /** Prints a command's result: `value` as JSON with --json, else the text `human` makes. */
  result(value: unknown, human: () => string): void;
}

/** `golive … | head` closes stdout early; that is not an error. */
export function ignoreClosedPipes(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

const colour = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

function writeOut(text: string) {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function createOutput(opts: { json: boolean }): Output {
  return {
    json: opts.json,
    result(value, human) {
      writeOut(opts.json ? JSON.stringify(value, null, 2) : human());
    },
  };
}

type Cell = string | number | boolean | null | undefined;

/** A table for people; no colours unless stdout is a terminal. */
export function table(head: string[], rows: Cell[][]): string {
  const t = new Table({ head, style: { head: colour() ? ['bold'] : [], border: colour() ? ['grey'] : [], compact: true } });
  for (const row of rows) t.push(row.map((c) => (c === null || c === undefined ? '' : String(c))));
  return t.toString();
}

/** Label/value lines, aligned. */
export function fields(pairs: [string, Cell][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v ?? ''}`).join('\n');
}

/** A business date or an instant as YYYY-MM-DD (instants in Asia/Jakarta). */
export function fmtDate(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** An instant as YYYY-MM-DD HH:MM in Asia/Jakarta (WIB). */
export function fmtInstant(value: string | null | undefined): string {
  if (!value) return '';
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : `${new Date(t + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} WIB`;
}

export const fmtPercent = (p: number) => `${Number.isInteger(p) ? p : p.toFixed(1)}%`;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Prints an error the way the contract asks (one line, or JSON) and returns the exit code. */
export function reportError(err: unknown, json: boolean): ExitCode {
  const e = toCliError(err);
  if (json) {
    const body: Record<string, unknown> = { error: e.code, message: e.message, exitCode: e.exitCode };
    for (const k of ['hint', 'status', 'requestId', 'details'] as const) if (e.opts[k] !== undefined) body[k] = e.opts[k];
    process.stderr.write(`${JSON.stringify(body)}\n`);
  } else {
    // One line: a multi-line server message (a YAML code frame, say) keeps its first line; --json has it all.
    const message = (e.message.split('\n')[0] ?? '').replace(/:\s*$/, '.');
    const ref = e.opts.requestId && e.exitCode === EXIT.unavailable ? ` (request id ${e.opts.requestId})` : '';
    process.stderr.write(`error: ${message}${ref}${e.opts.hint ? ` ${e.opts.hint}` : ''}\n`);
  }
  if (process.env.GOLIVE_DEBUG && err instanceof Error && !(err instanceof CliError)) process.stderr.write(`${err.stack}\n`);
  return e.exitCode;
}

function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CliError(message.split('\n')[0] || 'Something went wrong.', EXIT.unavailable, {
    code: 'internal',
    hint: 'Set GOLIVE_DEBUG=1 for details.',
  });
}
