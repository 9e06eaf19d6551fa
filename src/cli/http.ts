import { CliError, EXIT } from './errors.ts';

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** Any other body (FormData, text); set the content type in headers when it matters. */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Send the bearer token (default true). */
  auth?: boolean;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Checks and normalises a server URL (no trailing slash). */
export function normalizeServer(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(`Not a URL: ${url}.`, EXIT.usage, { code: 'usage', hint: 'Pass --server http://host:port.' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CliError(`The server URL must be http:// or https://, not ${url}.`, EXIT.usage, { code: 'usage' });
  }
  return u.toString().replace(/\/+$/, '');
}

/** The Golive HTTP API, as the CLI uses it: bearer token, JSON, errors mapped to exit codes. */
export class ApiClient {
  readonly server: string;
  constructor(server: string, readonly token?: string) {
    this.server = normalizeServer(server);
  }

  /** Sends a request; any non-2xx answer becomes a CliError (4xx → 2, 5xx → 3). */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const url = new URL(`${this.server}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: body ?? null, signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    } catch (err) {
      throw unreachable(this.server, err, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    }
    if (!res.ok) throw await errorFrom(res);
    return res;
  }

  async json<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
    const res = await this.request(method, path, opts);
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new CliError(`The server at ${this.server} answered ${method} ${path} with something that is not JSON.`, EXIT.unavailable, { code: 'bad_response', hint: 'Is --server pointing at a Golive server?' });
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', path, query ? { query } : {});
  }

  /** Every page of a cursor-paginated list ({items, nextCursor}). */
  async all<T>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 1000; i++) {
      const page = await this.get<{ items: T[]; nextCursor: string | null }>(path, { ...query, cursor });
      items.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return items;
  }
}

function unreachable(server: string, err: unknown, timeoutMs: number): CliError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new CliError(`The server at ${server} did not answer within ${Math.round(timeoutMs / 1000)} s.`, EXIT.unavailable, { code: 'timeout', hint: 'Check that it is healthy (GET /healthz) and try again.' });
  }
  const why = e.cause?.code ?? e.cause?.message ?? e.message ?? 'network error';
  return new CliError(`Cannot reach the Golive server at ${server} (${why}).`, EXIT.unavailable, {
    code: 'unreachable',
    hint: 'Check --server (or GOLIVE_SERVER) and that the server is running (`golive serve`).',
  });
}

interface ErrorBody {
  error?: string;
  message?: string;
  requestId?: string;
  details?: unknown;
}

/** What to do next, by the server's error code or HTTP status. */
function hintFor(status: number, code: string | undefined): string | undefined {
  switch (code) {
    case 'unauthorized':
      return 'Run `golive login`, or pass --token (GOLIVE_TOKEN).';
    case 'forbidden':
      return 'Ask a workspace admin or the deployment lead for access.';
    case 'not_found':
      return 'Check the id or key you gave.';
    case 'version_conflict':
      return 'Run `golive items show <deployment> <key>` and retry with the current --version.';
    case 'evidence_required':
      return 'Add evidence first: `golive evidence add <deployment> <key> --file <path>` (or --link <url>, --note <text>).';
    case 'dependencies_open':
      return 'Finish the items it depends on first.';
    case 'setup_done':
      return 'Log in with `golive login` instead.';
  }
  if (status === 401) return 'Run `golive login`, or pass --token (GOLIVE_TOKEN).';
  if (status >= 500) return 'The server failed; try again, and report the request id if it persists.';
  return undefined;
}

async function errorFrom(res: Response): Promise<CliError> {
  let body: ErrorBody = {};
  try {
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object') body = parsed as ErrorBody;
  } catch {
    // Not a Golive error body (a proxy's HTML page, say): the status line says enough.
  }
  const status = res.status;
  const message = body.message ?? `The server answered ${status} ${res.statusText}.`;
  const hint = hintFor(status, body.error);
  return new CliError(message, status >= 500 ? EXIT.unavailable : EXIT.usage, {
    code: body.error ?? `http_${status}`,
    status,
    ...(hint ? { hint } : {}),
    ...((body.requestId ?? res.headers.get('x-request-id')) ? { requestId: body.requestId ?? res.headers.get('x-request-id')! } : {}),
    ...(body.details !== undefined ? { details: body.details } : {}),
  });
}
