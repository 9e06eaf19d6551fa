/** The windows a check's detail page reads over, with how many chart buckets each is cut into. */
export const WINDOWS = {
  '24h': { hours: 24, points: 96 },
  '7d': { hours: 24 * 7, points: 168 },
  '30d': { hours: 24 * 30, points: 180 },
} as const;

export type WindowKey = keyof typeof WINDOWS;
export const WINDOW_KEYS = Object.keys(WINDOWS) as WindowKey[];

const isWindow = (v: unknown): v is WindowKey => typeof v === 'string' && v in WINDOWS;

export interface CheckSearch {
  window?: WindowKey | undefined;
  failures?: boolean | undefined;
}

/** ?window=7d&failures=true — the view of a check's page lives in its address. */
export function parseCheckSearch(search: Record<string, unknown>): CheckSearch {
  return {
    window: isWindow(search.window) && search.window !== '24h' ? search.window : undefined,
    failures: search.failures === true || search.failures === 'true' ? true : undefined,
  };
}
