import { Worker } from 'node:worker_threads';
import { hashOrExplain } from '../import.ts';

/**
 * A file's sha256 computed in a worker thread, so hashing (a few hundred ms for 100 MB) runs
 * beside the reading of the file instead of before it. On failure the loader's hashOrExplain
 * runs here: it hashes in this thread, or throws its message (no such file, permission denied).
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
// One buffer read into again and again, as the loader's fileSha256 (fresh 1 MiB chunks cost more
// than the hashing); blocking reads are fine in a thread of its own.
let sha = null;
try {
  const hash = createHash('sha256');
  const fd = fs.openSync(workerData, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  sha = hash.digest('hex');
} catch {}
parentPort.postMessage(sha);
`;

export function sha256InWorker(path: string): Promise<string> {
  return new Promise<string | null>((resolve) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: path });
    worker.once('message', (sha: string | null) => {
      resolve(sha);
      void worker.terminate();
    });
    // A worker that cannot start: hash here instead.
    worker.once('error', () => resolve(null));
  }).then((sha) => sha ?? hashOrExplain(path));
}
