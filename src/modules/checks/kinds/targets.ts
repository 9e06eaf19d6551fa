/**
 * The hosts a config makes a kind connect to, read as the client library will read them, for the
 * target guard's pre-flight (runCheck vets `targets()` before a guarded run). A config whose hosts
 * cannot be known makes `targets()` throw, and the guarded run does not go ahead.
 */

/** The host of an http(s) URL (an IPv6 literal without its brackets). */
export const urlHost = (url: string): string => new URL(url).hostname.replace(/^\[|\]$/g, '');

/**
 * Every host a postgres:// URL may make pg or libpq (pg_dump, pg_restore) connect to: the URL's
 * host, and the `host` and `hostaddr` parameters, which override it (libpq also takes several,
 * comma-separated). No host at all means the local server (a Unix socket or localhost).
 */
export function postgresHosts(url: string): string[] {
  const u = new URL(url);
  if (u.searchParams.has('service') || u.searchParams.has('servicefile')) throw new Error('a service parameter takes its hosts from a service file on this machine');
  const params = [...u.searchParams.getAll('host'), ...u.searchParams.getAll('hostaddr')];
  const named = [...(u.hostname || params.length === 0 ? [decodeURIComponent(u.hostname)] : []), ...params].flatMap((h) => h.split(','));
  return [...new Set(named.map((h) => h.trim().replace(/^\[|\]$/g, '') || 'localhost'))];
}
