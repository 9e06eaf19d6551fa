import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { defineCheckKind } from '../check.ts';
import { capitalize, quote } from './fields.ts';
import { headerName, httpRequest, requestFields } from './http-request.ts';
import { redactSecret } from './redact.ts';
import { urlHost } from './targets.ts';

const MiB = 1024 * 1024;
const statusCode = z.number().int().min(100).max(599);

const config = z.strictObject({
  ...requestFields,
  /** A webhook endpoint should accept the POST itself; a redirect would turn it into a GET. */
  maxRedirects: z.number().int().min(0).max(20).default(0),
  /** The event sent, as JSON; default {"type":"golive.test","sentAt":"<now>"}. */
  body: z
    .json()
    .optional()
    .refine((b) => b === undefined || JSON.stringify(b).length <= MiB, 'must be at most 1 MiB as JSON'),
  /** Sign the body with HMAC-SHA256 and send it in a header, as GitHub, Xendit and most receivers expect. */
  signature: z
    .strictObject({
      secret: z.string().min(1).max(4096),
      header: headerName.default('X-Golive-Signature'),
      /** Written before the digest: `sha256=` gives `X-Golive-Signature: sha256=<hex>`. */
      prefix: z.string().max(50).regex(/^[^\r\n\0]*$/, 'must be one line').default('sha256='),
      encoding: z.enum(['hex', 'base64']).default('hex'),
    })
    .optional(),
  /** Read at most this much of the receiver's answer (it is only quoted in messages). */
  maxBodyBytes: z.number().int().min(1).max(MiB).default(64 * 1024),
  expect: z
    .strictObject({
      /** One status or a list; default any 2xx. */
      status: z.union([statusCode, z.array(statusCode).min(1).max(50)]).optional(),
      /** Accepted later than this is a failed delivery: senders give up after their own timeout. */
      maxLatencyMs: z.number().int().min(1).max(30 * 60_000).optional(),
    })
    .default({}),
});

export const webhookCheck = defineCheckKind({
  kind: 'webhook',
  description: 'A webhook receiver accepts a (signed) test event with the expected status, in time.',
  config,
  defaultTimeoutMs: 10_000,
  targets: (c) => [urlHost(c.url)],
  async run(c, ctx) {
    const redact = (s: string) => redactSecret(s, c.signature?.secret ?? '');
    const payload = JSON.stringify(c.body ?? { type: 'golive.test', sentAt: new Date().toISOString() });
    const headers: Record<string, string> = { 'content-type': 'application/json', ...c.headers };
    if (c.signature) {
      const digest = createHmac('sha256', c.signature.secret).update(payload).digest(c.signature.encoding);
      headers[c.signature.header] = `${c.signature.prefix}${digest}`;
    }
    const out = await httpRequest({ ...c, method: 'POST', headers, body: payload }, ctx);
    if (!out.ok) return { status: 'fail', message: redact(`${capitalize(out.problem)}.`), measurements: { ...out.measurements, signed: Boolean(c.signature) } };
    const r = out.response;
    const measurements = { status: r.status, latencyMs: r.latencyMs, bytes: r.bytes, signed: Boolean(c.signature) };
    const want = c.expect.status === undefined ? null : [c.expect.status].flat();
    if (want ? !want.includes(r.status) : r.status < 200 || r.status > 299) {
      const text = r.body.toString('utf8').trim();
      const said = text ? `; it answered ${quote(text, 120)}` : '';
      return { status: 'fail', message: redact(`The receiver answered ${r.status}, expected ${want ? want.join(' or ') : '2xx'}${said}.`), measurements };
    }
    const signed = c.signature ? `, signed in ${c.signature.header}` : '';
    if (c.expect.maxLatencyMs !== undefined && r.latencyMs > c.expect.maxLatencyMs) {
      return { status: 'fail', message: `The receiver answered ${r.status} after ${r.latencyMs} ms, over ${c.expect.maxLatencyMs} ms.`, measurements };
    }
    return { status: 'pass', message: `Delivered: ${r.status} in ${r.latencyMs} ms${signed}.`, measurements };
  },
});
