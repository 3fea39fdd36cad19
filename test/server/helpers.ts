// One real mock API over HTTP per test file: the same harness as the mock's own contract tests.
import { SEED } from '../mock/helpers';

export { SEED };
// A fixed, adjustable clock shared by the mock and the handler.
export { createClock, useMockServer, type Harness as MockHarness } from '../mock/helpers';

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
