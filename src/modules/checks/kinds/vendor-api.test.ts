import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { listen, type Listening } from './test-peers.ts';
import { vendorApiCheck } from './vendor-api.ts';

/**
 * Fake vendor APIs: real HTTP servers on 127.0.0.1 that check credentials as Xendit, SendGrid and
 * Twilio do and answer in their shapes. The first path segment picks a scenario (ok, garbage, …),
 * reached through the check's baseUrl.
 */

const run = (config: Record<string, unknown>, timeoutMs = 2000) => runCheck(vendorApiCheck, vendorApiCheck.config.parse(config), { timeoutMs });

const XENDIT_KEY = 'xnd_production_Pempek-Palembang-0001';
const SENDGRID_KEY = 'SG.Kerak-Telor.Betawi-0002';
const TWILIO_SID = 'AC0123456789abcdef0123456789abcdef';
const TWILIO_TOKEN = 'Es-Cendol-Bandung-0003';
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

let xendit: Listening;
let sendgrid: Listening;
let twilio: Listening;
const seen: string[] = [];

type Answer = [number, unknown];
function fake(expectedAuth: string, unauthorized: unknown, answer: (scenario: string, path: string) => Answer) {
  return http.createServer((req, res) => {
    const [, scenario = '', ...rest] = (req.url ?? '/').split('/');
    const path = `/${rest.join('/')}`;
    seen.push(`${req.method} ${path}`);
    if (scenario === 'echo') return res.writeHead(401).end(`bad credentials: ${req.headers.authorization}`);
    if (req.method !== 'GET' || req.headers.authorization !== expectedAuth) return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify(unauthorized));
    if (scenario === 'garbage') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
    if (scenario === 'down') return res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"Service temporarily unavailable"}');
    const [status, body] = answer(scenario, path);
    res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  });
}

beforeAll(async () => {
  xendit = await listen(
    fake(basic(XENDIT_KEY, ''), { error_code: 'INVALID_API_KEY', message: 'API key is not authorized for this API service' }, (scenario, path) => {
      if (path !== '/balance?account_type=CASH' && path !== '/balance?account_type=HOLDING') return [404, { error_code: 'NOT_FOUND' }];
      if (scenario === 'nobalance') return [200, { balance: 'lots' }];
      return [200, { balance: path.endsWith('HOLDING') ? 0 : 1241231.75 }];
    }),
  );
  sendgrid = await listen(
    fake(`Bearer ${SENDGRID_KEY}`, { errors: [{ field: null, message: 'authorization required' }] }, (_s, path) => {
      if (path === '/v3/scopes') return [200, { scopes: ['mail.send', 'alerts.read'] }];
      if (path === '/v3/user/account') return [200, { type: 'paid', reputation: 99.7 }];
      return [404, { errors: [{ message: 'not found' }] }];
    }),
  );
  twilio = await listen(
    fake(basic(TWILIO_SID, TWILIO_TOKEN), { code: 20003, message: 'Authenticate', status: 401 }, (scenario, path) => {
      if (path !== `/2010-04-01/Accounts/${TWILIO_SID}.json`) return [404, { code: 20404, message: 'The requested resource was not found' }];
      const status = scenario === 'suspended' ? 'suspended' : 'active';
      return [200, { sid: TWILIO_SID, friendly_name: 'PWBI notifications', status, type: scenario === 'trial' ? 'Trial' : 'Full' }];
    }),
  );
});
afterAll(async () => {
  await Promise.all([xendit, sendgrid, twilio].map((s) => s?.close()));
});

const at = (l: Listening, scenario = 'ok') => `http://127.0.0.1:${l.port}/${scenario}`;
const noSecrets = (r: unknown) => {
  const text = JSON.stringify(r);
  for (const s of [XENDIT_KEY, SENDGRID_KEY, TWILIO_TOKEN, basic(XENDIT_KEY, '').slice(6), basic(TWILIO_SID, TWILIO_TOKEN).slice(6)]) expect(text).not.toContain(s);
};

describe('vendor-api check: xendit', () => {
  it('passes with a numeric balance, measured in whole rupiah', async () => {
    const r = await run({ vendor: 'xendit', baseUrl: at(xendit), secretKey: XENDIT_KEY });
    expect(r.status, r.message).toBe('pass');
    expect(r.message).toBe('Xendit accepted the production key; CASH balance Rp 1.241.231.');
    expect(r.measurements).toMatchObject({ status: 200, balance: 1241231, keyMode: 'production' });
    expect(seen).toContain('GET /balance?account_type=CASH');
    noSecrets(r);
  });

  it('warns under minBalance', async () => {
    const r = await run({ vendor: 'xendit', baseUrl: at(xendit), secretKey: XENDIT_KEY, accountType: 'HOLDING', minBalance: 500000 });
    expect(r).toMatchObject({ status: 'warn', message: 'Xendit HOLDING balance is Rp 0, under Rp 500.000.', measurements: { balance: 0 } });
  });

  it('fails a refused key (401), quoting the vendor and not the key', async () => {
    const r = await run({ vendor: 'xendit', baseUrl: at(xendit), secretKey: 'xnd_production_wrong-key-9999' });
    expect(r).toMatchObject({ status: 'fail', message: 'Xendit refused the credentials (HTTP 401: "API key is not authorized for this API service").', measurements: { status: 401 } });
  });

  it('fails a garbage body, a balance that is not a number, and a 503', async () => {
    const garbage = await run({ vendor: 'xendit', baseUrl: at(xendit, 'garbage'), secretKey: XENDIT_KEY });
    expect(garbage).toMatchObject({ status: 'fail', message: 'Xendit answered 200, but the answer is not JSON ("text/html", starts "<html><body>502 Bad Gateway</body></html…").' });
    const nob = await run({ vendor: 'xendit', baseUrl: at(xendit, 'nobalance'), secretKey: XENDIT_KEY });
    expect(nob).toMatchObject({ status: 'fail', message: 'Xendit answered 200 without a numeric balance ("{\\"balance\\":\\"lots\\"}").' });
    const down = await run({ vendor: 'xendit', baseUrl: at(xendit, 'down'), secretKey: XENDIT_KEY });
    expect(down).toMatchObject({ status: 'fail', message: 'Xendit answered HTTP 503, expected 200: "Service temporarily unavailable".' });
  });

  it('never echoes the key, even when the vendor echoes the Authorization header back', async () => {
    const r = await run({ vendor: 'xendit', baseUrl: at(xendit, 'echo'), secretKey: XENDIT_KEY });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('Xendit refused the credentials (HTTP 401: "bad credentials: ***").');
    noSecrets(r);
  });
});

