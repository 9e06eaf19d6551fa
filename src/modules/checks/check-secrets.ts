import type { SecretBox } from '../../lib/secret-box.ts';
import type { CheckResult } from './check.ts';
import { interpolate, referencedNames } from './interpolate.ts';
import { redactSecret } from './kinds/redact.ts';
import { CheckConfigError } from './run-check.ts';

/**
 * A stored check keeps its secrets apart from its config: the config says `${NAME}` where a
 * password or key goes, and `secrets` holds NAME → ciphertext. A run decrypts them, fills the
 * config, and redacts every secret value from what it keeps (message, measurements).
 */

/** Field names whose value is a credential; such a field must hold a ${NAME} reference. */
const SECRET_FIELD = /^(password|pass|secret|secretkey|apikey|api_key|authtoken|token|clientsecret|client_secret)$/i;
/** Request headers that carry credentials. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$/i;

const hasReference = (v: string) => /\$\{[A-Z_][A-Z0-9_]*\}/.test(v);

/** Where a config holds a credential literally, as paths (e.g. `signature.secret`). */
export function literalSecrets(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return urlPasswordIn(value) ? [`${path.join('.')} (the password in the URL)`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => literalSecrets(v, [...path, String(i)]));
  if (!value || typeof value !== 'object') return [];
  const isHeaders = path.at(-1)?.toLowerCase() === 'headers';
  return Object.entries(value).flatMap(([k, v]) => {
    const here = [...path, k];
    if (typeof v === 'string' && (SECRET_FIELD.test(k) || (isHeaders && SECRET_HEADER.test(k))) && !hasReference(v)) return [here.join('.')];
    return literalSecrets(v, here);
  });
}

/** Whether a URL string carries a password that is not a ${NAME} reference. */
function urlPasswordIn(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  try {
    const password = decodeURIComponent(new URL(value).password);
    return !!password && !hasReference(password);
  } catch {
    return false; // not a URL after all: the kind's own validation speaks to it
  }
}

export function assertNoLiteralSecrets(config: unknown) {
  const found = literalSecrets(config);
  if (found.length) {
    throw new CheckConfigError(
      'validation_failed',
      `Credentials must not be stored in a check's config (${found.join(', ')}): put the value in "secrets" as {"NAME": "value"} and write \${NAME} in the config instead.`,
      { fields: found },
    );
  }
}

export function assertSecretsReferenced(config: unknown, secretNames: Iterable<string>) {
  const used = referencedNames(config);
  const missing = [...used].filter((n) => ![...secretNames].includes(n));
  if (missing.length) {
    throw new CheckConfigError('validation_failed', `The config uses ${missing.map((n) => `\${${n}}`).join(', ')} but the check has no secret of that name. Add it under "secrets".`, { missing });
  }
}

const contextOf = (checkId: string, name: string) => `check:${checkId}:${name}`;

export function sealSecrets(box: SecretBox, checkId: string, secrets: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, box.seal(value, contextOf(checkId, name))]));
}

export function openSecrets(box: SecretBox, checkId: string, sealed: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(sealed).map(([name, value]) => [name, box.open(value, contextOf(checkId, name))]));
}

/** The config a run uses: every ${NAME} filled from the check's secrets. */
export function fillSecrets(config: unknown, secrets: Record<string, string>): unknown {
  return interpolate(config, (name) => secrets[name], (name) => new CheckConfigError('validation_failed', `The config uses \${${name}} but the check has no secret of that name.`));
}

/** The result with every secret value replaced by ***, in the message and in string measurements. */
export function redactResult<T extends Pick<CheckResult, 'message' | 'measurements'>>(result: T, secrets: Record<string, string>): T {
  const values = Object.values(secrets).filter(Boolean);
  if (!values.length) return result;
  const redact = (s: string) => values.reduce((t, v) => redactSecret(t, v), s);
  return {
    ...result,
    message: redact(result.message),
    measurements: Object.fromEntries(Object.entries(result.measurements).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v])),
  };
}

/** libpq connection parameters that name files on the machine that runs the check. */
const LOCAL_FILE_PARAMS = ['sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'sslcrldir', 'passfile', 'service', 'servicefile'];

/**
 * What a check set up by a client user may not name: programs and files on the vendor's worker
 * (backup-restore's pgBinDir, libpq's certificate, key and password files). Network targets are
 * the target guard's business; this is about the worker's own disk.
 */
export function localResources(config: unknown, path: string[] = []): string[] {
  if (typeof config === 'string') {
    if (!/^postgres(ql)?:\/\//i.test(config)) return [];
    try {
      const params = new URL(config).searchParams;
      return LOCAL_FILE_PARAMS.filter((p) => params.has(p)).map((p) => `${path.join('.')} (?${p}=)`);
    } catch {
      return [];
    }
  }
  if (Array.isArray(config)) return config.flatMap((v, i) => localResources(v, [...path, String(i)]));
  if (!config || typeof config !== 'object') return [];
  return Object.entries(config).flatMap(([k, v]) => (k === 'pgBinDir' ? [[...path, k].join('.')] : localResources(v, [...path, k])));
}

export function assertNoLocalResources(config: unknown) {
  const found = localResources(config);
  if (found.length) {
    throw new CheckConfigError(
      'validation_failed',
      `A check set up by a client user may not name programs or files on Golive's workers (${found.join(', ')}). Ask the vendor's implementation engineer to set this check up.`,
      { fields: found },
    );
  }
}
