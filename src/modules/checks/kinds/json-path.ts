/**
 * A tiny JSON path: `$.data.items[0].status`, `data.items[0].status` (the `$` is optional),
 * keys after dots, array indexes in brackets. Enough to point at one value in a health answer;
 * no wildcards or filters on purpose.
 */
export type JsonPath = Array<string | number>;

export function parseJsonPath(path: string): JsonPath | null {
  const segments: JsonPath = [];
  let rest = path.startsWith('$') ? path.slice(1) : path;
  let first = !path.startsWith('$');
  while (rest.length > 0) {
    const index = /^\[(\d{1,9})\]/.exec(rest);
    const key = (first ? /^([^.[\]]+)/ : /^\.([^.[\]]+)/).exec(rest);
    if (index) segments.push(Number(index[1]));
    else if (key) segments.push(key[1]!);
    else return null;
    rest = rest.slice((index ?? key)![0].length);
    first = false;
  }
  return segments;
}

export type JsonPathResult = { found: true; value: unknown } | { found: false; at: string };

/** The value at the path, or where the path stopped matching. */
export function readJsonPath(root: unknown, path: JsonPath): JsonPathResult {
  let value = root;
  let at = '$';
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(value) || seg >= value.length) return { found: false, at };
      value = value[seg];
      at += `[${seg}]`;
    } else {
      if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, seg)) return { found: false, at };
      value = (value as Record<string, unknown>)[seg];
      at += `.${seg}`;
    }
  }
  return { found: true, value };
}
