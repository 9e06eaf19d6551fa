import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { samlMetadataCheck } from './saml-metadata.ts';
import { listen, makeCa, makeLeaf, type Listening } from './test-peers.ts';

/**
 * A fake identity provider: a real HTTP server on 127.0.0.1 serving metadata documents, shaped as
 * Azure AD and Okta write them, around certificates made here with selfsigned (valid, expiring
 * soon, expired).
 */

const run = (config: Record<string, unknown>, timeoutMs = 3000) => runCheck(samlMetadataCheck, samlMetadataCheck.config.parse(config), { timeoutMs });

const AZURE = 'https://sts.windows.net/6f1c2d4e-0000-4b5a-9c1d-pwbifnb00001/';
const OKTA = 'http://www.okta.com/exk1pwbifnb0000';
let idp: Listening;
let base: string;
const docs = new Map<string, string>();

const b64 = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '\n').trim();

/** Azure AD style: default namespace, a signed document, keys with use="signing", a rollover pair. */
function azure(certs: string[], opts: { entityId?: string; extra?: string; validUntil?: string } = {}) {
  const keys = certs
    .map((c) => `<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${b64(c)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor ID="_e1" entityID="${opts.entityId ?? AZURE}"${opts.validUntil ? ` validUntil="${opts.validUntil}"` : ''} xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
  <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><KeyInfo><X509Data><X509Certificate>NOT-A-KEYDESCRIPTOR-CERT</X509Certificate></X509Data></KeyInfo></Signature>
  <RoleDescriptor xsi:type="fed:SecurityTokenServiceType" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706"></RoleDescriptor>
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${keys}
    <!-- <KeyDescriptor use="signing"><X509Certificate>commented-out</X509Certificate></KeyDescriptor> -->
    ${opts.extra ?? ''}
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/6f1c/saml2" />
  </IDPSSODescriptor>
</EntityDescriptor>`;
}

/** Okta style: md:/ds: prefixes, a KeyDescriptor without use. */
function okta(cert: string) {
  return `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID='${OKTA}'><md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${b64(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://pwbifnb.okta.com/app/sso/saml"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
}

beforeAll(async () => {
  const ca = await makeCa('Golive Test IdP CA');
  const cert = async (name: string, validity: { fromDays?: number; toDays: number }) => (await makeLeaf(ca, [name], validity)).cert;
  const valid = await cert('Microsoft Azure Federated SSO Certificate', { toDays: 400.5 });
  const soon = await cert('soon.idp.golive.test', { toDays: 20.5 });
  const closing = await cert('closing.idp.golive.test', { toDays: 5.5 });
  const expired = await cert('old.idp.golive.test', { fromDays: -800, toDays: -3 });
  docs.set('/azure', azure([valid, valid])); // Azure repeats a certificate: counted once
  docs.set('/okta', okta(valid));
  docs.set('/soon', azure([soon]));
  docs.set('/closing', azure([closing]));
  docs.set('/expired', azure([expired]));
  docs.set('/rollover', azure([expired, valid]));
  docs.set('/encryption-only', azure([]).replace('<IDPSSODescriptor', '<IDPSSODescriptor').replace('</IDPSSODescriptor>', `<KeyDescriptor use="encryption"><X509Certificate>${b64(valid)}</X509Certificate></KeyDescriptor></IDPSSODescriptor>`));
  docs.set('/garbage-cert', azure([valid], { extra: '<KeyDescriptor use="signing"><X509Certificate>MIIC!!notbase64</X509Certificate></KeyDescriptor>' }));
  docs.set('/stale', azure([valid], { validUntil: '2020-01-01T00:00:00Z' }));
  docs.set('/sp', `<EntityDescriptor entityID="https://client.pwbifnb.com/saml" xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><SPSSODescriptor><KeyDescriptor use="signing"><X509Certificate>${b64(valid)}</X509Certificate></KeyDescriptor></SPSSODescriptor></EntityDescriptor>`);
  docs.set('/two', `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${azure([valid]).replace(/^<\?xml[^>]*>/, '')}${azure([expired], { entityId: 'https://idp2.golive.test/' }).replace(/^<\?xml[^>]*>/, '')}</EntitiesDescriptor>`);
  docs.set('/unclosed', `<EntityDescriptor entityID="x">${'<KeyDescriptor use="signing">'.repeat(20_000)}`);
  idp = await listen(
    http.createServer((req, res) => {
      if (req.url === '/html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in to your account</body></html>');
      const doc = docs.get(req.url ?? '');
      if (!doc) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(doc);
    }),
  );
  base = `http://127.0.0.1:${idp.port}`;
});
afterAll(async () => {
  await idp?.close();
});

