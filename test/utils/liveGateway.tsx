// A portal gateway with live updates, in-process: the mock Dispatch API (its
// admin API is the "staff side") sends signed webhooks to the gateway, whose
// event stream the kit reads. For hook and component tests of live updates.
import type { ReactNode } from 'react';
import { QueryClient } from '@tanstack/react-query';
import { PortalProvider, type PortalProviderSettings, type TokenResult } from '../../src/headless';
import { createMockPortal, SEED } from '../../src/mock';
import { createPortalGateway, dispatchAdmin, memoryBlobStore, type PortalGatewayOptions } from '../../src/server';

const WEBHOOK_SECRET = 'whsec_live_tests_0123456789';
export const GATEWAY = 'http://gw.test';
export const JANE = SEED.customers.jane;

export function liveGateway(options: Partial<PortalGatewayOptions> = {}) {
  const mock = createMockPortal();
  const gateway = createPortalGateway({
    backend: dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: 'https://api.test/v1', fetch: mock.fetch, webhookSecret: WEBHOOK_SECRET }),
    secret: 'live-tests-secret-0123456789-abcdefghijklmnop',
    blobs: memoryBlobStore(),
    ...options,
  });
  mock.webhooks.configure({ url: `${GATEWAY}/webhooks/dispatch`, secret: WEBHOOK_SECRET, retryDelaysMs: [], fetch: (request) => gateway.fetch(request) });

  /** `METHOD /path` of every request the kit made. */
  const requests: string[] = [];
  let eventsDown = false;
  const open = new Set<() => void>();
  /** The kit's network: the gateway; event streams can be cut and refused. */
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    requests.push(`${request.method} ${path}`);
    const events = path === '/portal/events';
    if (events && eventsDown) throw new TypeError('Failed to fetch');
    const res = await gateway.fetch(request);
    if (!events || !res.body) return res;
    // Pass the stream through, so a "network drop" can end it mid-way.
    const source = res.body.getReader();
    let cut!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        cut = () => {
          controller.error(new TypeError('network connection lost'));
          void source.cancel().catch(() => {});
        };
        open.add(cut);
      },
      async pull(controller) {
        const { done, value } = await source.read().catch(() => ({ done: true as const, value: undefined }));
        if (done || !value) {
          open.delete(cut);
          controller.close();
        } else controller.enqueue(value);
      },
      cancel() {
        open.delete(cut);
        void source.cancel().catch(() => {});
      },
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };

  const admin = async <T = Record<string, unknown>,>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const res = await mock.fetch(`https://api.test/v1/brands/${SEED.brandId}${path}`, {
      method,
      headers: { authorization: `Bearer ${SEED.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  };

  function wrapper(provider: Partial<PortalProviderSettings> & { getToken?: () => TokenResult | Promise<TokenResult> } = {}) {
    const queryClient = provider.queryClient ?? new QueryClient({ defaultOptions: { queries: { retry: false } } });
    function Wrapper({ children }: { children: ReactNode }) {
      return (
        <PortalProvider baseUrl={GATEWAY} pollInterval={false} clientOptions={{ fetch }} queryClient={queryClient} {...provider} getToken={provider.getToken ?? (() => gateway.issueToken(JANE))}>
          {children}
        </PortalProvider>
      );
    }
    return { Wrapper, queryClient };
  }

  return {
    mock,
    gateway,
    requests,
    fetch,
    admin,
    wrapper,
    /** A staff reply (or internal note) from the staff side; its webhook follows. */
    staffReply: (ticketId: string, text: string, extra: Record<string, unknown> = {}) =>
      admin<{ id: string }>(`/tickets/${ticketId}/comments`, 'POST', { body: text, authorName: 'Sam Rivera', ...extra }),
    /** Every webhook so far delivered and answered. */
    delivered: () => mock.webhooks.idle(),
    /** Drops the open event streams and refuses new ones until `restore()`. */
    dropEvents() {
      eventsDown = true;
      for (const c of [...open]) c();
    },
    restore() {
      eventsDown = false;
    },
  };
}
