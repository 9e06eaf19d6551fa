import fs from 'node:fs';
import nodePath from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../config/config.ts';
import type { Database } from '../../db/client.ts';
import { contextOf } from '../context.ts';
import { usageError } from '../errors.ts';
import { fields } from '../output.ts';

interface ServerOptions {
  port?: string;
  host?: string;
  dataDir?: string;
}

/** The config from env (PORT, HOST, DATABASE_URL, GOLIVE_DATA_DIR, LOG_LEVEL), options overriding it. */
async function configFrom(o: ServerOptions): Promise<Config> {
  const { loadConfig, ConfigError } = await import('../../config/config.ts');
  const env = { ...process.env };
  if (o.port !== undefined) env.PORT = o.port;
  if (o.host !== undefined) env.HOST = o.host;
  if (o.dataDir !== undefined) env.GOLIVE_DATA_DIR = o.dataDir;
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw usageError(err.message.replace(/:?\n\s*/g, '; ').replace(/^; /, ''));
    throw err;
  }
}

const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');

interface JournalEntry {
  tag: string;
  when: number;
}

/** Applies pending migrations and says which ones ran. */
async function migrate(config: Config) {
  const { openDatabase, migrationsFolder } = await import('../../db/client.ts');
  const journal = JSON.parse(fs.readFileSync(nodePath.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  if (!config.databaseUrl) fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const before = await lastApplied(database);
    await database.migrate();
    const applied = journal.entries.filter((e) => before === null || e.when > before).map((e) => e.tag);
    const already = journal.entries.filter((e) => !applied.includes(e.tag)).map((e) => e.tag);
    return {
      database: database.kind,
      target: config.databaseUrl ? redact(config.databaseUrl) : nodePath.join(config.dataDir, 'pg'),
      applied,
      alreadyApplied: already,
    };
  } finally {
    await database.close();
  }
}

/** created_at of the newest applied migration (drizzle's bookkeeping), null on a fresh database. */
async function lastApplied(database: Database): Promise<number | null> {
  const { sql } = await import('drizzle-orm');
  const exists = (await database.db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`)) as unknown as { rows: { present: boolean }[] };
  if (!exists.rows[0]?.present) return null;
  const last = (await database.db.execute(sql`select max(created_at) as at from drizzle.__drizzle_migrations`)) as unknown as { rows: { at: string | number | null }[] };
  const at = last.rows[0]?.at;
  return at === null || at === undefined ? null : Number(at);
}

export function registerSystemCommands(program: Command) {
  program
    .command('serve')
    .description('Run the Golive server (API + web UI); env PORT, HOST, DATABASE_URL, GOLIVE_DATA_DIR, LOG_LEVEL')
    .option('--port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--data-dir <dir>', 'data directory for the embedded database and files (env GOLIVE_DATA_DIR, default ./data)')
    .action(async (o: ServerOptions) => {
      const config = await configFrom(o);
      const { serve } = await import('../../main.ts');
      try {
        await serve(config);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw usageError(`${config.host}:${config.port} is already in use.`, 'Pass another --port (or PORT).');
        throw err;
      }
    });

  program
    .command('worker')
    .description('Run background workers only (check runs, monitors, alerts) against DATABASE_URL; start as many as the load needs')
    .option('--metrics-port <port>', 'also answer /healthz and /metrics (Prometheus) on this port')
    .action(async (o: { metricsPort?: string }) => {
      const config = await configFrom({});
      const metricsPort = o.metricsPort === undefined ? undefined : Number(o.metricsPort);
      if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort > 0 && metricsPort < 65536)) throw usageError('--metrics-port takes a port number from 1 to 65535.');
      if (!config.databaseUrl) {
        throw usageError('golive worker needs DATABASE_URL: the embedded database serves one process.', '`golive serve` runs the workers itself; set DATABASE_URL to run workers apart.');
      }
      const { work } = await import('../../main.ts');
      await work(config, { metricsPort });
    });

  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply pending database migrations (DATABASE_URL, else the embedded database in GOLIVE_DATA_DIR)')
    .option('--data-dir <dir>', 'data directory of the embedded database (env GOLIVE_DATA_DIR)')
    .action(async (o: ServerOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const result = await migrate(await configFrom(o));
      ctx.out.result(result, () =>
        fields([
          ['Database', `${result.database} (${result.target})`],
          ['Applied', result.applied.join(', ') || 'nothing; already up to date'],
          ['Already applied', result.alreadyApplied.length],
        ]),
      );
    });
}
