import fs from 'node:fs';
import { loadConfig, type Config } from './config/config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { createServices, type Services } from './services.ts';
import { buildServer } from './server/build-server.ts';
import { loadBuiltinTemplates } from './modules/templates/template.loader.ts';
import type { App } from './server/types.ts';

/**
 * The composition root: config → database (migrated) → built-in templates → services → server.
 * Everything else receives what it needs from here.
 */
export async function startApp(config: Config = loadConfig()): Promise<{ app: App; services: Services; database: Database }> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  await database.migrate();
  const services = createServices(config, database);
  await services.templates.installBuiltins(loadBuiltinTemplates());
  const app = await buildServer(services);
  return { app, services, database };
}

export async function serve(config: Config = loadConfig()) {
  const { app, database } = await startApp(config);
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    // A port in use must not leave the database open and the process hanging.
    await app.close();
    await database.close();
    throw e;
  }
  app.log.info({ database: database.kind, dataDir: config.dataDir }, `Golive is up on http://${config.host}:${config.port}`);
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await serve();
}
