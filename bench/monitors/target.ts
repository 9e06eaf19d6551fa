/**
 * The monitors' target: node:http on 127.0.0.1 answering a small JSON 200 on /outlet/<n>, counting
 * requests (and connections: every probe opens its own). Prints {"port":N} once listening; answers
 * "count" on its IPC channel with {requests, connections, other}.
 */
import http from 'node:http';

const body = JSON.stringify({ status: 'ok', openOrders: 3, currency: 'IDR' });
let requests = 0;
let other = 0;
let connections = 0;
const server = http.createServer((req, res) => {
  if (req.url?.startsWith('/outlet/')) requests++;
  else other++;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.on('connection', () => connections++);
server.keepAliveTimeout = 5_000;
// Fresh connections at a few hundred a second: a deep accept queue, no limit on sockets.
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`));
process.on('message', (m) => {
  if (m === 'count') process.send?.({ requests, connections, other });
});
process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
