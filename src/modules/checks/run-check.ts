import { AppError } from '../../lib/errors.ts';
import type { CheckKind, CheckResult } from './check.ts';
import { checkKinds } from './registry.ts';

export class CheckConfigError extends AppError {}

/** Validates a check's config against its kind; a bad one is a 400 naming the field. */
export function parseCheckConfig(kind: string, config: unknown) {
  const def = checkKinds.get(kind);
  if (!def) throw new CheckConfigError('validation_failed', `Unknown check kind "${kind}". Kinds: ${[...checkKinds.keys()].join(', ')}.`);
  const parsed = def.config.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckConfigError('validation_failed', `Check config for ${kind} is not valid: ${issue?.path.join('.') || 'config'} ${issue?.message ?? ''}`.trim(), {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return { def, config: parsed.data };
}

/**
 * Runs one check to completion within its deadline. A kind that throws, hangs or is aborted
 * ends as `error` (or `fail` when the target timing out is the finding) — never as an exception.
 */
export async function runCheck(def: CheckKind, config: unknown, opts: { timeoutMs?: number | undefined } = {}): Promise<CheckResult> {
  const timeoutMs = opts.timeoutMs ?? def.defaultTimeoutMs;
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      reject(new DeadlineError(timeoutMs));
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([def.run(config, { signal: controller.signal, timeoutMs }), deadline]);
    return { ...result, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const durationMs = Math.round(performance.now() - started);
    if (e instanceof DeadlineError) {
      return { status: 'fail', message: `No answer within ${timeoutMs} ms.`, measurements: { timeoutMs }, durationMs };
    }
    return { status: 'error', message: `The check could not run: ${(e as Error).message ?? String(e)}`.slice(0, 500), measurements: {}, durationMs };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

class DeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`deadline ${timeoutMs} ms`);
  }
}
