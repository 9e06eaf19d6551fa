import type { SecretBox } from '../../lib/secret-box.ts';
import { localResources } from '../checks/check-secrets.ts';
import { passwordOf, redactSecret } from '../checks/kinds/redact.ts';
import { vettedAddress, type TargetGuard } from '../checks/target-guard.ts';
import type { Environment, ImportTargetRow } from './migration.repo.ts';

/**
 * An environment's import target: a PostgreSQL URL with its password, so it is sealed like a
 * check's secrets (the deployment and environment as associated data: a ciphertext copied onto
 * another target does not open) and never returned or logged. Targets set by client users are
 * vetted like their checks' targets, since the import runs on the vendor's workers.
 */
const contextOf = (deploymentId: string, environment: Environment) => `import-target:${deploymentId}:${environment}`;

export const sealTargetUrl = (box: SecretBox, deploymentId: string, environment: Environment, url: string) => box.seal(url, contextOf(deploymentId, environment));

export const openTargetUrl = (box: SecretBox, t: Pick<ImportTargetRow, 'deploymentId' | 'environment' | 'urlSealed'>) => box.open(t.urlSealed, contextOf(t.deploymentId, t.environment));

/** libpq parameters that choose another host than the URL's (a Unix socket directory, an address). */
const HOST_PARAMS = ['host', 'hostaddr'];

export class TargetNotAllowed extends Error {}

/**
 * Refuses what a client user's target may not reach from Golive's workers: loopback, link-local
 * and metadata addresses (after DNS, through the checks' target guard), Unix sockets, and files
 * on the worker named by libpq parameters. Throws TargetNotAllowed or the guard's TargetRefused.
 * Returns the address the guard vetted (the first of the name's, all of them vetted): the
 * import connects there (the engine's `target.address`), not to the name, which DNS could
 * answer differently a moment later.
 */
export async function assertTargetAllowed(guard: TargetGuard, url: string): Promise<string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TargetNotAllowed('The target URL does not parse. Write it as postgres://user:password@host:5432/database.');
  }
  const named = [...localResources(url), ...HOST_PARAMS.filter((p) => u.searchParams.has(p)).map((p) => `?${p}=`)];
  if (named.length) throw new TargetNotAllowed(`A target set by a client user may not name hosts or files on Golive's workers (${named.join(', ')}). Ask the vendor's implementation engineer to set it.`);
  if (!u.hostname) throw new TargetNotAllowed('A target set by a client user must name its host (postgres://user:password@host:5432/database), not a local socket.');
  return vettedAddress(guard, u.hostname);
}

/** A message about the target with its URL and password taken out (engine and driver errors may quote them). */
export function redactTarget(message: string, url: string): string {
  return redactSecret(redactSecret(message, url), passwordOf(url));
}
