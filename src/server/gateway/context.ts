import type { AdapterState, BackendCapabilities, BackendContext, BackendCustomer, BackendForm, BackendTicket, JsonValue, PortalBackend, RatingScale } from './backend';
import type { EventHub } from './events';
import type { RateState } from './limits';
import type { GatewayErrorEvent, GatewayLimits, PortalGatewayOptions } from './options';
import type { Signer } from './signing';
import type { GatewayStore } from './store';
import type { Uploads } from './uploads';

// What the gateway's parts share: one request (`Call`), the gateway once started
// (`Ready`), and the services every handler module is built from (`Gateway`).

export const TOKEN_TTL_S = 3600;
export const CURSOR_TTL_S = 24 * 3600;
/** Ids the gateway passes to an adapter: opaque, but never a path, a query or whitespace. */
const SAFE_ID = /^[A-Za-z0-9_:.~+=@-]{1,200}$/;

export interface Ready {
  backend: PortalBackend;
  /** Prefix for this gateway's keys in a store other gateways (tenants) may share. */
  tenant: string;
  signer: Signer;
  uploads: Uploads;
  /** Live updates: made on the first stream or webhook. */
  events: EventHub | null;
}

export interface Caps {
  caps: BackendCapabilities;
  form: BackendForm | null;
  at: number;
}

/** What a route handler gets. */
export interface Call {
  request: Request;
  url: URL;
  params: Record<string, string>;
  requestId: string;
  customer: BackendCustomer | null;
  ready: Ready;
  rate: RateState | null;
  origin: string;
  /** Aborted when the browser goes away or the upstream time budget passes; made on first use. */
  signal?: AbortSignal;
  /** Run when the request is answered (timers, listeners); shared with scoped copies of the call. */
  cleanup: (() => void)[];
}

export type Handler = (call: Call) => Promise<Response>;

export const isSafeId = (id: string) => SAFE_ID.test(id) && id !== '.' && id !== '..';

export const isClosed = (c: BackendCapabilities, status: string) => c.statuses.some((s) => s.key === status && s.closed);

/** The adapter's durable facts, namespaced to it, in the gateway's store. */
export function adapterState(store: GatewayStore, name: string): AdapterState {
  const k = (key: string) => `adapter:${name}:${key}`;
  return {
    async get<T extends JsonValue>(key: string) {
      const raw = await store.get(k(key));
      return raw === null ? null : (JSON.parse(raw) as T);
    },
    async set(key, value, ttlSeconds) {
      await store.set(k(key), JSON.stringify(value), ttlSeconds === undefined ? {} : { ttlMs: ttlSeconds * 1000 });
    },
    delete: (key) => store.delete(k(key)),
    addToSet: (key, member, ttlSeconds) => store.addToSet(k(key), member, ttlSeconds === undefined ? undefined : ttlSeconds * 1000),
    members: (key) => store.members(k(key)),
  };
}

/** The services the handler modules are built from, made once per gateway by createPortalGateway. */
export interface Gateway {
  options: PortalGatewayOptions;
  limits: GatewayLimits;
  store: GatewayStore;
  now: () => number;
  /** Hands a failure to the host's `onError` (never throws). */
  report: (event: GatewayErrorEvent) => void;
  /** Runs a mutation once per `X-Idempotency-Key` of the call's customer (see limits.ts). */
  idempotent: (call: Call, operation: string, body: unknown, run: () => Promise<{ status: number; body: unknown }>) => Promise<Response>;
  /** An adapter context without a customer (start-up, webhooks, token issuing). */
  ctxBase: (requestId: string, signal: AbortSignal, namespace: string) => Omit<BackendContext, 'customer'>;
  /** The capabilities and form, re-read every `configTtlMs` (see config.ts). */
  currentCaps: (r: Ready) => Promise<Caps>;
  effectiveLimits: (c: BackendCapabilities) => GatewayEffectiveLimits;
  ratingScale: (c: BackendCapabilities) => RatingScale | null;
  /** Runs an adapter call in the customer's concurrency lane (see calls.ts). */
  up: <T>(call: Call, fn: (ctx: BackendContext) => Promise<T>) => Promise<T>;
  ownedTicket: (call: Call, id: string | undefined) => Promise<BackendTicket>;
  /** Counts the call against its customer's (or address's) rate limit; 429 past it (see auth.ts). */
  limitRate: (call: Call) => Promise<void>;
}

export interface GatewayEffectiveLimits {
  maxFileSize: number;
  maxFiles: number;
  titleMaxLength: number;
  bodyMaxLength: number;
  accept: string[];
}
