// A small typed JSON client for OpenAlgo's REST v1 (reference/openalgo-api.md §3.1): every call is a
// POST to `${host}/api/v1/<name>` with the API key as `apikey` in the body. Errors become one typed
// OpenAlgoHttpError so callers branch on `kind`, never on message text. The key is never logged and
// never appears in an error.

export type OpenAlgoErrorKind = 'bad_request' | 'not_logged_in' | 'rate_limited' | 'server' | 'timeout' | 'network' | 'not_found';

export const NOT_LOGGED_IN_MESSAGE = 'broker session not logged in (or bad API key)';

export class OpenAlgoHttpError extends Error {
  override readonly name = 'OpenAlgoHttpError';
  constructor(
    /** HTTP status; 0 when no response arrived (timeout, network). */
    readonly status: number,
    message: string,
    readonly kind: OpenAlgoErrorKind,
    readonly endpoint: string,
  ) {
    super(message);
  }
}

export interface OpenAlgoRestOptions {
  /** REST base such as http://127.0.0.1:5000 (no /api/v1). */
  readonly host: string;
  readonly apiKey: string;
  /** Default per-request timeout in wall milliseconds (network time, not engine clock time). */
  readonly timeoutMs?: number;
  /** Injectable for tests that cannot open sockets; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface PostOptions {
  readonly timeoutMs?: number;
}

/** OpenAlgo's `message` is a string for order endpoints and an object for schema errors elsewhere. */
export function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message === undefined || message === null) return '';
  try {
    return JSON.stringify(message);
  } catch {
    return String(message);
  }
}

export function kindForStatus(status: number): OpenAlgoErrorKind {
  if (status === 400 || status === 422) return 'bad_request';
  if (status === 401 || status === 403) return 'not_logged_in';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  return 'server';
}

export class OpenAlgoRestClient {
  readonly host: string;
  // A private class field is invisible to util.inspect and JSON.stringify, so the key cannot leak into logs.
  readonly #apiKey: string;
  readonly #fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(opts: OpenAlgoRestOptions) {
    if (!/^https?:\/\//i.test(opts.host)) throw new Error(`OpenAlgo host '${opts.host}' must start with http:// or https://`);
    this.host = opts.host.replace(/\/+$/, '');
    this.#apiKey = opts.apiKey;
    this.#fetch = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  url(endpoint: string): string {
    return `${this.host}/api/v1/${endpoint.replace(/^\/+/, '')}`;
  }

  /**
   * POSTs `body` plus `apikey` and returns the parsed success body. Throws OpenAlgoHttpError for any
   * non-2xx status, a 2xx with `status: "error"`, a non-JSON body, a timeout or a network failure.
   */
  async post<T>(endpoint: string, body: Record<string, unknown> = {}, opts: PostOptions = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(this.url(endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...body, apikey: this.#apiKey }),
        signal: ac.signal,
      });
      text = await res.text();
    } catch (err) {
      if (ac.signal.aborted) throw new OpenAlgoHttpError(0, `${endpoint}: no answer within ${timeoutMs} ms`, 'timeout', endpoint);
      throw new OpenAlgoHttpError(0, `${endpoint}: ${networkReason(err)}`, 'network', endpoint);
    } finally {
      clearTimeout(timer);
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      const kind = res.ok ? 'server' : kindForStatus(res.status);
      throw new OpenAlgoHttpError(res.status, `${endpoint}: HTTP ${res.status} with a non-JSON body`, kind, endpoint);
    }
    const obj = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const serverMessage = messageText(obj.message);
    if (!res.ok) {
      const kind = kindForStatus(res.status);
      const head = kind === 'not_logged_in' ? NOT_LOGGED_IN_MESSAGE : `HTTP ${res.status}`;
      throw new OpenAlgoHttpError(res.status, `${endpoint}: ${head}${serverMessage ? `: ${serverMessage}` : ''}`, kind, endpoint);
    }
    if (obj.status === 'error') {
      throw new OpenAlgoHttpError(res.status, `${endpoint}: ${serverMessage || 'error without message'}`, 'server', endpoint);
    }
    return parsed as T;
  }
}

function networkReason(err: unknown): string {
  // undici wraps the socket error (ECONNREFUSED …) in `cause`.
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `network error (${cause.code})`;
  return `network error (${err instanceof Error ? err.message : String(err)})`;
}
