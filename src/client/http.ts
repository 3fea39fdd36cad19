import { PortalApiError, abortError, errorFromResponse, invalidResponse, isPortalApiError, isTransientError } from './errors';
import type { RetryOptions } from './types';

import { DEFAULT_BASE_URL } from './baseUrl';

export { DEFAULT_BASE_URL };

export interface HttpConfig {
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: false | RetryOptions;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | null | undefined>;
  body?: unknown;
  token?: string | null;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export type Send = (request: HttpRequest) => Promise<unknown>;

/** The global fetch, looked up per call: never called as a method (browsers throw "Illegal invocation"), and test interceptors apply. */
export const resolveFetch = (f?: typeof fetch): typeof fetch => f ?? ((input, init) => globalThis.fetch(input, init));

/** Joins without losing the base's `/v1` (SDKs before 0.8.1 dropped it). */
export const joinUrl = (base: string, path: string, query?: HttpRequest['query']) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v != null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}${qs ? `?${qs}` : ''}`;
};

/** Lets one caller stop waiting on a shared promise without cancelling it for the others. */
export function race<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createHttp(config: HttpConfig): Send {
  const base = config.baseUrl ?? DEFAULT_BASE_URL;
  const doFetch = resolveFetch(config.fetch);
  const timeoutMs = config.timeoutMs ?? 30_000;

  async function attempt(req: HttpRequest): Promise<unknown> {
    const { signal } = req;
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    const timer = setTimeout(onAbort, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = {
      // The JSON type on every call, GETs and empty POSTs included, as the SDK sends it (docs/portal-api.md#conventions).
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (req.token) headers.Authorization = `Bearer ${req.token}`;
    if (req.idempotencyKey) headers['X-Idempotency-Key'] = req.idempotencyKey;
    const url = joinUrl(base, req.path, req.query);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, { method: req.method, headers, body, signal: controller.signal });
      text = await res.text();
    } catch (cause) {
      if (signal?.aborted) throw abortError(signal);
      // Not the caller's abort: ours, at the timeout.
      if (controller.signal.aborted) throw new PortalApiError({ kind: 'timeout', message: `No response within ${timeoutMs} ms`, cause });
      throw new PortalApiError({ kind: 'network', message: 'The request could not reach the server', cause });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (!res.ok) throw await errorFromResponse(res.status, res.statusText, text, (h) => res.headers.get(h));
    if (!text.trim()) return undefined;
    const type = res.headers.get('content-type');
    if (type && !/json/i.test(type)) throw invalidResponse(`Expected JSON but got ${type.split(';')[0]}`);
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw invalidResponse('The response body is not valid JSON', cause);
    }
  }

  return async function send(req) {
    if (req.signal?.aborted) throw abortError(req.signal);
    try {
      return await attempt(req);
    } catch (e) {
      // Whether to retry, and the wait, load with the first failure; if they can't (offline), the error stands.
      const m = await import('./backoff').catch(() => {
        throw e;
      });
      return m.retrySend(e, req, { attempt, retry: config.retry, race, abort: abortError, is: isPortalApiError, transient: isTransientError });
    }
  };
}
