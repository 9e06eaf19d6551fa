import type { Mapping } from '../mapping.ts';

/** Outlet names compare case-insensitively, spaces ignored ("KN - Senopati" = "kn-senopati"). */
export const outletNameKey = (name: string): string => name.toLowerCase().replace(/\s+/g, '');

/** "Kopi Nusantara — Senopati" → "kopi-nusantara-senopati": an outlet code when the mapping lists none. */
export function outletSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * Outlet names → codes. With an `outlets` section, a name is its code, its name or one of its
 * aliases (case- and space-insensitive) and anything else is unknown (null); without one, the
 * code is the name's slug, so files of one system agree with each other.
 */
export function makeOutletResolver(outlets: Mapping['outlets']): (name: string) => string | null {
  const memo = new Map<string, string | null>();
  let resolve: (name: string) => string | null;
  if (outlets) {
    const byName = new Map<string, string>();
    for (const [code, o] of Object.entries(outlets)) {
      for (const n of [code, o.name, ...o.aliases]) if (n) byName.set(outletNameKey(n), code);
    }
    resolve = (name) => byName.get(outletNameKey(name)) ?? null;
  } else {
    resolve = (name) => outletSlug(name) || null;
  }
  return (name) => {
    let code = memo.get(name);
    if (code === undefined) {
      code = resolve(name);
      if (memo.size < 10_000) memo.set(name, code);
    }
    return code;
  };
}
