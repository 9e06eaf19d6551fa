import net from 'node:net';
import { z } from 'zod';
import { defineCheckKind } from '../check.ts';
import { socketGuard } from '../target-guard.ts';
import { softDeadline } from './deadline.ts';
import { capitalize, compileRegex, host, port, quote, regexSource } from './fields.ts';
import { networkProblem } from './net-errors.ts';

/** A banner is a line or two; a peer that sends more without matching is not going to. */
const MAX_BANNER_BYTES = 4096;

const config = z.strictObject({
  host,
  port,
  /** A pattern the first bytes the server sends must match (e.g. "^220 " for SMTP, "^SSH-2\\.0-"). */
  expectBanner: regexSource.optional(),
});

export const tcpCheck = defineCheckKind({
  kind: 'tcp',
  description: 'A TCP port accepts connections (and, optionally, greets with the expected banner).',
  config,
  defaultTimeoutMs: 5_000,
  targets: (c) => [c.host],
  async run(c, ctx) {
    const guarded = socketGuard(ctx.guard, c.host);
    const soft = softDeadline(ctx);
    const target = `${c.host}:${c.port}`;
    const pattern = c.expectBanner === undefined ? null : compileRegex(c.expectBanner);
    const started = performance.now();
    let connectMs: number | null = null;
    let banner = '';
    const socket = net.connect({ host: c.host, port: c.port, ...guarded });
    const measurements = () => ({ connectMs, ...(pattern ? { banner: banner.slice(0, 200) } : {}) });
    try {
      const ending = await new Promise<'matched' | 'connected' | 'closed' | 'too long'>((resolve, reject) => {
        const onAbort = () => reject(soft.signal.reason);
        soft.signal.addEventListener('abort', onAbort, { once: true });
        socket.once('close', () => soft.signal.removeEventListener('abort', onAbort));
        socket.once('error', reject);
        socket.once('connect', () => {
          connectMs = Math.round(performance.now() - started);
          if (!pattern) resolve('connected');
        });
        if (!pattern) return;
        socket.setEncoding('latin1'); // banners are ASCII; latin1 never splits a character
        socket.on('data', (chunk: string) => {
          banner += chunk;
          if (pattern.test(banner)) resolve('matched');
          else if (banner.length >= MAX_BANNER_BYTES) resolve('too long');
        });
        socket.once('end', () => resolve('closed'));
      });
      const connected = `Connected to ${target} in ${connectMs} ms`;
      if (ending === 'connected') return { status: 'pass', message: `${connected}.`, measurements: measurements() };
      if (ending === 'matched') return { status: 'pass', message: `${connected}; banner ${quote(banner.trim())}.`, measurements: measurements() };
      const why = ending === 'closed' ? ', then the server closed the connection' : '';
      return { status: 'fail', message: `${connected}, but the banner ${quote(banner.trim())} does not match ${c.expectBanner}${why}.`, measurements: measurements() };
    } catch (e) {
      if (soft.expired) {
        const message =
          connectMs === null
            ? `Could not connect to ${target} within ${soft.ms} ms.`
            : `Connected to ${target} in ${connectMs} ms, but no banner matching ${c.expectBanner} within ${soft.ms} ms${banner ? ` (got ${quote(banner.trim())})` : ''}.`;
        return { status: 'fail', message, measurements: measurements() };
      }
      if (ctx.signal.aborted) throw e;
      const problem = networkProblem(e);
      if (!problem) throw e;
      const message = connectMs === null ? `${target}: ${problem}.` : `Connected to ${target} in ${connectMs} ms, then ${problem}.`;
      return { status: 'fail', message: capitalize(message), measurements: measurements() };
    } finally {
      soft.clear();
      socket.destroy();
    }
  },
});
