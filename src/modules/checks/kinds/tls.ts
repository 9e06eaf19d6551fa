import type { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { z } from 'zod';
import { defineCheckKind } from '../check.ts';
import { socketGuard, TargetRefused, type TargetGuard } from '../target-guard.ts';
import { daysLeft, expiryFields, expiryFinding, expiryThresholdsInOrder, expiryThresholdsMessage } from './cert-expiry.ts';
import { softDeadline } from './deadline.ts';
import { host, pemCertificates, port } from './fields.ts';
import { summarize, type Finding } from './findings.ts';
import { networkProblem } from './net-errors.ts';

const LEGACY = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);
/** What OpenSSL says when client and server share no protocol version. */
const NO_COMMON_VERSION = new Set(['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE']);
/** Lets OpenSSL 3 speak TLS 1.0/1.1, only to name what an old server offers. */
const LEGACY_OPTIONS: tls.ConnectionOptions = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' };

const config = z
  .strictObject({
    host,
    port: port.default(443),
    /** The name sent as SNI and matched against the certificate; defaults to host. */
    servername: host.optional(),
    /** PEM certificates to trust instead of the public roots (a private CA). */
    ca: pemCertificates.optional(),
    ...expiryFields,
    /** Also fail when the server still accepts TLS 1.0/1.1 from an old client (a second handshake). */
    rejectLegacyProtocols: z.boolean().default(false),
  })
  .refine(expiryThresholdsInOrder, expiryThresholdsMessage);
type Config = z.output<typeof config>;

export const tlsCheck = defineCheckKind({
  kind: 'tls',
  description: 'A TLS endpoint has a trusted certificate for its name, far enough from expiry, over TLS 1.2 or newer.',
  config,
  defaultTimeoutMs: 10_000,
  targets: (c) => [c.host],
  async run(c, ctx) {
    const soft = softDeadline(ctx);
    const name = c.servername ?? c.host;
    const attempts: Array<ReturnType<typeof handshake>> = [];
    const open = (extra: tls.ConnectionOptions = {}) => {
      const h = handshake(c, name, soft.signal, ctx.guard, extra);
      attempts.push(h);
      return h.done;
    };
    try {
      let socket: TLSSocket;
      try {
        socket = await open();
      } catch (e) {
        // No version in common: ask again as an old client, to name what the server offers.
        if (!NO_COMMON_VERSION.has((e as { code?: string }).code ?? '')) throw e;
        socket = await open(LEGACY_OPTIONS).catch(() => Promise.reject(e));
      }
      // Node 20 hands the peer certificate out once per socket: take it once, use it twice.
      const cert = socket.getPeerX509Certificate();
      const findings = inspect(socket, cert, c, name);
      if (c.rejectLegacyProtocols && !LEGACY.has(socket.getProtocol() ?? '')) {
        const legacy = await open(LEGACY_OPTIONS).then(
          (s) => s.getProtocol(),
          (e) => (e instanceof TargetRefused ? Promise.reject(e) : null), // refused, or ignored until the deadline: either way not accepted
        );
        findings.push(legacy ? { status: 'fail', text: `also accepts ${legacy} from old clients` } : { status: 'pass', text: 'refuses TLS 1.0/1.1' });
      }
      const measurements = facts(socket, cert);
      return { ...summarize(findings), measurements };
    } catch (e) {
      const target = `${c.host}:${c.port}`;
      if (soft.expired) {
        const connected = attempts.some((h) => h.connected());
        return { status: 'fail', message: connected ? `Connected to ${target}, but no TLS handshake within ${soft.ms} ms.` : `Could not connect to ${target} within ${soft.ms} ms.`, measurements: {} };
      }
      if (ctx.signal.aborted) throw e;
      const problem = networkProblem(e);
      if (problem) return { status: 'fail', message: `${target}: ${problem}.`, measurements: {} };
      throw e;
    } finally {
      soft.clear();
      for (const h of attempts) h.socket.destroy();
    }
  },
});

/** Starts a handshake that verifies nothing by itself: the findings are worked out after it. */
function handshake(c: Config, name: string, signal: AbortSignal, guard: TargetGuard | undefined, extra: tls.ConnectionOptions) {
  const socket = tls.connect({
    host: c.host,
    port: c.port,
    ...socketGuard(guard, c.host),
    servername: net.isIP(name) ? undefined : name, // SNI carries names only
    ca: c.ca,
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    ...extra,
  });
  let connected = false;
  socket.once('connect', () => (connected = true));
  const done = new Promise<TLSSocket>((resolve, reject) => {
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
    socket.once('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      reject(e);
    });
  });
  return { socket, done, connected: () => connected };
}

function inspect(socket: TLSSocket, cert: X509Certificate | undefined, c: Config, name: string): Finding[] {
  if (!cert) return [{ status: 'fail', text: 'the server sent no certificate' }];
  const now = Date.now();
  const validTo = new Date(cert.validTo);
  const validFrom = new Date(cert.validFrom);
  const leafDatesBad = now > validTo.getTime() || now < validFrom.getTime();
  const findings: Finding[] = [expiryFinding({ validFrom, validTo }, c, { what: 'certificate', passing: `certificate for ${name}` }, now)];

  const chainError = socket.authorized ? null : String(socket.authorizationError);
  // An expired leaf is reported once, by its dates; any other chain error is its own finding.
  if (chainError && !(leafDatesBad && (chainError === 'CERT_HAS_EXPIRED' || chainError === 'CERT_NOT_YET_VALID'))) {
    const words = networkProblem({ code: chainError, message: chainError }) ?? chainError;
    findings.push({ status: 'fail', text: `chain not trusted${c.ca ? ' by the given CA' : ''}: ${words}` });
  } else if (!chainError) {
    findings.push({ status: 'pass', text: `trusted by ${c.ca ? 'the given CA' : 'the public roots'}` });
  }

  // As browsers do: names from the subjectAltName only, whole-label wildcards only.
  const matches = net.isIP(name) ? cert.checkIP(name) : cert.checkHost(name, { subject: 'never', partialWildcards: false });
  if (!matches) findings.push({ status: 'fail', text: `certificate does not name ${name} (it names ${cert.subjectAltName ?? 'nothing: no subjectAltName'})` });

  const protocol = socket.getProtocol() ?? 'unknown';
  findings.push(LEGACY.has(protocol) ? { status: 'fail', text: `the server offers at most ${protocol}; TLS 1.2 or newer is required` } : { status: 'pass', text: protocol });
  return findings;
}

function facts(socket: TLSSocket, cert: X509Certificate | undefined) {
  const oneLine = (dn: string | undefined) => (dn ?? '').split('\n').join(', ');
  const validTo = cert ? new Date(cert.validTo) : null;
  return {
    daysToExpiry: validTo ? daysLeft(validTo, Date.now()) : null,
    validTo: validTo?.toISOString() ?? null,
    issuer: oneLine(cert?.issuer),
    subject: oneLine(cert?.subject),
    altNames: cert?.subjectAltName ?? '',
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher()?.name ?? 'unknown',
    authorized: socket.authorized,
  };
}
