import fs from 'node:fs';
import { MigrationInputError } from '../errors.ts';

/** The file's size; a missing or unreadable file is the user's to fix. */
export function fileSize(file: string): number {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new MigrationInputError('bad_file', `${file} is not a file.`);
    return st.size;
  } catch (e) {
    if (e instanceof MigrationInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new MigrationInputError('bad_file', `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}.`);
  }
}

/** The first `bytes` of the file (fewer when it is shorter), for sniffing. */
export async function readHead(file: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
