import { describe, expect, it } from 'vitest';
import { makeBusinessDate } from './business-date.ts';

const at = (iso: string) => Date.parse(iso);

describe('makeBusinessDate', () => {
  it('is the local date in the business zone', () => {
    const day = makeBusinessDate({ timezone: 'Asia/Jakarta', cutoff: '00:00' });
    expect(day(at('2025-05-04T17:00:00Z'))).toBe('2025-05-05'); // 00:00 WIB
    expect(day(at('2025-05-04T16:59:59Z'))).toBe('2025-05-04'); // 23:59:59 WIB
  });

  it('puts a sale before the cutoff on the previous day', () => {
    const day = makeBusinessDate({ timezone: 'Asia/Jakarta', cutoff: '04:00' });
    expect(day(at('2025-05-05T01:30:00+07:00'))).toBe('2025-05-04');
    expect(day(at('2025-05-05T03:59:00+07:00'))).toBe('2025-05-04');
    expect(day(at('2025-05-05T04:00:00+07:00'))).toBe('2025-05-05');
    expect(day(at('2025-01-01T02:00:00+07:00'))).toBe('2024-12-31');
  });

  it('uses the business zone, not the file zone', () => {
    const wita = makeBusinessDate({ timezone: 'Asia/Makassar', cutoff: '00:00' });
    expect(wita(at('2025-05-04T16:30:00Z'))).toBe('2025-05-05'); // 00:30 WITA, 23:30 WIB
  });
});
