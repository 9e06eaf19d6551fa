/**
 * The golive CLI end to end: the real server in-process on a free port, the CLI as a child
 * process (bin/golive.js), asserting on stdout, stderr and exit codes. Nothing is mocked.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import http from 'node:http';
import { startApp, startWorkers } from '../main.ts';
import type { App } from '../server/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'golive.js');
const EMAIL = 'sari@pwbi.example';
const PASSWORD = 'kopi-susu-gula-aren';

let tmp: string;
let app: App;
let server: string;
let configFile: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `golive …` with a config file of its own and no GOLIVE_* from the outer environment. */
function golive(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env };
  for (const k of ['GOLIVE_SERVER', 'GOLIVE_TOKEN', 'GOLIVE_PASSWORD', 'DATABASE_URL']) delete base[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...base, GOLIVE_CONFIG: configFile, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const json = <T = any>(r: Run): T => JSON.parse(r.stdout) as T;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `db migrate` on a fresh data dir, again (nothing to do), then `serve` on it until /healthz
 * answers, then SIGTERM. Independent of the in-process server, so it runs alongside the
 * other tests (PGlite's first start is the slow part) and the last test checks the outcome.
 */
async function migrateAndServe() {
  const dataDir = path.join(tmp, 'serve-data');
  const first = await golive(['db', 'migrate', '--json'], { GOLIVE_DATA_DIR: dataDir });
  const second = await golive(['db', 'migrate', '--data-dir', dataDir, '--json']);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data-dir', dataDir], { cwd: ROOT, env, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let health = 0;
  try {
    for (let i = 0; i < 400 && health !== 200 && child.exitCode === null; i++) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
      if (health !== 200) await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.kill('SIGTERM');
  }
  return { first, second, health, exitCode: await exited };
}
let closeApp: (() => Promise<void>) | undefined;
let stopWorkers: (() => Promise<void>) | undefined;
let serverLifecycle: ReturnType<typeof migrateAndServe>;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-cli-'));
  configFile = path.join(tmp, 'home', 'golive', 'config.json');
  serverLifecycle = migrateAndServe();
  serverLifecycle.catch(() => {}); // awaited (and asserted) by the last test
  const config = loadConfig({ ...process.env, DATABASE_URL: undefined, GOLIVE_DATA_DIR: path.join(tmp, 'data'), PORT: '0', LOG_LEVEL: 'silent' });
  let services;
  ({ app, services, close: closeApp } = await startApp(config));
  stopWorkers = (await startWorkers(services)).stop;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as net.AddressInfo;
  server = `http://127.0.0.1:${port}`;
  const res = await fetch(`${server}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspaceName: 'PWBI', email: EMAIL, password: PASSWORD, displayName: 'Sari Wijaya' }),
  });
  expect(res.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await serverLifecycle?.catch(() => {});
  await stopWorkers?.();
  await closeApp?.();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('golive CLI', { timeout: 30_000 }, () => {
  let deploymentId = '';

  it('shows help (exit 0) and refuses bad usage (exit 2)', async () => {
    const [help, groupHelp, badState, unknownOption] = await Promise.all([
      golive(['--help']),
      golive(['items', '--help']),
      golive(['items', 'set', 'some-id', 'uat.1', 'finished']),
      golive(['deployments', 'list', '--bogus']),
    ]);
    expect(help.code).toBe(0);
    for (const cmd of ['serve', 'db', 'login', 'logout', 'whoami', 'deployments', 'items', 'evidence', 'template']) expect(help.stdout).toContain(cmd);
    expect(groupHelp.code).toBe(0);
    expect(groupHelp.stdout).toMatch(/list.*\n[\s\S]*set/);
    expect(badState.code).toBe(2);
    expect(badState.stderr).toContain("'finished' is invalid");
    expect(badState.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknownOption.code).toBe(2);
  });

  it('is not logged in before login (exit 2), and an unreachable server is exit 3', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const [notLoggedIn, unreachable, unreachableJson] = await Promise.all([
      golive(['--server', server, 'whoami']),
      golive(['--server', closed, '--token', 'glt_not-a-real-token', 'deployments', 'list']),
      golive(['--server', closed, '--token', 'glt_not-a-real-token', '--json', 'whoami']),
    ]);
    expect(notLoggedIn.code).toBe(2);
    expect(notLoggedIn.stderr).toContain('Not logged in');
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain(`Cannot reach the Golive server at ${closed}`);
    expect(unreachable.stderr).not.toContain('    at ');
    expect(unreachableJson.code).toBe(3);
    expect(JSON.parse(unreachableJson.stderr)).toMatchObject({ error: 'unreachable', exitCode: 3 });
  });

  it('logs in with email and password, stores a token (not the password) with mode 0600, and whoami works', async () => {
    const wrong = await golive(['--server', server, 'login', '--email', EMAIL, '--password', 'not-the-password']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Check the email and password');

    const login = await golive(['--server', server, '--json', 'login', '--email', EMAIL, '--password', PASSWORD]);
    expect(login.code, login.stderr).toBe(0);
    expect(json(login)).toMatchObject({ server, user: { email: EMAIL, displayName: 'Sari Wijaya' }, tokenMinted: true });

    const stored = fs.readFileSync(configFile, 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ server, token: expect.stringMatching(/^glt_/), tokenId: expect.any(String) });
    expect(stored).not.toContain(PASSWORD);
    expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);

    const [who, whoText] = await Promise.all([golive(['whoami', '--json']), golive(['whoami'])]);
    expect(who.code).toBe(0);
    expect(json(who)).toMatchObject({ server, user: { email: EMAIL, workspaceRole: 'owner' } });
    expect(whoText.stdout).toContain('Sari Wijaya <sari@pwbi.example>');
  });

  it('creates, lists and shows deployments', async () => {
    const created = await golive(['deployments', 'create', '--name', 'Kopi Nusantara rollout', '--client', 'Kopi Nusantara', '--kickoff', '2026-02-02', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const d = json(created);
    expect(d).toMatchObject({ name: 'Kopi Nusantara rollout', clientName: 'Kopi Nusantara', templateKey: 'enterprise-deployment', kickoffOn: '2026-02-02' });
    deploymentId = d.id;

    const [list, listText, show, showText, badDate] = await Promise.all([
      golive(['deployments', 'list', '--json']),
      golive(['deployments', 'list']),
      golive(['deployments', 'show', deploymentId.slice(0, 8), '--json']),
      golive(['deployments', 'show', deploymentId]),
      golive(['deployments', 'create', '--name', 'x', '--client', 'y', '--kickoff', '2026-02-30']),
    ]);
    expect(list.code).toBe(0);
    expect(json<{ id: string }[]>(list).map((x) => x.id)).toContain(deploymentId);
    expect(listText.stdout).toContain(deploymentId.slice(0, 8));
    expect(listText.stdout).toContain('Kopi Nusantara rollout');
    expect(show.code, show.stderr).toBe(0);
    const shown = json(show);
    expect(shown.id).toBe(deploymentId);
    expect(shown.progress).toMatchObject({ total: 98, done: 0 });
    expect(shown.progress.phases).toHaveLength(7);
    expect(showText.stdout).toContain('Pre-Deployment');
    expect(showText.stdout).toMatch(/\d+ open/);
    expect(showText.stdout).toContain('Success criteria: 0 of 8 met');
    expect(badDate.code).toBe(2);
  });

  it('lists the 106 items and success criteria, with filters', async () => {
    const [all, criteria, phase, text] = await Promise.all([
      golive(['items', 'list', deploymentId, '--json']),
      golive(['items', 'list', deploymentId, '--kind', 'criterion', '--json']),
      golive(['items', 'list', deploymentId, '--phase', 'pre-deployment', '--state', 'todo,in_progress', '--json']),
      golive(['items', 'list', deploymentId]),
    ]);
    expect(all.code, all.stderr).toBe(0);
    expect(json<unknown[]>(all)).toHaveLength(106);
    expect(json<{ key: string }[]>(criteria).map((i) => i.key)).toContain('success-technical.1');
    expect(json<unknown[]>(criteria)).toHaveLength(8);
    expect(json<{ phaseKey: string }[]>(phase).every((i) => i.phaseKey === 'pre-deployment')).toBe(true);
    expect(text.stdout).toContain('business-requirements.1');
    expect(text.stdout).toContain('Signed contract with SOW');
  });

  it('refuses done without evidence (exit 2); evidence add --file then done succeeds', async () => {
    const key = 'infrastructure-planning.2';
    const [refused, refusedJson] = await Promise.all([
      golive(['items', 'set', deploymentId, key, 'done']),
      golive(['items', 'set', deploymentId, key, 'done', '--json']),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${key} needs evidence before it is done`);
    expect(refused.stderr).toContain('golive evidence add');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(refusedJson.stderr)).toMatchObject({ error: 'evidence_required', status: 422, exitCode: 2 });

    const file = path.join(tmp, 'capacity-plan.csv');
    const content = 'component,instances\napp,4\nworker,2\n';
    fs.writeFileSync(file, content);
    const [added, missing] = await Promise.all([
      golive(['evidence', 'add', deploymentId, key, '--file', file, '--note', 'Capacity plan v1', '--json']),
      golive(['evidence', 'add', deploymentId, key, '--file', path.join(tmp, 'nope.pdf')]),
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(json(added)).toMatchObject({ kind: 'file', note: 'Capacity plan v1', file: { name: 'capacity-plan.csv', size: Buffer.byteLength(content) } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('File not found');

    const done = await golive(['items', 'set', deploymentId, key, 'done', '--note', 'Reviewed with the IT Director', '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(json(done)).toMatchObject({ key, state: 'done', evidenceCount: 1 });

    const [show, stale, link] = await Promise.all([
      golive(['items', 'show', deploymentId, key, '--json']),
      golive(['items', 'set', deploymentId, key, 'in_progress', '--version', '1']),
      golive(['evidence', 'add', deploymentId, 'infrastructure-planning.4', '--link', 'https://wiki.example/dr-plan']),
    ]);
    expect(show.code).toBe(0);
    const history = json<{ history: { from: string | null; to: string | null }[] }>(show).history;
    expect(history.some((h) => h.from === 'todo' && h.to === 'done')).toBe(true);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('since you loaded it');
    expect(link.code, link.stderr).toBe(0);
    expect(link.stdout).toContain('link https://wiki.example/dr-plan');
  });

  it('exports a template and imports it back as a new version', async () => {
    const out = path.join(tmp, 'enterprise-deployment.yaml');
    const exported = await golive(['template', 'export', 'enterprise-deployment', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const imported = await golive(['template', 'import', out, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(json(imported)).toMatchObject({ key: 'enterprise-deployment', version: 2, status: 'published', itemCount: 98, criteriaCount: 8 });

    const [v1, v2, draft, bad] = await Promise.all([
      golive(['template', 'export', 'enterprise-deployment', '--version', '1']),
      golive(['template', 'export', 'enterprise-deployment', '--version', '2']),
      golive(['template', 'import', out, '--draft', '--json']),
      golive(['template', 'import', path.join(tmp, 'missing.yaml')]),
    ]);
    const { version: _a, ...doc1 } = parseYaml(v1.stdout) as Record<string, unknown>;
    const { version: _b, ...doc2 } = parseYaml(v2.stdout) as Record<string, unknown>;
    expect(doc2).toEqual(doc1);
    expect(json(draft)).toMatchObject({ version: 3, status: 'draft' });
    expect(bad.code).toBe(2);
  });

  // A dozen `golive` processes one after another: more time than the group's default.
  it('applies a checks file (secrets from the environment), lists, runs (exit 0, or 1 on failure) and shows checks', { timeout: 120_000 }, async () => {
    const target = http.createServer((req, res) => {
      if (req.url === '/down') return void res.writeHead(503).end('maintenance');
      res.writeHead(req.headers.authorization === 'Bearer cli-secret-token-1' ? 200 : 401).end();
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const port = (target.address() as net.AddressInfo).port;
    try {
      const file = path.join(tmp, 'checks.yaml');
      fs.writeFileSync(
        file,
        [
          'version: 1',
          'checks:',
          '  - name: Email API up',
          '    item: system-integrations.4',
          '    kind: http',
          '    intervalSeconds: 60',
          '    config:',
          `      url: http://127.0.0.1:${port}/health`,
          '      headers: { Authorization: "Bearer ${CLI_API_TOKEN}" }',
          '  - name: Down service',
          '    kind: http',
          `    config: { url: "http://127.0.0.1:${port}/down" }`,
        ].join('\n'),
      );
      const missing = await golive(['checks', 'apply', deploymentId, file]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('CLI_API_TOKEN is not set');
      const applied = await golive(['checks', 'apply', deploymentId, file, '--json'], { CLI_API_TOKEN: 'cli-secret-token-1' });
      expect(applied.code, applied.stderr).toBe(0);
      expect(json(applied).checks.map((c: { action: string }) => c.action)).toEqual(['created', 'created']);
      const again = await golive(['checks', 'apply', deploymentId, file, '--json'], { CLI_API_TOKEN: 'cli-secret-token-1' });
      expect(json(again).checks.map((c: { action: string }) => c.action)).toEqual(['updated', 'updated']);

      const list = json(await golive(['checks', 'list', deploymentId, '--json']));
      expect(list.items).toHaveLength(2);
      expect(list.items[0]).toMatchObject({ name: 'Email API up', itemKey: 'system-integrations.4', intervalSeconds: 60, secretNames: ['CLI_API_TOKEN'] });
      expect(JSON.stringify(list)).not.toContain('cli-secret-token-1');

      const [pass, fail] = await Promise.all([golive(['checks', 'run', deploymentId, 'Email API up']), golive(['checks', 'run', deploymentId, 'Down service', '--json'])]);
      expect(pass.code, pass.stderr).toBe(0);
      expect(pass.stdout).toMatch(/Email API up: PASS/);
      expect(fail.code).toBe(1);
      expect(json(fail)).toMatchObject({ status: 'fail', message: expect.stringContaining('503') });

      // The shipped example applies whole: every kind's config, item binding and criterion is accepted.
      const names = [...new Set(fs.readFileSync(path.join(ROOT, 'examples', 'enterprise-checks.yaml'), 'utf8').match(/\$\{[A-Z_]+\}/g) ?? [])].map((n) => n.slice(2, -1));
      const example = await golive(['checks', 'apply', deploymentId, 'examples/enterprise-checks.yaml', '--json'], Object.fromEntries(names.map((n) => [n, `example-${n.toLowerCase()}`])));
      expect(example.code, example.stderr).toBe(0);
      expect(json(example).checks.length).toBeGreaterThan(20);
      expect(json(example).checks.every((c: { action: string }) => c.action === 'created')).toBe(true);

      const shown = await golive(['checks', 'show', deploymentId, 'Email API up']);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(/Uptime \(24 h\): 100\.00%/);
      expect(shown.stdout).toContain('system-integrations.4 (on pass: evidence)');
    } finally {
      target.close();
    }
  });

  it('answers an unknown deployment with exit 2', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const [show, items, showJson] = await Promise.all([
      golive(['deployments', 'show', unknown]),
      golive(['items', 'list', unknown]),
      golive(['deployments', 'show', unknown, '--json']),
    ]);
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(/^error: .*not found/);
    expect(items.code).toBe(2);
    expect(JSON.parse(showJson.stderr)).toMatchObject({ error: 'not_found', status: 404, exitCode: 2 });
  });

  it('logs out: the minted token is revoked and forgotten', async () => {
    const { token } = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { token: string };
    const out = await golive(['logout', '--json']);
    expect(out.code).toBe(0);
    expect(json(out)).toMatchObject({ loggedOut: true, revoked: true });
    expect(JSON.parse(fs.readFileSync(configFile, 'utf8'))).toEqual({ server });
    const [whoami, oldToken] = await Promise.all([golive(['whoami']), golive(['--token', token, 'whoami'])]);
    expect(whoami.code).toBe(2);
    expect(oldToken.code).toBe(2);
  });

  it('migrates a fresh database (then nothing to do), and `golive serve --port` on it answers /healthz until SIGTERM', async () => {
    const { first, second, health, exitCode } = await serverLifecycle;
    expect(first.code, first.stderr).toBe(0);
    // Every migration drizzle-kit has generated, in order (src/db/migrations/meta/_journal.json).
    const journal = JSON.parse(fs.readFileSync(new URL('../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: { tag: string }[] };
    const all = journal.entries.map((e) => e.tag);
    expect(all.slice(0, 3)).toEqual(['0000_init', '0001_checks', '0002_migration_imports']);
    expect(json(first)).toMatchObject({ database: 'pglite', applied: all, alreadyApplied: [] });
    expect(json(second)).toMatchObject({ applied: [], alreadyApplied: all });
    expect(health).toBe(200);
    expect(exitCode).toBe(0);
  });
});
