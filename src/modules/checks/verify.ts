import { worst, type CheckResult, type CheckStatus } from './check.ts';
import { parseCheckConfig, runCheck } from './run-check.ts';
import type { VerifyFile } from './verify-file.ts';
import { VerifyFileError } from './verify-file.ts';

export interface VerifiedCheck extends CheckResult {
  name: string;
  kind: string;
  item: string | null;
}

export interface VerifyReport {
  status: CheckStatus;
  counts: Record<CheckStatus, number>;
  checks: VerifiedCheck[];
}

/**
 * Runs every check of a verify file, a few at a time, and reports each with the overall status.
 * Configs are all validated before anything runs, so a bad file runs nothing.
 */
export async function verifyChecks(file: VerifyFile, opts: { concurrency?: number } = {}): Promise<VerifyReport> {
  const prepared = file.checks.map((c) => {
    try {
      return { ...c, ...parseCheckConfig(c.kind, c.config) };
    } catch (e) {
      throw new VerifyFileError(`check "${c.name}": ${(e as Error).message}`);
    }
  });
  const results: VerifiedCheck[] = new Array(prepared.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < prepared.length; i = next++) {
      const c = prepared[i]!;
      const r = await runCheck(c.def, c.config, { timeoutMs: c.timeoutMs });
      results[i] = { name: c.name, kind: c.kind, item: c.item ?? null, ...r };
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, prepared.length) }, worker));
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, error: 0 };
  for (const r of results) counts[r.status]++;
  return { status: worst(results.map((r) => r.status)), counts, checks: results };
}
