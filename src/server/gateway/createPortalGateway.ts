import type { PortalTokenResponse } from '../issuePortalToken';
import {
  BackendError,
  type AdapterState,
  type BackendArticle,
  type BackendCapabilities,
  type BackendContext,
  type BackendCustomer,
  type BackendForm,
  type BackendTicket,
  type JsonValue,
  type PortalBackend,
  type RatingScale,
} from './backend';
import { diskBlobStore, type BlobStore } from './blobs';
import { createEventHub, DEFAULT_EVENT_LIMITS, type EventHub, type EventLimits } from './events';
import {
  GatewayError,
  errorResponse,
  fromBackendError,
  invalid,
  isRecord,
  json,
  notFound,
  notSupported,
  randomId,
  readJsonBody,
  type FieldError,
} from './http';
import { consumeRate, createConcurrency, createIdempotency, type RateState } from './limits';
import { wireAttachment, wireComment, wireCustomFields, wireTicket, type StoredRating } from './serialize';
import { createSigner, type Signer } from './signing';
import { memoryStore, type GatewayStore } from './store';
import { createUploads, type Uploads } from './uploads';
import { validateCreate } from './validate';

type MaybePromise<T> = T | Promise<T>;

/** Limits the gateway enforces on top of (never looser than) the helpdesk's own. */
export interface GatewayLimits {
  /** Largest JSON request body, bytes. Default 256 KiB. */
  jsonBodyBytes: number;
  /** Default 200. */
  titleMaxLength: number;
  /** Ticket description and reply, characters. Default 20 000. */
  bodyMaxLength: number;
  /** Bytes per file. Default 50 MB (52 428 800). */
  maxFileSize: number;
  /** Files per ticket or reply. Default 10. */
  maxFiles: number;
  /** Accepted upload types (`image/*`, `application/pdf`, `.log`); empty means any. Default: none beyond the helpdesk's. */
  accept: string[];
  /** Requests per customer (or per client address, without a token) per window. Default 120 per 60 s. */
  rateLimit: { limit: number; windowSeconds: number };
  /** Upstream calls in flight per customer on one instance. Default 4. */
  upstreamConcurrency: number;
  /** The helpdesk's time budget per portal request (all its upstream calls), ms. Default 20 000. */
  upstreamTimeoutMs: number;
  /** Pending uploads a customer may start per day. Default 200. */
  uploadsPerDay: number;
}

export interface GatewayErrorEvent {
  /**
   * `upstream`: the helpdesk failed (the `error` is a {@link BackendError} whose
   * `cause` holds its status and text). `config`: the gateway or adapter is set
   * up wrongly. `integrity`: the adapter returned something the gateway refused
   * to pass on (another customer's ticket, a message of another ticket).
   * `delivery`: a rating could not be delivered to the helpdesk. `hook`: one of
   * your callbacks threw. `webhook`: a webhook delivery was refused (bad or
   * missing signature — check the webhook secret —, stale, replayed or
   * malformed). `internal`: a bug.
   */
  kind: 'upstream' | 'config' | 'integrity' | 'delivery' | 'hook' | 'webhook' | 'internal';
  /** The portal operation (`listTickets`, `createTicket`, …). */
  operation: string;
  requestId: string | null;
  customerId: string | null;
  error: unknown;
}

export interface ArticleSearchContext {
  customer: BackendCustomer;
  limit: number;
  signal: AbortSignal;
}

export interface RatingEvent {
  ticketId: string;
  customer: BackendCustomer;
  rating: StoredRating;
}

export interface MagicLinkEmail {
  to: string;
  /** The link to put in the email: your portal page with `?token=…`. */
  url: string;
  /** ISO 8601: when the link stops working (15 minutes after sending by default). */
  expiresAt: string;
}

export interface PortalGatewayOptions {
  /**
   * The helpdesk adapter, or a function creating it on first use (so a build
   * without the helpdesk's credentials still succeeds).
   * @example backend: () => dispatchAdmin({ apiKey: process.env.DISPATCH_API_KEY!, brandId: process.env.DISPATCH_BRAND_ID! })
   */
  backend: PortalBackend | (() => PortalBackend);
  /**
   * Signs portal tokens, cursors and upload/download URLs: at least 32
   * characters. A list rotates secrets: the first signs, all verify.
   * @example secret: process.env.PORTAL_GATEWAY_SECRET
   */
  secret: string | readonly string[] | undefined;
  /** Shared state. Default: this process's memory ({@link memoryStore}); several instances need Redis ({@link redisStore}). */
  store?: GatewayStore;
  /** Where uploads wait until the ticket or reply that uses them. Default: a temp directory on disk, swept after 24 h. */
  blobs?: BlobStore;
  /**
   * The path the gateway is mounted at: the browser's `baseUrl` path. Default `''`.
   * @example basePath: '/api/portal'
   */
  basePath?: string;
  /**
   * Origin for the upload and download URLs the gateway hands out, when the
   * request's own URL is not what browsers reach (a proxy that rewrites Host).
   * @example publicUrl: 'https://app.example.com'
   */
  publicUrl?: string;
  /** Bound into every token: gateways with different tenants refuse each other's tokens. Default: the adapter's name. */
  tenant?: string;
  limits?: Partial<GatewayLimits>;
  /** Live updates (`GET /portal/events`): streams per customer, heartbeats, the resume window. */
  events?: Partial<EventLimits>;
  /** Origins allowed to call the gateway from a browser (CORS). Default none: same-origin only. */
  allowedOrigins?: string[];
  /** Every failure, with its cause, for your logs. The gateway never logs by itself. */
  onError?: (event: GatewayErrorEvent) => MaybePromise<void>;
  /** Sends a magic-link email ({@link PortalGateway.sendMagicLink}). */
  sendEmail?: (email: MagicLinkEmail) => MaybePromise<void>;
  /** Called after a customer rates a ticket (the rating is already stored and delivered). */
  onRating?: (event: RatingEvent) => MaybePromise<void>;
  /** Help-article search for any helpdesk (e.g. your help centre); wins over the adapter's own. */
  articles?: (query: string, context: ArticleSearchContext) => MaybePromise<BackendArticle[]>;
  /** Satisfaction rating scale, or false to turn ratings off. Default: the adapter's preference, else `scale5`. */
  rating?: { scale: RatingScale } | false;
  /** Branding sent with ticket detail. */
  brand?: { name: string; ticketPrefix?: string };
  /** Show messages the helpdesk marks as system-generated. Default false. */
  showSystemMessages?: boolean;
  /**
   * How long the helpdesk's capabilities and ticket form (statuses, categories,
   * field definitions and which are required) are reused, ms. After that the
   * next request re-reads them, served the old ones meanwhile. Default 300 000.
   * @example configTtlMs: 60_000 // a field staff mark required applies within a minute
   */
  configTtlMs?: number;
  /** Client address for rate limits on calls without a token. Default: first `X-Forwarded-For` entry. */
  clientAddress?: (request: Request) => string | null;
  /** Clock in epoch ms, for tests. */
  now?: () => number;
}

