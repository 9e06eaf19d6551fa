import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/db/client.ts';

/**
 * A fresh, migrated database for one test file: PGlite in memory, or (PostgreSQL tier)
 * a new database cloned from the migrated template made by global-setup. Closing drops it.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  if (process.env.GOLIVE_TEST_DB !== 'postgres') {
    const db = await openPglite(undefined);
    await db.migrate();
    return db;
  }
  const url = process.env.TEST_DATABASE_URL!;
  const template = inject('templateDb');
  const name = `golive_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(url, `create database ${name} template ${template}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = openPostgres(u.toString(), 5);
  return {
    ...db,
    /** For tests that start other processes on the same database. */
    url: u.toString(),
    async close() {
      await db.close();
      await admin(url, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function admin(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
