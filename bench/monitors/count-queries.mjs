// Diagnostics only (npm run bench -- monitors --diagnose): preloaded into the workers with
// --import, counts the SQL statements the process sends through node-postgres and the time each
// kind waits for its answer, and appends the cumulative counts every 5 s as one JSON line to
// $BENCH_QUERY_LOG. Plain JavaScript so it loads before the tsx loader golive registers.
import fs from 'node:fs';
import pg from 'pg';

const file = process.env.BENCH_QUERY_LOG;
const stats = new Map();
const shape = (text) =>
  String(text)
    .replace(/\s+/g, ' ')
    .replace(/\$\d+/g, '?')
    .replace(/'[^']*'/g, "'…'")
    .trim()
    .slice(0, 110);

const original = pg.Client.prototype.query;
pg.Client.prototype.query = function query(config, values, callback) {
  const text = typeof config === 'string' ? config : config?.text;
  if (text === undefined) return original.call(this, config, values, callback);
  const key = shape(text);
  let s = stats.get(key);
  if (!s) stats.set(key, (s = { n: 0, ms: 0 }));
  s.n++;
  const started = performance.now();
  const done = () => {
    s.ms += performance.now() - started;
  };
  const result = original.call(this, config, values, callback);
  if (result && typeof result.then === 'function') result.then(done, done);
  else done();
  return result;
};

const dump = () => {
  if (!file) return;
  const queries = Object.fromEntries([...stats].map(([k, v]) => [k, { n: v.n, ms: Math.round(v.ms) }]));
  fs.appendFileSync(file, `${JSON.stringify({ pid: process.pid, at: Date.now(), queries })}\n`);
};
setInterval(dump, 5000).unref();
process.on('exit', dump);
