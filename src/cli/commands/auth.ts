import os from 'node:os';
import type { Command } from 'commander';
import type { CreatedToken, Me } from '../api-types.ts';
import { configPath, writeConfig } from '../config-store.ts';
import { contextOf, type Context } from '../context.ts';
import { CliError, EXIT, usageError, withHint } from '../errors.ts';
import { ApiClient } from '../http.ts';
import { fields } from '../output.ts';
import { promptHidden, readStdin } from '../prompt.ts';

interface LoginOptions {
  email?: string;
  password?: string;
  passwordStdin?: boolean;
}

const describeMe = (me: Me, server: string) =>
  `${me.displayName} <${me.email}> (${me.workspaceRole}) on ${server}`;

/** Signs in with email and password, then mints an API token with the session cookie. */
async function mintToken(server: string, email: string, password: string): Promise<CreatedToken> {
  const anon = new ApiClient(server);
  const res = await anon.request('POST', '/api/v1/session', { json: { email, password }, auth: false }).catch((err: unknown) => {
    throw withHint(err, 'unauthorized', 'Check the email and password.');
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('golive_session='));
  if (!cookie) throw new CliError(`The server at ${server} did not start a session.`, EXIT.unavailable, { code: 'bad_response', hint: 'Is --server pointing at a Golive server?' });
  const headers = { cookie };
  try {
    const name = `cli ${os.hostname()}`.slice(0, 80);
    return await anon.json<CreatedToken>('POST', '/api/v1/tokens', { json: { name }, headers, auth: false });
  } finally {
    // The session was only needed to mint the token.
    await anon.request('DELETE', '/api/v1/session', { headers, auth: false }).catch(() => {});
  }
}

async function passwordFrom(opts: LoginOptions): Promise<string> {
  if (opts.password) return opts.password;
  if (opts.passwordStdin) return readStdin();
  if (process.env.GOLIVE_PASSWORD) return process.env.GOLIVE_PASSWORD;
  return promptHidden('Password: ');
}

async function login(ctx: Context, opts: LoginOptions) {
  const server = ctx.server();
  const given = ctx.globals.token ?? process.env.GOLIVE_TOKEN;
  let token: string;
  let tokenId: string | undefined;
  if (opts.email) {
    const minted = await mintToken(server, opts.email, await passwordFrom(opts));
    token = minted.token;
    tokenId = minted.id;
  } else if (given) {
    token = given;
  } else {
    throw usageError('Say how to log in.', 'Pass --email <e> (and --password, --password-stdin or GOLIVE_PASSWORD), or --token <t>.');
  }
  const me = await new ApiClient(server, token).get<Me>('/api/v1/me').catch((err: unknown) => {
    throw withHint(err, 'unauthorized', 'Check the token (it may be revoked or expired), or log in with --email.');
  });
  const file = configPath();
  writeConfig({ server, token, ...(tokenId ? { tokenId } : {}), user: { id: me.id, email: me.email, displayName: me.displayName }, savedAt: new Date().toISOString() }, file);
  ctx.out.result({ server, user: me, config: file, tokenMinted: Boolean(tokenId) }, () => `Logged in as ${describeMe(me, server)}.\nToken saved in ${file}.`);
}

async function logout(ctx: Context) {
  const stored = ctx.stored();
  if (!stored?.token) {
    ctx.out.result({ loggedOut: false, server: stored?.server ?? null }, () => 'Not logged in.');
    return;
  }
  let revoked = false;
  if (stored.tokenId) {
    // Best effort: the token login minted is revoked; one the user brought is theirs to keep.
    try {
      await new ApiClient(stored.server, stored.token).request('DELETE', `/api/v1/tokens/${encodeURIComponent(stored.tokenId)}`, { timeoutMs: 10_000 });
      revoked = true;
    } catch {
      revoked = false;
    }
  }
  writeConfig({ server: stored.server });
  ctx.out.result({ loggedOut: true, server: stored.server, revoked }, () =>
    `Logged out of ${stored.server}${stored.tokenId ? (revoked ? '; the token was revoked' : '; the token could not be revoked on the server (revoke it in the web UI)') : ''}.`,
  );
}

async function whoami(ctx: Context) {
  const api = ctx.api();
  const me = await api.get<Me>('/api/v1/me');
  ctx.out.result({ server: api.server, user: me }, () =>
    fields([
      ['User', `${me.displayName} <${me.email}>`],
      ['Role', me.workspaceRole],
      ['Server', api.server],
      ['Permissions', me.permissions.length],
    ]),
  );
}

export function registerAuthCommands(program: Command) {
  program
    .command('login')
    .description('Log in to a Golive server and save an API token (uses the global --server and --token)')
    .option('--email <email>', 'sign in with email and password; a token named "cli <hostname>" is minted and saved')
    .option('--password <password>', 'the password (or --password-stdin, GOLIVE_PASSWORD, or a prompt)')
    .option('--password-stdin', 'read the password from stdin')
    .addHelpText('after', '\nExamples:\n  golive login --server http://127.0.0.1:3000 --email you@example.com\n  golive login --server https://golive.example.com --token glt_…')
    .action((opts: LoginOptions, cmd: Command) => login(contextOf(cmd), opts));

  program
    .command('logout')
    .description('Forget the saved token (and revoke it when login minted it)')
    .action((_opts: unknown, cmd: Command) => logout(contextOf(cmd)));

  program
    .command('whoami')
    .description('Show who the saved token belongs to')
    .action((_opts: unknown, cmd: Command) => whoami(contextOf(cmd)));
}
