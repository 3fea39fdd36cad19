// A portal gateway over the in-memory reference helpdesk, served to fetch
// through MSW: the kit's extension features (capabilities, form, articles…)
// against the real gateway code, per test.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { createPortalGateway, memoryStore, type PortalGateway, type PortalGatewayOptions } from '../../src/server';
import { memoryBackend, type MemoryBackend, type MemoryBackendOptions } from '../../src/server/testing';
import { JANE, type MockApi } from './mockApi';

export const GATEWAY = 'https://gateway.example.test/api/portal';
const SECRET = 'kit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface GatewayApi {
  readonly backend: MemoryBackend;
  readonly gateway: PortalGateway;
  /** Requests the client sent in this test, as "METHOD /path?query". */
  readonly requests: string[];
  getToken: MockApi['getToken'];
}

export interface GatewayApiOptions {
  backend?: MemoryBackendOptions;
  gateway?: Partial<Omit<PortalGatewayOptions, 'backend' | 'secret'>>;
}

/** Registers per-test setup; call once at the top of a test file. Pass `baseUrl: GATEWAY` to the provider. */
export function setupGatewayApi(options: GatewayApiOptions | (() => GatewayApiOptions) = {}): GatewayApi {
  const server = setupServer();
  let backend: MemoryBackend;
  let gateway: PortalGateway;
  const requests: string[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.href.startsWith(GATEWAY)) requests.push(`${request.method} ${url.pathname.slice(new URL(GATEWAY).pathname.length)}${url.search}`);
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    const o = typeof options === 'function' ? options() : options;
    backend = memoryBackend(o.backend);
    gateway = createPortalGateway({ ...o.gateway, backend, secret: SECRET, store: memoryStore(), basePath: new URL(GATEWAY).pathname });
    requests.length = 0;
    server.resetHandlers(http.all(`${GATEWAY}/*`, ({ request }) => gateway.fetch(request)));
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return {
    get backend() {
      return backend;
    },
    get gateway() {
      return gateway;
    },
    requests,
    getToken(email = JANE) {
      const fn = Object.assign(
        async () => {
          fn.calls += 1;
          return gateway.issueToken({ email });
        },
        { calls: 0 },
      );
      return fn;
    },
  };
}
