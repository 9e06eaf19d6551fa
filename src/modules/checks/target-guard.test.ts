import type dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { fakeDns } from './kinds/test-peers.ts';
import { createTargetGuard, forbiddenKind, socketGuard, TargetRefused } from './target-guard.ts';

describe('forbiddenKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'], // how a URL writes [::ffff:127.0.0.1]
    ['0.0.0.0', 'loopback'],
    ['::', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
  ])('%s is %s', (address, what) => {
    expect(forbiddenKind(address)).toBe(what);
  });

  it.each(['10.0.0.1', '192.168.1.1', '172.16.0.1', '8.8.8.8', '2001:db8::1', '100.100.100.201', 'not-an-address'])('%s may be reached', (address) => {
    expect(forbiddenKind(address)).toBeNull();
  });
});

describe('assertAllowed', () => {
  const guard = createTargetGuard(
    fakeDns({
      'api.client.test': ['203.0.113.10', '2001:db8::10'],
      'intranet.client.test': ['10.0.0.5'],
      'sneaky.client.test': ['203.0.113.11', '127.0.0.1'],
      'meta.client.test': ['169.254.169.254'],
    }),
  );

  it('refuses localhost and metadata names without asking DNS, whatever their spelling', async () => {
    for (const host of ['localhost', 'LOCALHOST.', 'db.localhost']) await expect(guard.assertAllowed(host)).rejects.toThrow(/is a loopback address/);
    for (const host of ['metadata.google.internal', 'metadata.google.internal.', 'instance-data']) await expect(guard.assertAllowed(host)).rejects.toThrow(/is a cloud metadata address/);
  });

  it('refuses forbidden IP literals, bracketed or not, and Unix socket paths', async () => {
    await expect(guard.assertAllowed('[::1]')).rejects.toThrow(/^::1 is a loopback address/);
    await expect(guard.assertAllowed('169.254.169.254')).rejects.toThrow(/link-local/);
    await expect(guard.assertAllowed('/run/postgresql')).rejects.toThrow(/^\/run\/postgresql is a local \(Unix socket\) address/);
  });

  it('allows private and public addresses, and names that resolve only to them', async () => {
    for (const host of ['10.0.0.1', '192.168.1.1', '8.8.8.8', '2001:db8::1', 'api.client.test', 'intranet.client.test']) await expect(guard.assertAllowed(host)).resolves.toBeUndefined();
  });

  it('refuses a name when any of its addresses is forbidden, naming the name and the address', async () => {
    await expect(guard.assertAllowed('sneaky.client.test')).rejects.toThrow('sneaky.client.test (127.0.0.1) is a loopback address, which checks set up by client users may not reach.');
    const refused = await guard.assertAllowed('meta.client.test').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TargetRefused);
    expect((refused as Error).message).toMatch(/^meta\.client\.test \(169\.254\.169\.254\) is a link-local address.*A workspace owner can allow private targets/);
  });

  it('passes on the resolver’s own error for a name that does not resolve', async () => {
    await expect(guard.assertAllowed('nowhere.client.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('lookup: the connect-time check', () => {
  const guard = createTargetGuard(fakeDns({ 'api.client.test': ['203.0.113.10', '2001:db8::10'], 'sneaky.client.test': ['203.0.113.11', '127.0.0.1'] }));
  const lookup = (host: string, options: dns.LookupOptions) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: string | dns.LookupAddress[]; family?: number | undefined }>((resolve) =>
      guard.lookup(host, options, (err, address, family) => resolve({ err, address, family })),
    );

  it('answers as dns.lookup does: every address with all, else the first of the family asked', async () => {
    expect(await lookup('api.client.test', { all: true })).toMatchObject({
      err: null,
      address: [
        { address: '203.0.113.10', family: 4 },
        { address: '2001:db8::10', family: 6 },
      ],
    });
    expect(await lookup('api.client.test', {})).toMatchObject({ err: null, address: '203.0.113.10', family: 4 });
    expect(await lookup('api.client.test', { family: 6 })).toMatchObject({ err: null, address: '2001:db8::10', family: 6 });
  });

  it('refuses the answer the socket would connect to, and names that need no DNS', async () => {
    const sneaky = await lookup('sneaky.client.test', { all: true });
    expect(sneaky.err).toBeInstanceOf(TargetRefused);
    expect(sneaky.err?.message).toMatch(/^sneaky\.client\.test \(127\.0\.0\.1\) is a loopback address/);
    expect((await lookup('localhost', {})).err).toBeInstanceOf(TargetRefused);
    expect((await lookup('nowhere.client.test', {})).err).toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('socketGuard', () => {
  const guard = createTargetGuard(fakeDns({}));

  it('adds nothing without a guard, and the guard’s lookup with one', () => {
    expect(socketGuard(undefined, '127.0.0.1')).toEqual({});
    expect(socketGuard(guard, 'api.client.test')).toEqual({ lookup: guard.lookup });
    expect(socketGuard(guard, '8.8.8.8')).toEqual({ lookup: guard.lookup });
  });

  it('refuses a forbidden IP literal, which a socket connects to without a lookup', () => {
    expect(() => socketGuard(guard, '127.0.0.1')).toThrow(TargetRefused);
    expect(() => socketGuard(guard, '::ffff:169.254.169.254')).toThrow(/link-local/);
    expect(() => socketGuard(guard, 'localhost')).toThrow(/loopback/);
  });
});
