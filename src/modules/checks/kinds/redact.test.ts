import { describe, expect, it } from 'vitest';
import { passwordOf, redactSecret } from './redact.ts';

describe('redactSecret', () => {
  it('hides a secret raw and URL-encoded', () => {
    expect(redactSecret('auth failed for Sate/Ayam#1 (Sate%2FAyam%231)', 'Sate/Ayam#1')).toBe('auth failed for *** (***)');
  });

  it('replaces a short secret only where it stands alone', () => {
    expect(redactSecret('pw rejected at pwbifnb.com: but', 'pw')).toBe('*** rejected at pwbifnb.com: but');
    expect(redactSecret('the port accepts connections but does not answer', 'b')).toBe('the port accepts connections but does not answer');
  });

  it('reads the password of a URL', () => {
    expect(passwordOf('postgres://app:Kopi%40Susu@db:5432/x')).toBe('Kopi@Susu');
    expect(passwordOf('redis://cache:6379')).toBe('');
    expect(passwordOf('not a url')).toBe('');
  });
});
