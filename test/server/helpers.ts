import { afterAll, beforeAll } from 'vitest';
import { startMockServer, type MockServer, type StartMockServerOptions } from '../../src/mock/node';
import { SEED } from '../../src/mock/seed';

export { SEED };

export interface MockHarness {
  server: MockServer;
  /** `http://127.0.0.1:port/v1` */
  base: string;
  /** `http://127.0.0.1:port` */
  url: string;
  /** `/__mock/*` control call (JSON). */
  control(path: string, body?: unknown, method?: string): Promise<Response>;
}

/** One real mock API over HTTP per test file (or describe block), closed afterwards. */
export function useMockServer(options: StartMockServerOptions = {}): MockHarness {
  const h = {} as MockHarness;
  beforeAll(async () => {
    h.server = await startMockServer({ port: 0, hostname: '127.0.0.1', ...options });
    h.base = h.server.baseUrl;
    h.url = h.server.url;
  });
  afterAll(async () => {
    await h.server?.close();
  });
  h.control = async (path, body, method = body === undefined ? 'GET' : 'POST') => {
    const res = await fetch(`${h.url}/__mock/${path.replace(/^\//, '')}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  return h;
}

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/**
 * The real global fetch, wrapped to record what the helper sends upstream
 * (the network is still the mock over HTTP; none of our modules is mocked).
 */
export function recordingFetch(inner: typeof fetch = fetch) {
  const calls: RecordedCall[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const raw = init?.body;
    calls.push({
      url,
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof raw === 'string' ? JSON.parse(raw) : raw,
    });
    return inner(input, init);
  };
  return {
    fetch: wrapped,
    calls,
    /** Upstream A1 calls so far. */
    get mints() {
      return calls.filter((c) => c.url.endsWith('/portal/token')).length;
    },
  };
}

/** A fixed, adjustable clock shared by the mock and the handler. */
export function createClock(start = Date.parse('2024-04-10T12:00:00.000Z')) {
  const clock = {
    t: start,
    now: () => clock.t,
    advance(ms: number) {
      clock.t += ms;
    },
  };
  return clock;
}

export const tokenRequest = (init: RequestInit & { as?: string | null } = {}) => {
  const { as = SEED.customers.jane.email, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (as) headers.set('x-test-user', as);
  return new Request('https://host.example/api/support/token', { method: 'GET', ...rest, headers });
};

/** Stand-in for the host's session lookup: the "signed-in user" is whatever `x-test-user` says. */
export const customerFromHeader = (request: Request) => {
  const email = request.headers.get('x-test-user');
  return email ? { email } : null;
};

export interface TokenBody {
  token: string;
  expiresAt: string;
  customerId?: string;
  email?: string;
  name?: string;
}

/** `GET {base}/portal/tickets` with a portal token: proves the token works. */
export const listTickets = (base: string, token: string) =>
  fetch(`${base}/portal/tickets?limit=5`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
