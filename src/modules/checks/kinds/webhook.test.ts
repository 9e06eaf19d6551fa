import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { listen, type Listening } from './test-peers.ts';
import { webhookCheck } from './webhook.ts';

/** A real webhook receiver on 127.0.0.1 that verifies HMAC-SHA256 signatures as a production one would. */

const run = (config: Record<string, unknown>, timeoutMs = 2000) => runCheck(webhookCheck, webhookCheck.config.parse(config), { timeoutMs });

const SECRET = 'whsec_Rendang-Padang-77';
let receiver: Listening;
let base: string;
const received: Array<{ path: string; headers: http.IncomingHttpHeaders; body: string }> = [];

function verified(header: string | undefined, body: string, prefix: string, encoding: 'hex' | 'base64'): boolean {
  const want = Buffer.from(prefix + createHmac('sha256', SECRET).update(body).digest(encoding));
  const got = Buffer.from(header ?? '');
  return got.length === want.length && timingSafeEqual(got, want);
}

beforeAll(async () => {
  receiver = await listen(
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        received.push({ path, headers: req.headers, body });
        switch (path) {
          case '/hooks/golive':
            if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json') return res.writeHead(415).end();
            if (!verified(req.headers['x-golive-signature'] as string | undefined, body, 'sha256=', 'hex')) return res.writeHead(401).end('{"error":"invalid signature"}');
            return res.writeHead(204).end();
          case '/hooks/slack-style':
            return verified(req.headers['x-signature'] as string | undefined, body, '', 'base64') ? res.writeHead(200).end('ok') : res.writeHead(403).end('bad signature');
          case '/hooks/leaky':
            return res.writeHead(400).end(`secret ${SECRET} is not the one configured`);
          case '/hooks/accepted':
            return res.writeHead(202).end();
          case '/hooks/slow':
            return void setTimeout(() => res.writeHead(200).end(), 80);
          case '/hooks/moved':
            return res.writeHead(301, { location: '/hooks/golive' }).end();
          case '/hooks/hang':
            return;
          case '/hooks/reset':
            return void req.socket.destroy();
          default:
            return res.writeHead(404).end('Not Found');
        }
      });
    }),
  );
  base = `http://127.0.0.1:${receiver.port}`;
});
afterAll(async () => {
  await receiver?.close();
});

const last = () => received[received.length - 1]!;

describe('webhook check', () => {
  it('delivers a signed default test event that the receiver verifies', async () => {
    const r = await run({ url: `${base}/hooks/golive`, signature: { secret: SECRET } });
    expect(r.status, r.message).toBe('pass');
    expect(r.message).toMatch(/^Delivered: 204 in \d+ ms, signed in X-Golive-Signature\.$/);
    expect(r.measurements).toMatchObject({ status: 204, signed: true });
    expect(r.measurements.latencyMs).toEqual(expect.any(Number));
    const event = JSON.parse(last().body);
    expect(event).toEqual({ type: 'golive.test', sentAt: expect.any(String) });
    expect(Date.now() - Date.parse(event.sentAt)).toBeLessThan(5000);
    expect(last().headers['x-golive-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('sends a configured body, header name, prefix and encoding', async () => {
    const body = { event: 'alert.test', severity: 'critical', outlet: 'PWBI Kemang' };
    const r = await run({ url: `${base}/hooks/slack-style`, body, signature: { secret: SECRET, header: 'X-Signature', prefix: '', encoding: 'base64' } });
    expect(r.status, r.message).toBe('pass');
    expect(JSON.parse(last().body)).toEqual(body);
  });

  it('fails when the receiver rejects the signature (wrong secret, or none), quoting its answer', async () => {
    const wrong = await run({ url: `${base}/hooks/golive`, signature: { secret: 'not-the-secret' } });
    expect(wrong).toMatchObject({ status: 'fail', message: 'The receiver answered 401, expected 2xx; it answered "{\\"error\\":\\"invalid signature\\"}".', measurements: { status: 401, signed: true } });
    const unsigned = await run({ url: `${base}/hooks/golive` });
    expect(unsigned).toMatchObject({ status: 'fail', measurements: { status: 401, signed: false } });
  });

  it('never echoes the secret, even when the receiver does', async () => {
    const r = await run({ url: `${base}/hooks/leaky`, signature: { secret: SECRET } });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('The receiver answered 400, expected 2xx; it answered "secret *** is not the one configured".');
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('checks a configured status and latency', async () => {
    expect((await run({ url: `${base}/hooks/accepted`, expect: { status: 202 } })).status).toBe('pass');
    expect((await run({ url: `${base}/hooks/accepted`, expect: { status: [200, 204] } })).message).toBe('The receiver answered 202, expected 200 or 204.');
    const slow = await run({ url: `${base}/hooks/slow`, expect: { maxLatencyMs: 20 } });
    expect(slow.status).toBe('fail');
    expect(slow.message).toMatch(/^The receiver answered 200 after \d+ ms, over 20 ms\.$/);
    expect((await run({ url: `${base}/hooks/slow`, expect: { maxLatencyMs: 1000 } })).status).toBe('pass');
  });

  it('does not follow a redirect by default (it would turn the POST into a GET)', async () => {
    const r = await run({ url: `${base}/hooks/moved`, signature: { secret: SECRET } });
    expect(r).toMatchObject({ status: 'fail', measurements: { status: 301 } });
    expect(r.message).toMatch(/^The receiver answered 301, expected 2xx\.$/);
  });

  it('fails a receiver that hangs, resets or is not there', async () => {
    const hang = await run({ url: `${base}/hooks/hang` }, 500);
    expect(hang.status).toBe('fail');
    expect(hang.message).toMatch(/connected, but no response within \d+ ms/i);
    expect(hang.durationMs).toBeLessThan(1000);
    expect((await run({ url: `${base}/hooks/reset` })).status).toBe('fail');
    expect((await run({ url: 'http://127.0.0.1:1/hooks' })).message).toMatch(/connection refused/i);
  });

  it('rejects unknown fields and bad values', () => {
    expect(() => parseCheckConfig('webhook', { url: base, secret: SECRET })).toThrow(/Unrecognized key/);
    expect(() => parseCheckConfig('webhook', { url: base, signature: { secret: SECRET, algorithm: 'sha1' } })).toThrow(/Unrecognized key/);
    expect(() => parseCheckConfig('webhook', { url: base, signature: { secret: '' } })).toThrow(/signature\.secret/);
    expect(() => parseCheckConfig('webhook', { url: base, expect: { status: 99 } })).toThrow(/expect\.status/);
  });
});
