import pg from 'pg';
import { redirectedSocket } from '../../../../lib/redirected-socket.ts';
import { MigrationInputError } from '../errors.ts';

/**
 * The importer's one connection to the target. Anything that keeps us from reaching it (a URL
 * that is not PostgreSQL's, a refused port, a wrong password, a missing database) is the
 * user's to fix: MigrationInputError('target_unavailable'), with the password never shown.
 */

export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}${u.username ? ` as ${decodeURIComponent(u.username)}` : ''}`;
  } catch {
    return 'the target';
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  '28P01': 'wrong password',
  '28000': 'not allowed to connect',
  '3D000': 'no such database',
};

/** Whether an error means the connection to the target is gone (as opposed to a bad statement). */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return Boolean((err.code && (REASONS[err.code] || err.code.startsWith('08') || err.code === '57P01')) || /Connection terminated|connection timeout/i.test(err.message ?? ''));
}

export function targetUnavailable(url: string, e: unknown, during = 'connect'): MigrationInputError {
  const err = e as { code?: string; message?: string };
  const reason = (err.code && REASONS[err.code]) || (err.message ?? String(e)).split('\n')[0]!.replace(/postgres(ql)?:\/\/[^\s]*/g, '<url>');
  const what = during === 'connect' ? 'Cannot connect to' : 'Lost the connection to';
  const todo = during === 'connect' ? 'Check --target (or GOLIVE_IMPORT_TARGET_URL).' : 'Committed batches are safe: run the same command with --resume.';
  return new MigrationInputError('target_unavailable', `${what} the target database ${describeTarget(url)}: ${reason}. ${todo}`);
}

/**
 * Where the product's workers connect: the target's address as the target guard vetted it
 * (import-target.ts), so DNS is not asked again — a name that answered a public address to the
 * guard and answers 127.0.0.1 to the connection (DNS rebinding) still reaches the public one.
 * The CLI leaves it unset: the user's own DNS and network.
 */
export interface TargetAddress {
  /** An IP address; the URL's host name is still what TLS checks the certificate against. */
  address?: string | undefined;
}

/** The connection settings of every importer connection to the target (plain data: the direct loader's thread uses them too). */
export const targetClientConfig = (url: string): pg.ClientConfig => ({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'golive import' });

/**
 * A socket for pg that connects to `address` whatever host pg names: pg keeps the name for TLS
 * (SNI and the certificate's identity), the socket never resolves it. (The loader thread's
 * direct-load.worker.mjs makes the same socket: a worker cannot load TypeScript on Node 20.)
 */
export const pinnedSocket = (address: string) => redirectedSocket((port) => ({ port, host: address }));

// Each batch commits with its checkpoint; a server crash can lose the last few commits, and
// checkpoint and rows are lost together, so --resume stays exact (docs/migration.md).
export const SESSION_SQL = `set synchronous_commit = off; set client_encoding = 'UTF8'`;

export async function connectTarget(url: string, { address }: TargetAddress = {}): Promise<pg.Client> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new MigrationInputError('target_unavailable', 'The target must be a PostgreSQL URL (postgres://user@host:5432/database). Check --target (or GOLIVE_IMPORT_TARGET_URL).');
  }
  let client: pg.Client;
  try {
    client = new pg.Client({ ...targetClientConfig(url), ...(address ? { stream: () => pinnedSocket(address) } : {}) });
  } catch (e) {
    throw targetUnavailable(url, e);
  }
  // A server that drops us between queries must not crash the process with an unhandled 'error'.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(SESSION_SQL);
  } catch (e) {
    await client.end().catch(() => {});
    throw targetUnavailable(url, e);
  }
  return client;
}
