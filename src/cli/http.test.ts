/**
 * The API client's error mapping against a real local HTTP server (not a mock): 4xx → exit 2
 * with the server's message, 5xx and no server → exit 3, and the config file's location and mode.
 */
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configPath, readConfig, writeConfig } from './config-store.ts';
import { CliError } from './errors.ts';
import { ApiClient, normalizeServer } from './http.ts';

let server: http.Server;
let base: string;
const seen: { method?: string; url?: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    const send = (status: number, body: string, type = 'application/json') => res.writeHead(status, { 'content-type': type, 'x-request-id': 'req-1' }).end(body);
    if (req.url === '/ok') return send(200, JSON.stringify({ hello: 'world' }));
    if (req.url === '/conflict') return send(409, JSON.stringify({ error: 'version_conflict', message: 'Someone changed it.', requestId: 'r-409', details: { currentVersion: 3 } }));
    if (req.url === '/boom') return send(500, JSON.stringify({ error: 'internal', message: 'Something went wrong on our side.', requestId: 'r-500' }));
    if (req.url === '/proxy') return send(502, '<html>Bad gateway</html>', 'text/html');
    if (req.url?.startsWith('/page')) {
      const cursor = new URL(req.url, 'http://x').searchParams.get('cursor');
      return send(200, JSON.stringify(cursor ? { items: [3], nextCursor: null } : { items: [1, 2], nextCursor: 'c1' }));
    }
    return send(404, JSON.stringify({ error: 'not_found', message: 'No such thing.', requestId: 'r-404' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failure(p: Promise<unknown>): Promise<CliError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(CliError);
  return err as CliError;
}

describe('ApiClient', () => {
  it('sends the bearer token and parses JSON', async () => {
    const api = new ApiClient(`${base}/`, 'glt_secret-token');
    expect(await api.get('/ok')).toEqual({ hello: 'world' });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/ok', authorization: 'Bearer glt_secret-token' });
  });

  it('follows nextCursor through every page', async () => {
    expect(await new ApiClient(base, 't').all<number>('/page')).toEqual([1, 2, 3]);
  });

  it('maps 4xx to exit 2 with the server message, code and details', async () => {
    const api = new ApiClient(base, 't');
    const conflict = await failure(api.get('/conflict'));
    expect(conflict).toMatchObject({ exitCode: 2, message: 'Someone changed it.', code: 'version_conflict' });
    expect(conflict.opts).toMatchObject({ status: 409, requestId: 'r-409', details: { currentVersion: 3 } });
    expect((await failure(api.get('/missing'))).exitCode).toBe(2);
  });

  it('maps 5xx (JSON or not) to exit 3', async () => {
    const api = new ApiClient(base, 't');
    expect(await failure(api.get('/boom'))).toMatchObject({ exitCode: 3, code: 'internal' });
    const proxy = await failure(api.get('/proxy'));
    expect(proxy).toMatchObject({ exitCode: 3, code: 'http_502' });
    expect(proxy.message).toContain('502');
  });

  it('maps an unreachable server to exit 3 and a bad URL to exit 2', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await failure(new ApiClient(`http://127.0.0.1:${port}`, 't').get('/ok'))).toMatchObject({ exitCode: 3, code: 'unreachable' });
    expect(() => normalizeServer('ftp://example.com')).toThrow(CliError);
    expect(() => normalizeServer('not a url')).toThrow(CliError);
  });
});

describe('config store', () => {
  it('resolves GOLIVE_CONFIG, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configPath({ GOLIVE_CONFIG: '/tmp/g.json' })).toBe('/tmp/g.json');
    expect(configPath({ XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/golive/config.json');
    expect(configPath({})).toBe(path.join(os.homedir(), '.config', 'golive', 'config.json'));
  });

  it('writes with mode 0600, reads back, and refuses a broken file with exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-config-'));
    try {
      const file = path.join(dir, 'nested', 'config.json');
      expect(readConfig(file)).toBeNull();
      writeConfig({ server: 'http://127.0.0.1:3000', token: 'glt_x' }, file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(readConfig(file)).toEqual({ server: 'http://127.0.0.1:3000', token: 'glt_x' });
      fs.writeFileSync(file, '{not json');
      expect(() => readConfig(file)).toThrow(/not valid/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
