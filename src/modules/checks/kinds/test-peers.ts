import net from 'node:net';
import selfsigned from 'selfsigned';
import type { Resolve } from '../target-guard.ts';

/**
 * Real local peers for the check kinds' tests: a private CA and leaf certificates made on the
 * spot, and servers on 127.0.0.1 with an ephemeral port that close with every connection they hold
 * (a hanging or streaming peer must not keep a test waiting). Only tests import this file.
 */

export interface Pem {
  cert: string;
  key: string;
}

const DAY = 86_400_000;

export async function makeCa(name = 'Golive Test CA'): Promise<Pem> {
  const p = await selfsigned.generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 3650 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: p.cert, key: p.private };
}

/** A server certificate for `names` (DNS names; IPs become IP SANs), signed by `ca`. */
export async function makeLeaf(ca: Pem, names: string[], validity: { fromDays?: number; toDays: number } = { toDays: 90 }): Promise<Pem> {
  const p = await selfsigned.generate([{ name: 'commonName', value: names[0]! }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() + (validity.fromDays ?? -30) * DAY),
    notAfterDate: new Date(Date.now() + validity.toDays * DAY),
    ca: { cert: ca.cert, key: ca.key },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (/^[\d.]+$/.test(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) },
    ],
  });
  return { cert: p.cert, key: p.private };
}

export interface Listening {
  port: number;
  /** Destroys every open connection, then closes the server. */
  close(): Promise<void>;
}

export async function listen(server: net.Server): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {}); // a probe that hangs up is expected here
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP port free on 127.0.0.1 right now, for servers that must be told their port (postgres, redis). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A DNS server in a function, for a target guard: these names, nothing else, so no lookup leaves
 * the process. A name with several answers lists gives them in turn, then the last again (a
 * name that answers a public address first and 127.0.0.1 next is DNS rebinding).
 */
export function fakeDns(zone: Record<string, string[] | string[][]>): Resolve & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    await new Promise((r) => setImmediate(r)); // an answer comes later, as from a real resolver
    const n = asked.filter((h) => h === host).length;
    asked.push(host);
    const entry = zone[host];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const answers = (Array.isArray(entry[0]) ? entry : [entry]) as string[][];
    return answers[Math.min(n, answers.length - 1)]!.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}
