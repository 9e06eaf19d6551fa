import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { dnsCheck } from './dns.ts';

/**
 * A real authoritative DNS responder on 127.0.0.1 (UDP): a few records for golive.test,
 * NOERROR with no answers for a name without the asked type, SERVFAIL and silence on request,
 * NXDOMAIN for everything else.
 */
const SPF = 'v=spf1 include:_spf.google.com ~all';
const LONG_DKIM = `v=DKIM1; k=rsa; p=${'A'.repeat(300)}`; // over 255 bytes: sent as two strings
const zone: Record<string, dnsPacket.Answer[]> = {
  'app.golive.test': [
    { type: 'A', name: 'app.golive.test', ttl: 60, data: '10.0.0.2' },
    { type: 'A', name: 'app.golive.test', ttl: 60, data: '10.0.0.3' },
    { type: 'AAAA', name: 'app.golive.test', ttl: 60, data: '2001:db8:0:0:0:0:0:1' },
    { type: 'MX', name: 'app.golive.test', ttl: 60, data: { preference: 20, exchange: 'backup.golive.test' } },
    { type: 'MX', name: 'app.golive.test', ttl: 60, data: { preference: 10, exchange: 'mail.golive.test' } },
    { type: 'TXT', name: 'app.golive.test', ttl: 60, data: SPF },
    { type: 'TXT', name: 'app.golive.test', ttl: 60, data: [LONG_DKIM.slice(0, 200), LONG_DKIM.slice(200)] },
    { type: 'CAA', name: 'app.golive.test', ttl: 60, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } },
    { type: 'NS', name: 'app.golive.test', ttl: 60, data: 'ns1.golive.test' },
  ],
  'www.golive.test': [{ type: 'CNAME', name: 'www.golive.test', ttl: 60, data: 'app.golive.test' }],
  'empty.golive.test': [],
};
const SERVFAIL = 2;
const NXDOMAIN = 3;

let server: dgram.Socket;
let resolver: string;

