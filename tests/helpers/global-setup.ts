import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres, migrationsFolder } from '../../src/db/client.ts';
import { sha256Hex } from '../../src/lib/ids.ts';

/**
 * For the PostgreSQL tier: one migrated template database per migration set, so each
 * test file gets a fresh database by `CREATE DATABASE … TEMPLATE` in milliseconds.
 */
export async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const files = fs.readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort();
  const hash = sha256Hex(files.map((f) => fs.readFileSync(path.join(migrationsFolder, f), 'utf8')).join('\n')).slice(0, 12);
  const name = `golive_tpl_${hash}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(740641200)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) {
      await admin.query(`create database ${name}`);
      const db = openPostgres(withDatabase(url, name), 1);
      await db.migrate();
      await db.close();
    }
    await admin.query('select pg_advisory_unlock(740641200)');
  } finally {
    await admin.end();
  }
  project.provide('templateDb', name);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
