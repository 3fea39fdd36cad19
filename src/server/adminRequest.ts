import { DEFAULT_BASE_URL } from '../client/baseUrl';
import { PortalTokenError } from './errors';

export { DEFAULT_BASE_URL };
const DEFAULT_TIMEOUT_MS = 10_000;

/** Options every call to the admin API takes. */
export interface AdminApiOptions {
  /**
   * Your Dispatch Tickets API key (`sk_live_…`, or `sk_test_…` for test data).
   * Server-side only: read it from a secret, never ship it to a browser.
   * @example apiKey: process.env.DISPATCH_API_KEY!
   */
  apiKey: string;
  /**
   * The brand whose portal the customer uses (`br_…`).
   * @example brandId: process.env.DISPATCH_BRAND_ID!
   */
  brandId: string;
  /**
   * API base URL, including `/v1`. Default `https://dispatch-tickets-api.onrender.com/v1`,
   * the same default as `PortalProvider`'s `baseUrl`: point both at the same API.
   * `undefined` means the default, so an unset environment variable is fine.
   * @example baseUrl: process.env.DISPATCH_API_URL // unset → the default
   * @example baseUrl: 'http://localhost:4010/v1' // the local mock: npx @dispatchtickets/react mock
   */
  baseUrl?: string;
  /**
   * The `fetch` to call the API with. Default: the global `fetch`, looked up
   * when the options are checked (the handler: on its first request).
   * @example fetch: (input, init) => fetch(input, { ...init, dispatcher: proxyAgent })
   */
  fetch?: typeof fetch;
  /**
   * Give up on the API after this many ms (error kind `timeout`). Default 10 000.
   * @example timeoutMs: 5_000
   */
  timeoutMs?: number;
}

/** Checked, defaulted {@link AdminApiOptions}. */
export interface AdminConfig {
  apiKey: string;
  brandId: string;
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

const configError = (caller: string, message: string) => new PortalTokenError({ kind: 'config', message: `${caller}: ${message}` });

/** Absolute http(s) URL, or null. */
export const httpUrl = (value: unknown): URL | null => {
  try {
    const url = new URL(String(value));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A trimmed email when `value` looks like one (the API does the real check), else null. */
export const cleanEmail = (value: unknown): string | null =>
  typeof value === 'string' && EMAIL.test(value.trim()) ? value.trim() : null;

/** Checks and defaults the options; every message names the option, never its value. */
export function resolveAdminConfig(options: AdminApiOptions, caller: string): AdminConfig {
  const { apiKey, brandId, baseUrl = DEFAULT_BASE_URL, timeoutMs = DEFAULT_TIMEOUT_MS, fetch: fetchOption } = options ?? {};
  // The messages name the option, never its value: a key must not end up in logs.
  if (typeof apiKey !== 'string' || !apiKey.trim()) {
    throw configError(caller, '`apiKey` is missing. Pass your Dispatch Tickets API key (sk_live_… or sk_test_…) from a server-side secret.');
  }
  if (typeof brandId !== 'string' || !brandId.trim()) {
    throw configError(caller, '`brandId` is missing. Pass the id of the brand whose portal customers use (br_…).');
  }
  if (!httpUrl(baseUrl)) throw configError(caller, '`baseUrl` must be an absolute http(s) URL, e.g. https://dispatch-tickets-api.onrender.com/v1.');
  if (!(timeoutMs > 0)) throw configError(caller, '`timeoutMs` must be a positive number.');
  const fetchFn = fetchOption ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw configError(caller, 'no `fetch` is available. Pass one in the `fetch` option.');
  return {
    apiKey: apiKey.trim(),
    brandId: brandId.trim(),
    baseUrl: String(baseUrl).replace(/\/+$/, ''),
    fetch: fetchFn,
    // setTimeout fires at once for delays beyond 2^31 − 1 ms.
    timeoutMs: Math.min(timeoutMs, 2 ** 31 - 1),
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

const HINTS: Record<number, string> = {
  401: 'check `apiKey`',
  403: 'the API key does not cover this brand',
  404: 'check `brandId` and `baseUrl`',
  429: 'rate limited',
};

/** Upstream statuses worth retrying later: the browser gets 503 for these, 502 for the rest. */
const TRANSIENT = [429, 502, 503, 504];

/**
 * POSTs JSON to an admin endpoint (`path` below `/brands/{brandId}`) with the
 * API key and returns the parsed 2xx body. Every failure becomes a
 * {@link PortalTokenError}; no message carries the key or the request body.
 */
export async function adminPost(config: AdminConfig, path: string, body: Json): Promise<Json> {
  const route = `POST /brands/${config.brandId}${path}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  const call = config.fetch;
  let res: Response;
  let text: string;
  try {
    // Called as a plain function: a native fetch called as a method of another object throws "Illegal invocation".
    res = await call(`${config.baseUrl}/brands/${encodeURIComponent(config.brandId)}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    text = await res.text();
  } catch (cause) {
    throw controller.signal.aborted
      ? new PortalTokenError({ kind: 'timeout', message: `Dispatch Tickets API did not answer ${route} within ${config.timeoutMs} ms`, cause })
      : new PortalTokenError({ kind: 'network', message: `Could not reach the Dispatch Tickets API for ${route}`, cause });
  } finally {
    clearTimeout(timer);
  }

  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A gateway's HTML error page, say: handled below as "no usable body".
  }
  const requestId = res.headers.get('x-request-id');
  if (res.ok && isObject(data)) return data;

  // The error envelopes the API is known to send (docs/portal-api.md#errors): nested `error` object, flat `message` (string or array), `error` string.
  const o = isObject(data) ? data : {};
  const nested = isObject(o.error) ? o.error : {};
  const upstreamCode = str(nested.code) ?? str(o.code);
  const upstreamMessage =
    str(nested.message) ?? (Array.isArray(o.message) ? o.message.join('; ') : str(o.message)) ?? str(o.error);
  const retryHeader = res.headers.get('retry-after')?.trim();
  // Integer seconds only (an empty header must not become "retry after 0").
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : NaN;
  const status = res.status;
  const hint = res.ok ? 'a body that is not a JSON object' : HINTS[status];
  throw new PortalTokenError({
    kind: 'upstream',
    status: TRANSIENT.includes(status) ? 503 : 502,
    message: `Dispatch Tickets API answered ${route} with ${status}${upstreamCode ? ` ${upstreamCode}` : ''}${hint ? ` (${hint})` : ''}`,
    upstreamStatus: status,
    upstreamCode,
    upstreamMessage,
    requestId,
    retryAfter: Number.isInteger(retryAfter) && retryAfter >= 0 ? retryAfter : null,
  });
}
