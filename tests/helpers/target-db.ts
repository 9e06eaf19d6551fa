import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { admin } from './db.ts';

/**
 * A fresh, empty PostgreSQL database for a migration test file (the import target), made on
 * TEST_DATABASE_URL's server and dropped by `drop()`. Tests that need one skip when
 * TEST_DATABASE_URL is unset.
 */
export interface TargetDatabase {
  url: string;
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createTargetDatabase(prefix = 'golive_mig'): Promise<TargetDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // `drop database … with (force)` may terminate a client the pool is still closing: not a test failure.
  pool.on('error', () => {});
  return {
    url,
    async query(sql, params) {
      return (await pool.query(sql, params as unknown[])).rows;
    },
    async drop() {
      await pool.end();
      await admin(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
