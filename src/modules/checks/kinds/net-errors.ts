/**
 * Words for the ways a network peer fails, from the error codes node, OpenSSL and undici use.
 * A kind reports these as `fail` (the target does not do what the item claims); an error without
 * a code is ours and is left to the runner as `error`.
 */
const words: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the peer',
  EPIPE: 'connection closed by the peer while sending',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed for now (EAI_AGAIN)',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CLOSED: 'the server closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'could not connect in time',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'the body stopped arriving',
  UND_ERR_HEADERS_OVERFLOW: 'response headers too large',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'body shorter or longer than its Content-Length',
  ERR_TLS_CERT_ALTNAME_INVALID: "certificate does not name this host",
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate chain ends in an untrusted self-signed root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate chain does not lead to a trusted root',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer is not trusted (intermediate missing?)',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'no TLS version in common (the server may only offer TLS 1.0/1.1)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS',
};

export function networkProblem(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  // undici's parser error does not always carry a code.
  if ((e as Error | null)?.name === 'HTTPParserError') return `the answer is not valid HTTP (${(e as Error).message.slice(0, 120)})`;
  if (typeof code !== 'string') return null;
  if (code.startsWith('HPE_')) return `the answer is not valid HTTP (${code})`;
  const w = words[code];
  return w ? `${w} (${code})` : `${(e as Error).message?.split('\n')[0] ?? code} (${code})`.slice(0, 300);
}