export interface PortalGateway {
  /** The web-standard handler: Next.js route handlers, Hono, Bun, Deno, workers; `toNodeHandler` for Express/Node. */
  fetch(request: Request): Promise<Response>;
  /**
   * A portal token for the customer signed in to *your* app (identity comes
   * from your session, never from the browser). Finds or creates the customer
   * on the helpdesk. The same shape as Dispatch's, for the kit's `getToken`.
   */
  issueToken(customer: { email: string; name?: string | null }): Promise<PortalTokenResponse>;
  /** Emails a single-use sign-in link (15 minutes) through your `sendEmail`. */
  sendMagicLink(input: { email: string; portalUrl: string }): Promise<void>;
  /** Checks the configuration and the adapter now; rejects with a message saying what to fix. Optional: the first request does the same. */
  start(): Promise<void>;
}

export interface GatewayCapabilities {
  backend: string;
  features: {
    form: boolean;
    search: boolean;
    multiStatus: boolean;
    close: boolean;
    reopen: boolean;
    rating: boolean;
    articles: boolean;
    attachments: boolean;
    events: boolean;
  };
  statuses: { key: string; label: string; color: string | null; closed: boolean }[];
  limits: { maxFileSize: number; maxFiles: number; accept: string[]; titleMaxLength: number; bodyMaxLength: number };
  rating: { scale: RatingScale } | null;
}

const DEFAULT_LIMITS: GatewayLimits = {
  jsonBodyBytes: 256 * 1024,
  titleMaxLength: 200,
  bodyMaxLength: 20_000,
  maxFileSize: 52_428_800,
  maxFiles: 10,
  accept: [],
  rateLimit: { limit: 120, windowSeconds: 60 },
  upstreamConcurrency: 4,
  upstreamTimeoutMs: 20_000,
  uploadsPerDay: 200,
};

const TOKEN_TTL_S = 3600;
const MAGIC_TTL_S = 900;
const CURSOR_TTL_S = 24 * 3600;
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const CAPS_TTL_MS = 5 * 60_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Ids the gateway passes to an adapter: opaque, but never a path, a query or whitespace. */
const SAFE_ID = /^[A-Za-z0-9_:.~+=@-]{1,200}$/;
const REQUIRED = ['capabilities', 'resolveCustomer', 'listTickets', 'getTicket', 'getTicketDetail', 'createTicket', 'addMessage'] as const;

export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
}

interface Ready {
  backend: PortalBackend;
  /** Prefix for this gateway's keys in a store other gateways (tenants) may share. */
  tenant: string;
  signer: Signer;
  uploads: Uploads;
  /** Live updates: made on the first stream or webhook. */
  events: EventHub | null;
}

interface Caps {
  caps: BackendCapabilities;
  form: BackendForm | null;
  at: number;
}

/** What a route handler gets. */
interface Call {
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

type Handler = (call: Call) => Promise<Response>;

interface Route {
  method: string;
  path: string[];
  operation: string;
  /** `portal`: Bearer portal token; `none`: public (verify, signed URLs). */
  auth: 'portal' | 'none';
  handler: Handler;
}

const isSafeId = (id: string) => SAFE_ID.test(id) && id !== '.' && id !== '..';

/**
 * Serves the kit's portal protocol on top of any helpdesk: the same API as the
 * Dispatch portal (tokens, tickets, replies, uploads, downloads) plus
 * capabilities, the form schema, close/reopen, ratings and article search,
 * with the helpdesk credential kept on your server.
 *
 * Nothing is checked or connected when it is created (a Next.js build without
 * secrets succeeds); the first request, or {@link PortalGateway.start}, does
 * that and fails with a message saying what to fix.
 *
 * @example
 * // app/api/portal/[...path]/route.ts (Next.js)
 * const gateway = createPortalGateway({
 *   backend: () => dispatchAdmin({ apiKey: process.env.DISPATCH_API_KEY!, brandId: process.env.DISPATCH_BRAND_ID! }),
 *   secret: process.env.PORTAL_GATEWAY_SECRET,
 *   basePath: '/api/portal',
 * });
 * export const GET = gateway.fetch, POST = gateway.fetch, PUT = gateway.fetch, OPTIONS = gateway.fetch;
 */
export function createPortalGateway(options: PortalGatewayOptions): PortalGateway {
  const now = options.now ?? Date.now;
  const capsTtlMs = options.configTtlMs ?? CAPS_TTL_MS;
  const limits: GatewayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const store = options.store ?? memoryStore({ now });
  const blobs = options.blobs ?? diskBlobStore({ now });
  const idempotent = createIdempotency(store, IDEMPOTENCY_TTL_MS);
  const upstreamLane = createConcurrency(limits.upstreamConcurrency);
  let ready: Promise<Ready> | null = null;
  let caps: Caps | null = null;
  let capsLoading: Promise<Caps> | null = null;

  const report = (event: GatewayErrorEvent) => {
    if (!options.onError) return;
    try {
      Promise.resolve(options.onError(event)).catch(() => {});
    } catch {
      // A throwing logger must not turn into a failed request.
    }
  };

  function init(): Promise<Ready> {
    ready ??= (async () => {
      const fail = (m: string) => new GatewayConfigError(`createPortalGateway: ${m}`);
      const secrets = typeof options.secret === 'string' ? [options.secret] : [...(options.secret ?? [])];
      if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
        throw fail('`secret` is missing. Set PORTAL_GATEWAY_SECRET to a random string of 32+ characters (e.g. `openssl rand -base64 48`) and pass it as `secret`.');
      }
      if (secrets.some((s) => s.length < 32)) throw fail('`secret` is too short: use at least 32 random characters.');
      if (!(capsTtlMs >= 0 && capsTtlMs < Infinity)) throw fail('`configTtlMs` must be a number of milliseconds, 0 or more.');
      let backend: PortalBackend;
      try {
        backend = typeof options.backend === 'function' ? options.backend() : options.backend;
      } catch (cause) {
        throw new GatewayConfigError(`createPortalGateway: creating the backend failed: ${(cause as Error)?.message ?? cause}`, { cause });
      }
      if (!backend || typeof backend !== 'object') throw fail('`backend` is missing. Pass an adapter such as dispatchAdmin({ apiKey, brandId }).');
      for (const m of REQUIRED) {
        if (typeof backend[m] !== 'function') throw fail(`the backend "${backend.name}" has no ${m}() method, which every adapter needs.`);
      }
      const tenant = options.tenant ?? backend.name ?? 'gateway';
      const signer = createSigner(secrets, tenant, now);
      const r: Ready = { backend, tenant, signer, uploads: null as unknown as Uploads, events: null };
      r.uploads = createUploads({ store, blobs, signer, limits, now, basePath, tenant });
      await loadCaps(r, true);
      return r;
    })().catch((e: unknown) => {
      // A configuration mistake stays one; a helpdesk that was down may be back next time.
      if (!(e instanceof GatewayConfigError)) ready = null;
      throw e;
    });
    return ready;
  }

