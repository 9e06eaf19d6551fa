/**
 * Verify files end to end: the shipped example (examples/enterprise-checks.yaml) parses and every
 * config in it is valid for its kind and bound to a real checklist item; verifyChecks runs a file
 * of checks against local peers; `golive verify` (bin/golive.js as a child process) exits 0, 1, 2.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import selfsigned from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinTemplates } from '../templates/template.loader.ts';
import { checkKinds } from './registry.ts';
import { parseCheckConfig } from './run-check.ts';
import { parseVerifyFile, VerifyFileError } from './verify-file.ts';
import { verifyChecks } from './verify.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE = path.join(ROOT, 'examples', 'enterprise-checks.yaml');
const BIN = path.join(ROOT, 'bin', 'golive.js');
const USER = 'notifikasi@client.pwbifnb.com';
const PASSWORD = 'Soto-Betawi-5';

describe('examples/enterprise-checks.yaml', () => {
  const text = fs.readFileSync(EXAMPLE, 'utf8');
  // Every ${NAME} the file uses, set to a value that shows where it ended up.
  const env = Object.fromEntries([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)\}/g)].map((m) => [m[1]!, `from-env-${m[1]!.toLowerCase()}`]));
  const file = parseVerifyFile(text, env);

  it('parses, and every check config is valid for a registered kind', () => {
    expect(file.checks.length).toBeGreaterThanOrEqual(8);
    for (const c of file.checks) {
      expect(checkKinds.has(c.kind), `${c.name}: kind ${c.kind} is not registered`).toBe(true);
      expect(() => parseCheckConfig(c.kind, c.config), c.name).not.toThrow();
    }
  });

  it('binds checks to items of the built-in template that take check evidence', () => {
    const template = loadBuiltinTemplates().find((t) => t.key === 'enterprise-deployment')!;
    const items = new Map([...template.phases.flatMap((p) => p.sections.flatMap((s) => s.items)), ...template.criteria.flatMap((c) => c.items)].map((i) => [i.key, i]));
    for (const c of file.checks) {
      if (!c.item) continue;
      expect(items.has(c.item), `${c.name}: no item ${c.item}`).toBe(true);
      expect(items.get(c.item)!.evidence, `${c.name}: ${c.item} takes no check evidence`).toContain('check');
    }
    const bound = new Set(file.checks.map((c) => c.item));
    for (const key of ['application-deployment.4', 'environment-setup.3', 'environment-setup.4', 'system-integrations.4', 'performance-testing.4']) {
      expect(bound.has(key), `nothing proves ${key}`).toBe(true);
    }
  });

  it('keeps every secret in the environment, none in the file', () => {
    for (const c of file.checks) {
      const cfg = c.config as Record<string, unknown>;
      if (typeof cfg.password === 'string') expect(cfg.password, c.name).toMatch(/^from-env-/);
      if (typeof cfg.url === 'string') {
        const password = new URL(cfg.url).password;
        if (password) expect(decodeURIComponent(password), c.name).toMatch(/^from-env-/);
      }
    }
    expect(() => parseVerifyFile(text, {})).toThrow(/is not set in the environment/);
  });
});

// ---- local peers: SMTP servers with and without STARTTLS, a refused port, a silent one ----

let ca = '';
let plainSmtp = 0;
let tlsSmtp = 0;
let refused = 0;
let silent: net.Server;
let silentPort = 0;
const silentSockets = new Set<net.Socket>();
const smtpServers: SMTPServer[] = [];
let tmp = '';

async function smtpServer(opts: SMTPServerOptions, pem: { key: string; cert: string }): Promise<number> {
  const s = new SMTPServer({
    logger: false,
    authOptional: true,
    key: pem.key,
    cert: pem.cert,
    onAuth: (a, _s, cb) => (a.username === USER && a.password === PASSWORD ? cb(null, { user: USER }) : cb(new Error('Invalid username or password'))),
    ...opts,
  });
  s.on('error', () => {});
  smtpServers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  const pem = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  ca = pem.cert;
  plainSmtp = await smtpServer({ disabledCommands: ['STARTTLS'] }, { key: pem.private, cert: pem.cert });
  tlsSmtp = await smtpServer({}, { key: pem.private, cert: pem.cert });
  refused = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  silent = net.createServer((s) => {
    silentSockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as net.AddressInfo).port;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-verify-'));
}, 20_000);

afterAll(async () => {
  await Promise.all(smtpServers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  for (const s of silentSockets) s.destroy();
  await new Promise((r) => silent.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('verifyChecks', () => {
  it('runs every check and reports each with the overall status and counts', async () => {
    const file = parseVerifyFile(`
version: 1
checks:
  - name: Email relay answers
    item: system-integrations.4
    kind: smtp
    config: { host: 127.0.0.1, port: ${plainSmtp}, requireStartTls: false }
  - name: Email relay with a self-signed certificate
    kind: smtp
    config: { host: 127.0.0.1, port: ${tlsSmtp}, requireStartTls: true, insecureSkipVerify: true }
  - name: Redis cache
    item: environment-setup.4
    kind: redis
    config: { url: "redis://127.0.0.1:${refused}" }
  - name: Database that never answers
    item: environment-setup.3
    kind: postgres
    timeoutMs: 600
    config: { url: "postgres://golive:\${PG_PASSWORD}@127.0.0.1:${silentPort}/pwbi" }
`, { PG_PASSWORD: 'Gado-Gado-8' });
    const report = await verifyChecks(file, { concurrency: 2 });
    expect(report.status).toBe('fail');
    expect(report.counts).toEqual({ pass: 1, warn: 1, fail: 2, error: 0 });
    expect(report.checks.map((c) => [c.name, c.kind, c.item, c.status])).toEqual([
      ['Email relay answers', 'smtp', 'system-integrations.4', 'pass'],
      ['Email relay with a self-signed certificate', 'smtp', null, 'warn'],
      ['Redis cache', 'redis', 'environment-setup.4', 'fail'],
      ['Database that never answers', 'postgres', 'environment-setup.3', 'fail'],
    ]);
    expect(report.checks[2]!.message).toMatch(/connection refused/);
    expect(report.checks[3]!.durationMs).toBeLessThan(1000);
    expect(JSON.stringify(report)).not.toContain('Gado-Gado');
  });

  it('runs nothing when one config is bad, naming the check and the field', async () => {
    const file = parseVerifyFile(`
version: 1
checks:
  - { name: Fine, kind: smtp, config: { host: 127.0.0.1, port: ${plainSmtp} } }
  - { name: Wrong port, kind: smtp, config: { host: 127.0.0.1, port: 70000 } }
`);
    await expect(verifyChecks(file)).rejects.toThrow(VerifyFileError);
    await expect(verifyChecks(file)).rejects.toThrow(/check "Wrong port": .*port/);
  });
});

describe('golive verify (CLI)', () => {
  const write = (name: string, text: string) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('exits 0 when every check passes, with the report as JSON and no secret in it', async () => {
    const f = write(
      'pass.yaml',
      `version: 1
checks:
  - name: Email relay, STARTTLS and AUTH
    item: system-integrations.4
    kind: smtp
    config:
      host: 127.0.0.1
      port: ${tlsSmtp}
      requireStartTls: true
      ca: "\${SMTP_CA}"
      user: ${USER}
      password: "\${SMTP_PASSWORD}"
`,
    );
    const r = await golive(['verify', f, '--json'], { SMTP_CA: ca, SMTP_PASSWORD: PASSWORD });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ status: 'pass', counts: { pass: 1, warn: 0, fail: 0, error: 0 } });
    expect(report.checks[0]).toMatchObject({ kind: 'smtp', item: 'system-integrations.4', status: 'pass', measurements: { startTls: true, authenticated: true } });
    expect(r.stdout).not.toContain(PASSWORD);
  });

  it('exits 1 when a check fails', async () => {
    const f = write(
      'fail.yaml',
      `version: 1
checks:
  - { name: Email relay, kind: smtp, config: { host: 127.0.0.1, port: ${plainSmtp}, requireStartTls: false } }
  - { name: Redis cache, item: environment-setup.4, kind: redis, config: { url: "redis://127.0.0.1:${refused}" } }
`,
    );
    const r = await golive(['verify', f, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ status: 'fail', counts: { pass: 1, fail: 1 } });
  });

  it('exits 2 on a bad file: not YAML, an unknown kind, a bad config, a missing variable', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['bad-yaml.yaml', 'version: 1\nchecks: [ { name: x, kind: smtp\n', /not valid YAML/],
      ['unknown-kind.yaml', 'version: 1\nchecks:\n  - { name: x, kind: ftp, config: { host: ftp.pwbifnb.com } }\n', /Unknown check kind "ftp".*postgres.*redis.*smtp/],
      ['bad-config.yaml', 'version: 1\nchecks:\n  - { name: Mail, kind: smtp, config: { host: smtp.sendgrid.net, port: 70000 } }\n', /check "Mail": .*port/],
      ['missing-env.yaml', 'version: 1\nchecks:\n  - { name: Cache, kind: redis, config: { url: "redis://:${GOLIVE_TEST_UNSET_VAR}@cache:6379" } }\n', /GOLIVE_TEST_UNSET_VAR is not set/],
    ];
    const runs = await Promise.all(cases.map(([name, text]) => golive(['verify', write(name, text), '--json'])));
    runs.forEach((r, i) => {
      expect(r.code, `${cases[i]![0]}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      const err = JSON.parse(r.stderr);
      expect(err).toMatchObject({ error: 'usage', exitCode: 2 });
      expect(err.message).toMatch(cases[i]![2]);
    });
  });
});

function golive(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
