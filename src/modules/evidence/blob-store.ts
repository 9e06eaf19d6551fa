import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../lib/errors.ts';

/**
 * Evidence files, stored once per content under <data dir>/blobs/<aa>/<sha256>.
 * The media type is sniffed from the bytes, never taken from the client.
 */
export interface StoredBlob {
  sha256: string;
  size: number;
  mediaType: string;
}

const SNIFF_BYTES = 4100;
// Programs are not evidence; refusing them keeps the store from serving malware.
const REFUSED_TYPES = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-executable',
  'application/vnd.microsoft.portable-executable',
  'application/x-sharedlib',
]);

export type BlobStore = ReturnType<typeof createBlobStore>;

export function createBlobStore(dataDir: string, maxBytes: number) {
  const root = path.join(dataDir, 'blobs');
  const tmp = path.join(root, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const pathOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256);

  return {
    maxBytes,
    pathOf,

    async save(source: Readable): Promise<StoredBlob> {
      const tmpPath = path.join(tmp, randomBytes(12).toString('hex'));
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let headBytes = 0;
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new AppError('payload_too_large', `A file is at most ${Math.floor(maxBytes / 1024 / 1024)} MiB.`));
          hash.update(chunk);
          if (headBytes < SNIFF_BYTES) {
            head.push(chunk);
            headBytes += chunk.length;
          }
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, meter, fs.createWriteStream(tmpPath));
        if ((source as { truncated?: boolean }).truncated) {
          throw new AppError('payload_too_large', `A file is at most ${Math.floor(maxBytes / 1024 / 1024)} MiB.`);
        }
        if (size === 0) throw new AppError('validation_failed', 'The file is empty. Choose a file with content.');
        const mediaType = await sniff(Buffer.concat(head).subarray(0, SNIFF_BYTES));
        if (REFUSED_TYPES.has(mediaType)) {
          throw new AppError('unsupported_media_type', `Executable files (${mediaType}) are not accepted as evidence. Upload a document, image or export instead.`);
        }
        const sha256 = hash.digest('hex');
        const dest = pathOf(sha256);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        if (fs.existsSync(dest)) await fs.promises.rm(tmpPath, { force: true });
        else await fs.promises.rename(tmpPath, dest);
        return { sha256, size, mediaType };
      } catch (e) {
        await fs.promises.rm(tmpPath, { force: true });
        // A client that breaks off or mangles the upload fails the source stream (maybe before we
        // got it): that is bad input, not ours.
        if (source.errored && !(e instanceof AppError)) throw new AppError('bad_request', 'The upload ended early or is malformed. Send the file again.');
        throw e;
      }
    },

    openRead(sha256: string): fs.ReadStream {
      return fs.createReadStream(pathOf(sha256));
    },
  };
}

async function sniff(head: Buffer): Promise<string> {
  const type = await fileTypeFromBuffer(head);
  if (type) return type.mime;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, lastCompleteUtf8(head)));
    return 'text/plain';
  } catch {
    return 'application/octet-stream';
  }
}

/** The head may end mid-character; decode only up to the last complete UTF-8 sequence. */
function lastCompleteUtf8(buf: Buffer): number {
  let i = buf.length;
  for (let back = 1; back <= 3 && i - back >= 0; back++) {
    const b = buf[i - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? i - back : i;
  }
  return i;
}
