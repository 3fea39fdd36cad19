import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startMockServer, type MockServer } from '../../../src/mock/node';
import { SEED } from '../../../src/mock/seed';
import type { AdapterState, BackendContext, BackendCustomer, JsonValue, StagedFile } from '../../../src/server/gateway/backend';

export { SEED };

/** An in-memory {@link AdapterState}, as the gateway's default store gives adapters. */
export function memoryState(): AdapterState {
  const values = new Map<string, JsonValue>();
  const sets = new Map<string, Set<string>>();
  return {
    get: async <T extends JsonValue>(key: string) => (values.get(key) as T | undefined) ?? null,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
    addToSet: async (key, member) => void (sets.get(key) ?? sets.set(key, new Set()).get(key))?.add(member),
    members: async (key) => [...(sets.get(key) ?? [])],
  };
}

export const jane: BackendCustomer = { id: SEED.customers.jane.id, email: SEED.customers.jane.email, name: SEED.customers.jane.name };
export const bob: BackendCustomer = { id: SEED.customers.bob.id, email: SEED.customers.bob.email, name: SEED.customers.bob.name };

let requests = 0;

/** A context as the gateway makes one per adapter call; a new request id each time unless given. */
export function ctxFor(customer: BackendCustomer, extra: Partial<BackendContext> = {}): BackendContext {
  return { customer, signal: new AbortController().signal, requestId: `req_${++requests}`, state: memoryState(), ...extra };
}

/** A file staged in memory; `open()` may be called again for a retry, like the gateway's blob store. */
export function staged(filename: string, text: string, contentType = 'text/plain'): StagedFile & { opens: number } {
  const bytes = new TextEncoder().encode(text);
  const file = {
    id: `stg_${filename}`,
    filename,
    contentType,
    size: bytes.length,
    opens: 0,
    async open() {
      file.opens++;
      return new Blob([bytes]).stream();
    },
  };
  return file;
}

export interface Harness {
  server: MockServer;
  /** Upstream calls seen since the last reset, as `METHOD /path` (API base and brand stripped). */
  calls: string[];
  /** A fetch that records every call, for the adapter. */
  fetch: typeof fetch;
  /** Changes outgoing URLs, to play a helpdesk that ignores a filter. */
  rewrite: ((url: URL) => URL) | null;
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  portal(path: string, token: string): Promise<Response>;
  token(email?: string): Promise<string>;
}

/** One mock server per file over real HTTP; data, faults and the call log reset before each test. */
export function useDispatchMock(): Harness {
  const h = { calls: [] as string[] } as Harness;
  beforeAll(async () => {
    h.server = await startMockServer({ port: 0, hostname: '127.0.0.1' });
  });
  afterAll(async () => {
    await h.server?.close();
  });
  beforeEach(() => {
    h.server.mock.reset();
    h.calls.length = 0;
    h.rewrite = null;
  });
  h.rewrite = null;
  h.fetch = (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    if (h.rewrite) {
      url = h.rewrite(url);
      input = url.href;
    }
    const path = url.pathname.replace(/^\/v1/, '').replace(`/brands/${SEED.brandId}`, '') || '/';
    h.calls.push(`${init?.method ?? 'GET'} ${path.startsWith('/__storage/') ? '/__storage' : path}`);
    return fetch(input, init);
  };
  h.admin = (path, init = {}) =>
    fetch(`${h.server.baseUrl}/brands/${SEED.brandId}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${SEED.apiKey}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  h.portal = (path, token) => fetch(`${h.server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  h.token = async (email = SEED.customers.jane.email) => (await h.server.mock.issuePortalToken({ email })).token;
  return h;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { kind?: string; code?: string | null; fieldErrors?: { field: string }[]; retryAfter?: number | null }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}