describe('vendor-api check: sendgrid', () => {
  it('passes with the scopes, and checks required ones', async () => {
    const r = await run({ vendor: 'sendgrid', baseUrl: at(sendgrid), apiKey: SENDGRID_KEY, requireScopes: ['mail.send'] });
    expect(r).toMatchObject({ status: 'pass', message: 'SendGrid accepted the key (2 scopes, including mail.send).', measurements: { status: 200, scopes: 2 } });
    const lacking = await run({ vendor: 'sendgrid', baseUrl: at(sendgrid), apiKey: SENDGRID_KEY, requireScopes: ['mail.send', 'suppression.read'] });
    expect(lacking).toMatchObject({ status: 'fail', message: 'The SendGrid key lacks suppression.read (it has 2 scopes).' });
    noSecrets([r, lacking]);
  });

  it('reads the account when asked', async () => {
    const r = await run({ vendor: 'sendgrid', baseUrl: at(sendgrid), apiKey: SENDGRID_KEY, endpoint: 'account' });
    expect(r).toMatchObject({ status: 'pass', measurements: { accountType: 'paid', reputation: 99.7 } });
  });

  it('fails a refused key and a garbage body', async () => {
    const r = await run({ vendor: 'sendgrid', baseUrl: at(sendgrid), apiKey: 'SG.wrong' });
    expect(r).toMatchObject({ status: 'fail', message: 'SendGrid refused the credentials (HTTP 401: "authorization required").' });
    const g = await run({ vendor: 'sendgrid', baseUrl: at(sendgrid, 'garbage'), apiKey: SENDGRID_KEY });
    expect(g.status).toBe('fail');
    expect(g.message).toMatch(/^SendGrid answered 200, but the answer is not JSON/);
  });
});

describe('vendor-api check: twilio', () => {
  it('passes an active full account', async () => {
    const r = await run({ vendor: 'twilio', baseUrl: at(twilio), accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    expect(r).toMatchObject({ status: 'pass', message: `The Twilio account ${TWILIO_SID} is active (Full).`, measurements: { accountStatus: 'active', accountType: 'Full' } });
    noSecrets(r);
  });

  it('warns on a trial account and fails a suspended one', async () => {
    expect(await run({ vendor: 'twilio', baseUrl: at(twilio, 'trial'), accountSid: TWILIO_SID, authToken: TWILIO_TOKEN })).toMatchObject({ status: 'warn', measurements: { accountType: 'Trial' } });
    const s = await run({ vendor: 'twilio', baseUrl: at(twilio, 'suspended'), accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    expect(s).toMatchObject({ status: 'fail', message: `The Twilio account ${TWILIO_SID} is "suspended", not active.` });
  });

  it('fails a wrong token, a garbage body, and an API that is not there', async () => {
    const r = await run({ vendor: 'twilio', baseUrl: at(twilio), accountSid: TWILIO_SID, authToken: 'wrong-token' });
    expect(r).toMatchObject({ status: 'fail', message: 'Twilio refused the credentials (HTTP 401: "Authenticate").' });
    expect((await run({ vendor: 'twilio', baseUrl: at(twilio, 'garbage'), accountSid: TWILIO_SID, authToken: TWILIO_TOKEN })).message).toMatch(/not JSON/);
    const gone = await run({ vendor: 'twilio', baseUrl: 'http://127.0.0.1:1', accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    expect(gone).toMatchObject({ status: 'fail' });
    expect(gone.message).toMatch(/^Twilio API: connection refused/);
  });
});

describe('vendor-api config', () => {
  it('is strict per vendor and defaults to the real hosts', () => {
    expect(() => parseCheckConfig('vendor-api', { vendor: 'ses', accessKeyId: 'x' })).toThrow(/vendor/);
    expect(() => parseCheckConfig('vendor-api', { vendor: 'xendit', apiKey: 'x' })).toThrow(/secretKey|Unrecognized/);
    expect(() => parseCheckConfig('vendor-api', { vendor: 'xendit', secretKey: 'x', extra: 1 })).toThrow(/Unrecognized key/);
    expect(() => parseCheckConfig('vendor-api', { vendor: 'twilio', accountSid: 'AC123', authToken: 'x' })).toThrow(/account SID/);
    const parsed = parseCheckConfig('vendor-api', { vendor: 'sendgrid', apiKey: 'SG.x' }).config as { baseUrl?: string; endpoint: string };
    expect(parsed).toMatchObject({ endpoint: 'scopes' });
    expect(parsed.baseUrl).toBeUndefined();
  });
});
