import type { CheckKind } from './check.ts';

/**
 * Every check kind, by name. A kind lives in kinds/<kind>.ts and is listed here once;
 * the verify file and (later) the API accept exactly these.
 */
const kinds: CheckKind[] = [
  // kinds: one import above and one entry here per kind
];

export const checkKinds: ReadonlyMap<string, CheckKind> = new Map(kinds.map((k) => [k.kind, k]));
