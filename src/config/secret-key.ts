import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, type Config } from './config.ts';

/**
 * The instance key that seals secrets at rest. GOLIVE_SECRET_KEY when set (32 bytes as 64 hex
 * characters or base64); otherwise, on the embedded database only, a key generated on first run
 * into <data dir>/secret.key (mode 0600). A PostgreSQL server is shared by several processes,
 * which must all hold the same key, so there it is a start-up error to leave it unset.
 */
export function loadSecretKey(config: Pick<Config, 'secretKey' | 'databaseUrl' | 'dataDir'>): Buffer {
  if (config.secretKey) return parseSecretKey(config.secretKey);
  if (config.databaseUrl) {
    throw new ConfigError(
      'GOLIVE_SECRET_KEY is not set. With DATABASE_URL every Golive process must share one key that seals check secrets: ' +
        'generate one with `openssl rand -hex 32` and set it for every process.',
    );
  }
  const file = path.join(config.dataDir, 'secret.key');
  try {
    return parseSecretKey(fs.readFileSync(file, 'utf8').trim());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another process wrote it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return parseSecretKey(fs.readFileSync(file, 'utf8').trim());
    throw e;
  }
  return Buffer.from(key, 'hex');
}

export function parseSecretKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError('GOLIVE_SECRET_KEY must be 32 bytes: 64 hex characters (openssl rand -hex 32) or base64.');
  return key;
}
