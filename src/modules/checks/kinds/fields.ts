import net from 'node:net';
import { z } from 'zod';

/** Config fields several check kinds share, with their bounds. */

export const host = z.hostname('a host name or IP address').max(253);
export const port = z.number().int().min(1).max(65535);

/** One or more PEM certificates, e.g. a private CA to trust instead of the public roots. */
export const pemCertificates = z
  .string()
  .max(64 * 1024)
  .refine((s) => s.includes('-----BEGIN CERTIFICATE-----'), 'must be PEM text with at least one "-----BEGIN CERTIFICATE-----" block');

/**
 * A regular expression written as `pattern` or `/pattern/flags`. Bounded in length because it runs
 * synchronously over what the target sent (see docs/checks.md on trusting patterns).
 */
export const regexSource = z
  .string()
  .min(1)
  .max(500)
  .refine((s) => {
    try {
      compileRegex(s);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid regular expression');

export function compileRegex(source: string): RegExp {
  const m = /^\/(.*)\/([imsu]*)$/s.exec(source);
  return m ? new RegExp(m[1]!, m[2]) : new RegExp(source);
}

/** The address and port of `ip` or `ip:port` (IPv6 with a port as `[ip]:port`), or null when it is neither. */
export function parseResolverAddress(s: string): { ip: string; port: number } | null {
  const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s) ?? /^([^:]+)(?::(\d{1,5}))?$/.exec(s);
  const ip = m ? m[1]! : s;
  const p = m?.[2] === undefined ? 53 : Number(m[2]);
  return net.isIP(ip) !== 0 && p >= 1 && p <= 65535 ? { ip, port: p } : null;
}

/** `ip` or `ip:port`, the form node:dns `setServers` takes. */
export const resolverAddress = z
  .string()
  .max(60)
  .refine((s) => parseResolverAddress(s) !== null, 'must be an IP address, optionally with a port (1.1.1.1, 1.1.1.1:53, [2606:4700::1111]:53)');

/** Text from a target, shortened and made printable for a message. */
export function quote(text: string, max = 80): string {
  const clean = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?').replace(/\r?\n/g, '\\n');
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}

/** A phrase as a sentence: capital first letter (the message's full stop is the caller's). */
export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
