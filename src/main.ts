import fs from 'node:fs';
import http from 'node:http';
import pino from 'pino';
import { loadConfig, type Config } from './config/config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { openJobQueue } from './jobs/queue.ts';
import { createServices, type Services } from './services.ts';
import { buildServer } from './server/build-server.ts';
import { loadBuiltinTemplates } from './modules/templates/template.loader.ts';
import { startCheckWorkers } from './modules/checks/checks.jobs.ts';
import { startMigrationWorkers } from './modules/migration/migration.jobs.ts';
import type { App } from './server/types.ts';
import { metricsRegistry } from './server/metrics.ts';

/**
 * The composition root: config → database (migrated) → job queue → built-in templates →
 * services → server and/or workers. Everything else receives what it needs from here.
 */
export async function startCore(config: Config = loadConfig()): Promise<{ services: Services; database: Database; log: pino.Logger }> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const log = pino({ level: config.logLevel });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  await database.migrate();
  const queue = await openJobQueue(database, { maintenanceSeconds: config.jobsMaintenanceSeconds, log });
  const services = createServices(config, database, queue, { log });
  await services.templates.installBuiltins(loadBuiltinTemplates());
  return { services, database, log };
}

/** Background workers of every module; returns how to stop them. */
export async function startWorkers(services: Services, log?: pino.Logger): Promise<{ stop(): Promise<void> }> {
  const { config, database, queue } = services;
  const modules = [
    await startCheckWorkers({
      db: database.db,
      queue,
      runner: services.checkRunner,
      scheduler: services.checkScheduler,
      alerts: services.alerts,
      readings: services.monitorReadings,
      concurrency: config.checkConcurrency,
      retentionDays: config.checkRunRetentionDays,
      log,
    }),
    await startMigrationWorkers({ db: database.db, queue, importer: services.importRunner, reconciler: services.reconcileRunner, log }),
  ];
  return {
    async stop() {
      await Promise.all(modules.map((m) => m.stop()));
    },
  };
}

/** The server, not listening yet, and no workers (tests and benchmarks start what they need). */
export async function startApp(config: Config = loadConfig()): Promise<{ app: App; services: Services; database: Database; close(): Promise<void> }> {
  const { services, database } = await startCore(config);
  const app = await buildServer(services);
  const close = async () => {
    await app.close();
    await services.queue.stop({ graceful: false, wait: true, close: false });
    await database.close();
  };
  return { app, services, database, close };
}

/** Shuts down in order on SIGINT/SIGTERM: stop taking work, finish what is in flight, close the queue and database. */
function onSignals(close: () => Promise<void>, log: pino.Logger) {
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

export async function serve(config: Config = loadConfig()) {
  const { services, database, log } = await startCore(config);
  const app = await buildServer(services);
  const workers = config.workers ? await startWorkers(services, log) : null;
  const close = async () => {
    await app.close();
    await workers?.stop();
    await services.queue.stop({ graceful: false, wait: true, close: false });
    await database.close();
  };
  onSignals(close, log);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    // A port in use must not leave the database open and the process hanging.
    await close();
    throw e;
  }
  app.log.info({ database: database.kind, dataDir: config.dataDir, workers: !!workers }, `Golive is up on http://${config.host}:${config.port}`);
  return app;
}

/**
 * A worker process only: runs checks, monitors and other jobs against a PostgreSQL server shared
 * with the app servers. With a port it also answers /healthz and /metrics (Prometheus) there.
 */
export async function work(config: Config = loadConfig(), opts: { metricsPort?: number | undefined } = {}) {
  const { services, database, log } = await startCore(config);
  const workers = await startWorkers(services, log);
  const probe = opts.metricsPort === undefined ? null : await serveWorkerProbe(opts.metricsPort, config.host);
  onSignals(async () => {
    probe?.close();
    await workers.stop();
    await services.queue.stop({ graceful: false, wait: true, close: false });
    await database.close();
  }, log);
  log.info({ database: database.kind, concurrency: config.checkConcurrency, metricsPort: opts.metricsPort }, 'Golive worker is running');
  return { services, database, stop: workers.stop };
}

async function serveWorkerProbe(port: number, host: string) {
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (req.url === '/metrics') {
      void metricsRegistry.metrics().then((body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await serve();
}
