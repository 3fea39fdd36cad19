import { http, HttpResponse, type HttpHandler } from 'msw';
import type { MockPortal } from './createMockPortal';
import { DROP_HEADER } from './http';
import { STORAGE_PREFIX } from './storage';

export interface CreateMockHandlersOptions {
  /**
   * The API base the client is configured with, e.g. `https://api.dispatch.test/v1`.
   * Any path works: requests under it are answered as `<origin>/v1/...`.
   * Only this base and the `/__storage/` and `/__mock/` paths of its origin are intercepted.
   *
   * @example 'https://api.dispatch.test/v1'
   */
  baseUrl: string;
}

/**
 * MSW handlers that answer through the mock's one Hono app (no second
 * implementation). Dropped responses (drop-after-commit, outage) become
 * `HttpResponse.error()`, a real network error for the client.
 *
 * @example
 * const mock = createMockPortal();
 * const server = setupServer(...createMockHandlers(mock, { baseUrl: 'https://api.dispatch.test/v1' }));
 */
export function createMockHandlers(mock: MockPortal, { baseUrl }: CreateMockHandlersOptions): HttpHandler[] {
  const resolved = new URL(baseUrl, typeof location === 'undefined' ? undefined : location.href);
  const basePath = resolved.pathname.replace(/\/+$/, '');
  const base = `${resolved.origin}${basePath}`;
  const needsRewrite = basePath !== '/v1';

  const answer = async (request: Request): Promise<Response> => {
    const res = await mock.app.fetch(request);
    if (res.headers.has(DROP_HEADER)) return HttpResponse.error();
    return res;
  };

  const api = async ({ request }: { request: Request }) => {
    if (!needsRewrite) return answer(request);
    // A base like `http://localhost:6006/mock-api`: map it onto the app's `/v1`.
    const url = new URL(request.url);
    url.pathname = `/v1${url.pathname.slice(basePath.length)}`;
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    return answer(new Request(url, { method: request.method, headers: request.headers, body: hasBody ? await request.arrayBuffer() : null }));
  };
  const passthrough = ({ request }: { request: Request }) => answer(request);

  return [
    http.all(`${base}/*`, api),
    http.all(`${resolved.origin}${STORAGE_PREFIX}*`, passthrough),
    http.all(`${resolved.origin}/__mock/*`, passthrough),
  ];
}
