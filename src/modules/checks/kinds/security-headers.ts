import { z } from 'zod';
import { defineCheckKind } from '../check.ts';
import { capitalize, quote } from './fields.ts';
import { summarize, type Finding } from './findings.ts';
import { headerValues, httpRequest, requestFields, type HttpResponse } from './http-request.ts';
import { urlHost } from './targets.ts';

const config = z.strictObject({
  ...requestFields,
  /** HSTS max-age below this (seconds; default 180 days) is a warning. */
  hstsMinMaxAge: z.number().int().min(0).max(10 * 365 * 86_400).default(15_552_000),
  /** Fail when HSTS lacks includeSubDomains. */
  requireIncludeSubDomains: z.boolean().default(false),
  /** Do not warn about 'unsafe-inline' scripts in the CSP. */
  allowUnsafeInline: z.boolean().default(false),
  /** Which protections must be there (missing: fail); one set to false is still reported. */
  require: z
    .strictObject({
      hsts: z.boolean().default(true),
      csp: z.boolean().default(true),
      contentTypeOptions: z.boolean().default(true),
      frameProtection: z.boolean().default(true),
    })
    .prefault({}),
});
type Config = z.output<typeof config>;

export const securityHeadersCheck = defineCheckKind({
  kind: 'security-headers',
  description: 'A page sends HSTS, a Content-Security-Policy, X-Content-Type-Options and clickjacking protection.',
  config,
  defaultTimeoutMs: 10_000,
  targets: (c) => [urlHost(c.url)],
  async run(c, ctx) {
    const out = await httpRequest({ ...c, method: 'GET', maxBodyBytes: null }, ctx);
    if (!out.ok) return { status: 'fail', message: `${capitalize(out.problem)}.`, measurements: out.measurements };
    const r = out.response;
    const policies = headerValues(r.headers, 'content-security-policy').flatMap((v) => v.split(',')).map(parseCsp).filter((p) => p.size > 0);
    const hsts = hstsFinding(c, r);
    const findings = [hsts.finding, cspFinding(c, r, policies), contentTypeFinding(c, r), frameFinding(c, r, policies)];
    const { status, message } = summarize(findings, { all: true });
    const contentTypeOptions = headerValues(r.headers, 'x-content-type-options')[0] ?? null;
    return {
      status,
      message: r.status >= 400 ? `${message} (HTTP ${r.status})` : message,
      measurements: {
        status: r.status,
        hsts: headerValues(r.headers, 'strict-transport-security')[0] ?? null,
        hstsMaxAge: hsts.maxAge,
        csp: policies.length > 0,
        contentTypeOptions,
        frameProtection: policies.some((p) => p.has('frame-ancestors')) ? 'frame-ancestors' : headerValues(r.headers, 'x-frame-options').length ? 'x-frame-options' : null,
        ...(r.tlsProtocol ? { tlsProtocol: r.tlsProtocol } : {}),
      },
    };
  },
});

/** A missing protection: a failure when required, a note otherwise. */
const missing = (required: boolean, text: string): Finding => (required ? { status: 'fail', text } : { status: 'pass', text: `${text} (not required)` });

function hstsFinding(c: Config, r: HttpResponse): { finding: Finding; maxAge: number | null } {
  if (!r.url.startsWith('https:')) return { finding: missing(c.require.hsts, 'HSTS cannot apply: the page is served over plain HTTP'), maxAge: null };
  const value = headerValues(r.headers, 'strict-transport-security')[0]; // browsers heed the first
  if (value === undefined) return { finding: missing(c.require.hsts, 'HSTS missing'), maxAge: null };
  const directives = value.split(';').map((d) => d.trim().toLowerCase());
  const m = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)).find(Boolean);
  const maxAge = m ? Number(m[1]) : null;
  const subdomains = directives.includes('includesubdomains');
  const f = (status: Finding['status'], text: string) => ({ finding: { status, text }, maxAge });
  if (maxAge === null) return f('fail', `HSTS has no valid max-age (${quote(value, 60)})`);
  if (maxAge === 0) return f('fail', 'HSTS max-age=0 switches HSTS off');
  if (c.requireIncludeSubDomains && !subdomains) return f('fail', `HSTS max-age=${maxAge} lacks includeSubDomains`);
  if (maxAge < c.hstsMinMaxAge) return f('warn', `HSTS max-age=${maxAge} is under ${c.hstsMinMaxAge}`);
  return f('pass', `HSTS max-age=${maxAge}${subdomains ? ' with includeSubDomains' : ''}`);
}

