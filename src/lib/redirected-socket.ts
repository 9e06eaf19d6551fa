import net from 'node:net';

/**
 * A socket for a client that opens its own and calls `connect(port, host)` (pg): `to` decides
 * where it really connects — a pinned address, or the name through a lookup that vets the
 * answer. The client still believes it reached `host` (pg names it for TLS). A path (a Unix
 * socket) is left as it is.
 */
export function redirectedSocket(to: (port: number, host: string) => net.TcpNetConnectOpts): net.Socket {
  const socket = new net.Socket();
  const connect = socket.connect.bind(socket) as (...args: unknown[]) => net.Socket;
  socket.connect = ((port: unknown, host: unknown) => (typeof port === 'number' ? connect(to(port, String(host))) : connect(port, host))) as net.Socket['connect'];
  return socket;
}
