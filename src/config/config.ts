import { z } from 'zod';
import path from 'node:path';

/**
 * Every setting Golive reads, parsed once at start. No secret has a default here: session and
 * API tokens are random and stored only as hashes; the key sealing check secrets is
 * GOLIVE_SECRET_KEY or, embedded only, generated into the data dir (secret-key.ts).
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  GOLIVE_DATA_DIR: z.string().min(1).default('./data'),
  GOLIVE_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(25 * 1024 * 1024),
  GOLIVE_MAX_IMPORT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024 * 1024).default(4 * 1024 * 1024 * 1024),
  GOLIVE_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  GOLIVE_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  GOLIVE_SECRET_KEY: z.string().min(1).optional(),
  GOLIVE_WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  GOLIVE_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(2000).default(100),
  GOLIVE_CHECK_RUN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  GOLIVE_JOBS_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  maxUploadBytes: number;
  /** The largest POS export an import may upload (they run to gigabytes; evidence files stay small). */
  maxImportBytes: number;
  sessionTtlHours: number;
  secureCookies: boolean;
  /** Seals check secrets at rest (see secret-key.ts); unset = generated into the data dir (embedded only). */
  secretKey: string | undefined;
  /** Whether `serve` also runs background workers (checks, monitors); `golive worker` runs only them. */
  workers: boolean;
  /** Checks one worker process runs at once. */
  checkConcurrency: number;
  /** Raw check runs are rolled up per hour and deleted after this many days. */
  checkRunRetentionDays: number;
  /** How often the job queue looks for jobs of dead workers (and other upkeep). */
  jobsMaintenanceSeconds: number;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.GOLIVE_DATA_DIR),
    maxUploadBytes: e.GOLIVE_MAX_UPLOAD_BYTES,
    maxImportBytes: e.GOLIVE_MAX_IMPORT_BYTES,
    sessionTtlHours: e.GOLIVE_SESSION_TTL_HOURS,
    secureCookies: e.GOLIVE_SECURE_COOKIES,
    secretKey: e.GOLIVE_SECRET_KEY,
    workers: e.GOLIVE_WORKERS,
    checkConcurrency: e.GOLIVE_CHECK_CONCURRENCY,
    checkRunRetentionDays: e.GOLIVE_CHECK_RUN_RETENTION_DAYS,
    jobsMaintenanceSeconds: e.GOLIVE_JOBS_MAINTENANCE_SECONDS,
    logLevel: e.LOG_LEVEL,
  };
}
