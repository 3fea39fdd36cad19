import { afterAll, beforeAll, beforeEach } from 'vitest';
import { answerPal, type AnswerPalOptions } from '../../../../src/server/adapters/answerPal';
import type { AdapterState, BackendContext, BackendCustomer, JsonValue, PortalBackend, StagedFile } from '../../../../src/server/gateway/backend';
import { startAnswerPalMockServer, type AnswerPalMockServer, type StartAnswerPalMockServerOptions } from '../../../../src/mock/answerpal/node';
import { ANSWERPAL_SEED } from '../../../../src/mock/answerpal/seed';

export const S = ANSWERPAL_SEED;

/** The gateway's durable adapter state, in memory with expiry (what the gateway's store provides). */
export function memoryState(now: () => number = () => Date.now()): AdapterState & { dump(): Record<string, unknown> } {
  const values = new Map<string, { value: JsonValue; until: number | null }>();
  const sets = new Map<string, { members: Set<string>; until: number | null }>();
  const live = <T extends { until: number | null }>(e: T | undefined) => (e && (e.until === null || e.until > now()) ? e : undefined);
  return {
    async get<T extends JsonValue>(key: string) {
      return (live(values.get(key))?.value as T | undefined) ?? null;
    },
    async set(key, value, ttl) {
      values.set(key, { value: JSON.parse(JSON.stringify(value)) as JsonValue, until: ttl ? now() + ttl * 1000 : null });
    },
    async delete(key) {
      values.delete(key);
      sets.delete(key);
    },
    async addToSet(key, member, ttl) {
      const e = live(sets.get(key)) ?? { members: new Set<string>(), until: null };
      e.members.add(member);
      e.until = ttl ? now() + ttl * 1000 : null;
      sets.set(key, e);
    },
    async members(key) {
      return [...(live(sets.get(key))?.members ?? [])];
    },
    dump() {
      return { values: Object.fromEntries([...values].map(([k, v]) => [k, v.value])), sets: Object.fromEntries([...sets].map(([k, v]) => [k, [...v.members]])) };
    },
  };
}

export interface UpstreamCall {
  method: string;
  /** Path after `/api/`, ids kept. */
  path: string;
  status: number | null;
  /** JSON request bodies, parsed (streams are not recorded). */
  body: unknown;
}

/** The real fetch, recording what the adapter asks upstream (the network is still the mock over HTTP). */
export function recordingFetch() {
  const calls: UpstreamCall[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const raw = init?.body;
    const call: UpstreamCall = { method: init?.method ?? 'GET', path: url.pathname.replace(/^\/api\//, ''), status: null, body: typeof raw === 'string' ? JSON.parse(raw) : undefined };
    calls.push(call);
    const res = await fetch(input, init);
    call.status = res.status;
    return res;
  };
  return { fetch: wrapped, calls };
}

export interface AdapterHarness {
  server: AnswerPalMockServer;
  calls: UpstreamCall[];
  backend: PortalBackend;
  /** A fresh adapter (its own login, caches) with these options. */
  make(options?: Partial<AnswerPalOptions>): PortalBackend;
  /** A context for the customer, with the harness's durable state. */
  ctx(customer: BackendCustomer): BackendContext;
  /** Resolves the customer through the adapter and returns a context for them. */
  as(email: string, name?: string | null): Promise<BackendContext>;
  state: ReturnType<typeof memoryState>;
}

/** One AnswerPal mock over real HTTP per file; data, switches, faults, state and the adapter reset before each test. */
export function useAdapter(serverOptions: StartAnswerPalMockServerOptions = {}, adapterOptions: Partial<AnswerPalOptions> = {}): AdapterHarness {
  const h = {} as AdapterHarness;
  const rec = recordingFetch();
  h.calls = rec.calls;
  beforeAll(async () => {
    h.server = await startAnswerPalMockServer({ port: 0, hostname: '127.0.0.1', ...serverOptions });
  });
  afterAll(async () => {
    await h.server?.close();
  });
  h.make = (options = {}) =>
    answerPal({ baseUrl: h.server.url, ...S.service, channelId: S.portalChannelId, fetch: rec.fetch, ...adapterOptions, ...options });
  beforeEach(() => {
    h.server.mock.reset();
    rec.calls.length = 0;
    h.state = memoryState(adapterOptions.now);
    h.backend = h.make();
  });
  h.ctx = (customer) => ({ customer, signal: new AbortController().signal, requestId: 'req_test', state: h.state });
  h.as = async (email, name = null) => {
    const customer = await h.backend.resolveCustomer({ signal: new AbortController().signal, requestId: 'req_test', state: h.state }, { email, name });
    return h.ctx(customer);
  };
  return h;
}

export const bareCtx = (h: AdapterHarness) => ({ signal: new AbortController().signal, requestId: 'req_test', state: h.state });

/** A staged file from memory. `opens` counts how often the adapter opened it. */
export function stagedFile(name: string, content: string | Uint8Array, contentType = 'text/plain', id = `stg_${name}`): StagedFile & { opens: number } {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const file = {
    id,
    filename: name,
    contentType,
    size: bytes.byteLength,
    opens: 0,
    async open() {
      file.opens++;
      return new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(bytes.slice());
          c.close();
        },
      });
    },
  };
  return file;
}

/** Every string in a value, serialised, for leak scans. */
export const serialise = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, cause: v.cause, stack: v.stack } : v));

export async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as Error & { kind?: string; code?: string | null; retryAfter?: number | null; fieldErrors?: unknown[] };
  }
  throw new Error('expected a failure');
}