beforeAll(async () => {
  server = dgram.createSocket('udp4');
  server.on('message', (msg, rinfo) => {
    const query = dnsPacket.decode(msg);
    const q = query.questions?.[0];
    if (!q || q.name === 'hang.golive.test') return;
    const records = zone[q.name.toLowerCase()];
    let answers: dnsPacket.Answer[] = [];
    if (records) {
      answers = records.filter((r) => r.type === q.type);
      const cname = records.find((r) => r.type === 'CNAME');
      if (answers.length === 0 && cname) answers = [cname, ...(zone[(cname as { data: string }).data] ?? []).filter((r) => r.type === q.type)];
    }
    const rcode = q.name === 'servfail.golive.test' ? SERVFAIL : records ? 0 : NXDOMAIN;
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE | (query.flags! & dnsPacket.RECURSION_DESIRED) | rcode,
      questions: [q],
      answers,
    });
    server.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  resolver = `127.0.0.1:${server.address().port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const run = (config: Record<string, unknown>, timeoutMs = 2000) => runCheck(dnsCheck, dnsCheck.config.parse({ resolver, ...config }), { timeoutMs });

describe('dns check', () => {
  it('passes when a name has records of the type, listing them', async () => {
    const r = await run({ name: 'app.golive.test' });
    expect(r.status).toBe('pass');
    expect(r.message).toBe('A app.golive.test: "10.0.0.2, 10.0.0.3".');
    expect(r.measurements).toMatchObject({ count: 2, values: '10.0.0.2 | 10.0.0.3', resolver });
    expect(typeof r.measurements.lookupMs).toBe('number');
  });

  it('checks contains and equals, comparing as DNS does', async () => {
    expect((await run({ name: 'app.golive.test', expect: { contains: ['10.0.0.3'] } })).status).toBe('pass');
    expect((await run({ name: 'app.golive.test', expect: { equals: ['10.0.0.3', '10.0.0.2'] } })).status).toBe('pass');
    expect((await run({ name: 'app.golive.test', type: 'AAAA', expect: { equals: ['2001:DB8::1'] } })).status).toBe('pass');
    expect((await run({ name: 'www.golive.test', type: 'CNAME', expect: { equals: ['App.Golive.Test.'] } })).status).toBe('pass');
    expect((await run({ name: 'app.golive.test', type: 'NS', expect: { contains: ['ns1.golive.test'] } })).status).toBe('pass');
    const mx = await run({ name: 'app.golive.test', type: 'MX', expect: { contains: ['mail.golive.test', '20 backup.golive.test'] } });
    expect(mx).toMatchObject({ status: 'pass', measurements: { values: '10 mail.golive.test | 20 backup.golive.test' } });
    const caa = await run({ name: 'app.golive.test', type: 'CAA', expect: { equals: ['issue "letsencrypt.org"'] } });
    expect(caa).toMatchObject({ status: 'pass', measurements: { values: '0 issue "letsencrypt.org"' } });
  });

  it('follows a CNAME to the addresses', async () => {
    expect(await run({ name: 'www.golive.test', expect: { equals: ['10.0.0.2', '10.0.0.3'] } })).toMatchObject({ status: 'pass' });
  });

  it('matches TXT records by regex, joining long records split into strings', async () => {
    expect((await run({ name: 'app.golive.test', type: 'TXT', expect: { matches: '^v=spf1 .*~all$' } })).status).toBe('pass');
    expect((await run({ name: 'app.golive.test', type: 'TXT', expect: { contains: [LONG_DKIM, SPF] } })).status).toBe('pass');
    const strict = await run({ name: 'app.golive.test', type: 'TXT', expect: { matches: '^v=spf1 .* -all$' } });
    expect(strict).toMatchObject({ status: 'fail', message: expect.stringContaining('no answer matches ^v=spf1 .* -all$') });
  });

  it('fails a mismatch, naming what is missing and what is extra', async () => {
    const r = await run({ name: 'app.golive.test', expect: { equals: ['10.0.0.2', '10.0.0.9'] } });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('A app.golive.test: missing "10.0.0.9"; unexpected "10.0.0.3" (answers: "10.0.0.2, 10.0.0.3").');
    const caa = await run({ name: 'app.golive.test', type: 'CAA', expect: { contains: ['issue "digicert.com"'] } });
    expect(caa.message).toContain('missing "issue \\"digicert.com\\""');
  });

  it('fails NXDOMAIN, a name without records of the type, and SERVFAIL', async () => {
    expect(await run({ name: 'nope.golive.test' })).toMatchObject({ status: 'fail', message: `nope.golive.test does not exist (NXDOMAIN from ${resolver}).` });
    expect(await run({ name: 'empty.golive.test', type: 'TXT' })).toMatchObject({ status: 'fail', message: 'empty.golive.test has no TXT records.' });
    expect(await run({ name: 'servfail.golive.test' })).toMatchObject({ status: 'fail', message: expect.stringContaining('answered SERVFAIL') });
  });

  it('cannot tell, within its deadline, when the resolver stays silent', async () => {
    const r = await run({ name: 'hang.golive.test' }, 400);
    expect(r).toMatchObject({ status: 'error', message: expect.stringMatching(/^No answer from 127\.0\.0\.1:\d+ for A hang\.golive\.test within \d+ ms\.$/) });
    expect(r.durationMs).toBeLessThan(800);
  });

  it('validates its config', () => {
    expect(parseCheckConfig('dns', { name: '_dmarc.client.co.id', type: 'TXT' }).config).toMatchObject({ type: 'TXT', expect: {} });
    expect(() => parseCheckConfig('dns', { name: 'a..b' })).toThrow(/DNS name/);
    expect(() => parseCheckConfig('dns', { name: 'a.test', type: 'SRV' })).toThrow(/type/);
    expect(() => parseCheckConfig('dns', { name: 'a.test', resolver: '1.1.1.1:99999' })).toThrow(/resolver/);
    expect(() => parseCheckConfig('dns', { name: 'a.test', resolver: 'dns.google' })).toThrow(/resolver/);
    for (const ok of ['1.1.1.1', '1.1.1.1:5353', '[2606:4700::1111]:53', '2606:4700::1111']) {
      expect(parseCheckConfig('dns', { name: 'a.test', resolver: ok }).config).toMatchObject({ resolver: ok });
    }
  });
});