  const ctxBase = (requestId: string, signal: AbortSignal, namespace: string): Omit<BackendContext, 'customer'> => ({
    requestId,
    signal,
    state: adapterState(store, namespace),
  });

  async function loadCaps(r: Ready, check: boolean): Promise<Caps> {
    const signal = AbortSignal.timeout(limits.upstreamTimeoutMs);
    const ctx = ctxBase('startup', signal, `${r.tenant}:${r.backend.name}`);
    const c = await r.backend.capabilities(ctx);
    if (check) checkClaims(r.backend, c);
    const form = c.form && r.backend.getForm ? await r.backend.getForm(ctx) : null;
    caps = { caps: c, form, at: now() };
    return caps;
  }

  function checkClaims(b: PortalBackend, c: BackendCapabilities) {
    const need: [boolean, keyof PortalBackend][] = [
      [c.close, 'closeTicket'],
      [c.reopen, 'reopenTicket'],
      [c.form, 'getForm'],
      [c.attachments !== false, 'listAttachments'],
      [c.attachments !== false, 'getDownload'],
      [c.attachments === 'ticket', 'attachFile'],
      [c.articles, 'searchArticles'],
      [c.webhooks, 'parseWebhook'],
    ];
    for (const [claimed, method] of need) {
      if (claimed && typeof b[method] !== 'function') {
        throw new GatewayConfigError(
          `createPortalGateway: the backend "${b.name}" claims a capability that needs ${String(method)}(), but has no such method. Implement it or turn the capability off.`,
        );
      }
    }
    if (!Array.isArray(c.statuses) || !c.statuses.some((s) => s.key === 'open')) {
      throw new GatewayConfigError(`createPortalGateway: the backend "${b.name}" must list an \`open\` status in its capabilities.`);
    }
  }

  /** Capabilities and form, re-read every few minutes (serving the old ones meanwhile). */
  async function currentCaps(r: Ready): Promise<Caps> {
    if (caps && now() - caps.at < capsTtlMs) return caps;
    capsLoading ??= loadCaps(r, false).finally(() => (capsLoading = null));
    if (caps) {
      capsLoading.catch((error: unknown) => report({ kind: 'upstream', operation: 'capabilities', requestId: null, customerId: null, error }));
      return caps;
    }
    return capsLoading;
  }

  const effectiveLimits = (c: BackendCapabilities) => ({
    maxFileSize: Math.min(limits.maxFileSize, c.limits.maxFileSize),
    maxFiles: Math.min(limits.maxFiles, c.limits.maxFiles),
    titleMaxLength: Math.min(limits.titleMaxLength, c.limits.titleMaxLength),
    bodyMaxLength: Math.min(limits.bodyMaxLength, c.limits.bodyMaxLength),
    accept: [...limits.accept, ...(c.limits.accept ?? [])],
  });

  const ratingScale = (c: BackendCapabilities): RatingScale | null =>
    options.rating === false ? null : options.rating?.scale !== undefined ? options.rating.scale : c.rating === null ? null : (c.rating ?? 'scale5');

  // -- calling the adapter ------------------------------------------------------

