/** The bench's target: node:http answering a small JSON on any path. Prints {"port":N} once listening. */
import http from 'node:http';

const body = JSON.stringify({ status: 'ok', outlet: 'jkt-senopati-01', openOrders: 3, currency: 'IDR' });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
