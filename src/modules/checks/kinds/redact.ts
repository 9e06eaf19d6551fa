/**
 * Replaces a secret (raw and URL-encoded) wherever it appears in a message. Messages are built
 * not to contain secrets; this is the second line. A short secret is replaced only where it
 * stands alone, so a password like "pw" does not turn "pwbifnb" into "***bifnb".
 */
export function redactSecret(text: string, secret: string): string {
  if (!secret) return text;
  let out = text;
  for (const s of new Set([secret, encodeURIComponent(secret)])) {
    if (s.length >= 6) out = out.split(s).join('***');
    else out = out.replace(new RegExp(`(?<![A-Za-z0-9])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g'), '***');
  }
  return out;
}

/** The password of a URL (decoded), or '' when it has none or does not parse. */
export function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** A PostgreSQL URL as host:port/db as user, for messages; never the password. */
export function describePostgresTarget(url: string): string {
  try {
    const u = new URL(url);
    const user = decodeURIComponent(u.username) || 'the default user';
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''} as ${user}`;
  } catch {
    return 'the server';
  }
}
