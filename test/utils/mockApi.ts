// A fresh in-memory mock portal API per test, served to fetch through MSW
// (the same handlers Storybook and users' tests use). Network is mocked only
// here: never vi.mock our own modules.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { setupServer } from 'msw/node';
import { createMockPortal, type MockPortal, type MockPortalOptions } from '../../src/mock';
import { createMockHandlers } from '../../src/mock/msw';

export const API = 'https://api.dispatch.test/v1';
export const JANE = 'jane@example.com';

export interface MockApi {
  /** The current test's mock (store, faults, token minting). */
  readonly mock: MockPortal;
  /** Requests the client sent in this test, as "METHOD /path". */
  readonly requests: string[];
  /** A `getToken` for the provider that mints through the mock and counts calls. */
  getToken(email?: string): (() => Promise<{ token: string; expiresAt: string }>) & { calls: number };
}

/** Registers per-test setup (beforeAll/beforeEach/afterAll): call once at the top of a test file. */
export function setupMockApi(options: MockPortalOptions = {}): MockApi {
  const server = setupServer();
  let mock: MockPortal;
  const requests: string[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.href.startsWith(API)) requests.push(`${request.method} ${url.pathname.slice('/v1'.length)}`);
  });

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    mock = createMockPortal(options);
    requests.length = 0;
    server.resetHandlers(...createMockHandlers(mock, { baseUrl: API }));
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  return {
    get mock() {
      return mock;
    },
    requests,
    getToken(email = JANE) {
      const fn = Object.assign(
        async () => {
          fn.calls += 1;
          return mock.issuePortalToken({ email });
        },
        { calls: 0 },
      );
      return fn;
    },
  };
}
