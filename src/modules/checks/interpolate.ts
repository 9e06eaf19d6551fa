/**
 * `${NAME}` references in a check's config, filled from a lookup: the environment for
 * `golive verify`, the check's decrypted secrets in the product. A value that is only
 * `${NAME}` takes the value's type when it holds a number or true/false (`port: ${PG_PORT}`).
 */
const WHOLE = /^\$\{([A-Z_][A-Z0-9_]*)\}$/;
const ANY = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

export function interpolate(v: unknown, lookup: (name: string) => string | undefined, missing: (name: string) => Error): unknown {
  if (typeof v === 'string') {
    const whole = WHOLE.exec(v);
    if (whole) {
      const value = lookup(whole[1]!);
      if (value === undefined) throw missing(whole[1]!);
      return scalar(value);
    }
    return v.replace(ANY, (_, name: string) => {
      const value = lookup(name);
      if (value === undefined) throw missing(name);
      return value;
    });
  }
  if (Array.isArray(v)) return v.map((x) => interpolate(x, lookup, missing));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolate(x, lookup, missing)]));
  return v;
}

/** Every NAME a config refers to. */
export function referencedNames(v: unknown, into = new Set<string>()): Set<string> {
  if (typeof v === 'string') for (const m of v.matchAll(ANY)) into.add(m[1]!);
  else if (Array.isArray(v)) for (const x of v) referencedNames(x, into);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) referencedNames(x, into);
  return into;
}

function scalar(value: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
