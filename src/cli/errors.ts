/**
 * Exit codes of the golive command (see DESIGN.md, "The contract"):
 * 0 success, 1 the thing checked failed, 2 usage or input error, 3 server unreachable or failing.
 */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, unavailable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI explains in one line and exits with; never shown as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly opts: {
      /** A stable machine code: the server's error code, or one of the CLI's own. */
      code?: string;
      /** What to do about it. */
      hint?: string;
      status?: number;
      requestId?: string;
      details?: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'CliError';
  }

  get code(): string {
    return this.opts.code ?? (this.exitCode === EXIT.unavailable ? 'unavailable' : 'usage');
  }
}

export const usageError = (message: string, hint?: string) => new CliError(message, EXIT.usage, { code: 'usage', ...(hint ? { hint } : {}) });

/** The same error with a more specific hint, when it has the given code (other errors pass through). */
export function withHint(err: unknown, code: string, hint: string): unknown {
  return err instanceof CliError && err.code === code ? new CliError(err.message, err.exitCode, { ...err.opts, hint }) : err;
}
