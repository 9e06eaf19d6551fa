// The direct loader's thread (direct-load.ts): one connection to the target that loads batches
// whose keys are all new — begin, the check that the target has none of its transactions, COPY
// of the lines, checkpoint, commit — in the order they come, answering each with its outcome.
// Plain JavaScript: a worker thread cannot load TypeScript through tsx on Node 20, and it only
// needs pg. Its event loop has nothing else to do, so PostgreSQL's replies are answered at once.
import net from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

// A target address vetted by the product's guard (connect.ts, pinnedSocket): connect there, never to what DNS says now.
const { address } = workerData;
function pinnedSocket() {
  const socket = new net.Socket();
  const connect = socket.connect.bind(socket);
  socket.connect = (port) => connect(port, address);
  return socket;
}
const client = new pg.Client({ ...workerData.config, ...(address ? { stream: pinnedSocket } : {}) });
// A server that drops us between batches must not crash the thread: the next batch reports it.
client.on('error', () => {});
// A failure to connect is reported with each batch, marked so (the loader says which target).
const connected = client.connect().then(
  () => client.query(workerData.sessionSql),
  (e) => {
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { connecting: true });
  },
);
connected.catch(() => {});

// The COPY data is in the batch's shared region (copy.ts, CopyData): each chunk a [start, end)
// range of it, sent as it is. The import reuses the region once this batch is answered and has
// committed or given up, and by then PostgreSQL has read every byte (it answers a COPY after its last row).
async function copy(region, table) {
  if (!table.chunks.length) return 0;
  const stream = client.query(copyStreams.from(table.sql));
  const chunks = table.chunks.map(([start, end]) => Buffer.from(region, start, end - start));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}

async function load(job) {
  await connected;
  await client.query(job.begin);
  try {
    const taken = job.check ? await client.query(job.check.sql, job.check.values) : null;
    if (taken?.rowCount) throw Object.assign(new Error('a transaction of the batch has lines in the target already'), { code: '23505' });
    for (const table of job.copies) {
      const n = await copy(job.region, table);
      if (n !== table.rows) throw new Error(`COPY wrote ${n} rows of ${table.rows} (${table.sql})`);
    }
    await client.query(job.finish);
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  }
}

// Batches queued behind one that failed were made assuming it would commit: they are answered
// "cancelled" without running (the import then loads them the staged way, or stops).
let failedEpoch = -1;
let queue = Promise.resolve();
parentPort.on('message', (job) => {
  if (job === 'close') {
    queue.then(() => client.end()).catch(() => {}).finally(() => parentPort.close());
    return;
  }
  queue = queue.then(async () => {
    if (job.epoch <= failedEpoch) return parentPort.postMessage({ ok: false, cancelled: true });
    try {
      await load(job);
      parentPort.postMessage({ ok: true });
    } catch (e) {
      failedEpoch = job.epoch;
      parentPort.postMessage({ ok: false, error: { message: String(e?.message ?? e), code: e?.code, connecting: Boolean(e?.connecting) } });
    }
  });
});
