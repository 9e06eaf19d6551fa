import net from 'node:net';
import type tls from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { z } from 'zod';
import { defineCheckKind, type CheckResult } from '../check.ts';
import { host, pemCertificates, port } from './fields.ts';
import { redactSecret } from './redact.ts';
import { vettedAddress } from '../target-guard.ts';

/**
 * `smtp`: verifies that a mail server (system-integrations.4, "Email service") answers with a
 * banner, speaks EHLO, encrypts the session (implicit TLS on 465, STARTTLS on 25/587) with a
 * certificate the client trusts, and, when credentials are given, accepts them. The SMTP
 * dialogue is nodemailer's SMTPConnection; nothing is sent beyond EHLO, STARTTLS, AUTH and QUIT.
 *
 * Credentials are never sent over an unencrypted session, and the password never appears in a
 * message or a measurement.
 */
const config = z
  .object({
    host,
    port: port.default(587),
    /** Implicit TLS from the first byte (SMTPS, port 465). Default: true on 465. */
    secure: z.boolean().optional(),
    /** The session must be upgraded with STARTTLS. Default: true on 25 and 587 without `secure`. */
    requireStartTls: z.boolean().optional(),
    /** Credentials to try with AUTH; both or neither. */
    user: z.string().min(1).max(320).optional(),
    password: z.string().min(1).max(1024).optional(),
    /** The name sent with EHLO. */
    ehloName: host.optional(),
    /** The name the certificate must carry (SNI and hostname check), when `host` is an address. */
    servername: host.optional(),
    /** PEM certificates to trust instead of the public roots (a private CA). */
    ca: pemCertificates.optional(),
    /** Go on with a certificate that does not verify (a self-signed relay); the result is then at best `warn`. */
    insecureSkipVerify: z.boolean().default(false),
  })
  .strict()
  .refine((c) => (c.user === undefined) === (c.password === undefined), { message: 'user and password go together', path: ['password'] });

type Config = z.output<typeof config>;
type Outcome = Omit<CheckResult, 'durationMs'>;
type Measurements = Outcome['measurements'];

export const smtpCheck = defineCheckKind({
  kind: 'smtp',
  description: 'An SMTP server answers with a banner and EHLO, encrypts the session (TLS or STARTTLS) and accepts the credentials given',
  config,
  defaultTimeoutMs: 15_000,
  // nodemailer resolves names itself and takes no lookup: under the guard it is given the vetted address (run).
  targets: (c: Config) => [c.host],
  async run(c: Config, ctx) {
    const secure = c.secure ?? c.port === 465;
    const requireStartTls = !secure && (c.requireStartTls ?? (c.port === 25 || c.port === 587));
    const target = `${c.host}:${c.port}`;
    const redact = (s: string) => redactSecret(s, c.password ?? '');
    const budget = Math.max(100, Math.floor(ctx.timeoutMs * 0.9) - 50);
    const measurements: Measurements = { bannerMs: null, banner: null, startTls: false, tlsProtocol: null };

    // The transaction log is the way nodemailer shows the server's replies: the first is the banner,
    // and the plaintext EHLO reply says whether STARTTLS is offered.
    const started = performance.now();
    const replies: string[] = [];
    const logger = {
      trace: () => undefined,
      debug: (entry: { tnx?: string }, message: string, ...args: unknown[]) => {
        if (entry?.tnx !== 'server') return;
        const text = typeof message === 'string' && args.length === 0 ? message : String(args[0] ?? message);
        if (replies.length === 0) {
          measurements.bannerMs = Math.round(performance.now() - started);
          measurements.banner = text.split(/\r?\n/)[0]!.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 200);
        }
        replies.push(text);
      },
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      fatal: () => undefined,
    };
    // Under the guard, connect to the address it vetted (DNS asked again could answer another);
    // the certificate is still checked against the name.
    const address = ctx.guard ? await vettedAddress(ctx.guard, c.host) : c.host;
    const servername = c.servername ?? (net.isIP(c.host) ? undefined : c.host);
    const tlsOptions: tls.ConnectionOptions = {
      rejectUnauthorized: !c.insecureSkipVerify,
      ...(c.ca ? { ca: [c.ca] } : {}),
      ...(servername ? { servername } : {}),
    };
    const conn = new SMTPConnection({
      host: address,
      port: c.port,
      secure,
      requireTLS: requireStartTls,
      // Without the requirement, still upgrade when offered, and tell what happened.
      opportunisticTLS: !requireStartTls,
      ...(c.ehloName ? { name: c.ehloName } : { name: 'golive-check.local' }),
      ...(servername ? { servername } : {}),
      connectionTimeout: budget,
      greetingTimeout: budget,
      socketTimeout: budget,
      socketCloseTimeout: 0,
      dnsTimeout: budget,
      tls: tlsOptions,
      logger,
      transactionLog: true,
    });
    // Errors arrive through the callbacks; the 'error' event must not go unhandled.
    conn.on('error', () => {});
    const abort = () => conn.close();
    ctx.signal.addEventListener('abort', abort, { once: true });
    try {
      try {
        await new Promise<void>((resolve, reject) => {
          conn.once('error', reject);
          conn.connect((err) => (err ? reject(err) : resolve()));
        });
      } catch (e) {
        return { status: 'fail', message: redact(`${target}: ${explain(e, { replies, requireStartTls, secure, budget })}.`), measurements };
      }
      const socket = conn._socket as tls.TLSSocket | false | null;
      const encrypted = conn.secure;
      measurements.startTls = encrypted && !secure;
      measurements.tlsProtocol = encrypted && socket && typeof socket.getProtocol === 'function' ? socket.getProtocol() : null;
      const untrusted = encrypted && socket && typeof socket.authorized === 'boolean' && !socket.authorized ? String(socket.authorizationError ?? 'not trusted') : null;
      measurements.certificateTrusted = encrypted ? !untrusted : null;

      const how = secure ? `implicit TLS (${measurements.tlsProtocol})` : encrypted ? `STARTTLS (${measurements.tlsProtocol})` : 'no TLS';
      const offered = /[ -]STARTTLS\b/im.test(replies.slice(1).join('\n'));
      const parts = [`${target} answered "${measurements.banner}" in ${measurements.bannerMs} ms`, how];
      if (!encrypted && !secure && !requireStartTls) parts.push(offered ? 'STARTTLS offered but not completed' : 'STARTTLS not offered');

      if (c.user !== undefined) {
        if (!encrypted) {
          return { status: 'fail', message: `${parts.join(', ')}; credentials were not sent over an unencrypted session.`, measurements };
        }
        try {
          await new Promise<void>((resolve, reject) => {
            // A server that stops answering mid-AUTH ends as an 'error' event, not a callback.
            conn.once('error', reject);
            conn.login({ user: c.user, pass: c.password }, (err) => (err ? reject(err) : resolve()));
          });
          measurements.authenticated = true;
          parts.push(`authenticated as ${c.user}`);
        } catch (e) {
          measurements.authenticated = false;
          const err = e as Error & { response?: string; code?: string };
          const what = err.code === 'ETIMEDOUT' ? `the server did not answer AUTH within ${budget} ms` : `authentication as ${c.user} was refused: ${oneLine(err.response ?? err.message)}`;
          return { status: 'fail', message: redact(`${parts.join(', ')}; ${what}.`), measurements };
        }
      }
      if (untrusted) {
        return { status: 'warn', message: `${parts.join(', ')}; the certificate does not verify (${untrusted}), allowed by insecureSkipVerify.`, measurements };
      }
      return { status: 'pass', message: `${parts.join(', ')}.`, measurements };
    } finally {
      ctx.signal.removeEventListener('abort', abort);
      if (!conn.destroyed) {
        try {
          conn.quit();
        } catch {
          /* already closing */
        }
        conn.close();
      }
    }
  },
});

