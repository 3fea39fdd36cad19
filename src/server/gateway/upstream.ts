import { BackendError, type BackendErrorKind } from './backend';

/**
 * The HTTP client adapters use to call their helpdesk. One place decides how
 * an upstream answer becomes a {@link BackendError}, what is retried (reads
 * only, and only what may succeed on a second try), and how long a call may
 * take, so every adapter fails the same way and none leaks upstream text.
 */

export interface UpstreamOptions {
  /** Base URL including any path prefix (`https://crm.example.com/api/v1`). */
  baseUrl: string;
  /**
   * Headers for every call, typically `Authorization`. Async so a login token can
   * be fetched or renewed first.
   */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /**
   * Called once when the helpdesk answers 401: renew the credential and return
   * true to replay the call once, or false to fail with `unauthorized`.
   */
  onUnauthorized?: (rejectedHeaders: Record<string, string>) => Promise<boolean>;
  /** Per attempt, ms. Default 15 000. */
  timeoutMs?: number;
  /** Retries of idempotent calls after a 5xx, timeout or network failure. Default 2. */
  retries?: number;
  /** Fetch to use (tests, instrumentation). Default the global one, looked up per call. */
  fetch?: typeof fetch;
  /**
   * Maps an error response's status (and parsed body, if JSON) to a kind, for
   * helpdesks whose statuses mean something unusual. Return undefined for the default.
   */
  classify?: (status: number, body: unknown) => BackendErrorKind | undefined;
}

export interface UpstreamRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to `baseUrl`. */
  path: string;
  query?: Record<string, string | number | boolean | null | undefined | (string | number)[]>;
  /** JSON-encoded unless it is a stream/Blob/Uint8Array (then `contentType` is required). */
  body?: unknown;
  contentType?: string;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Repeating the call cannot change anything upstream. Defaults to true for GET
   * only: a POST is never repeated after the helpdesk may have committed it.
   */
  idempotent?: boolean;
}

export interface UpstreamResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface Upstream {
  /** A JSON call: resolves with the parsed body (undefined for an empty 2xx). */
  json<T = unknown>(req: UpstreamRequest): Promise<UpstreamResponse<T>>;
  /** A call whose body is streamed back (downloads). Resolves once the headers are in. */
  raw(req: UpstreamRequest): Promise<Response>;
}

const DEFAULT_STATUS_KIND = (status: number): BackendErrorKind => {
  if (status === 400 || status === 422 || status === 413) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'misconfigured';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  return 'unavailable';
};

const isStreamBody = (b: unknown) =>
  b instanceof ReadableStream || b instanceof Uint8Array || (typeof Blob !== 'undefined' && b instanceof Blob);

