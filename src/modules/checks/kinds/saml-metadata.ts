import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { defineCheckKind } from '../check.ts';
import { daysLeft, expiryFields, expiryFinding, expiryThresholdsInOrder, expiryThresholdsMessage } from './cert-expiry.ts';
import { capitalize, quote } from './fields.ts';
import { summarize, type Finding } from './findings.ts';
import { httpRequest, requestFields, type Measurements } from './http-request.ts';
import { urlHost } from './targets.ts';

const MiB = 1024 * 1024;

const config = z
  .strictObject({
    ...requestFields,
    /** Stop reading (and fail) past this many bytes; federation metadata is usually under 100 KiB. */
    maxBodyBytes: z.number().int().min(1).max(8 * MiB).default(MiB),
    /** The IdP's entityID the metadata must describe (e.g. https://sts.windows.net/<tenant>/). */
    entityId: z.string().min(1).max(1024).optional(),
    ...expiryFields,
  })
  .refine(expiryThresholdsInOrder, expiryThresholdsMessage);
type Config = z.output<typeof config>;

export const samlMetadataCheck = defineCheckKind({
  kind: 'saml-metadata',
  description: "A SAML identity provider's metadata names the expected entity and publishes signing certificates far enough from expiry.",
  config,
  defaultTimeoutMs: 10_000,
  targets: (c) => [urlHost(c.url)],
  async run(c, ctx) {
    const measurements: Measurements = { certificates: 0, minDaysToExpiry: null, entityId: null };
    const out = await httpRequest({ ...c, method: 'GET', headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml', ...c.headers } }, ctx);
    if (!out.ok) return { status: 'fail', message: `${capitalize(out.problem)}.`, measurements: { ...measurements, ...out.measurements } };
    const r = out.response;
    measurements.latencyMs = r.latencyMs;
    if (r.status !== 200) return { status: 'fail', message: `Metadata URL ${c.url} answered HTTP ${r.status}, expected 200.`, measurements };
    const xml = withoutComments(r.body.toString('utf8'));

    const picked = pickEntity(c, xml);
    if (!picked.ok) return { status: 'fail', message: `${capitalize(picked.problem)}.`, measurements };
    const { entity, entityId } = picked;
    measurements.entityId = entityId;
    const findings: Finding[] = [{ status: 'pass', text: `entity ${entityId}` }];
    const validUntil = new Date(decode(attr(entity.attrs, 'validUntil') ?? ''));
    if (!Number.isNaN(validUntil.getTime()) && validUntil.getTime() < Date.now()) {
      findings.push({ status: 'fail', text: `the metadata's validUntil (${validUntil.toISOString().slice(0, 10)}) has passed` });
    }

    const idp = elements(entity.inner, 'IDPSSODescriptor')[0];
    if (!idp) return { status: 'fail', message: `Entity ${entityId} is not an identity provider (no IDPSSODescriptor).`, measurements };
    const certs = signingCertificates(idp.inner, findings);
    measurements.certificates = certs.length;
    if (certs.length === 0) {
      findings.push({ status: 'fail', text: 'the identity provider publishes no signing certificate (no KeyDescriptor with use="signing" or without use)' });
      return { ...summarize(findings), measurements };
    }
    const now = Date.now();
    for (const cert of certs) {
      const what = `signing certificate ${subjectName(cert)}`;
      findings.push(expiryFinding({ validFrom: new Date(cert.validFrom), validTo: new Date(cert.validTo) }, c, { what }, now));
    }
    const soonest = certs.reduce((a, b) => (Date.parse(b.validTo) < Date.parse(a.validTo) ? b : a));
    measurements.minDaysToExpiry = daysLeft(new Date(soonest.validTo), now);
    measurements.validTo = new Date(soonest.validTo).toISOString();
    return { ...summarize(findings), measurements };
  },
});

function pickEntity(c: Config, xml: string): { ok: true; entity: XmlElement; entityId: string } | { ok: false; problem: string } {
  const entities = elements(xml, 'EntityDescriptor').map((e) => ({ entity: e, entityId: decode(attr(e.attrs, 'entityID') ?? '') }));
  if (entities.length === 0) return { ok: false, problem: `the document at ${c.url} is not SAML metadata (no EntityDescriptor; starts ${quote(xml.trimStart(), 40)})` };
  if (c.entityId !== undefined) {
    const found = entities.find((e) => e.entityId === c.entityId);
    if (found) return { ok: true, ...found };
    return { ok: false, problem: `the metadata describes ${entities.slice(0, 5).map((e) => quote(e.entityId, 120)).join(', ')}${entities.length > 5 ? ', …' : ''}, not ${quote(c.entityId, 120)}` };
  }
  const idps = entities.filter((e) => elements(e.entity.inner, 'IDPSSODescriptor', 1).length > 0);
  if (idps.length === 1) return { ok: true, ...idps[0]! };
  if (idps.length === 0) return { ok: true, ...entities[0]! }; // reported as "not an identity provider"
  return { ok: false, problem: `the metadata describes ${idps.length} identity providers; set entityId to choose one` };
}

/** The distinct certificates of the KeyDescriptors meant for signing; a certificate that does not parse is a finding. */
function signingCertificates(idp: string, findings: Finding[]): X509Certificate[] {
  const seen = new Map<string, X509Certificate>();
  for (const kd of elements(idp, 'KeyDescriptor')) {
    const use = attr(kd.attrs, 'use');
    if (use !== null && use !== 'signing') continue;
    for (const x of elements(kd.inner, 'X509Certificate')) {
      const b64 = x.inner.replace(/\s+/g, '');
      try {
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new Error('not base64');
        const cert = new X509Certificate(Buffer.from(b64, 'base64'));
        seen.set(cert.fingerprint256, cert);
      } catch {
        findings.push({ status: 'fail', text: `a signing certificate does not parse (starts ${quote(b64, 24)})` });
      }
    }
  }
  return [...seen.values()];
}

const subjectName = (cert: X509Certificate) => {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return `${cn ? `CN=${cn.slice(0, 80)}` : cert.subject.split('\n').join(', ').slice(0, 80)}`;
};

// ---- a minimal, bounded reader of the few metadata elements the check needs ----
//
// No XML parser is installed, and this check reads only EntityDescriptor/@entityID and @validUntil,
// IDPSSODescriptor, KeyDescriptor/@use and X509Certificate text — never a DTD, entity or
// namespace-dependent meaning. So the body (already capped at maxBodyBytes) is scanned with
// regular expressions that are each bounded (an opening tag's attributes at most 4 KiB, a prefix
// at most 40 characters) and with indexOf for the closing tags, so the scan stays linear in the
// body's size whatever a hostile server sends. Namespace prefixes (md:, ds:, none) are accepted
// as written; the metadata's own XML signature is not verified.

interface XmlElement {
  attrs: string;
  inner: string;
}

const MAX_ELEMENTS = 200;

/** `<!-- … -->` removed, so a commented-out KeyDescriptor does not count. An unclosed comment ends the text. */
function withoutComments(xml: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const start = xml.indexOf('<!--', at);
    if (start < 0) return out + xml.slice(at);
    out += xml.slice(at, start);
    const end = xml.indexOf('-->', start + 4);
    if (end < 0) return out;
    at = end + 3;
  }
}

/** Elements with this local name (any prefix), in order, at most `max`; one never closed ends the scan. */
function elements(xml: string, local: string, max = MAX_ELEMENTS): XmlElement[] {
  const open = new RegExp(`<([A-Za-z_][\\w.-]{0,40}:)?${local}(?=[\\s/>])([^<>]{0,4096}?)(/?)>`, 'g');
  const found: XmlElement[] = [];
  let m: RegExpExecArray | null;
  while (found.length < max && (m = open.exec(xml)) !== null) {
    const attrs = m[2] ?? '';
    if (m[3] === '/') {
      found.push({ attrs, inner: '' });
      continue;
    }
    const close = `</${m[1] ?? ''}${local}>`;
    const end = xml.indexOf(close, open.lastIndex);
    if (end < 0) break;
    found.push({ attrs, inner: xml.slice(open.lastIndex, end) });
    open.lastIndex = end + close.length;
  }
  return found;
}

/** An attribute's raw value from an opening tag's attribute text, or null. */
function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2] ?? '') : null;
}

/** The five predefined XML entities and numeric references. */
function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (all, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}