/** One clear sentence for why the session could not be set up. */
function explain(e: unknown, s: { replies: string[]; requireStartTls: boolean; secure: boolean; budget: number }): string {
  const err = e as NodeJS.ErrnoException & { command?: string; response?: string; originalCode?: string; reason?: string };
  const code = err.originalCode ?? err.code;
  const msg = err.message ?? String(e);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || err.code === 'EDNS') return `the host name does not resolve (${msg})`;
  if (s.replies.length === 0) {
    if (err.code === 'ETIMEDOUT' || /timeout/i.test(msg)) {
      return s.secure
        ? `no TLS handshake or banner within ${s.budget} ms`
        : `the server accepted the connection but sent no banner within ${s.budget} ms (a port with implicit TLS, like 465, needs secure: true)`;
    }
    if (s.secure && (err.code === 'ETLS' || isTlsError(msg, code))) return `the TLS handshake failed: ${certProblem(msg, code)}`;
    return `the session ended before a banner: ${oneLine(msg)}`;
  }
  const banner = s.replies[0]!;
  if (!/^220/.test(banner)) return `the banner is not 220: "${oneLine(banner).slice(0, 120)}"`;
  if (err.command === 'STARTTLS' || err.code === 'ETLS' || isTlsError(msg, code)) {
    const offered = /[ -]STARTTLS\b/im.test(s.replies.slice(1).join('\n'));
    if (!offered && s.requireStartTls) return `the server does not offer STARTTLS, which is required (EHLO did not list it${err.response ? `; STARTTLS got "${oneLine(err.response)}"` : ''})`;
    if (err.response) return `the server refused STARTTLS: "${oneLine(err.response)}"`;
    return `STARTTLS failed: ${certProblem(msg, code)}`;
  }
  if (err.code === 'ETIMEDOUT' || /timeout/i.test(msg)) return `the server stopped answering during the session (after "${oneLine(s.replies.at(-1)!).slice(0, 80)}")`;
  return oneLine(msg);
}

function isTlsError(msg: string, code: string | undefined): boolean {
  return /certificate|SSL|TLS|alert|wrong version/i.test(msg) || /^(ERR_SSL|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_)/.test(code ?? '');
}

function certProblem(msg: string, code: string | undefined): string {
  const m = msg.replace(/^Error initiating TLS - /, '');
  if (/wrong version number|packet length too long/i.test(m)) return 'the server did not answer in TLS (a plain SMTP port needs secure: false)';
  if (/self[- ]signed/i.test(m) || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') return `the certificate is self-signed and not trusted (${oneLine(m)})`;
  if (/Hostname\/IP does not match|altnames/i.test(m)) return `the certificate does not match the host (${oneLine(m)})`;
  if (/expired/i.test(m)) return `the certificate has expired (${oneLine(m)})`;
  return oneLine(m);
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 300);
