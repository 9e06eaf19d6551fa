import { AppError } from '../../lib/errors.ts';
import type { CheckKind, CheckResult } from './check.ts';
import { checkKinds } from './registry.ts';
import { TargetRefused, type TargetGuard } from './target-guard.ts';

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
export async function runCheck(def: CheckKind, config: unknown, opts: { timeoutMs?: number | undefined; guard?: TargetGuard | undefined } = {}): Promise<CheckResult> {
  const timeoutMs = opts.timeoutMs ?? def.defaultTimeoutMs;
  const { guard } = opts;
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      reject(new DeadlineError(timeoutMs));
    }, timeoutMs);
  });
  // The guard's pre-flight resolves names, so it runs within the deadline too.
  const run = async () => {
    const refused = guard ? await vetTargets(def, config, guard) : null;
    if (refused) return refusal(refused);
    controller.signal.throwIfAborted(); // the deadline passed while vetting: connect to nothing
    return def.run(config, { signal: controller.signal, timeoutMs, guard });
  };
  try {
    const result = await Promise.race([run(), deadline]);
    return { ...result, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const durationMs = Math.round(performance.now() - started);
    if (e instanceof DeadlineError) {
      return { status: 'fail', message: `No answer within ${timeoutMs} ms.`, measurements: { timeoutMs }, durationMs };
    }
    // Refused at connect time (a redirect, a name that now resolves elsewhere): not allowed to look, not down.
    if (e instanceof TargetRefused) return { ...refusal(e.message), durationMs };
    return { status: 'error', message: `The check could not run: ${(e as Error).message ?? String(e)}`.slice(0, 500), measurements: {}, durationMs };
  } finally {
    clearTimeout(timer);
    // Stops whatever the kind left behind. A made-once reason: no error is built for every run.
    controller.abort(RUN_OVER);
  }
}

/** Why the run may not go ahead under the guard, or null. */
async function vetTargets(def: CheckKind, config: unknown, guard: TargetGuard): Promise<string | null> {
  if (!def.targets) return `The ${def.kind} check cannot say which hosts it connects to, so it cannot run under the private-target restriction.`;
  let hosts: string[];
  try {
    hosts = def.targets(config);
  } catch (e) {
    return `The hosts of this ${def.kind} check cannot be vetted for the private-target restriction: ${(e as Error).message}`;
  }
  try {
    for (const host of new Set(hosts)) await guard.assertAllowed(host);
    return null;
  } catch (e) {
    if (e instanceof TargetRefused) return e.message;
    return `The target could not be resolved: ${(e as Error).message}`;
  }
}

/** A run the guard did not allow: `error`, as the probe was not allowed to look (the target is not known to be down). */
const refusal = (message: string): Omit<CheckResult, 'durationMs'> => ({ status: 'error', message, measurements: { targetRefused: true } });

const RUN_OVER = new Error('the run is over');

class DeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`deadline ${timeoutMs} ms`);
  }
}
