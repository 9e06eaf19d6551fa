import { MigrationInputError } from '../errors.ts';

const HOUR = 3_600_000;

/**
 * UTC offsets of one IANA time zone, from Intl (the runtime's tz database), cached per UTC hour:
 * present-day offsets change on the hour (Indonesia has no DST at all), and a file spans some
 * tens of thousands of hours at most, so a row costs one Map lookup instead of an Intl call.
 */
export interface Zone {
  /** Offset (ms, east positive) in force at an instant. */
  offsetAt(instantMs: number): number;
  /** The instant whose local wall-clock time in this zone is `wallMs` (wall time written as if UTC). */
  instantOf(wallMs: number): number;
}

const zones = new Map<string, Zone>();

export function zone(timeZone: string, field = 'timezone'): Zone {
  let z = zones.get(timeZone);
  if (!z) {
    assertTimeZone(timeZone, field);
    z = makeZone(timeZone);
    zones.set(timeZone, z);
  }
  return z;
}

/** Throws MigrationInputError('bad_mapping') for a name Intl does not know. */
export function assertTimeZone(timeZone: string, field: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new MigrationInputError('bad_mapping', `${field}: "${timeZone}" is not an IANA time zone; use e.g. "Asia/Jakarta" (WIB), "Asia/Makassar" (WITA), "Asia/Jayapura" (WIT) or "UTC".`);
  }
}

function makeZone(timeZone: string): Zone {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const computeOffset = (instantMs: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(instantMs)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return wall - (instantMs - (((instantMs % 1000) + 1000) % 1000));
  };
  const byHour = new Map<number, number>();
  const offsetAt = (instantMs: number): number => {
    const h = Math.floor(instantMs / HOUR);
    let off = byHour.get(h);
    if (off === undefined) {
      off = computeOffset(h * HOUR);
      byHour.set(h, off);
    }
    return off;
  };
  return {
    offsetAt,
    instantOf(wallMs) {
      // Two passes settle any transition; a wall time in a DST gap lands after it, as Temporal's 'compatible'.
      const first = wallMs - offsetAt(wallMs);
      const second = offsetAt(first);
      return second === offsetAt(wallMs) ? first : wallMs - second;
    },
  };
}
