import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, EXIT } from './errors.ts';

/** What `golive login` remembers: the server and an API token (never a password). */
export interface StoredConfig {
  server: string;
  token?: string;
  /** Set when login minted the token, so logout can revoke it. */
  tokenId?: string;
  user?: { id: string; email: string; displayName: string };
  savedAt?: string;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Checked by hand rather than with zod: loading zod costs every command ~0.2 s. */
function parseStored(value: unknown): StoredConfig | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (!isString(v.server)) return null;
  for (const k of ['token', 'tokenId', 'savedAt'] as const) if (v[k] !== undefined && !isString(v[k])) return null;
  const u = v.user as Record<string, unknown> | undefined;
  if (u !== undefined && (!u || typeof u !== 'object' || !isString(u.id) || !isString(u.email) || typeof u.displayName !== 'string')) return null;
  const out: StoredConfig = { server: v.server };
  if (isString(v.token)) out.token = v.token;
  if (isString(v.tokenId)) out.tokenId = v.tokenId;
  if (u) out.user = { id: u.id as string, email: u.email as string, displayName: u.displayName as string };
  if (isString(v.savedAt)) out.savedAt = v.savedAt;
  return out;
}

/** GOLIVE_CONFIG, else $XDG_CONFIG_HOME/golive/config.json, else ~/.config/golive/config.json. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GOLIVE_CONFIG) return path.resolve(env.GOLIVE_CONFIG);
  const base = env.XDG_CONFIG_HOME ? path.resolve(env.XDG_CONFIG_HOME) : path.join(os.homedir(), '.config');
  return path.join(base, 'golive', 'config.json');
}

export function readConfig(file = configPath()): StoredConfig | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`Cannot read the config file ${file}: ${(err as Error).message}.`, EXIT.usage, { code: 'config_unreadable' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = parseStored(parsed);
  if (!result) {
    throw new CliError(`The config file ${file} is not valid.`, EXIT.usage, { code: 'config_invalid', hint: 'Delete it and run `golive login` again.' });
  }
  return result;
}

/** Writes atomically with mode 0600 (the file holds a bearer token) in a 0700 directory. */
export function writeConfig(config: StoredConfig, file = configPath()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}
