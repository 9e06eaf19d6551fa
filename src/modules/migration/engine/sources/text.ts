import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { MigrationInputError } from '../errors.ts';

/**
 * Bytes → text for the CSV reader. The reader scans the file as latin1 (one char per byte, so
 * every position is a byte offset); only a record with a byte ≥ 0x80 needs real decoding.
 */
export type TextEncoding = 'utf-8' | 'windows-1252';

export const NON_ASCII = /[^\x00-\x7f]/;

export function decodeBytes(buf: Buffer, start: number, end: number, encoding: TextEncoding, line: number, file: string): string {
  const bytes = buf.subarray(start, end);
  if (encoding === 'windows-1252') return iconv.decode(bytes, 'windows-1252');
  if (!isUtf8(bytes)) throw badUtf8(file, line, bytes);
  return bytes.toString('utf8');
}

/** A field the parser produced as latin1 (bytes as chars), decoded in the file's encoding. */
export function decodeLatin1(text: string, encoding: TextEncoding): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes = Buffer.from(text, 'latin1');
  return encoding === 'windows-1252' ? iconv.decode(bytes, 'windows-1252') : bytes.toString('utf8');
}

export function badUtf8(file: string, line: number, bytes: Buffer): MigrationInputError {
  const at = firstInvalidUtf8(bytes);
  const shown = [...bytes.subarray(at, at + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return new MigrationInputError(
    'bad_encoding',
    `${file}: line ${line} is not valid UTF-8 (bytes ${shown}). The file is probably Windows-1252 (Excel on Windows saves CSV so): set "csv": {"encoding": "windows-1252"} in the mapping, or save the file as "CSV UTF-8".`,
  );
}

/** Byte index of the first byte that starts no valid UTF-8 sequence (for the message only). */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    for (let n = 2; n <= 4; n++) {
      if (isUtf8(bytes.subarray(i, i + n))) {
        i += n - 1;
        break;
      }
      if (n === 4) return i;
    }
  }
  return 0;
}
