import dns from 'node:dns';
import net from 'node:net';

/**
 * Checks set up by client users run on the vendor's infrastructure, so they must not be a way
 * to reach it: loopback, link-local and cloud metadata addresses are refused unless the
 * workspace allows private targets. A guard is consulted with every host a check connects to,
 * after DNS resolution (a name that resolves to 127.0.0.1 is as loopback as the literal).
 */
export interface TargetGuard {
  /** Throws TargetRefused when the host is, or resolves to, a forbidden address. */
  assertAllowed(host: string): Promise<void>;
  /** A dns.lookup replacement for sockets: resolves, then refuses forbidden addresses at connect time. */
  lookup: net.LookupFunction;
}

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

export function createTargetGuard(resolve: typeof dns.promises.lookup = dns.promises.lookup): TargetGuard {
  async function assertAllowed(host: string) {
    const h = bare(host);
    if (METADATA_NAMES.has(h)) throw new TargetRefused(h, h, 'cloud metadata');
    if (h === 'localhost' || h.endsWith('.localhost')) throw new TargetRefused(h, h, 'loopback');
    const addresses = net.isIP(h) ? [{ address: h }] : await resolve(h, { all: true, verbatim: true });
    for (const { address } of addresses) {
      const what = forbiddenKind(address);
      if (what) throw new TargetRefused(h, address, what);
    }
  }
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const what = forbiddenKind(a.address);
        if (what) return callback(new TargetRefused(hostname, a.address, what), '', 0);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
  return { assertAllowed, lookup };
}
