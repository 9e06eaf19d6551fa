/**
 * The check kinds the server accepts (src/modules/checks/registry.ts), their default deadline
 * and a starting config for the form — the docs/checks.md examples with placeholder hosts.
 * The API has no list of kinds to read, so this mirrors it; the server validates every config.
 * Credentials are ${NAME} references: the value goes in the check's secrets.
 */
export interface KindInfo {
  kind: string;
  defaultTimeoutMs: number;
  example: Record<string, unknown>;
}

export const CHECK_KINDS: readonly KindInfo[] = [
  { kind: 'http', defaultTimeoutMs: 10_000, example: { url: 'https://api.example.co.id/healthz', expect: { status: 200, maxLatencyMs: 500 } } },
  { kind: 'tls', defaultTimeoutMs: 10_000, example: { host: 'app.example.co.id', warnDays: 30, failDays: 7 } },
  { kind: 'security-headers', defaultTimeoutMs: 10_000, example: { url: 'https://app.example.co.id/' } },
  { kind: 'tcp', defaultTimeoutMs: 5000, example: { host: 'pos-gateway.example.internal', port: 8443 } },
  { kind: 'dns', defaultTimeoutMs: 5000, example: { name: 'app.example.co.id', type: 'CNAME', expect: { contains: ['lb.example.net'] } } },
  {
    kind: 'postgres',
    defaultTimeoutMs: 10_000,
    example: { url: 'postgres://golive_monitor:${PG_PASSWORD}@db-primary.example.internal:5432/app', minVersion: 15, expectRole: 'primary', expectReplica: true, maxLagSeconds: 30 },
  },
  { kind: 'redis', defaultTimeoutMs: 5000, example: { url: 'redis://:${REDIS_PASSWORD}@cache.example.internal:6379', maxmemoryPolicy: 'allkeys-lru', persistence: 'rdb' } },
  { kind: 'smtp', defaultTimeoutMs: 15_000, example: { host: 'smtp.sendgrid.net', port: 587, user: 'apikey', password: '${SENDGRID_API_KEY}' } },
  { kind: 'oidc', defaultTimeoutMs: 10_000, example: { issuer: 'https://login.example.co.id', algs: ['RS256'] } },
  { kind: 'saml-metadata', defaultTimeoutMs: 10_000, example: { url: 'https://idp.example.co.id/federationmetadata.xml', entityId: 'https://idp.example.co.id/', warnDays: 60, failDays: 14 } },
  { kind: 'webhook', defaultTimeoutMs: 10_000, example: { url: 'https://alerts.example.co.id/hooks/golive', signature: { secret: '${ALERT_WEBHOOK_SECRET}' }, expect: { maxLatencyMs: 3000 } } },
  { kind: 'vendor-api', defaultTimeoutMs: 10_000, example: { vendor: 'xendit', secretKey: '${XENDIT_SECRET_KEY}', minBalance: 5_000_000 } },
  {
    kind: 'load-test',
    defaultTimeoutMs: 660_000,
    example: { url: 'https://staging.example.co.id/api/v1/outlets', connections: 100, durationSeconds: 30, thresholds: { maxP95LatencyMs: 500, maxErrorRate: 0.01 } },
  },
  {
    kind: 'backup-restore',
    defaultTimeoutMs: 600_000,
    example: { source: 'postgres://golive_backup:${PG_BACKUP_PASSWORD}@db-replica.example.internal:5432/app', maxRestoreSeconds: 900 },
  },
];

const byKind = new Map(CHECK_KINDS.map((k) => [k.kind, k]));

export const kindInfo = (kind: string): KindInfo | undefined => byKind.get(kind);

/** The example config of a kind as the editor shows it. */
export const exampleText = (kind: string): string => JSON.stringify(kindInfo(kind)?.example ?? {}, null, 2);