describe('saml-metadata check', () => {
  it('passes Azure AD-style metadata with a valid signing certificate, counted once', async () => {
    const r = await run({ url: `${base}/azure`, entityId: AZURE });
    expect(r.status, r.message).toBe('pass');
    expect(r.message).toMatch(/^Entity https:\/\/sts\.windows\.net\/6f1c2d4e-0000-4b5a-9c1d-pwbifnb00001\/; signing certificate CN=Microsoft Azure Federated SSO Certificate expires in 400 days \(\d{4}-\d\d-\d\d\)\.$/);
    expect(r.measurements).toMatchObject({ certificates: 1, minDaysToExpiry: 400, entityId: AZURE });
  });

  it('reads Okta-style metadata (prefixed elements, no use attribute)', async () => {
    const r = await run({ url: `${base}/okta` });
    expect(r).toMatchObject({ status: 'pass', measurements: { certificates: 1, entityId: OKTA } });
  });

  it('warns under warnDays and fails under failDays, as the tls kind does', async () => {
    const soon = await run({ url: `${base}/soon` });
    expect(soon).toMatchObject({ status: 'warn', measurements: { minDaysToExpiry: 20 } });
    expect(soon.message).toMatch(/^Signing certificate CN=soon\.idp\.golive\.test expires in 20 days \(.+\), under 30\.$/);
    const closing = await run({ url: `${base}/closing` });
    expect(closing).toMatchObject({ status: 'fail', measurements: { minDaysToExpiry: 5 } });
    expect(closing.message).toMatch(/expires in 5 day\(s\) \(.+\), under 7\.$/);
    expect((await run({ url: `${base}/closing`, failDays: 3, warnDays: 10 })).status).toBe('warn');
  });

  it('fails an expired certificate, also when a newer one is published beside it', async () => {
    const r = await run({ url: `${base}/expired` });
    expect(r).toMatchObject({ status: 'fail', measurements: { certificates: 1, minDaysToExpiry: -3 } });
    expect(r.message).toMatch(/^Signing certificate CN=old\.idp\.golive\.test expired 3 day\(s\) ago/);
    const roll = await run({ url: `${base}/rollover` });
    expect(roll).toMatchObject({ status: 'fail', measurements: { certificates: 2, minDaysToExpiry: -3 } });
  });

  it('fails metadata with no signing certificate, an unparsable one, or a passed validUntil', async () => {
    const enc = await run({ url: `${base}/encryption-only` });
    expect(enc).toMatchObject({ status: 'fail', measurements: { certificates: 0 } });
    expect(enc.message).toContain('publishes no signing certificate');
    const garbage = await run({ url: `${base}/garbage-cert` });
    expect(garbage).toMatchObject({ status: 'fail', measurements: { certificates: 1 } });
    expect(garbage.message).toBe('A signing certificate does not parse (starts "MIIC!!notbase64").');
    const stale = await run({ url: `${base}/stale` });
    expect(stale.status).toBe('fail');
    expect(stale.message).toBe("The metadata's validUntil (2020-01-01) has passed.");
  });

  it('checks the entityID, and picks the IdP from an aggregate', async () => {
    const wrong = await run({ url: `${base}/azure`, entityId: 'https://sts.windows.net/other/' });
    expect(wrong.status).toBe('fail');
    expect(wrong.message).toBe(`The metadata describes "${AZURE}", not "https://sts.windows.net/other/".`);
    const two = await run({ url: `${base}/two` });
    expect(two).toMatchObject({ status: 'fail', message: 'The metadata describes 2 identity providers; set entityId to choose one.' });
    expect(await run({ url: `${base}/two`, entityId: AZURE })).toMatchObject({ status: 'pass', measurements: { entityId: AZURE } });
    expect(await run({ url: `${base}/two`, entityId: 'https://idp2.golive.test/' })).toMatchObject({ status: 'fail', measurements: { minDaysToExpiry: -3 } });
  });

  it('fails service-provider metadata, HTML, a 404 and a body over the cap', async () => {
    expect((await run({ url: `${base}/sp` })).message).toBe('Entity https://client.pwbifnb.com/saml is not an identity provider (no IDPSSODescriptor).');
    expect((await run({ url: `${base}/html` })).message).toBe(`The document at ${base}/html is not SAML metadata (no EntityDescriptor; starts "<!DOCTYPE html><html><body>Sign in to yo…").`);
    expect((await run({ url: `${base}/nothing` })).message).toBe(`Metadata URL ${base}/nothing answered HTTP 404, expected 200.`);
    expect((await run({ url: `${base}/azure`, maxBodyBytes: 1024 })).message).toMatch(/^Body larger than 1 KiB/);
  });

  it('stays quick on a hostile document (thousands of unclosed elements)', async () => {
    const started = performance.now();
    const r = await run({ url: `${base}/unclosed` });
    expect(r.status).toBe('fail');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects unknown fields and thresholds out of order', () => {
    expect(() => parseCheckConfig('saml-metadata', { url: base, entityID: AZURE })).toThrow(/Unrecognized key/);
    expect(() => parseCheckConfig('saml-metadata', { url: base, warnDays: 5, failDays: 10 })).toThrow(/failDays must not be more than warnDays/);
  });
});