  /**
   * One controller per request for the browser going away and the upstream
   * time budget (cheaper than AbortSignal.any + AbortSignal.timeout, which
   * Node makes transferable and keeps alive until the timer fires). Running
   * out of time is an upstream failure, not an internal one.
   */
  function requestSignal(call: Call): AbortSignal {
    const controller = new AbortController();
    const { signal: browser } = call.request;
    const onAbort = () => controller.abort(browser.reason);
    if (browser.aborted) onAbort();
    else browser.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => controller.abort(new BackendError('unavailable', { cause: 'the upstream time budget ran out', safeToRetry: true })),
      limits.upstreamTimeoutMs,
    );
    (timer as { unref?: () => void }).unref?.();
    call.cleanup.push(() => {
      clearTimeout(timer);
      browser.removeEventListener('abort', onAbort);
    });
    return controller.signal;
  }

  function contextFor(call: Call): BackendContext {
    call.signal ??= requestSignal(call);
    const key = call.request.method === 'POST' ? call.request.headers.get('x-idempotency-key') : null;
    return {
      customer: call.customer as BackendCustomer,
      signal: call.signal,
      requestId: call.requestId,
      state: adapterState(store, `${call.ready.tenant}:${call.ready.backend.name}`),
      ...(key ? { idempotencyKey: key } : {}),
    };
  }

  /** Runs an adapter call in the customer's concurrency lane. */
  const up = <T>(call: Call, fn: (ctx: BackendContext) => Promise<T>): Promise<T> =>
    upstreamLane(call.customer?.id ?? 'anon', () => fn(contextFor(call)));

  /** The customer's ticket, or 404 (unknown, someone else's, or an id that can't be one). */
  async function ownedTicket(call: Call, id: string | undefined): Promise<BackendTicket> {
    if (!id || !isSafeId(id)) throw notFound();
    const t = await up(call, (ctx) => call.ready.backend.getTicket(ctx, id));
    if (!t) throw notFound();
    if (t.id !== id || t.customerId !== call.customer?.id) {
      if (t.id !== id) report({ kind: 'integrity', operation: 'getTicket', requestId: call.requestId, customerId: call.customer?.id ?? null, error: new Error(`getTicket(${id}) returned ticket ${t.id}`) });
      throw notFound();
    }
    return t;
  }

  // Imported statically, not on demand: some hosts' module loaders (the demo's included)
  // can't import lazily once started, and a live-update failure must never be a loading one.
  const eventHub = (r: Ready): EventHub =>
    (r.events ??= createEventHub({
      store,
      tenant: r.tenant,
      now,
      limits: { ...DEFAULT_EVENT_LIMITS, ...options.events },
      showSystemMessages: options.showSystemMessages === true,
      report: (kind, operation, customerId, error) => report({ kind, operation, requestId: null, customerId, error }),
    }));

  const isClosed = (c: BackendCapabilities, status: string) => c.statuses.some((s) => s.key === status && s.closed);

  // Keyed by the ticket's creation time too: a helpdesk that hands out an id again
  // (a reset or restored database) must not give the new ticket the old rating.
  const ratingKey = (r: Ready, ticket: Pick<BackendTicket, 'id' | 'createdAt'>) => `rating:${r.tenant}:${ticket.id}:${ticket.createdAt}`;
  const readRating = async (r: Ready, ticket: Pick<BackendTicket, 'id' | 'createdAt'>): Promise<StoredRating | null> => {
    const raw = await store.get(ratingKey(r, ticket));
    return raw ? (JSON.parse(raw) as StoredRating) : null;
  };

  const keyScope = (call: Call) => `${call.ready.tenant}:${(call.customer as BackendCustomer).id}`;

  /** Stores a checked rating once, delivers it to the helpdesk and calls `onRating`. */
  async function storeRating(call: Call, c: BackendCapabilities, scale: RatingScale, ticket: BackendTicket, b: Record<string, unknown>) {
    const comment = typeof b.comment === 'string' && b.comment.trim() ? b.comment.trim() : null;
    if (!isClosed(c, ticket.status)) throw new GatewayError(409, 'NOT_RATEABLE', 'A ticket can be rated once it is resolved or closed.');
    const rating: StoredRating = { scale, rating: b.rating as number, comment, createdAt: new Date(now()).toISOString() };
    if (!(await store.set(ratingKey(call.ready, ticket), JSON.stringify(rating), { ifAbsent: true }))) {
      throw new GatewayError(409, 'ALREADY_RATED', 'This ticket has already been rated.');
    }
    const customer = call.customer as BackendCustomer;
    if (call.ready.backend.deliverRating) {
      // Stored already: a delivery failure is the team's problem to see in onError, not the customer's.
      for (let attempt = 1; ; attempt++) {
        try {
          await up(call, (ctx) => call.ready.backend.deliverRating!(ctx, ticket, rating));
          break;
        } catch (error) {
          const retry = attempt < 3 && error instanceof BackendError && (error.safeToRetry || error.kind === 'rate_limited');
          if (!retry) {
            report({ kind: 'delivery', operation: 'deliverRating', requestId: call.requestId, customerId: customer.id, error });
            break;
          }
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    }
    if (options.onRating) {
      try {
        await options.onRating({ ticketId: ticket.id, customer, rating });
      } catch (error) {
        report({ kind: 'hook', operation: 'onRating', requestId: call.requestId, customerId: customer.id, error });
      }
    }
    return { status: 201, body: { rating: rating.rating, comment: rating.comment, scale: rating.scale, createdAt: rating.createdAt } };
  }

  // -- handlers -----------------------------------------------------------------

  const handlers = {
    async verify(call: Call): Promise<Response> {
      const body = await readJsonBody(call.request, 8192);
      const token = isRecord(body) ? body.token : undefined;
      if (typeof token !== 'string' || token === '') throw invalid([{ field: 'token', message: 'token is required.' }]);
      const refused = () => new GatewayError(401, 'INVALID_MAGIC_LINK', 'This sign-in link is invalid, expired or already used. Request a new one.');
      const v = await call.ready.signer.verify('magic', token);
      if (!v.ok || typeof v.claims.email !== 'string' || typeof v.claims.jti !== 'string') throw refused();
      const ttlMs = Math.max(1000, (Number(v.claims.exp) + 10) * 1000 - now());
      if (!(await store.set(`magic:${v.claims.jti}`, '1', { ttlMs, ifAbsent: true }))) throw refused();
      return json(200, await issue(call.ready, { email: v.claims.email, name: null }, call.requestId, call.request.signal));
    },

    async refresh(call: Call): Promise<Response> {
      const c = call.customer as BackendCustomer;
      return json(200, await signPortalToken(call.ready, c));
    },

    async capabilities(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const scale = ratingScale(c);
      const body: GatewayCapabilities = {
        backend: c.backend,
        features: {
          form: c.form,
          search: c.search,
          multiStatus: c.multiStatus,
          close: c.close,
          reopen: c.reopen,
          rating: scale !== null,
          articles: !!options.articles || c.articles,
          attachments: c.attachments !== false,
          // Live updates exist where the helpdesk sends webhooks; elsewhere the browser polls.
          events: c.webhooks && typeof call.ready.backend.parseWebhook === 'function',
        },
        statuses: c.statuses.map((s) => ({ key: s.key, label: s.label, color: s.color ?? null, closed: s.closed })),
        limits: effectiveLimits(c),
        rating: scale ? { scale } : null,
      };
      return json(200, body, { 'cache-control': 'private, max-age=300' });
    },

    async form(call: Call): Promise<Response> {
      const { caps: c, form } = await currentCaps(call.ready);
      if (!c.form || !form) throw notSupported('The ticket form');
      return json(200, {
        categories: form.categories.map((x) => ({ id: x.id, name: x.name, description: x.description ?? null })),
        priorities: form.priorities.map((p) => ({ key: p.key, label: p.label })),
        // Display-only fields come too (showOnCreate false), so the ticket view can label their values.
        fields: form.fields.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          required: f.required,
          options: f.options?.map((o) => ({ value: o.value, label: o.label })) ?? [],
          placeholder: f.placeholder ?? null,
          helpText: f.helpText ?? null,
          showOnCreate: f.showOnCreate !== false,
          showInDetail: f.showInDetail === true,
        })),
      });
    },

    async listTickets(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const q = call.url.searchParams;
      const errors: FieldError[] = [];
      const rawLimit = q.get('limit');
      const limit = rawLimit === null || rawLimit === '' ? 20 : /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
      if (!(limit >= 1 && limit <= 50)) errors.push({ field: 'limit', message: 'limit must be an integer between 1 and 50.' });
      const sort = q.get('sort') || 'createdAt';
      const order = q.get('order') || 'desc';
      if (sort !== 'createdAt' && sort !== 'updatedAt') errors.push({ field: 'sort', message: 'sort must be one of: createdAt, updatedAt.' });
      if (order !== 'asc' && order !== 'desc') errors.push({ field: 'order', message: 'order must be one of: asc, desc.' });
      const asked = [...new Set((q.get('status') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
      if (asked.length > 1 && !c.multiStatus) errors.push({ field: 'status', message: 'This help desk filters by one status at a time.' });
      const search = (q.get('search') ?? '').trim() || null;
      if (search && !c.search) errors.push({ field: 'search', message: 'This help desk does not support search.' });
      if (search && search.length > 200) errors.push({ field: 'search', message: 'search must be at most 200 characters.' });
      if (errors.length) throw invalid(errors);
      const known = new Set(c.statuses.map((s) => s.key));
      const statuses = asked.filter((s) => known.has(s)).sort();
      const customer = call.customer as BackendCustomer;
      // Bound into the signed cursor as is: it names only this customer's own filters.
      const scope = JSON.stringify([customer.id, statuses, search, sort, order]);
      let cursor: JsonValue | null = null;
      const rawCursor = q.get('cursor');
      if (rawCursor) {
        const v = await call.ready.signer.verify('cursor', rawCursor);
        // Someone else's cursor, another filter's, or a forged one: all the same answer.
        if (!v.ok || v.claims.f !== scope) {
          throw new GatewayError(400, 'INVALID_CURSOR', 'The cursor is invalid or belongs to other filters. Start from the first page.', [
            { field: 'cursor', message: 'The cursor is invalid.' },
          ]);
        }
        cursor = (v.claims.n ?? null) as JsonValue | null;
      }
      // Statuses asked for that this helpdesk doesn't have match nothing.
      if (asked.length > 0 && statuses.length === 0) return json(200, { data: [], pagination: { hasMore: false, nextCursor: null } });
      const page = await up(call, (ctx) =>
        call.ready.backend.listTickets(ctx, { statuses, search, sort: sort as 'createdAt', order: order as 'desc', limit, cursor }),
      );
      const data = [];
      for (const t of page.tickets) {
        if (t.customerId !== customer.id || (statuses.length > 0 && !statuses.includes(t.status))) {
          report({ kind: 'integrity', operation: 'listTickets', requestId: call.requestId, customerId: customer.id, error: new Error(`listTickets returned ticket ${t.id}, which is outside this listing (owner or status); dropped`) });
          continue;
        }
        data.push(wireTicket(t, t.messageCount));
      }
      const nextCursor = page.next === null || page.next === undefined ? null : await call.ready.signer.sign('cursor', { f: scope, n: page.next }, CURSOR_TTL_S);
      return json(200, { data, pagination: { hasMore: nextCursor !== null, nextCursor } });
    },

    async getTicket(call: Call): Promise<Response> {
      const id = call.params.ticketId as string;
      if (!isSafeId(id)) throw notFound();
      const customer = call.customer as BackendCustomer;
      const [detail, current] = await Promise.all([up(call, (ctx) => call.ready.backend.getTicketDetail(ctx, id)), currentCaps(call.ready)]);
      if (!detail || detail.ticket.id !== id || detail.ticket.customerId !== customer.id) throw notFound();
      const rating = await readRating(call.ready, detail.ticket);
      const t = detail.ticket;
      const comments = [];
      for (const m of detail.messages) {
        if (m.ticketId !== t.id) {
          report({ kind: 'integrity', operation: 'getTicketDetail', requestId: call.requestId, customerId: customer.id, error: new Error(`message ${m.id} belongs to ticket ${m.ticketId}, not ${t.id}; dropped`) });
          continue;
        }
        if (m.visibility !== 'public') continue;
        if (m.author === 'system' && !options.showSystemMessages) continue;
        comments.push(m);
      }
      // Oldest first, stable for equal times.
      comments.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || 0);
      const scale = ratingScale(current.caps);
      const closed = isClosed(current.caps, t.status);
      return json(200, {
        ...wireTicket(t, comments.length),
        body: detail.body,
        brand: { name: options.brand?.name ?? '', ticketPrefix: options.brand?.ticketPrefix ?? '' },
        comments: comments.map((m) => wireComment(m, customer)),
        customFields: wireCustomFields(t.customFields, current.form?.fields ?? []),
        rating: rating ? { rating: rating.rating, comment: rating.comment, scale: rating.scale, createdAt: rating.createdAt } : null,
        canRate: scale !== null && closed && rating === null,
      });
    },

    async createTicket(call: Call): Promise<Response> {
      const raw = await readJsonBody(call.request, limits.jsonBodyBytes);
      const customer = call.customer as BackendCustomer;
      return idempotent(`${call.ready.tenant}:${customer.id}`, call.request.headers.get('x-idempotency-key'), 'createTicket', raw, async () => {
        const { caps: c, form } = await currentCaps(call.ready);
        const eff = effectiveLimits(c);
        const checked = validateCreate(raw, eff, c.form && form ? { ...form, fields: form.fields.filter((f) => f.showOnCreate !== false) } : null);
        if ('errors' in checked) throw invalid(checked.errors);
        const v = checked.value;
        if (v.attachmentIds.length && c.attachments === false) {
          throw invalid([{ field: 'attachmentIds', message: 'This help desk does not take attachments.' }]);
        }
        const files = await call.ready.uploads.stagedForCreate(customer.id, v.attachmentIds);
        const ticket = await up(call, (ctx) =>
          call.ready.backend.createTicket(ctx, {
            title: v.title,
            body: v.body,
            priority: v.priority,
            categoryId: v.categoryId,
            customFields: v.customFields,
            files: files.map((f) => f.file),
          }),
        );
        if (ticket.customerId !== customer.id) {
          report({ kind: 'integrity', operation: 'createTicket', requestId: call.requestId, customerId: customer.id, error: new Error(`createTicket returned ticket ${ticket.id} owned by another customer`) });
        }
        await call.ready.uploads.consume(files);
        return { status: 201, body: wireTicket(ticket, ticket.messageCount ?? 0) };
      });
    },

    async addComment(call: Call): Promise<Response> {
      const ticket = await ownedTicket(call, call.params.ticketId);
      const raw = await readJsonBody(call.request, limits.jsonBodyBytes);
      const customer = call.customer as BackendCustomer;
      return idempotent(`${call.ready.tenant}:${customer.id}`, call.request.headers.get('x-idempotency-key'), `addComment:${ticket.id}`, raw, async () => {
        const { caps: c } = await currentCaps(call.ready);
        const eff = effectiveLimits(c);
        const text = isRecord(raw) ? raw.body : undefined;
        if (typeof text !== 'string' || text.trim() === '') throw invalid([{ field: 'body', message: 'Reply body is required.' }]);
        if (text.length > eff.bodyMaxLength) throw invalid([{ field: 'body', message: `Reply must be at most ${eff.bodyMaxLength} characters.` }]);
        const { body, files } =
          c.attachments === 'message' ? await call.ready.uploads.stagedForReply(customer.id, ticket.id, text, eff.maxFiles) : { body: text, files: [] };
        const message = await up(call, (ctx) => call.ready.backend.addMessage(ctx, ticket, { body, files: files.map((f) => f.file) }));
        await call.ready.uploads.consume(files);
        return { status: 201, body: wireComment({ ...message, author: 'customer', ticketId: ticket.id }, customer) };
      });
    },

    async closeTicket(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (!c.close || !call.ready.backend.closeTicket) throw notSupported('Closing tickets');
      const ticket = await ownedTicket(call, call.params.ticketId);
      // Keyed like every mutation: a retry after a lost response replays the 200 instead of a 409.
      return idempotent(keyScope(call), call.request.headers.get('x-idempotency-key'), `closeTicket:${ticket.id}`, null, async () => {
        if (isClosed(c, ticket.status)) throw new GatewayError(409, 'ALREADY_CLOSED', 'This ticket is already closed.');
        const closed = await up(call, (ctx) => call.ready.backend.closeTicket!(ctx, ticket));
        return { status: 200, body: wireTicket(closed, closed.messageCount) };
      });
    },

    async reopenTicket(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (!c.reopen || !call.ready.backend.reopenTicket) throw notSupported('Reopening tickets');
      const ticket = await ownedTicket(call, call.params.ticketId);
      return idempotent(keyScope(call), call.request.headers.get('x-idempotency-key'), `reopenTicket:${ticket.id}`, null, async () => {
        if (!isClosed(c, ticket.status)) throw new GatewayError(409, 'NOT_CLOSED', 'Only a resolved or closed ticket can be reopened.');
        const reopened = await up(call, (ctx) => call.ready.backend.reopenTicket!(ctx, ticket));
        return { status: 200, body: wireTicket(reopened, reopened.messageCount) };
      });
    },

    async rateTicket(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const scale = ratingScale(c);
      if (!scale) throw notSupported('Rating');
      const ticket = await ownedTicket(call, call.params.ticketId);
      const raw = await readJsonBody(call.request, 16 * 1024);
      const b = isRecord(raw) ? raw : {};
      const errors: FieldError[] = [];
      const ok =
        typeof b.rating === 'number' &&
        Number.isInteger(b.rating) &&
        (scale === 'thumbs' ? b.rating === 1 || b.rating === -1 : b.rating >= 1 && b.rating <= (scale === 'scale5' ? 5 : 10));
      if (!ok) {
        errors.push({ field: 'rating', message: scale === 'thumbs' ? 'rating must be 1 (up) or -1 (down).' : `rating must be a whole number from 1 to ${scale === 'scale5' ? 5 : 10}.` });
      }
      const comment = typeof b.comment === 'string' && b.comment.trim() ? b.comment.trim() : null;
      if (b.comment !== undefined && b.comment !== null && typeof b.comment !== 'string') errors.push({ field: 'comment', message: 'comment must be text.' });
      else if (comment && comment.length > 2000) errors.push({ field: 'comment', message: 'comment must be at most 2000 characters.' });
      if (errors.length) throw invalid(errors);
      return idempotent(keyScope(call), call.request.headers.get('x-idempotency-key'), `rateTicket:${ticket.id}`, raw, () => storeRating(call, c, scale, ticket, b));
    },

    async articles(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const backend = call.ready.backend;
      if (!options.articles && !(c.articles && backend.searchArticles)) throw notSupported('Article search');
      const query = (call.url.searchParams.get('query') ?? '').trim();
      const rawLimit = call.url.searchParams.get('limit');
      const limit = rawLimit ? Number(rawLimit) : 5;
      const errors: FieldError[] = [];
      if (query.length < 2 || query.length > 200) errors.push({ field: 'query', message: 'query must be 2–200 characters.' });
      if (!Number.isInteger(limit) || limit < 1 || limit > 20) errors.push({ field: 'limit', message: 'limit must be an integer between 1 and 20.' });
      if (errors.length) throw invalid(errors);
      const found = await up(call, async (ctx) =>
        options.articles
          ? options.articles(query, { customer: ctx.customer, limit, signal: ctx.signal })
          : backend.searchArticles!(ctx, query, limit),
      );
      const data = [];
      for (const a of found ?? []) {
        let url: URL | null = null;
        try {
          url = new URL(a.url);
        } catch {
          url = null;
        }
        if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || typeof a.title !== 'string') continue;
        data.push({ id: String(a.id), title: a.title.slice(0, 300), snippet: String(a.snippet ?? '').slice(0, 500), url: url.href });
        if (data.length >= limit) break;
      }
      return json(200, { data });
    },

    async initiatePending(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false) throw notSupported('Attachments');
      const raw = await readJsonBody(call.request, 8192);
      return json(201, await call.ready.uploads.initiate(call.customer as BackendCustomer, null, raw, effectiveLimits(c), call.origin));
    },

    async confirmPending(call: Call): Promise<Response> {
      await call.request.arrayBuffer().catch(() => undefined);
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false) throw notSupported('Attachments');
      const id = call.params.attachmentId as string;
      return json(200, await call.ready.uploads.confirm(call.customer as BackendCustomer, null, id));
    },

    async initiateTicketUpload(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false) throw notSupported('Attachments');
      const ticket = await ownedTicket(call, call.params.ticketId);
      const raw = await readJsonBody(call.request, 8192);
      return json(201, await call.ready.uploads.initiate(call.customer as BackendCustomer, ticket.id, raw, effectiveLimits(c), call.origin));
    },

    async confirmTicketUpload(call: Call): Promise<Response> {
      await call.request.arrayBuffer().catch(() => undefined);
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false) throw notSupported('Attachments');
      const ticket = await ownedTicket(call, call.params.ticketId);
      const id = call.params.attachmentId as string;
      const attach =
        c.attachments === 'ticket' && call.ready.backend.attachFile
          ? (file: Parameters<NonNullable<PortalBackend['attachFile']>>[2]) => up(call, (ctx) => call.ready.backend.attachFile!(ctx, ticket, file))
          : null;
      return json(200, await call.ready.uploads.confirm(call.customer as BackendCustomer, ticket.id, id, attach));
    },

    async listAttachments(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const ticket = await ownedTicket(call, call.params.ticketId);
      // A helpdesk without files has none to list: an empty list keeps the existing UI quiet.
      if (c.attachments === false || !call.ready.backend.listAttachments) return json(200, []);
      const list = await up(call, (ctx) => call.ready.backend.listAttachments!(ctx, ticket));
      return json(200, list.filter((a) => a.visibility === 'public').map(wireAttachment));
    },

    async getAttachment(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const ticket = await ownedTicket(call, call.params.ticketId);
      const id = call.params.attachmentId as string;
      if (c.attachments === false || !call.ready.backend.getDownload || !isSafeId(id)) throw notFound('Attachment', 'ATTACHMENT_NOT_FOUND');
      const found = await up(call, (ctx) => call.ready.backend.getDownload!(ctx, ticket, id));
      if (!found || found.attachment.id !== id || found.attachment.visibility !== 'public') throw notFound('Attachment', 'ATTACHMENT_NOT_FOUND');
      const { downloadUrl, expiresAt } = await call.ready.uploads.downloadUrl(call.customer as BackendCustomer, ticket.id, found, call.origin);
      const a = wireAttachment(found.attachment);
      return json(200, { ...a, attachment: a, downloadUrl, expiresAt });
    },

    async events(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (!c.webhooks || !call.ready.backend.parseWebhook) throw notSupported('Live updates');
      // The token's own expiry ends the stream (verified already; this reads the cached claims).
      const token = /^Bearer\s+(\S+)/i.exec(call.request.headers.get('authorization') ?? '')?.[1] ?? '';
      const v = await call.ready.signer.verify('portal', token);
      const expiresAtMs = v.ok && typeof v.claims.exp === 'number' ? v.claims.exp * 1000 : now();
      // A token in its last second (verification allows a little clock skew) would open a stream that ends at once.
      if (expiresAtMs - now() < 1000) {
        throw new GatewayError(401, 'UNAUTHORIZED', 'Portal token has expired.', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      const lastEventId = call.request.headers.get('last-event-id');
      return eventHub(call.ready).stream(call.customer as BackendCustomer, {
        lastEventId: lastEventId && lastEventId.length <= 32 ? lastEventId.trim() : null,
        expiresAtMs,
        signal: call.request.signal,
        head: call.request.method === 'HEAD',
      });
    },

    async webhook(call: Call): Promise<Response> {
      const backend = call.ready.backend;
      // One intake per adapter name (`/webhooks/dispatch`); anything else is no endpoint at all.
      if (call.params.backend !== backend.name) throw new GatewayError(404, 'NOT_FOUND', 'No such endpoint.');
      const signal = AbortSignal.any([call.request.signal, AbortSignal.timeout(limits.upstreamTimeoutMs)]);
      return eventHub(call.ready).intake(backend, call.request, ctxBase(call.requestId, signal, `${call.ready.tenant}:${backend.name}`));
    },

    async putUpload(call: Call): Promise<Response> {
      return call.ready.uploads.put(call.request, call.params.uploadId as string, call.url);
    },

    async download(call: Call): Promise<Response> {
      const claims = await call.ready.uploads.verifyDownload(call.params.token as string);
      const customer: BackendCustomer = { id: claims.customerId, email: claims.email, name: claims.name };
      const scoped: Call = { ...call, customer };
      await limitRate(scoped);
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false || !call.ready.backend.getDownload) throw notFound('Attachment', 'ATTACHMENT_NOT_FOUND');
      // Re-checked on every download: the ticket may have changed hands or the file been hidden since.
      const ticket = await ownedTicket(scoped, claims.ticketId);
      const found = await up(scoped, (ctx) => call.ready.backend.getDownload!(ctx, ticket, claims.attachmentId));
      if (!found || found.attachment.id !== claims.attachmentId || found.attachment.visibility !== 'public') {
        throw notFound('Attachment', 'ATTACHMENT_NOT_FOUND');
      }
      return call.ready.uploads.serve(found, call.request.signal);
    },
  };

  // -- tokens -------------------------------------------------------------------

  async function signPortalToken(r: Ready, c: BackendCustomer): Promise<PortalTokenResponse> {
    const token = await r.signer.sign('portal', { email: c.email, name: c.name }, TOKEN_TTL_S, { subject: c.id, jti: randomId('tok') });
    const expiresAt = new Date((Math.floor(now() / 1000) + TOKEN_TTL_S) * 1000).toISOString();
    return { token, expiresAt, customerId: c.id, email: c.email, ...(c.name ? { name: c.name } : {}) };
  }

  function cleanIdentity(input: { email: string; name?: string | null }) {
    const email = typeof input?.email === 'string' ? input.email.trim().toLowerCase() : '';
    if (!EMAIL.test(email) || email.length > 254) throw new TypeError('issueToken: `email` is missing or not an email address.');
    const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 200) : null;
    return { email, name };
  }

  async function issue(r: Ready, input: { email: string; name?: string | null }, requestId: string, signal?: AbortSignal) {
    const identity = cleanIdentity(input);
    const ctx = ctxBase(requestId, signal ? AbortSignal.any([signal, AbortSignal.timeout(limits.upstreamTimeoutMs)]) : AbortSignal.timeout(limits.upstreamTimeoutMs), `${r.tenant}:${r.backend.name}`);
    const found = await r.backend.resolveCustomer(ctx, identity);
    // The helpdesk's record decides the id; the email is the one the host vouched for.
    return signPortalToken(r, { id: String(found.id), email: identity.email, name: found.name ?? identity.name });
  }

  async function authenticate(call: Call): Promise<BackendCustomer> {
    const header = call.request.headers.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const unauthorized = (message: string) =>
      new GatewayError(401, 'UNAUTHORIZED', message, undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
    if (!m) throw unauthorized('Missing portal token: send Authorization: Bearer <token>.');
    const v = await call.ready.signer.verify('portal', m[1] as string);
    if (!v.ok) throw unauthorized(v.reason === 'expired' ? 'Portal token has expired.' : 'Invalid portal token.');
    const { sub, email, name } = v.claims;
    if (typeof sub !== 'string' || !sub || typeof email !== 'string') throw unauthorized('Invalid portal token.');
    return { id: sub, email, name: typeof name === 'string' ? name : null };
  }

  async function limitRate(call: Call): Promise<void> {
    const bucket = call.customer ? `c:${call.ready.tenant}:${call.customer.id}` : `a:${(options.clientAddress ?? defaultAddress)(call.request) ?? 'unknown'}`;
    const r = await consumeRate(store, bucket, limits.rateLimit.limit, limits.rateLimit.windowSeconds, now());
    call.rate = { limit: r.limit, remaining: r.remaining, reset: r.reset };
    if (r.exceeded) {
      throw new GatewayError(429, 'RATE_LIMITED', `Too many requests. Try again in ${r.retryAfter} s.`, undefined, { 'retry-after': String(r.retryAfter) });
    }
  }

  // -- routing ------------------------------------------------------------------

  const route = (method: string, path: string, operation: keyof typeof handlers, auth: Route['auth'] = 'portal'): Route => ({
    method,
    path: path.split('/').filter(Boolean),
    operation,
    auth,
    handler: handlers[operation],
  });

  // Literal segments before parameters: "attachments" is never read as a ticket id.
  const routes: Route[] = [
    route('POST', '/portal/verify', 'verify', 'none'),
    route('POST', '/portal/refresh', 'refresh'),
    route('GET', '/portal/capabilities', 'capabilities'),
    route('GET', '/portal/form', 'form'),
    route('GET', '/portal/articles', 'articles'),
    // Live updates: server-sent events out, the helpdesk's webhooks in (signed by the helpdesk, not a portal token).
    route('GET', '/portal/events', 'events'),
    route('POST', '/webhooks/:backend', 'webhook', 'none'),
    route('GET', '/portal/tickets', 'listTickets'),
    route('POST', '/portal/tickets', 'createTicket'),
    route('POST', '/portal/tickets/attachments/pending', 'initiatePending'),
    route('POST', '/portal/tickets/attachments/pending/:attachmentId/confirm', 'confirmPending'),
    route('GET', '/portal/tickets/:ticketId', 'getTicket'),
    route('POST', '/portal/tickets/:ticketId/comments', 'addComment'),
    route('POST', '/portal/tickets/:ticketId/close', 'closeTicket'),
    route('POST', '/portal/tickets/:ticketId/reopen', 'reopenTicket'),
    route('POST', '/portal/tickets/:ticketId/rating', 'rateTicket'),
    route('POST', '/portal/tickets/:ticketId/attachments', 'initiateTicketUpload'),
    route('GET', '/portal/tickets/:ticketId/attachments', 'listAttachments'),
    route('POST', '/portal/tickets/:ticketId/attachments/:attachmentId/confirm', 'confirmTicketUpload'),
    route('GET', '/portal/tickets/:ticketId/attachments/:attachmentId', 'getAttachment'),
    route('PUT', '/uploads/:uploadId', 'putUpload', 'none'),
    route('GET', '/files/:token', 'download', 'none'),
  ];

  function match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | { allow: string[] } | null {
    const allow: string[] = [];
    for (const r of routes) {
      if (r.path.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < r.path.length && ok; i++) {
        const p = r.path[i] as string;
        if (p.startsWith(':')) params[p.slice(1)] = segments[i] as string;
        else ok = p === segments[i];
      }
      if (!ok) continue;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { route: r, params };
      allow.push(r.method);
    }
    return allow.length ? { allow } : null;
  }

  const allowedOrigin = (request: Request) => {
    const origin = request.headers.get('origin');
    return origin && options.allowedOrigins?.includes(origin) ? origin : null;
  };

  function finish(res: Response, requestId: string, rate: RateState | null, request: Request): Response {
    // The gateway's own answers have mutable headers: add to them in place. A response
    // passed through from fetch (immutable headers) is copied once.
    let h = res.headers;
    let copied = false;
    try {
      h.set('x-request-id', requestId);
    } catch {
      h = new Headers(res.headers);
      h.set('x-request-id', requestId);
      copied = true;
    }
    h.set('x-content-type-options', 'nosniff');
    if (rate) {
      h.set('x-ratelimit-limit', String(rate.limit));
      h.set('x-ratelimit-remaining', String(rate.remaining));
      h.set('x-ratelimit-reset', String(rate.reset));
    }
    const origin = allowedOrigin(request);
    if (origin) {
      h.set('access-control-allow-origin', origin);
      h.set('access-control-expose-headers', 'x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after');
    }
    if (options.allowedOrigins?.length) h.append('vary', 'Origin');
    return copied ? new Response(res.body, { status: res.status, statusText: res.statusText, headers: h }) : res;
  }

  async function handle(request: Request): Promise<Response> {
    const requestId = randomId('req');
    let current: Call | null = null;
    let operation = 'unknown';
    let customerId: string | null = null;
    try {
      const url = new URL(request.url);
      if (request.method === 'OPTIONS') {
        const origin = allowedOrigin(request);
        return new Response(null, {
          status: 204,
          headers: origin
            ? {
                'access-control-allow-origin': origin,
                'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
                'access-control-allow-headers': 'Authorization, Content-Type, X-Idempotency-Key, Last-Event-ID',
                'access-control-max-age': '600',
                vary: 'Origin',
              }
            : { vary: 'Origin' },
        });
      }
      let path = url.pathname;
      if (basePath) {
        if (path !== basePath && !path.startsWith(`${basePath}/`)) throw new GatewayError(404, 'NOT_FOUND', 'No such endpoint.');
        path = path.slice(basePath.length);
      }
      // Optional `/v1` (the Dispatch API's prefix), so a base URL copied from direct mode still works.
      if (path === '/v1' || path.startsWith('/v1/')) path = path.slice(3);
      let segments: string[];
      try {
        segments = path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
      } catch {
        throw new GatewayError(404, 'NOT_FOUND', 'No such endpoint.');
      }
      const found = match(request.method, segments);
      if (!found) throw new GatewayError(404, 'NOT_FOUND', 'No such endpoint.');
      if ('allow' in found) {
        throw new GatewayError(405, 'METHOD_NOT_ALLOWED', `Use ${found.allow.join(' or ')}.`, undefined, { allow: found.allow.join(', ') });
      }
      operation = found.route.operation;
      const r = await init();
      const call: Call = { request, url, params: found.params, requestId, customer: null, ready: r, rate: null, origin: options.publicUrl?.replace(/\/+$/, '') ?? url.origin, cleanup: [] };
      current = call;
      if (found.route.auth === 'portal') {
        try {
          call.customer = await authenticate(call);
        } catch (e) {
          // Guessing tokens costs the guesser's address its quota.
          await limitRate(call);
          throw e;
        }
        customerId = call.customer.id;
        await limitRate(call);
      } else if (found.route.operation === 'verify') await limitRate(call);
      const res = await found.route.handler(call);
      return finish(res, requestId, call.rate, request);
    } catch (e) {
      let error: GatewayError;
      if (e instanceof GatewayError) error = e;
      else if (e instanceof BackendError) {
        report({ kind: 'upstream', operation, requestId, customerId, error: e });
        error = fromBackendError(e, 5);
      } else if (e instanceof GatewayConfigError) {
        report({ kind: 'config', operation, requestId, customerId, error: e });
        error = new GatewayError(500, 'NOT_CONFIGURED', 'Support is not available right now.');
      } else if (request.signal.aborted) {
        error = new GatewayError(499, 'ABORTED', 'The request was cancelled.');
      } else {
        report({ kind: 'internal', operation, requestId, customerId, error: e });
        error = new GatewayError(500, 'INTERNAL_ERROR', 'Something went wrong. Please try again.');
      }
      return finish(errorResponse(error), requestId, current?.rate ?? null, request);
    } finally {
      // Adapter calls are done once the answer exists (downloads stream under the browser's own signal).
      for (const f of current?.cleanup ?? []) f();
    }
  }

  return {
    fetch: (request: Request) => handle(request),
    async issueToken(customer) {
      const r = await init();
      return issue(r, customer, randomId('req'));
    },
    async sendMagicLink({ email, portalUrl }) {
      const r = await init();
      if (!options.sendEmail) throw new GatewayConfigError('createPortalGateway: `sendEmail` is missing; magic links need it to send the email.');
      const identity = cleanIdentity({ email });
      let url: URL;
      try {
        url = new URL(portalUrl);
      } catch {
        throw new TypeError('sendMagicLink: `portalUrl` must be an absolute http(s) URL.');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('sendMagicLink: `portalUrl` must be an absolute http(s) URL.');
      const token = await r.signer.sign('magic', { email: identity.email }, MAGIC_TTL_S, { jti: randomId('ml') });
      url.searchParams.set('token', token);
      const expiresAt = new Date((Math.floor(now() / 1000) + MAGIC_TTL_S) * 1000).toISOString();
      await options.sendEmail({ to: identity.email, url: url.href, expiresAt });
    },
    async start() {
      await init();
    },
  };
}

const defaultAddress = (request: Request) => request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;

/** The adapter's durable facts, namespaced to it, in the gateway's store. */
function adapterState(store: GatewayStore, name: string): AdapterState {
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
