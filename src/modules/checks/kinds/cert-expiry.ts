import { z } from 'zod';
import type { Finding } from './findings.ts';

/**
 * Certificate expiry against warn/fail thresholds, shared by the kinds that judge certificates
 * (tls: the certificate a server presents; saml-metadata: the signing certificates an IdP publishes).
 */

const DAY = 86_400_000;

/** The threshold fields, with their defaults: renew a month ahead, fail the last week. */
export const expiryFields = {
  warnDays: z.number().int().min(0).max(3650).default(30),
  failDays: z.number().int().min(0).max(3650).default(7),
};

/** For `.refine` on a config with expiryFields. */
export const expiryThresholdsInOrder = (c: { warnDays: number; failDays: number }) => c.failDays <= c.warnDays;
export const expiryThresholdsMessage = { message: 'must not be more than warnDays', path: ['failDays'] };

/** Whole days to expiry, counted toward zero: -3 three days after it expired, 5 with 5.9 days left. */
export const daysLeft = (validTo: Date, now = Date.now()) => Math.trunc((validTo.getTime() - now) / DAY) || 0;

export interface ExpiryWords {
  /** What the certificate is called in failing findings ("certificate", "signing certificate CN=…"). */
  what: string;
  /** What it is called when it passes ("certificate for client.pwbifnb.com"); defaults to `what`. */
  passing?: string;
}

/** One finding: expired or not yet valid (fail), under failDays (fail), under warnDays (warn), else pass. */
export function expiryFinding(
  cert: { validFrom: Date; validTo: Date },
  t: { warnDays: number; failDays: number },
  words: ExpiryWords,
  now = Date.now(),
): Finding {
  const { validFrom, validTo } = cert;
  const days = daysLeft(validTo, now);
  const on = validTo.toISOString().slice(0, 10);
  if (now > validTo.getTime()) return { status: 'fail', text: `${words.what} expired ${Math.floor((now - validTo.getTime()) / DAY)} day(s) ago (${on})` };
  if (now < validFrom.getTime()) return { status: 'fail', text: `${words.what} is not valid until ${validFrom.toISOString().slice(0, 10)}` };
  if (days < t.failDays) return { status: 'fail', text: `${words.what} expires in ${days} day(s) (${on}), under ${t.failDays}` };
  if (days < t.warnDays) return { status: 'warn', text: `${words.what} expires in ${days} days (${on}), under ${t.warnDays}` };
  return { status: 'pass', text: `${words.passing ?? words.what} expires in ${days} days (${on})` };
}
