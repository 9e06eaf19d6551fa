import dns from 'node:dns';
import net from 'node:net';
import { redirectedSocket } from '../../lib/redirected-socket.ts';

/**
 * Checks set up by client users run on the vendor's infrastructure, so they must not be a way
 * to reach it: loopback, link-local and cloud metadata addresses are refused unless the
 * workspace allows private targets. A guard is consulted with every host a check connects to,
 * after DNS resolution (a name that resolves to 127.0.0.1 is as loopback as the literal).
 *
 * Two moments: runCheck vets a kind's `targets()` before the run (`assertAllowed`), and sockets
 * opened by our code resolve names through `lookup`, which vets the very answer they connect to
 * (a name that answers a public address first and 127.0.0.1 next — DNS rebinding — and hosts
 * only known at run time: redirects, an OpenID Connect jwks_uri). An IP literal never goes
 * through a lookup; `socketGuard` vets it where a socket is opened.
 */
export interface TargetGuard {
  /** Throws TargetRefused when the host is, or resolves to, a forbidden address. */
  assertAllowed(host: string): Promise<void>;
  /** A dns.lookup replacement for sockets: resolves, then refuses forbidden addresses at connect time. */
  lookup: net.LookupFunction;
}

/** A host the guard does not allow. It carries no `code`, so networkProblem leaves it to runCheck, which reports `error`. */
export class TargetRefused extends Error {
  constructor(host: string, address: string, what: string) {
    super(
      `${host === address ? address : `${host} (${address})`} is a ${what} address, which checks set up by client users may not reach. ` +
        'A workspace owner can allow private targets in the workspace settings.',
    );
    this.name = 'TargetRefused';
  }
}

const blocked: [net.BlockList, string][] = (() => {
  const loopback = new net.BlockList();
  loopback.addSubnet('127.0.0.0', 8, 'ipv4');
  loopback.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network": 0.0.0.0 reaches the local host
  loopback.addAddress('::1', 'ipv6');
  loopback.addAddress('::', 'ipv6');
  const linkLocal = new net.BlockList();
  linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
  linkLocal.addSubnet('fe80::', 10, 'ipv6');
  const metadata = new net.BlockList();
  metadata.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud
  metadata.addAddress('fd00:ec2::254', 'ipv6'); // AWS over IPv6
  return [
    [loopback, 'loopback'],
    [linkLocal, 'link-local'],
    [metadata, 'cloud metadata'],
  ];
})();

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** What kind of forbidden address this is, or null when it may be reached. */
export function forbiddenKind(address: string): string | null {
  let ip = address;
  let family = net.isIP(ip);
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) reaches the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) {
    ip = mapped[1]!;
    family = 4;
  }
  if (!family) return null;
  for (const [list, what] of blocked) if (list.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return what;
  return null;
}

const bare = (host: string) => host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();

/**
 * Why a host is refused as written, without asking DNS: an IP literal in a forbidden range,
 * localhost, a metadata name, or a Unix socket path (`/run/postgresql`, libpq's abstract `@name`),
 * which is the local machine whatever it is called. Null when only resolving it can tell.
 */
function refusedAsWritten(host: string): TargetRefused | null {
  const h = bare(host);
  if (h.startsWith('/') || h.startsWith('@')) return new TargetRefused(host, host, 'local (Unix socket)');
  if (METADATA_NAMES.has(h)) return new TargetRefused(h, h, 'cloud metadata');
  if (h === 'localhost' || h.endsWith('.localhost')) return new TargetRefused(h, h, 'loopback');
  const what = net.isIP(h) ? forbiddenKind(h) : null;
  return what ? new TargetRefused(h, h, what) : null;
}

/**
 * The options a socket to `host` takes under the guard (none without one): a name is resolved
 * through `guard.lookup`; an IP literal, which node connects to without a lookup, is vetted here.
 * Throws TargetRefused.
 */
export function socketGuard(guard: TargetGuard | undefined, host: string): { lookup?: net.LookupFunction } {
  if (!guard) return {};
  const refused = refusedAsWritten(host);
  if (refused) throw refused;
  return { lookup: guard.lookup };
}

/**
 * The address to connect to for a client that cannot take a lookup and resolves names itself
 * (libpq's tools, a thread): the first of the host's addresses, every one vetted through
 * `guard.lookup`. Connect to it, not to the name: DNS asked again could answer another.
 * Rejects with TargetRefused.
 */
export function vettedAddress(guard: TargetGuard, host: string): Promise<string> {
  return new Promise((resolve, reject) => guard.lookup(host, {}, (e, address) => (e ? reject(e) : resolve(address as string))));
}

/** A socket for pg (which takes no lookup) that resolves the name pg connects to through the guard's lookup. */
export const guardedPgSocket = (guard: TargetGuard) => redirectedSocket((port, host) => ({ port, host, ...socketGuard(guard, host) }));

/** Every address of a host, as dns.promises.lookup gives them with `all: true`. */
export type Resolve = (host: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

/** `resolve` answers both moments; tests give one that plays a DNS server. */
export function createTargetGuard(resolve: Resolve = dns.promises.lookup): TargetGuard {
  /** The host's addresses, when none of them is forbidden (all are vetted: any one may be the one connected to). */
  async function vet(host: string) {
    const refused = refusedAsWritten(host);
    if (refused) throw refused;
    const h = bare(host);
    const family = net.isIP(h);
    const addresses = family ? [{ address: h, family }] : await resolve(h, { all: true });
    for (const { address } of addresses) {
      const what = forbiddenKind(address);
      if (what) throw new TargetRefused(h, address, what);
    }
    return addresses;
  }
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    const wanted = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
    vet(hostname).then(
      (addresses) => {
        const list = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
        const first = list[0];
        if (!first) return callback(Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }), '', 0);
        callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
  return {
    async assertAllowed(host) {
      await vet(host);
    },
    lookup,
  };
}
