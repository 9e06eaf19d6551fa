import { Resolver } from 'node:dns/promises';
import net from 'node:net';
import { z } from 'zod';
import { defineCheckKind, type CheckResult } from '../check.ts';
import { softDeadline } from './deadline.ts';
import { compileRegex, parseResolverAddress, quote, regexSource, resolverAddress } from './fields.ts';

const TYPES = ['A', 'AAAA', 'CNAME', 'TXT', 'CAA', 'MX', 'NS'] as const;
type RecordType = (typeof TYPES)[number];

/** A DNS name; underscores allowed (`_dmarc.example.com`), a trailing dot too. */
const dnsName = z
  .string()
  .max(254)
  .regex(/^(?!-)[A-Za-z0-9_-]{1,63}(?:\.(?!-)[A-Za-z0-9_-]{1,63})*\.?$/, 'must be a DNS name like app.client.co.id');
const value = z.string().min(1).max(2000);

const config = z.strictObject({
  name: dnsName,
  type: z.enum(TYPES).default('A'),
  /** `ip` or `ip:port`; default: the system's resolvers (/etc/resolv.conf). */
  resolver: resolverAddress.optional(),
  expect: z
    .strictObject({
      /** Each of these must be among the answers. */
      contains: z.array(value).min(1).max(50).optional(),
      /** The answers must be exactly these, in any order. */
      equals: z.array(value).min(1).max(50).optional(),
      /** At least one answer must match (e.g. a TXT record: "^v=spf1 .* -all$"). */
      matches: regexSource.optional(),
    })
    .default({}),
});

export const dnsCheck = defineCheckKind({
  kind: 'dns',
  description: 'A DNS name has the expected A, AAAA, CNAME, TXT, CAA, MX or NS records.',
  config,
  defaultTimeoutMs: 5_000,
  // The resolver asked is connected to; the name asked about is not. The system's resolvers are the platform's own.
  targets: (c) => (c.resolver ? [parseResolverAddress(c.resolver)!.ip] : []),
  async run(c, ctx) {
    const soft = softDeadline(ctx);
    const resolver = new Resolver({ timeout: soft.ms, tries: 1 });
    if (c.resolver) resolver.setServers([c.resolver]);
    const asked = c.resolver ?? 'the system resolver';
    const onAbort = () => resolver.cancel();
    soft.signal.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    const facts = (values: string[]): CheckResult['measurements'] => ({
      count: values.length,
      values: values.join(' | ').slice(0, 1000),
      lookupMs: Math.round(performance.now() - started),
      resolver: c.resolver ?? 'system',
    });
    const what = `${c.type} ${c.name}`;
    let values: string[];
    try {
      values = await lookup(resolver, c.name, c.type);
    } catch (e) {
      if (ctx.signal.aborted && !soft.expired) throw e;
      const code = soft.expired ? 'ETIMEOUT' : (e as { code?: string }).code;
      const outcome = (status: 'fail' | 'error', message: string) => ({ status, message, measurements: facts([]) });
      switch (code) {
        case 'ENOTFOUND':
          return outcome('fail', `${c.name} does not exist (NXDOMAIN from ${asked}).`);
        case 'ENODATA':
          return outcome('fail', `${c.name} has no ${c.type} records.`);
        case 'ESERVFAIL':
          return outcome('fail', `${asked} answered SERVFAIL for ${what}: the zone is broken or its servers are unreachable.`);
        case 'ETIMEOUT':
          return outcome('error', `No answer from ${asked} for ${what} within ${soft.ms} ms.`);
        case 'ECONNREFUSED':
        case 'EREFUSED':
          return outcome('error', `${asked} refused the query for ${what}.`);
        default:
          if (typeof code === 'string') return outcome('error', `${asked} could not answer ${what} (${code}).`);
          throw e;
      }
    } finally {
      soft.signal.removeEventListener('abort', onAbort);
      soft.clear();
    }
    if (values.length === 0) return { status: 'fail', message: `${c.name} has no ${c.type} records.`, measurements: facts(values) };
    const failures = unmet(c.type, values, c.expect);
    const shown = quote(values.join(', '), 120);
    if (failures.length > 0) return { status: 'fail', message: `${what}: ${failures.join('; ')} (answers: ${shown}).`, measurements: facts(values) };
    return { status: 'pass', message: `${what}: ${shown}.`, measurements: facts(values) };
  },
});