type Csp = Map<string, string[]>;

function parseCsp(policy: string): Csp {
  const directives: Csp = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // The first occurrence of a directive counts; later ones are ignored, as browsers do.
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources.map((s) => s.toLowerCase()));
  }
  return directives;
}

function cspFinding(c: Config, r: HttpResponse, policies: Csp[]): Finding {
  if (policies.length === 0) {
    const reportOnly = headerValues(r.headers, 'content-security-policy-report-only').length > 0;
    return missing(c.require.csp, reportOnly ? 'CSP only in report-only mode, which enforces nothing' : 'CSP missing');
  }
  if (c.allowUnsafeInline) return { status: 'pass', text: 'CSP present' };
  const scriptSources = policies.map((p) => p.get('script-src') ?? p.get('default-src'));
  // A nonce, a hash or 'strict-dynamic' makes browsers ignore 'unsafe-inline'.
  const blocksInline = (s: string[]) => !s.includes("'unsafe-inline'") || s.some((x) => /^'(nonce-|sha(256|384|512)-|strict-dynamic')/.test(x));
  if (scriptSources.some((s) => s !== undefined && blocksInline(s))) return { status: 'pass', text: 'CSP restricts inline scripts' };
  if (scriptSources.every((s) => s === undefined)) return { status: 'warn', text: 'CSP does not restrict scripts (no script-src or default-src)' };
  return { status: 'warn', text: "CSP allows 'unsafe-inline' scripts" };
}

function contentTypeFinding(c: Config, r: HttpResponse): Finding {
  const value = headerValues(r.headers, 'x-content-type-options')[0];
  if (value === undefined) return missing(c.require.contentTypeOptions, 'X-Content-Type-Options missing');
  if (value.trim().toLowerCase() !== 'nosniff') return missing(c.require.contentTypeOptions, `X-Content-Type-Options is ${quote(value, 40)}, not nosniff`);
  return { status: 'pass', text: 'X-Content-Type-Options nosniff' };
}

function frameFinding(c: Config, r: HttpResponse, policies: Csp[]): Finding {
  const ancestors = policies.map((p) => p.get('frame-ancestors')).find((a) => a !== undefined);
  if (ancestors) {
    const shown = ancestors.join(' ') || "'none'";
    if (ancestors.some((a) => a === '*' || /^[a-z][a-z0-9+.-]*:$/.test(a))) return { status: 'warn', text: `CSP frame-ancestors ${shown} lets any site frame the page` };
    return { status: 'pass', text: `framing limited by CSP frame-ancestors ${shown}` };
  }
  const xfo = headerValues(r.headers, 'x-frame-options')[0]?.trim().toUpperCase();
  if (xfo === 'DENY' || xfo === 'SAMEORIGIN') return { status: 'pass', text: `framing limited by X-Frame-Options ${xfo}` };
  if (xfo?.startsWith('ALLOW-FROM')) return { status: 'warn', text: 'X-Frame-Options ALLOW-FROM is ignored by current browsers; use CSP frame-ancestors' };
  return missing(c.require.frameProtection, xfo ? `X-Frame-Options ${quote(xfo, 40)} is not DENY or SAMEORIGIN, and no CSP frame-ancestors` : 'no clickjacking protection (neither CSP frame-ancestors nor X-Frame-Options)');
}
