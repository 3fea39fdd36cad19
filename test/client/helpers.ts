import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { http, HttpResponse, type PathParams } from 'msw';
import { setupServer } from 'msw/node';
import { createPortalClient, type PortalClient, type PortalClientOptions } from '../../src/client';

export const BASE = 'https://api.test/v1';
export const server = setupServer();

export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** Every request that reached one of our handlers, in order. */
export const calls: Call[] = [];

/** Starts MSW for the file; unhandled requests fail the test. */
export function useMsw() {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    clients.splice(0).forEach((c) => c.dispose());
    server.resetHandlers();
    calls.length = 0;
    vi.useRealTimers();
  });
  afterAll(() => server.close());
}

type Resolver = (info: { request: Request; params: PathParams; body: string; n: number }) => Response | Promise<Response>;

/**
 * A handler under BASE (or at an absolute URL) that records the request. `n`
 * counts the calls this handler has seen, from 1.
 */
export function route(method: 'get' | 'post' | 'put', path: string, respond: Resolver) {
  let n = 0;
  const url = /^https?:/.test(path) ? path : `${BASE}/${path}`;
  return http[method](url, async ({ request, params }) => {
    const body = await request.clone().text();
    calls.push({ method: request.method, url: new URL(request.url), headers: request.headers, body });
    return respond({ request, params, body, n: ++n });
  });
}

export const json = (body: unknown, init?: ResponseInit) => HttpResponse.json(body as never, init);

/** An unsigned JWT with the given claims (the client only reads `exp`/`iat`). */
export function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.sig`;
}

export const bearer = (call: Call | undefined) => call?.headers.get('authorization')?.replace(/^Bearer /, '') ?? null;

export const ticket = (over: Record<string, unknown> = {}) => ({
  id: 'tkt_1',
  ticketNumber: 'TKT-1001',
  title: 'Printer on fire',
  status: 'open',
  priority: 'normal',
  commentCount: 0,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

export const page = (tickets: unknown[], pagination: Record<string, unknown> = { hasMore: false, nextCursor: null }) => ({
  data: tickets,
  pagination,
});

const clients: PortalClient[] = [];

/** A client on BASE with fast retries, disposed after the test (no stray renewal timers). */
export const client = (options: Partial<PortalClientOptions> = {}) => {
  const c = createPortalClient({
    baseUrl: BASE,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...(options.getToken ? {} : { token: 'tok_static' }),
    ...options,
  } as PortalClientOptions);
  clients.push(c);
  return c;
};

/** Resolves when `fn` stops throwing (for background work). */
export async function until(fn: () => void, ms = 2000) {
  const end = performance.now() + ms;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (performance.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Under full fake timers: advances the clock in small steps until `promise` settles. */
export async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; !done && i < 1_000; i++) await vi.advanceTimersByTimeAsync(10);
  return promise;
}
