import { describe, expect, it } from 'vitest';
import { fakeDns } from '../checks/kinds/test-peers.ts';
import { createTargetGuard } from '../checks/target-guard.ts';
import { assertTargetAllowed } from './import-target.ts';

/**
 * A client user's import target is vetted once per run, and the run connects to the address that
 * was vetted (the engine's `target.address`): DNS is not asked again between the guard and the
 * connection, so a name that rebinds to 127.0.0.1 after the guard's answer still reaches the
 * address the guard allowed.
 */
describe("an import target's vetted address", () => {
  it('is the first of the name’s addresses, every one vetted, from one question to DNS', async () => {
    const resolve = fakeDns({ 'db.kopi.test': ['203.0.113.7', '203.0.113.8'], 'rebind.kopi.test': [['203.0.113.66'], ['127.0.0.1']] });
    const guard = createTargetGuard(resolve);
    expect(await assertTargetAllowed(guard, 'postgres://u:p@db.kopi.test:5432/pos')).toBe('203.0.113.7');
    expect(await assertTargetAllowed(guard, 'postgres://u:p@rebind.kopi.test/pos')).toBe('203.0.113.66');
    expect(resolve.asked).toEqual(['db.kopi.test', 'rebind.kopi.test']);
    // Asked again (the next run), the rebound answer is refused.
    await expect(assertTargetAllowed(guard, 'postgres://u:p@rebind.kopi.test/pos')).rejects.toThrow(/^rebind\.kopi\.test \(127\.0\.0\.1\) is a loopback address/);
  });

  it('is the literal itself for an IP address, and never a forbidden one', async () => {
    const guard = createTargetGuard(fakeDns({ 'mixed.kopi.test': ['203.0.113.9', '169.254.169.254'] }));
    expect(await assertTargetAllowed(guard, 'postgres://u:p@198.51.100.4:6432/pos')).toBe('198.51.100.4');
    expect(await assertTargetAllowed(guard, 'postgres://u:p@[2001:db8::5]:5432/pos')).toBe('2001:db8::5');
    await expect(assertTargetAllowed(guard, 'postgres://u:p@127.0.0.1/pos')).rejects.toThrow(/loopback/);
    await expect(assertTargetAllowed(guard, 'postgres://u:p@mixed.kopi.test/pos')).rejects.toThrow(/169\.254\.169\.254\) is a link-local address/);
  });
});
