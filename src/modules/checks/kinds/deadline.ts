import type { CheckContext } from '../check.ts';

/** Why a soft deadline fired: the kind still has a moment to say what it saw. */
export class SoftTimeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

export interface SoftDeadline {
  /** Aborts a little before the runner's deadline (or with it, whichever comes first). */
  signal: AbortSignal;
  /** Milliseconds until the soft deadline. */
  ms: number;
  /** True once the soft deadline (not the runner's) has fired. */
  readonly expired: boolean;
  clear(): void;
}

/**
 * The runner turns its deadline into a bare "no answer within N ms". A kind that wants to say
 * more ("connected, but no banner", "body still arriving after 12 KB") stops itself a little
 * earlier: 10% of the budget, at most 250 ms, before the runner would.
 */
export function softDeadline(ctx: CheckContext): SoftDeadline {
  const ms = Math.max(1, ctx.timeoutMs - Math.min(250, Math.ceil(ctx.timeoutMs * 0.1)));
  const controller = new AbortController();
  const onAbort = () => controller.abort(ctx.signal.reason);
  if (ctx.signal.aborted) controller.abort(ctx.signal.reason);
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new SoftTimeout(ms)), ms);
  return {
    signal: controller.signal,
    ms,
    get expired() {
      return controller.signal.reason instanceof SoftTimeout;
    },
    clear() {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    },
  };
}
