import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CliError, EXIT } from './errors.ts';

/** What `golive login` remembers: the server and an API token (never a password). */
const storedConfig = z.object({
  server: z.string().min(1),
  token: z.string().min(1).optional(),
  /** Set when login minted the token, so logout can revoke it. */
  tokenId: z.string().optional(),
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string() }).optional(),
  savedAt: z.string().optional(),
});
export type StoredConfig = z.infer<typeof storedConfig>;

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
  const result = storedConfig.safeParse(parsed);
  if (!result.success) {
    throw new CliError(`The config file ${file} is not valid.`, EXIT.usage, { code: 'config_invalid', hint: 'Delete it and run `golive login` again.' });
  }
  return result.data;
}

/** Writes atomically with mode 0600 (the file holds a bearer token) in a 0700 directory. */
export function writeConfig(config: StoredConfig, file = configPath()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}
