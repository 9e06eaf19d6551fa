import { z } from 'zod';
import YAML from 'yaml';
import { itemKey } from '../templates/template.schema.ts';
import { interpolate } from './interpolate.ts';
import { MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS } from './schedule.ts';

/**
 * A file of checks for `golive verify` (documented in docs/checks.md):
 *
 *   version: 1
 *   checks:
 *     - name: Production certificate
 *       item: application-deployment.4     # the checklist item it proves (optional)
 *       kind: tls
 *       timeoutMs: 10000                    # optional; each kind has a default
 *       config: { host: client.pwbifnb.com, warnDays: 30, failDays: 7 }
 *
 * Strings may say ${NAME} to take a value from the environment, so secrets stay out of the file;
 * a value that is only ${NAME} becomes a number or boolean when the variable holds one.
 */
export const verifyFile = z.object({
  version: z.literal(1),
  checks: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200),
        item: itemKey.optional(),
        kind: z.string().min(1).max(40),
        timeoutMs: z.number().int().min(100).max(30 * 60_000).optional(),
        /** Used by `golive checks apply` (a monitor's interval, what a pass does to the item); `verify` runs each check once. */
        intervalSeconds: z.number().int().min(MIN_INTERVAL_SECONDS).max(MAX_INTERVAL_SECONDS).optional(),
        onPass: z.enum(['evidence', 'suggest', 'complete']).optional(),
        criterion: z.object({ measure: z.enum(['uptime', 'mean_latency', 'passing']), threshold: z.number().positive().optional() }).strict().optional(),
        config: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .min(1)
    .max(1000),
});
export type VerifyFile = z.infer<typeof verifyFile>;

export class VerifyFileError extends Error {}

/**
 * Parses the text of a verify file; throws VerifyFileError with a message naming what is wrong.
 * With `env` null the ${NAME} references stay as they are (`golive checks apply` turns them into
 * the check's secrets instead of baking them into its config).
 */
export function parseVerifyFile(text: string, env: NodeJS.ProcessEnv | null = process.env): VerifyFile {
  let raw: unknown;
  try {
    raw = YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new VerifyFileError(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = verifyFile.safeParse(
    env === null ? raw : interpolate(raw, (name) => env[name], (name) => new VerifyFileError(`the file uses \${${name}}, but ${name} is not set in the environment`)),
  );
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new VerifyFileError(`${i.path.join('.') || 'file'}: ${i.message}`);
  }
  const names = new Set<string>();
  for (const c of parsed.data.checks) {
    if (names.has(c.name)) throw new VerifyFileError(`two checks are named "${c.name}"; names must be unique`);
    names.add(c.name);
  }
  return parsed.data;
}
