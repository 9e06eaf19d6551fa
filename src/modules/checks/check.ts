import type { z } from 'zod';
import type { TargetGuard } from './target-guard.ts';

/**
 * A check is a bounded probe of one thing a checklist item claims (a certificate, a DNS record,
 * a replica, a load target). Every kind validates its config with a zod schema and runs within a
 * deadline; whatever the target does, a run ends as one of four outcomes:
 *   pass  — the claim holds;   warn — it holds, but something needs attention soon (e.g. expiry);
 *   fail  — the claim does not hold;   error — the probe could not tell (bad config, unreachable tool).
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error';

export interface CheckResult {
  status: CheckStatus;
  /** One sentence for people: what was found. */
  message: string;
  /** Numbers and facts measured (latency, days to expiry, lag…), for evidence and charts. */
  measurements: Record<string, number | string | boolean | null>;
  durationMs: number;
}

/** What a kind's run gets besides its config. */
export interface CheckContext {
  /** Aborted at the deadline; a kind passes it to every socket and request it opens. */
  signal: AbortSignal;
  /** Milliseconds left before the deadline when the run started. */
  timeoutMs: number;
  /**
   * Present when the check may not reach loopback, link-local or metadata addresses (set up by a
   * client user): runCheck has vetted `targets()` before the run; a kind that opens node sockets
   * also gives them `socketGuard(guard, host)` (or `guard.lookup` where a library passes it on),
   * so every connection — redirects included — is vetted again at connect time. A refusal is a
   * thrown TargetRefused, which the kind lets through: runCheck reports it as `error`.
   */
  guard?: TargetGuard | undefined;
}

export interface CheckKind<S extends z.ZodType = z.ZodType> {
  kind: string;
  /** One line for people: what this kind verifies. */
  description: string;
  config: S;
  /** Default deadline for one run, overridable per check. */
  defaultTimeoutMs: number;
  /**
   * Every host the run will connect to, read from the config as the client library will read it
   * (for the target guard). Throws when they cannot be known; a guarded run then does not start.
   */
  targets?(config: z.output<S>): string[];
  run(config: z.output<S>, ctx: CheckContext): Promise<Omit<CheckResult, 'durationMs'>>;
}

export const defineCheckKind = <S extends z.ZodType>(k: CheckKind<S>): CheckKind<S> => k;

/** The worst of several statuses (fail beats error beats warn beats pass). */
export function worst(statuses: CheckStatus[]): CheckStatus {
  const order: CheckStatus[] = ['pass', 'warn', 'error', 'fail'];
  return statuses.reduce<CheckStatus>((w, s) => (order.indexOf(s) > order.indexOf(w) ? s : w), 'pass');
}
