import type { Command } from 'commander';
import { readConfig, type StoredConfig } from './config-store.ts';
import { CliError, EXIT } from './errors.ts';
import { ApiClient, normalizeServer } from './http.ts';
import { createOutput, type Output } from './output.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:3000';

export interface GlobalOptions {
  server?: string;
  token?: string;
  json?: boolean;
}

export interface Context {
  out: Output;
  globals: GlobalOptions;
  /** The server URL: --server, GOLIVE_SERVER, the config file, else the local default. */
  server(): string;
  /** The saved config (null when never logged in). */
  stored(): StoredConfig | null;
  /** A client with a token (--token, GOLIVE_TOKEN, the config file); not logged in is a usage error. */
  api(): ApiClient;
}

/** Everything an action needs, from the command it runs in (global options included). */
export function contextOf(cmd: Command): Context {
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  const out = createOutput({ json: Boolean(globals.json) });
  let cached: StoredConfig | null | undefined;
  const stored = () => (cached === undefined ? (cached = readConfig()) : cached);
  const server = () => normalizeServer(globals.server ?? process.env.GOLIVE_SERVER ?? stored()?.server ?? DEFAULT_SERVER);
  return {
    out,
    globals,
    server,
    stored,
    api() {
      const url = server();
      const saved = stored();
      // A token saved for another server is not sent anywhere else.
      const savedToken = saved && normalizeServer(saved.server) === url ? saved.token : undefined;
      const token = globals.token ?? process.env.GOLIVE_TOKEN ?? savedToken;
      if (!token) {
        throw new CliError(`Not logged in to ${url}.`, EXIT.usage, {
          code: 'not_logged_in',
          hint: 'Run `golive login --server <url> --email <e>`, or pass --token (GOLIVE_TOKEN).',
        });
      }
      return new ApiClient(url, token);
    },
  };
}
