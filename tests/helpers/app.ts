import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { createServices, type Services } from '../../src/services.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { loadBuiltinTemplates } from '../../src/modules/templates/template.loader.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { provisionWorkspace } from '../../src/modules/access/access.service.ts';
import type { App } from '../../src/server/types.ts';
import { openJobQueue } from '../../src/jobs/queue.ts';
import { startWorkers } from '../../src/main.ts';
import { createTestDatabase } from './db.ts';

export interface TestApp {
  app: App;
  services: Services;
  dataDir: string;
  /** The test database's URL on the PostgreSQL tier (undefined on PGlite). */
  databaseUrl: string | undefined;
  close(): Promise<void>;
  /** Polls until `done` returns a value (not undefined), or fails after timeoutMs. */
  until<T>(done: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  /** Runs first-run setup and returns the owner's API token. */
  setupOwner(): Promise<string>;
  /** A second, unrelated tenant with its own owner; returns that owner's token. */
  otherTenant(): Promise<string>;
  /** Adds a user (by the owner's token) and returns an API token for them. */
  addUser(ownerToken: string, input: { email: string; workspaceRole: string; organizationId: string; displayName?: string }): Promise<{ id: string; token: string }>;
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });
export const PASSWORD = 'correct-horse-battery';

/** The real server over a fresh database and temp data dir; requests go through app.inject. */
export async function createTestApp(opts: { today?: string; maxUploadBytes?: number; workers?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-test-'));
  const database = await createTestDatabase();
  const config = loadConfig({
    GOLIVE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    GOLIVE_JOBS_MAINTENANCE_SECONDS: '1',
    ...(opts.maxUploadBytes ? { GOLIVE_MAX_UPLOAD_BYTES: String(opts.maxUploadBytes) } : {}),
    ...opts.env,
  });
  const queue = await openJobQueue(database, { maintenanceSeconds: config.jobsMaintenanceSeconds });
  const services = createServices(config, database, queue, opts.today ? { today: () => opts.today! } : {});
  await services.templates.installBuiltins(loadBuiltinTemplates());
  const app = await buildServer(services, { logger: false, webDist: null });
  await app.ready();
  const workers = opts.workers ? await startWorkers(services) : null;

  async function tokenFor(email: string): Promise<string> {
    const login = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
    if (login.statusCode !== 204) throw new Error(`login failed: ${login.body}`);
    const cookie = login.cookies.find((c) => c.name === 'golive_session')!;
    const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', cookies: { golive_session: cookie.value }, payload: { name: 'test' } });
    return res.json().token as string;
  }

  return {
    app,
    services,
    dataDir,
    databaseUrl: database.url,
    async close() {
      await app.close();
      await workers?.stop();
      await queue.stop({ graceful: false, wait: true, close: false });
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async until(done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await done();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async setupOwner() {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { workspaceName: 'PWBI', email: 'owner@pwbi.test', password: PASSWORD, displayName: 'Owner' },
      });
      if (res.statusCode !== 201) throw new Error(`setup failed: ${res.body}`);
      return res.json().token as string;
    },
    async otherTenant() {
      const passwordHash = await hashPassword(PASSWORD);
      await database.db.transaction((tx) =>
        provisionWorkspace(tx, { workspaceName: 'Other Vendor', email: 'owner@other.test', displayName: 'Other Owner', passwordHash }),
      );
      return tokenFor('owner@other.test');
    },
    async addUser(ownerToken, input) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: auth(ownerToken),
        payload: { displayName: input.email.split('@')[0], password: PASSWORD, ...input },
      });
      if (res.statusCode !== 201) throw new Error(`add user failed: ${res.body}`);
      return { id: res.json().id as string, token: await tokenFor(input.email) };
    },
  };
}
