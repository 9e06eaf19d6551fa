import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { httpCheck } from './http.ts';
import { parseJsonPath, readJsonPath } from './json-path.ts';
import { listen, makeCa, makeLeaf, type Listening, type Pem } from './test-peers.ts';

const run = (config: Record<string, unknown>, timeoutMs = 2000) => runCheck(httpCheck, httpCheck.config.parse(config), { timeoutMs });

let app: Listening;
let other: Listening;
let garbage: Listening;
let secure: Listening;
let ca: Pem;
let base: string;

function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const redirect = (code: number, to: string) => res.writeHead(code, { location: to }).end();
  switch (path) {
    case '/health':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r-1' });
      return res.end(JSON.stringify({ status: 'ok', version: '1.4.2', db: { replicas: [{ name: 'r1', lagMs: 12 }] } }));
    case '/down':
      return res.writeHead(503).end('maintenance');
    case '/slow':
      return void setTimeout(() => res.end('late'), 40);
    case '/a':
      return redirect(302, '/b');
    case '/b':
      return redirect(301, `${base}/health`);
    case '/loop':
      return redirect(302, '/loop');
    case '/post':
      return redirect(303, '/echo');
    case '/elsewhere':
      return redirect(307, `http://127.0.0.1:${other.port}/echo`);
    case '/echo':
      return res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization ?? null }));
    case '/hang':
      return; // never answers
    case '/reset':
      return void req.socket.destroy();
    case '/forever': {
      res.writeHead(200);
      const pump = () => {
        while (!res.destroyed && res.write(Buffer.alloc(16 * 1024, 'x')));
        if (!res.destroyed) res.once('drain', pump);
      };
      return pump();
    }
    case '/trickle': {
      res.writeHead(200);
      const t = setInterval(() => res.write('x'), 20);
      return void res.on('close', () => clearInterval(t));
    }
    case '/big-declared':
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      return void res.write('x');
    default:
      return res.writeHead(404).end('no such page');
  }
}

