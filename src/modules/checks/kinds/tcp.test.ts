import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { tcpCheck } from './tcp.ts';
import { listen, type Listening } from './test-peers.ts';

const run = (config: Record<string, unknown>, timeoutMs = 2000) => runCheck(tcpCheck, tcpCheck.config.parse(config), { timeoutMs });

let smtp: Listening; // greets like an SMTP server, then waits
let slowGreeter: Listening; // greets in two pieces
let wrongAndClose: Listening; // says something else and hangs up
let wrongAndWait: Listening; // says something else and waits
let silent: Listening; // accepts, never speaks
let resetter: Listening; // accepts, then resets
let chatty: Listening; // sends endless bytes without a match
let refusedPort: number;

beforeAll(async () => {
  smtp = await listen(net.createServer((s) => s.write('220 mail.golive.test ESMTP ready\r\n')));
  slowGreeter = await listen(
    net.createServer((s) => {
      s.write('SSH-2.');
      setTimeout(() => s.writable && s.write('0-OpenSSH_9.6\r\n'), 20);
    }),
  );
  wrongAndClose = await listen(net.createServer((s) => s.end('421 too busy\r\n')));
  wrongAndWait = await listen(net.createServer((s) => s.write('HTTP/1.1 400 Bad Request\r\n')));
  silent = await listen(net.createServer(() => {}));
  resetter = await listen(net.createServer((s) => s.resetAndDestroy()));
  chatty = await listen(
    net.createServer((s) => {
      const pump = () => {
        while (!s.destroyed && s.write('x'.repeat(1024)));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    }),
  );
  const closed = await listen(net.createServer());
  await closed.close();
  refusedPort = closed.port;
});
afterAll(async () => {
  await Promise.all([smtp, slowGreeter, wrongAndClose, wrongAndWait, silent, resetter, chatty].map((s) => s?.close()));
});

const at = (l: Listening, extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: l.port, ...extra });

describe('tcp check', () => {
  it('passes when the port accepts a connection, and measures the connect time', async () => {
    const r = await run(at(silent));
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/^Connected to 127\.0\.0\.1:\d+ in \d+ ms\.$/);
    expect(typeof r.measurements.connectMs).toBe('number');
    expect(r.measurements.banner).toBeUndefined();
  });

  it('passes a matching banner, also one that arrives in pieces', async () => {
    const r = await run(at(smtp, { expectBanner: '^220 ' }));
    expect(r).toMatchObject({ status: 'pass', measurements: { banner: '220 mail.golive.test ESMTP ready\r\n' } });
    expect(r.message).toContain('banner "220 mail.golive.test ESMTP ready"');
    expect((await run(at(slowGreeter, { expectBanner: '/^ssh-2\\.0-openssh/i' }))).status).toBe('pass');
  });

  it('fails a banner that does not match, whether the server hangs up or waits', async () => {
    const closed = await run(at(wrongAndClose, { expectBanner: '^220 ' }));
    expect(closed).toMatchObject({ status: 'fail', message: expect.stringMatching(/but the banner "421 too busy" does not match \^220 , then the server closed the connection\.$/) });
    const waiting = await run(at(wrongAndWait, { expectBanner: '^220 ' }), 400);
    expect(waiting.status).toBe('fail');
    expect(waiting.message).toMatch(/but no banner matching \^220  within \d+ ms \(got "HTTP\/1\.1 400 Bad Request"\)\.$/);
    expect(waiting.durationMs).toBeLessThan(800);
  });

  it('stops reading a peer that talks forever without matching', async () => {
    const r = await run(at(chatty, { expectBanner: '^220 ' }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('does not match ^220');
    expect(String(r.measurements.banner)).toHaveLength(200);
  });

  it('fails within its deadline on a silent peer, and on a reset or refused connection', async () => {
    const hang = await run(at(silent, { expectBanner: '^220 ' }), 300);
    expect(hang).toMatchObject({ status: 'fail', message: expect.stringMatching(/but no banner matching \^220  within \d+ ms\.$/) });
    expect(hang.durationMs).toBeLessThan(700);

    const reset = await run(at(resetter, { expectBanner: '^220 ' }));
    expect(reset.status).toBe('fail');
    expect(reset.message).toMatch(/ECONNRESET|closed the connection/);

    expect(await run({ host: '127.0.0.1', port: refusedPort })).toMatchObject({ status: 'fail', message: expect.stringContaining('connection refused (ECONNREFUSED)') });
  });

  it('validates its config', () => {
    expect(() => parseCheckConfig('tcp', { host: 'db.internal' })).toThrow(/port/);
    expect(() => parseCheckConfig('tcp', { host: 'db.internal', port: 70000 })).toThrow(/port/);
    expect(() => parseCheckConfig('tcp', { host: 'db.internal', port: 5432, expectBanner: '[' })).toThrow(/regular expression/);
  });
});
