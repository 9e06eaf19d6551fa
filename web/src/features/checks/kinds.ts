/**
 * A starting config for the form by kind — the docs/checks.md examples with placeholder hosts.
 * Which kinds exist, what they verify and their default deadlines come from the API
 * (useCheckKinds); a kind it lists without an example here starts from {}. The server validates
 * every config. Credentials are ${NAME} references: the value goes in the check's secrets.
 */
const EXAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  http: { url: 'https://api.example.co.id/healthz', expect: { status: 200, maxLatencyMs: 500 } },
  tls: { host: 'app.example.co.id', warnDays: 30, failDays: 7 },
  'security-headers': { url: 'https://app.example.co.id/' },
  tcp: { host: 'pos-gateway.example.internal', port: 8443 },
  dns: { name: 'app.example.co.id', type: 'CNAME', expect: { contains: ['lb.example.net'] } },
  postgres: { url: 'postgres://golive_monitor:${PG_PASSWORD}@db-primary.example.internal:5432/app', minVersion: 15, expectRole: 'primary', expectReplica: true, maxLagSeconds: 30 },
  redis: { url: 'redis://:${REDIS_PASSWORD}@cache.example.internal:6379', maxmemoryPolicy: 'allkeys-lru', persistence: 'rdb' },
  smtp: { host: 'smtp.sendgrid.net', port: 587, user: 'apikey', password: '${SENDGRID_API_KEY}' },
  oidc: { issuer: 'https://login.example.co.id', algs: ['RS256'] },
  'saml-metadata': { url: 'https://idp.example.co.id/federationmetadata.xml', entityId: 'https://idp.example.co.id/', warnDays: 60, failDays: 14 },
  webhook: { url: 'https://alerts.example.co.id/hooks/golive', signature: { secret: '${ALERT_WEBHOOK_SECRET}' }, expect: { maxLatencyMs: 3000 } },
  'vendor-api': { vendor: 'xendit', secretKey: '${XENDIT_SECRET_KEY}', minBalance: 5_000_000 },
  'load-test': { url: 'https://staging.example.co.id/api/v1/outlets', connections: 100, durationSeconds: 30, thresholds: { maxP95LatencyMs: 500, maxErrorRate: 0.01 } },
  'backup-restore': { source: 'postgres://golive_backup:${PG_BACKUP_PASSWORD}@db-replica.example.internal:5432/app', maxRestoreSeconds: 900 },
};

/** The example config of a kind as the editor shows it. */
export const exampleText = (kind: string): string => JSON.stringify(EXAMPLES[kind] ?? {}, null, 2);
