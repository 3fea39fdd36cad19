import type { PortalTokenResponse } from '../issuePortalToken';
import type { BackendArticle, BackendCustomer, PortalBackend, RatingScale } from './backend';
import type { BlobStore } from './blobs';
import type { EventLimits } from './events';
import type { StoredRating } from './serialize';
import type { GatewayStore } from './store';

// The gateway's public options and answers: what a host passes to createPortalGateway and gets back.

export type MaybePromise<T> = T | Promise<T>;

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
   * malformed). `internal`: a bug, or the store failing (an idempotency
   * record not stored is retried in the background).
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

export const DEFAULT_LIMITS: GatewayLimits = {
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

/** The gateway or its adapter is set up wrongly: the message says what to fix. */
export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
}