/** The answers as strings, in zone-file form: `10 mail.example.com` for MX, `0 issue "letsencrypt.org"` for CAA. */
async function lookup(r: Resolver, name: string, type: RecordType): Promise<string[]> {
  switch (type) {
    case 'A':
      return r.resolve4(name);
    case 'AAAA':
      return r.resolve6(name);
    case 'CNAME':
      return r.resolveCname(name);
    case 'NS':
      return r.resolveNs(name);
    case 'TXT':
      return (await r.resolveTxt(name)).map((chunks) => chunks.join(''));
    case 'MX':
      return (await r.resolveMx(name)).sort((a, b) => a.priority - b.priority).map((m) => `${m.priority} ${m.exchange}`);
    case 'CAA':
      return (await r.resolveCaa(name)).map((rec) => {
        const [tag, v] = Object.entries(rec).find(([k]) => k !== 'critical') ?? ['unknown', ''];
        return `${rec.critical} ${tag} "${v}"`;
      });
  }
}

function unmet(type: RecordType, values: string[], expect: z.output<typeof config>['expect']): string[] {
  const has = (wanted: string) => values.some((v) => same(type, v, wanted));
  const failures: string[] = [];
  const missing = [...(expect.contains ?? []), ...(expect.equals ?? [])].filter((w, i, all) => all.indexOf(w) === i && !has(w));
  if (missing.length) failures.push(`missing ${missing.map((m) => quote(m, 80)).join(', ')}`);
  if (expect.equals) {
    const extra = values.filter((v) => !expect.equals!.some((w) => same(type, v, w)));
    if (extra.length) failures.push(`unexpected ${extra.map((x) => quote(x, 80)).join(', ')}`);
  }
  if (expect.matches !== undefined) {
    const re = compileRegex(expect.matches);
    if (!values.some((v) => re.test(v))) failures.push(`no answer matches ${expect.matches}`);
  }
  return failures;
}

/**
 * Whether an answer is the value a config names, compared as DNS compares: names without case
 * or trailing dot, IPv6 in any spelling, an MX without its priority or a CAA without its flags.
 */
function same(type: RecordType, actual: string, wanted: string): boolean {
  const a = canonical(type, actual);
  const w = canonical(type, wanted);
  return a === w || ((type === 'MX' || type === 'CAA') && !/^\d+ /.test(w) && a.replace(/^\d+ /, '') === w);
}

function canonical(type: RecordType, v: string): string {
  const name = (s: string) => s.trim().toLowerCase().replace(/\.$/, '');
  switch (type) {
    case 'A':
    case 'TXT':
      return v.trim();
    case 'AAAA':
      return net.isIPv6(v.trim()) ? new URL(`http://[${v.trim()}]`).hostname.slice(1, -1) : v.trim().toLowerCase();
    case 'CNAME':
    case 'NS':
      return name(v);
    case 'MX': {
      const m = /^(\d+)\s+(\S+)$/.exec(v.trim());
      return m ? `${Number(m[1])} ${name(m[2]!)}` : name(v);
    }
    case 'CAA': {
      const m = /^(?:(\d+)\s+)?([A-Za-z0-9]+)\s+"?([^"]*)"?$/.exec(v.trim());
      return m ? `${m[1] === undefined ? '' : `${Number(m[1])} `}${m[2]!.toLowerCase()} "${m[3]!.trim().toLowerCase()}"` : v.trim().toLowerCase();
    }
  }
}