export function joinUpstreamUrl(baseUrl: string, path: string, query?: UpstreamRequest['query']): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  if (!query) return url.href;
  // Built apart and assigned once: every change through url.searchParams re-serialises the whole URL.
  const params = new URLSearchParams(url.search);
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.set(k, String(v));
  }
  url.search = params.toString();
  return url.href;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Seconds from a `Retry-After` header (integer seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const { baseUrl, timeoutMs = 15_000, retries = 2 } = options;
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function once(req: UpstreamRequest, authHeaders: Record<string, string>): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new BackendError('unavailable', { cause: 'upstream timeout', safeToRetry: true })), timeoutMs);
    const onAbort = () => controller.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders, ...req.headers };
    let body: BodyInit | undefined;
    if (req.body !== undefined) {
      if (isStreamBody(req.body)) {
        body = req.body as BodyInit;
        if (req.contentType) headers['Content-Type'] = req.contentType;
      } else {
        body = JSON.stringify(req.body);
        headers['Content-Type'] = req.contentType ?? 'application/json';
      }
    }
    try {
      // `duplex` is required by Node's fetch for streamed request bodies. With
      // redirects followable, fetch tees a streamed body to be able to re-send
      // it and the unsent copy holds the whole file in memory; a stream can't
      // follow a redirect anyway, so refuse redirects for streams.
      return await doFetch(joinUpstreamUrl(baseUrl, req.path, req.query), {
        method: req.method ?? 'GET',
        headers,
        body,
        signal: controller.signal,
        ...(body instanceof ReadableStream ? { duplex: 'half', redirect: 'error' } : {}),
      } as RequestInit);
    } catch (cause) {
      if (req.signal?.aborted) throw req.signal.reason ?? cause;
      const reason = controller.signal.reason;
      if (reason instanceof BackendError) throw reason;
      throw new BackendError('unavailable', { cause, safeToRetry: false });
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function errorFor(res: Response): Promise<BackendError> {
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const kind = options.classify?.(res.status, body) ?? DEFAULT_STATUS_KIND(res.status);
    return new BackendError(kind, {
      retryAfter: retryAfterSeconds(res.headers.get('retry-after')) ?? undefined,
      // Rejected before anything was committed: a 4xx, a 429 or a 503.
      safeToRetry: res.status === 429 || res.status === 503,
      cause: { status: res.status, body: body ?? text.slice(0, 2000), url: res.url },
    });
  }

  async function send(req: UpstreamRequest): Promise<Response> {
    const idempotent = req.idempotent ?? (req.method ?? 'GET') === 'GET';
    let replayedAuth = false;
    for (let attempt = 0; ; attempt++) {
      const auth = (await options.headers?.()) ?? {};
      let res: Response;
      try {
        res = await once(req, auth);
      } catch (e) {
        const retryable = e instanceof BackendError && e.kind === 'unavailable' && idempotent && !req.signal?.aborted;
        if (!retryable || attempt >= retries || isStreamBody(req.body)) throw e;
        await sleep(200 * 2 ** attempt + Math.random() * 100, req.signal);
        continue;
      }
      if (res.ok) return res;
      if (res.status === 401 && options.onUnauthorized && !replayedAuth) {
        await res.body?.cancel().catch(() => {});
        replayedAuth = true;
        // A stream can't be sent twice.
        if (!isStreamBody(req.body) && (await options.onUnauthorized(auth))) {
          attempt--;
          continue;
        }
        throw new BackendError('unauthorized', { cause: { status: 401, url: res.url } });
      }
      const error = await errorFor(res);
      const retryable = idempotent && res.status >= 500 && !isStreamBody(req.body);
      if (!retryable || attempt >= retries) throw error;
      await sleep(200 * 2 ** attempt + Math.random() * 100, req.signal);
    }
  }

  return {
    async json<T>(req: UpstreamRequest) {
      const res = await send(req);
      const text = await res.text().catch((cause: unknown) => {
        throw new BackendError('unavailable', { cause });
      });
      let data: unknown;
      if (text.trim()) {
        try {
          data = JSON.parse(text);
        } catch (cause) {
          // Truncated or HTML from a proxy: nothing usable, and not safe to assume it failed.
          throw new BackendError('unavailable', { cause: { status: res.status, reason: 'invalid JSON', cause } });
        }
      }
      return { status: res.status, headers: res.headers, data: data as T };
    },
    raw: send,
  };
}

/**
 * A `multipart/form-data` body with one file part, streamed (never buffered),
 * with its exact length so the helpdesk can refuse an oversized upload early.
 */
export function multipartFile(
  field: string,
  file: { filename: string; contentType: string; size: number; stream: ReadableStream<Uint8Array> },
  extra: Record<string, string> = {},
): { body: ReadableStream<Uint8Array>; contentType: string; contentLength: number } {
  const boundary = `----dtgateway${crypto.randomUUID().replace(/-/g, '')}`;
  const enc = new TextEncoder();
  // Quotes, CR and LF would break the header; the filename is the customer's.
  const safeName = file.filename.replace(/["\r\n\\]/g, '_');
  let head = '';
  for (const [k, v] of Object.entries(extra)) head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${safeName}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  const pre = enc.encode(head);
  const post = enc.encode(`\r\n--${boundary}--\r\n`);
  const reader = file.stream.getReader();
  let phase: 'pre' | 'file' | 'post' | 'done' = 'pre';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (phase === 'pre') {
        phase = 'file';
        controller.enqueue(pre);
        return;
      }
      if (phase === 'file') {
        const { done, value } = await reader.read();
        if (!done) {
          controller.enqueue(value);
          return;
        }
        phase = 'post';
      }
      if (phase === 'post') {
        phase = 'done';
        controller.enqueue(post);
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, contentLength: pre.length + file.size + post.length };
}
