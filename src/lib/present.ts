/** Instants leave the API as ISO 8601 strings in UTC. */
export const iso = (d: Date | string | null | undefined): string | null =>
  d == null ? null : typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();
export const isoNow = (d: Date | string): string => iso(d)!;
