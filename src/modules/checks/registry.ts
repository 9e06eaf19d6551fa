import { z } from 'zod';
import type { CheckKind } from './check.ts';
import { httpCheck } from './kinds/http.ts';
import { tlsCheck } from './kinds/tls.ts';
import { securityHeadersCheck } from './kinds/security-headers.ts';
import { tcpCheck } from './kinds/tcp.ts';
import { dnsCheck } from './kinds/dns.ts';
import { postgresCheck } from './kinds/postgres.ts';
import { redisCheck } from './kinds/redis.ts';
import { smtpCheck } from './kinds/smtp.ts';
import { oidcCheck } from './kinds/oidc.ts';
import { samlMetadataCheck } from './kinds/saml-metadata.ts';
import { webhookCheck } from './kinds/webhook.ts';
import { vendorApiCheck } from './kinds/vendor-api.ts';
import { loadTestCheck } from './kinds/load-test.ts';
import { backupRestoreCheck } from './kinds/backup-restore.ts';

/**
 * Every check kind, by name. A kind lives in kinds/<kind>.ts and is listed here once;
 * the verify file and (later) the API accept exactly these.
 */
const kinds: CheckKind[] = [
  // kinds: one import above and one entry here per kind
  httpCheck,
  tlsCheck,
  securityHeadersCheck,
  tcpCheck,
  dnsCheck,
  postgresCheck,
  redisCheck,
  smtpCheck,
  oidcCheck,
  samlMetadataCheck,
  webhookCheck,
  vendorApiCheck,
  loadTestCheck,
  backupRestoreCheck,
];

export const checkKinds: ReadonlyMap<string, CheckKind> = new Map(kinds.map((k) => [k.kind, k]));

let described: { kind: string; description: string; defaultTimeoutMs: number; config: Record<string, unknown> }[] | undefined;

/** Every kind for clients (the web form, API users): what it verifies, its default deadline, its config as JSON Schema. */
export function describeKinds() {
  described ??= [...checkKinds.values()].map((k) => ({
    kind: k.kind,
    description: k.description,
    defaultTimeoutMs: k.defaultTimeoutMs,
    config: z.toJSONSchema(k.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  }));
  return described;
}
