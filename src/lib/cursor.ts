import { AppError } from './errors.ts';

/** Opaque cursors for keyset pagination: base64url JSON the client hands back unchanged. */
export const encodeCursor = (value: Record<string, string | number>): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeCursor<T extends Record<string, string | number> = { t: string; id: string }>(cursor: string): T {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const ok = Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');
      if (ok && (!('t' in v) || !Number.isNaN(Date.parse(String((v as { t: unknown }).t))))) return v as T;
    }
  } catch {
    // fall through
  }
  throw new AppError('bad_request', 'The cursor is not valid. Use the nextCursor from the previous page, or omit it.');
}
