import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * A response body rendered once and served many times: the JSON text, its gzip encoding
 * (made once, not per request) and a strong ETag for conditional GETs.
 */
export interface CachedJson {
  json: string;
  gzip: Buffer;
  etag: string;
}

export function cachedJson(value: unknown): CachedJson {
  const json = JSON.stringify(value);
  return {
    json,
    gzip: gzipSync(json, { level: 6 }),
    etag: `"${createHash('sha1').update(json).digest('base64url')}"`,
  };
}
