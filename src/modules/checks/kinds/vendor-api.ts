import { z } from 'zod';
import { defineCheckKind, type CheckResult } from '../check.ts';
import { quote } from './fields.ts';
import { httpRequest, jsonBody, requestFields, type HttpResponse, type Measurements } from './http-request.ts';
import { redactSecret } from './redact.ts';
import { urlHost } from './targets.ts';

/**
 * A vendor's API accepts the credentials the platform will use in production, asked with one
 * read-only call that changes nothing: Xendit's balance, SendGrid's scopes (or account), Twilio's
 * account. SES is not here: it needs AWS Signature V4, which is not worth hand-writing for a probe.
 */

const secret = z.string().min(1).max(1024);
const common = {
  /** The API's origin; defaults to the vendor's production host. Tests and proxies point it elsewhere. */
  baseUrl: requestFields.url.optional(),
  insecureSkipVerify: requestFields.insecureSkipVerify,
  ca: requestFields.ca,
};

const config = z.discriminatedUnion('vendor', [
  z.strictObject({
    vendor: z.literal('xendit'),
    ...common,
    /** A secret API key with read access to Balance (xnd_production_…). */
    secretKey: secret,
    accountType: z.enum(['CASH', 'HOLDING', 'TAX']).default('CASH'),
    /** A balance under this (in the account's currency, rupiah for IDR) is a warning. */
    minBalance: z.number().int().min(0).optional(),
  }),
  z.strictObject({
    vendor: z.literal('sendgrid'),
    ...common,
    apiKey: secret,
    /** `scopes` works for any key (GET /v3/scopes); `account` needs user.account.read (GET /v3/user/account). */
    endpoint: z.enum(['scopes', 'account']).default('scopes'),
    /** With endpoint scopes: permissions the key must have, e.g. ["mail.send"]. */
    requireScopes: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  }),
  z.strictObject({
    vendor: z.literal('twilio'),
    ...common,
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an account SID: AC and 32 hex digits'),
    authToken: secret,
  }),
]);
type Config = z.output<typeof config>;
type Outcome = Omit<CheckResult, 'durationMs'>;

const HOSTS = { xendit: 'https://api.xendit.co', sendgrid: 'https://api.sendgrid.com', twilio: 'https://api.twilio.com' } as const;
const NAMES = { xendit: 'Xendit', sendgrid: 'SendGrid', twilio: 'Twilio' } as const;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export const vendorApiCheck = defineCheckKind({
  kind: 'vendor-api',
  description: "A vendor's API (Xendit, SendGrid, Twilio) accepts the production credentials and reports a usable account.",
  config,
  defaultTimeoutMs: 10_000,
  targets: (c) => [urlHost(c.baseUrl ?? HOSTS[c.vendor])],
  async run(c, ctx) {
    const call = request(c);
    const secrets = [...call.secrets, call.authorization, call.authorization.replace(/^\w+ /, '')];
    const redact = (s: string) => secrets.reduce((t, x) => redactSecret(t, x), s);
    const name = NAMES[c.vendor];
    const out = await httpRequest(
      { url: call.url, method: 'GET', headers: { accept: 'application/json', authorization: call.authorization }, insecureSkipVerify: c.insecureSkipVerify, ca: c.ca, maxRedirects: 2, maxBodyBytes: 1024 * 1024 },
      ctx,
    );
    if (!out.ok) return { status: 'fail', message: redact(`${name} API: ${out.problem}.`), measurements: out.measurements };
    const r = out.response;
    const measurements: Measurements = { status: r.status, latencyMs: r.latencyMs };
    const judged = judge(c, r, measurements);
    return { ...judged, message: redact(judged.message) };
  },
});

function request(c: Config): { url: string; authorization: string; secrets: string[] } {
  const base = (c.baseUrl ?? HOSTS[c.vendor]).replace(/\/+$/, '');
  switch (c.vendor) {
    case 'xendit':
      return { url: `${base}/balance?account_type=${c.accountType}`, authorization: basic(c.secretKey, ''), secrets: [c.secretKey] };
    case 'sendgrid':
      return { url: `${base}${c.endpoint === 'scopes' ? '/v3/scopes' : '/v3/user/account'}`, authorization: `Bearer ${c.apiKey}`, secrets: [c.apiKey] };
    case 'twilio':
      return { url: `${base}/2010-04-01/Accounts/${c.accountSid}.json`, authorization: basic(c.accountSid, c.authToken), secrets: [c.authToken] };
  }
}