beforeAll(async () => {
  ca = await makeCa();
  app = await listen(http.createServer(handler));
  other = await listen(http.createServer(handler));
  base = `http://127.0.0.1:${app.port}`;
  // Answers every request with bytes that are not HTTP.
  garbage = await listen(net.createServer((s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.6\r\n\x00\x01 not http\r\n\r\n'))));
  const leaf = await makeLeaf(ca, ['127.0.0.1']);
  secure = await listen(https.createServer({ ...leaf }, handler));
});
afterAll(async () => {
  await Promise.all([app, other, garbage, secure].map((s) => s?.close()));
});

describe('http check', () => {
  it('passes when status, body text, regex, JSON paths and headers all hold', async () => {
    const r = await run({
      url: `${base}/health`,
      expect: {
        status: 200,
        bodyContains: '"status":"ok"',
        bodyMatches: '/VERSION":"1\\.\\d+/i',
        json: [{ path: '$.status', equals: 'ok' }, { path: 'db.replicas[0].lagMs', equals: 12 }, { path: 'db.replicas[0]', equals: { name: 'r1', lagMs: 12 } }, { path: 'version' }],
        headers: { 'Content-Type': 'application/json; charset=UTF-8' },
        headersPresent: ['x-request-id'],
      },
    });
    expect(r.status).toBe('pass');
    expect(r.measurements).toMatchObject({ status: 200, redirects: 0 });
    expect(r.measurements.bytes).toBeGreaterThan(50);
    expect(r.measurements.tlsProtocol).toBeUndefined();
    expect(r.message).toMatch(/^200 in \d+ ms/);
  });

  it('fails naming every expectation that does not hold', async () => {
    const r = await run({
      url: `${base}/health`,
      expect: {
        status: [201, 204],
        bodyContains: 'healthy',
        bodyMatches: '^<html',
        json: [{ path: 'status', equals: 'up' }, { path: 'db.replicas[3].lagMs' }],
        headers: { 'content-type': 'text/html' },
        headersPresent: ['strict-transport-security'],
      },
    });
    expect(r.status).toBe('fail');
    for (const bit of ['status 200, expected 201 or 204', 'body does not contain "healthy"', 'body does not match ^<html', 'status is "ok", expected "up"', 'db.replicas[3].lagMs not found', 'header content-type is', 'header strict-transport-security missing']) {
      expect(r.message.toLowerCase()).toContain(bit.toLowerCase());
    }
  });

  it('expects any 2xx by default', async () => {
    expect((await run({ url: `${base}/down` })).message).toMatch(/^Status 503, expected 2xx/);
    expect((await run({ url: `${base}/nope` })).status).toBe('fail');
    expect((await run({ url: `${base}/down`, expect: { status: 503 } })).status).toBe('pass');
  });

  it('reports a body that is not JSON when JSON paths are expected', async () => {
    const r = await run({ url: `${base}/down`, expect: { status: 503, json: [{ path: 'status' }] } });
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('Body is not JSON (starts "maintenance")') });
  });

  it('warns when slower than maxLatencyMs', async () => {
    const r = await run({ url: `${base}/slow`, expect: { maxLatencyMs: 5 } });
    expect(r.status).toBe('warn');
    expect(r.message).toContain('slower than 5 ms');
    expect(r.measurements.latencyMs).toBeGreaterThanOrEqual(35);
  });

  it('follows redirects up to the limit, and can check a redirect itself', async () => {
    const r = await run({ url: `${base}/a`, expect: { json: [{ path: 'status', equals: 'ok' }] } });
    expect(r).toMatchObject({ status: 'pass', measurements: { status: 200, redirects: 2 } });

    const loop = await run({ url: `${base}/loop`, maxRedirects: 3 });
    expect(loop.status).toBe('fail');
    expect(loop.message).toContain('Status 302, expected 2xx, stopped after 3 redirects');

    expect(await run({ url: `${base}/a`, maxRedirects: 0, expect: { status: 302 } })).toMatchObject({ status: 'pass', measurements: { redirects: 0 } });
  });

  it('turns a POST into a GET on 303, and keeps credentials from crossing origins', async () => {
    const r = await run({ url: `${base}/post`, method: 'POST', body: '{}', headers: { authorization: 'Bearer s3cret' }, expect: { json: [{ path: 'method', equals: 'GET' }, { path: 'authorization', equals: 'Bearer s3cret' }] } });
    expect(r.status).toBe('pass');
    const cross = await run({ url: `${base}/elsewhere`, headers: { Authorization: 'Bearer s3cret' }, expect: { json: [{ path: 'authorization', equals: null }] } });
    expect(cross.status).toBe('pass');
  });

  it('stops reading a body that streams forever at maxBodyBytes', async () => {
    const r = await run({ url: `${base}/forever`, maxBodyBytes: 64 * 1024 });
    expect(r).toMatchObject({ status: 'fail', message: 'Body larger than 64 KiB (stopped reading).', measurements: { status: 200 } });
    // The default cap (1 MiB) holds too, well within the deadline.
    const d = await run({ url: `${base}/forever` }, 5000);
    expect(d.message).toBe('Body larger than 1 MiB (stopped reading).');
    // A Content-Length over the cap fails before reading.
    expect((await run({ url: `${base}/big-declared` })).message).toBe('Body larger than 1 MiB (stopped reading).');
  });

  it('fails within its deadline on a server that never answers, or a body that never ends', async () => {
    const hang = await run({ url: `${base}/hang` }, 400);
    expect(hang.status).toBe('fail');
    expect(hang.message).toMatch(/^Connected, but no response within \d+ ms\.$/);
    expect(hang.durationMs).toBeLessThan(800);

    const trickle = await run({ url: `${base}/trickle`, maxBodyBytes: 10 * 1024 * 1024 }, 400);
    expect(trickle.status).toBe('fail');
    expect(trickle.message).toMatch(/^The body was still arriving after \d+ ms \(\d+ bytes read\)\.$/);
    expect(trickle.durationMs).toBeLessThan(800);
  });

  it('fails on a reset, an answer that is not HTTP, and a refused connection', async () => {
    const reset = await run({ url: `${base}/reset` });
    expect(reset.status).toBe('fail');
    expect(reset.message).toMatch(/closed the connection|reset/);

    const junk = await run({ url: `http://127.0.0.1:${garbage.port}/` });
    expect(junk.status).toBe('fail');
    expect(junk.message).toMatch(/^The answer is not valid HTTP/);

    const closed = await listen(net.createServer());
    await closed.close();
    expect(await run({ url: `http://127.0.0.1:${closed.port}/` })).toMatchObject({ status: 'fail', message: expect.stringContaining('Connection refused (ECONNREFUSED)') });
  });

  it('speaks HTTPS: trusts a private CA when given, refuses an unknown one, and skips verification only when told', async () => {
    const url = `https://127.0.0.1:${secure.port}/health`;
    const ok = await run({ url, ca: ca.cert });
    expect(ok.status).toBe('pass');
    expect(ok.measurements).toMatchObject({ tlsProtocol: 'TLSv1.3', tlsVerified: true });

    const untrusted = await run({ url });
    expect(untrusted.status).toBe('fail');
    expect(untrusted.message).toMatch(/certificate/i);

    const skipped = await run({ url, insecureSkipVerify: true });
    expect(skipped).toMatchObject({ status: 'pass', measurements: { tlsVerified: false } });
    expect(skipped.message).toContain('certificate not verified');
  });

  it('validates its config', () => {
    const bad = (config: Record<string, unknown>) => () => parseCheckConfig('http', config);
    expect(parseCheckConfig('http', { url: 'https://example.com' }).config).toMatchObject({ method: 'GET', maxBodyBytes: 1024 * 1024, maxRedirects: 5, insecureSkipVerify: false });
    expect(bad({ url: 'ftp://example.com' })).toThrow(/url/);
    expect(bad({ url: 'https://example.com', expect: { bodyMatches: '(' } })).toThrow(/not a valid regular expression/);
    expect(bad({ url: 'https://example.com', expect: { json: [{ path: 'a..b' }] } })).toThrow(/path like/);
    expect(bad({ url: 'https://example.com', expect: { stauts: 200 } })).toThrow(/expect/);
    expect(bad({ url: 'https://example.com', headers: { 'bad header': 'x' } })).toThrow(/header/);
    expect(bad({ url: 'https://example.com', headers: { 'x-a': 'a\r\nInjected: 1' } })).toThrow(/one line/);
  });
});

describe('json path', () => {
  it('reads keys and indexes, with or without $', () => {
    const doc = { a: { b: [{ c: 1 }, { 'd-e': null }] } };
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.a.b[1].d-e')).toEqual(['a', 'b', 1, 'd-e']);
    expect(parseJsonPath('a.b[0].c')).toEqual(['a', 'b', 0, 'c']);
    expect(parseJsonPath('[0]')).toEqual([0]);
    expect(readJsonPath(doc, parseJsonPath('a.b[0].c')!)).toEqual({ found: true, value: 1 });
    expect(readJsonPath(doc, parseJsonPath('a.b[1].d-e')!)).toEqual({ found: true, value: null });
    expect(readJsonPath(doc, parseJsonPath('a.b[2].c')!)).toEqual({ found: false, at: '$.a.b' });
    expect(readJsonPath(doc, parseJsonPath('a.toString')!)).toEqual({ found: false, at: '$.a' });
    for (const bad of ['a..b', 'a[x]', '$a', 'a.', 'a[1']) expect(parseJsonPath(bad)).toBeNull();
  });
});
