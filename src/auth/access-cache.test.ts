import { describe, expect, it } from 'vitest';
import { createAccessCache } from './access-cache.ts';
import type { DeploymentAccess } from './actor.ts';

const access = (revision: number): DeploymentAccess => ({ deploymentId: 'd', workspaceId: 'w', role: 'solutions_architect', permissions: new Set(), revision, fingerprint: 'x' });

describe('access cache', () => {
  it('shares one load between concurrent misses and keeps it for the TTL only', async () => {
    let clock = 0;
    const cache = createAccessCache({ ttlMs: 1000, now: () => clock });
    let loads = 0;
    const load = async () => access(++loads);
    const [a, b] = await Promise.all([cache.access('d', 'u', load), cache.access('d', 'u', load)]);
    expect(loads).toBe(1);
    expect(a).toBe(b);
    clock = 999;
    expect((await cache.access('d', 'u', load))!.revision).toBe(1);
    clock = 1000;
    expect((await cache.access('d', 'u', load))!.revision).toBe(2);
  });

  it('forgets a deployment at once when this process changed it', async () => {
    const cache = createAccessCache({ now: () => 0 });
    let rev = 1;
    const load = async () => access(rev);
    expect((await cache.access('d', 'u', load))!.revision).toBe(1);
    rev = 2;
    cache.forgetDeployment('d');
    expect((await cache.access('d', 'u', load))!.revision).toBe(2);
  });

  it('does not remember a miss or a failed load', async () => {
    const cache = createAccessCache({ now: () => 0 });
    expect(await cache.access('d', 'u', async () => undefined)).toBeUndefined();
    await expect(cache.access('d', 'u', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect((await cache.access('d', 'u', async () => access(7)))!.revision).toBe(7);
  });

  it('forgets a revoked credential', async () => {
    const cache = createAccessCache({ now: () => 0 });
    const actor = { userId: 'u', workspaceId: 'w', organizationId: 'o', workspaceRole: 'owner' as const, displayName: 'O', permissions: new Set<never>(), credentialId: 'tok1' };
    await cache.actor('t:hash', async () => actor);
    await cache.forgetCredential('tok1');
    expect(await cache.actor('t:hash', async () => undefined)).toBeUndefined();
  });
});