function judge(c: Config, r: HttpResponse, m: Measurements): Outcome {
  const name = NAMES[c.vendor];
  const fail = (message: string): Outcome => ({ status: 'fail', message, measurements: m });
  if (r.status === 401 || r.status === 403) return fail(`${name} refused the credentials (HTTP ${r.status}${vendorSays(r)}).`);
  if (r.status !== 200) return fail(`${name} answered HTTP ${r.status}, expected 200${vendorSays(r)}.`);
  const body = jsonBody(r);
  if (!body.ok) return fail(`${name} answered 200, but ${body.problem}.`);
  const doc = body.value && typeof body.value === 'object' && !Array.isArray(body.value) ? (body.value as Record<string, unknown>) : {};

  switch (c.vendor) {
    case 'xendit': {
      m.keyMode = /^xnd_production_/.test(c.secretKey) ? 'production' : /^xnd_development_/.test(c.secretKey) ? 'development' : 'unknown';
      if (typeof doc.balance !== 'number' || !Number.isFinite(doc.balance)) return fail(`Xendit answered 200 without a numeric balance (${quote(r.body.toString('utf8'), 60)}).`);
      const balance = Math.trunc(doc.balance);
      m.balance = balance;
      const rp = `Rp ${balance.toLocaleString('id-ID')}`;
      if (c.minBalance !== undefined && balance < c.minBalance) {
        return { status: 'warn', message: `Xendit ${c.accountType} balance is ${rp}, under Rp ${c.minBalance.toLocaleString('id-ID')}.`, measurements: m };
      }
      return { status: 'pass', message: `Xendit accepted the ${m.keyMode === 'unknown' ? '' : `${m.keyMode} `}key; ${c.accountType} balance ${rp}.`, measurements: m };
    }
    case 'sendgrid': {
      if (c.endpoint === 'account') {
        if (typeof doc.type === 'string') m.accountType = doc.type;
        if (typeof doc.reputation === 'number') m.reputation = doc.reputation;
        return { status: 'pass', message: `SendGrid accepted the key (account ${typeof doc.type === 'string' ? quote(doc.type, 20) : 'type unknown'}).`, measurements: m };
      }
      if (!Array.isArray(doc.scopes)) return fail(`SendGrid answered 200 without a scopes list (${quote(r.body.toString('utf8'), 60)}).`);
      const scopes = doc.scopes.filter((s): s is string => typeof s === 'string');
      m.scopes = scopes.length;
      const missing = (c.requireScopes ?? []).filter((s) => !scopes.includes(s));
      if (missing.length) return fail(`The SendGrid key lacks ${missing.join(', ')} (it has ${scopes.length} scope${scopes.length === 1 ? '' : 's'}).`);
      return { status: 'pass', message: `SendGrid accepted the key (${scopes.length} scope${scopes.length === 1 ? '' : 's'}${c.requireScopes ? `, including ${c.requireScopes.join(', ')}` : ''}).`, measurements: m };
    }
    case 'twilio': {
      if (typeof doc.status !== 'string') return fail(`Twilio answered 200 without an account status (${quote(r.body.toString('utf8'), 60)}).`);
      m.accountStatus = doc.status;
      if (typeof doc.type === 'string') m.accountType = doc.type;
      if (doc.status !== 'active') return fail(`The Twilio account ${c.accountSid} is ${quote(doc.status, 20)}, not active.`);
      if (doc.type === 'Trial') return { status: 'warn', message: `The Twilio account ${c.accountSid} is active but a trial: it sends only to verified numbers.`, measurements: m };
      return { status: 'pass', message: `The Twilio account ${c.accountSid} is active${typeof doc.type === 'string' ? ` (${doc.type})` : ''}.`, measurements: m };
    }
  }
}

/** The vendor's own words from an error body (`message`, `errors[0].message`), or the start of the body. */
function vendorSays(r: HttpResponse): string {
  const body = jsonBody(r);
  if (body.ok && body.value && typeof body.value === 'object') {
    const v = body.value as { message?: unknown; errors?: Array<{ message?: unknown }> };
    const said = typeof v.message === 'string' ? v.message : Array.isArray(v.errors) && typeof v.errors[0]?.message === 'string' ? v.errors[0].message : null;
    if (said) return `: ${quote(said, 120)}`;
  }
  const text = r.body.toString('utf8').trim();
  return text ? `: ${quote(text, 80)}` : '';
}
