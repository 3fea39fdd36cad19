import type { PortalApiError } from './errors';

// ---------------------------------------------------------------------------
// Normalised types: what the client returns.
// ---------------------------------------------------------------------------

export interface TicketBrand {
  name: string | null;
  ticketPrefix: string | null;
}

export interface Ticket {
  id: string;
  /** The raw `ticketNumber` as sent: a formatted string, a number, or null. */
  number: string | number | null;
  /** Display label: "TKT-1001" as sent, or `prefix-n` / `#n` for bare numbers. */
  label: string;
  title: string;
  /** Lower-cased status key; an open set (`open`, `pending`, `resolved`, `closed`, custom keys). */
  status: string;
  /** The backend's customer-facing name for the status, when the response carries one. */
  statusLabel?: string;
  /** Lower-cased priority, or null. */
  priority: string | null;
  /** Null when the server did not send a count. */
  commentCount: number | null;
  createdAt: string;
  updatedAt: string;
  brand: TicketBrand | null;
}

export type CommentAuthorType = 'customer' | 'staff' | 'system';

export interface Comment {
  id: string;
  body: string;
  /** `STAFF`, `AGENT` and unknown values all become `staff`. */
  authorType: CommentAuthorType;
  authorName: string | null;
  authorId: string | null;
  createdAt: string;
}

export interface TicketDetail extends Ticket {
  /** The original description; `''` when missing. */
  body: string;
  /** Oldest first. */
  comments: Comment[];
  /**
   * The customer's satisfaction rating of this ticket, or null when not rated.
   * Only through the portal gateway; absent from the Dispatch portal API.
   */
  rating?: TicketRating | null;
  /** The customer may rate this ticket now (resolved or closed, ratings on, not rated yet). Gateway only. */
  canRate?: boolean;
}

/** A satisfaction rating as the gateway stores it (once per ticket). */
export interface TicketRating {
  /** `1`/`-1` on `thumbs`, else 1–5 or 1–10. */
  rating: number;
  comment: string | null;
  scale: RatingScale;
  /** ISO 8601. */
  createdAt: string;
}

/** What `rateTicket` sends. */
export interface RateTicketInput {
  /** `1` (up) or `-1` (down) on `thumbs`, else a whole number from 1 to 5 or 10. */
  rating: number;
  /** Optional, at most 2000 characters. */
  comment?: string;
}

export interface TicketPage {
  tickets: Ticket[];
  /** False whenever there is no cursor to continue from. */
  hasMore: boolean;
  nextCursor: string | null;
}

export type AttachmentStatus = 'pending' | 'uploaded' | 'failed';

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** `UPLOADED` and `CONFIRMED` (the admin side's word) both become `uploaded`. */
  status: AttachmentStatus;
  createdAt: string | null;
}

export interface AttachmentDownload extends Attachment {
  downloadUrl: string;
  /** ISO time the download URL stops working: from the response, else now + 15 min. */
  expiresAt: string;
}

export interface UploadTarget {
  attachment: Attachment;
  uploadUrl: string;
  expiresAt: string;
}

/**
 * A portal token and whose it is: what `POST /portal/verify` and
 * `POST /portal/refresh` answer, what the server helper's token endpoint
 * returns, and what `getToken` may resolve with. The one type of that name
 * (the `./server` and `./mock` entries export this same type).
 */
export interface PortalTokenResponse {
  /** Opaque; sent as `Authorization: Bearer …`. */
  token: string;
  /** ISO 8601; about an hour after issue. */
  expiresAt: string;
  /** The customer record in the brand (`''` when a backend left it out). */
  customerId: string;
  email: string;
  /** The customer's name, when known. */
  name?: string | null;
}

// ---------------------------------------------------------------------------
// Inputs and options.
// ---------------------------------------------------------------------------

/**
 * Why the client asks for a token: the first one, one ahead of expiry, or a
 * replacement for one the API rejected (a 401). On `rejected`, make your
 * backend skip any token cache it keeps (the server helper honours `?fresh=1`).
 */
export interface GetTokenContext {
  reason: 'initial' | 'expiring' | 'rejected';
}

/** What `getToken` may return: a bare token, or an object such as a `PortalTokenResponse`. */
export type TokenResult =
  | string
  | {
      token: string;
      expiresAt?: string | number | Date;
      customerId?: string;
      email?: string;
      name?: string | null;
    };

export interface RequestOptions {
  /** Cancels the call, including any wait for a token renewal or a retry. */
  signal?: AbortSignal;
}

export interface MutationOptions extends RequestOptions {
  /**
   * Sent as `X-Idempotency-Key`. Defaults to a fresh UUID per call, reused for
   * that call's retries and replay. Pass one per draft so a user's second click
   * after a network failure cannot create a duplicate.
   */
  idempotencyKey?: string;
}

export interface ListTicketsParams {
  /**
   * One status, or several (sent comma-joined; only through a gateway whose
   * capabilities say `multiStatus`).
   */
  status?: string | readonly string[];
  /** Free-text search over the customer's tickets (only through a gateway whose capabilities say `search`). At most 200 characters. */
  search?: string;
  sort?: 'createdAt' | 'updatedAt';
  order?: 'asc' | 'desc';
  /** 1–50; larger values are clamped to 50 (the portal's maximum). */
  limit?: number;
  cursor?: string | null;
}

export interface CreateTicketInput {
  title: string;
  body?: string;
  /** IDs of confirmed pending uploads. */
  attachmentIds?: string[];
  /** A priority key from the ticket form (gateway only; left out when empty). */
  priority?: string | null;
  /** A category id from the ticket form (gateway only; left out when empty). */
  categoryId?: string | null;
  /** Custom field values by key (gateway only; left out when empty). */
  customFields?: Record<string, string | number | boolean | string[]>;
}

export interface UploadMeta {
  filename: string;
  contentType: string;
  size: number;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions extends RequestOptions {
  /** Attach to this existing ticket; without it the file is a pending upload for a ticket not created yet. */
  ticketId?: string;
  /** Defaults to `file.name`, else `"file"`. */
  filename?: string;
  /** Defaults to `file.type`, else `application/octet-stream`. */
  contentType?: string;
  onProgress?: (progress: UploadProgress) => void;
  /** Bytes; default 52 428 800 (50 MB, the server limit). */
  maxSize?: number;
  /** MIME types (`application/pdf`), wildcards (`image/*`) or extensions (`.log`). Default: anything. */
  accept?: string[];
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 2, and 3 for sends under an idempotency key (retried on a 500 too). */
  retries?: number;
  /** First backoff delay in ms, doubled per retry, with jitter. Default 500. */
  baseDelayMs?: number;
  /** Backoff cap in ms. Default 8 000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` the client will wait; beyond it the 429 is thrown at once. Default 60 000. */
  maxRetryAfterMs?: number;
}

/** The token source: exactly one of a fixed `token` and `getToken` (the compiler refuses both, and neither). */
export type PortalTokenSource =
  | {
      /**
       * A fixed portal token. Renewed through `POST /portal/refresh` before it expires.
       * @example createPortalClient({ token: tokenResponse.token })
       */
      token: string;
      getToken?: never;
    }
  | {
      token?: never;
      /**
       * Fetches a portal token, usually from your backend. Called lazily, before
       * expiry and after a 401; never more than once at a time.
       * @example
       * createPortalClient({
       *   getToken: () => fetch('/api/support/token').then((r) => r.json()), // a PortalTokenResponse
       * })
       * @example
       * // After a 401, ask your backend to bypass its token cache.
       * getToken: ({ reason }) =>
       *   fetch(`/api/support/token${reason === 'rejected' ? '?fresh=1' : ''}`).then((r) => r.json())
       */
      getToken: (context: GetTokenContext) => TokenResult | Promise<TokenResult>;
    };

/** Everything `createPortalClient` takes besides the token source. */
export interface PortalClientSettings {
  /**
   * API base URL, already including `/v1`. A trailing slash is fine.
   * @default 'https://dispatch-tickets-api.onrender.com/v1'
   * @example createPortalClient({ baseUrl: 'http://localhost:4010/v1', getToken }) // the local mock
   * @example createPortalClient({ baseUrl: '/api/support/v1', getToken }) // your own proxy
   */
  baseUrl?: string;
  /**
   * The fetch to use. Defaults to the global fetch, looked up at call time so
   * polyfills and test interceptors apply.
   * @example createPortalClient({ getToken, fetch: myInstrumentedFetch })
   */
  fetch?: typeof fetch;
  /**
   * Timeout per attempt in ms (retries get their own). Also bounds `getToken`.
   * @default 30000
   * @example createPortalClient({ getToken, timeoutMs: 10_000 })
   */
  timeoutMs?: number;
  /**
   * Retry policy for GETs and idempotency-keyed POSTs, or `false` for none.
   * @default { retries: 2 (3 for keyed sends), baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60000 }
   * @example createPortalClient({ getToken, retry: { retries: 4, maxRetryAfterMs: 10_000 } })
   * @example createPortalClient({ getToken, retry: false })
   */
  retry?: false | RetryOptions;
  /**
   * Called once each time the session expires (a second 401, or a renewal that
   * failed when one was needed). Show a sign-in prompt here.
   * @example createPortalClient({ getToken, onSessionExpired: () => setShowLogin(true) })
   */
  onSessionExpired?: (error: PortalApiError) => void;
  /**
   * Prefix for bare ticket numbers when the ticket carries no `brand.ticketPrefix`.
   * Without either, labels read `#1001`.
   * @example createPortalClient({ getToken, ticketPrefix: 'ACME' }) // 1001 → "ACME-1001"
   */
  ticketPrefix?: string;
}

/** `createPortalClient`'s options: the settings plus exactly one of `token` and `getToken`. */
export type PortalClientOptions = PortalClientSettings & PortalTokenSource;

export interface SessionCustomer {
  id: string | null;
  email: string | null;
  name: string | null;
}

/** Never contains the token. */
export interface SessionSnapshot {
  /** `idle`: no token fetched yet; `renewing`: a renewal is in flight; `expired`: calls fail until renewed. */
  status: 'idle' | 'ready' | 'renewing' | 'expired';
  customer: SessionCustomer | null;
  /** When the token expires, in local epoch ms (corrected for clock skew). Null if unknown. */
  expiresAt: number | null;
  /** The last renewal failure, or the session-expired error. */
  error: PortalApiError | null;
}

/** Shaped for React's `useSyncExternalStore(session.subscribe, session.getSnapshot)`. */
export interface PortalSession {
  /** Returns the same object until something changes. */
  getSnapshot(): SessionSnapshot;
  subscribe(listener: () => void): () => void;
  /** Forces a renewal (joining one in flight). Leaves the expired state on success. */
  renew(): Promise<void>;
  /** Installs a token obtained elsewhere (e.g. after a new magic link). Leaves the expired state. */
  setToken(result: TokenResult): void;
}

/** A live update from the portal gateway's event stream, normalised like reads. */
export type PortalEvent =
  | { type: 'comment.created'; ticketId: string; comment: Comment }
  | { type: 'ticket.updated'; ticket: Ticket }
  | { type: 'ticket.created'; ticket: Ticket }
  /** Events may have been missed (a long disconnection): refetch what you show. */
  | { type: 'sync' };

/**
 * The event stream's state: `connecting`, `live` (healthy), `reconnecting`
 * (after a failure, with backoff), `paused` (offline, or the page hidden for a
 * while), `unsupported` (the backend has no live updates: poll), `stopped`
 * (the session ended).
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'paused' | 'unsupported' | 'stopped';

export interface PortalEventListener {
  onEvent?(event: PortalEvent): void;
  /** Called at once with the current status, then on every change. */
  onStatus?(status: LiveStatus): void;
}

export interface PortalClient {
  listTickets(params?: ListTicketsParams, options?: RequestOptions): Promise<TicketPage>;
  /** Pages until there are no more (also stops on an empty or repeated cursor). */
  listAllTickets(params?: ListTicketsParams, options?: RequestOptions): AsyncGenerator<TicketPage, void, undefined>;
  getTicket(ticketId: string, options?: RequestOptions): Promise<TicketDetail>;
  createTicket(input: CreateTicketInput, options?: MutationOptions): Promise<Ticket>;
  addComment(ticketId: string, body: string, options?: MutationOptions): Promise<Comment>;
  /** `POST /portal/tickets/{id}/close` (gateway only): the customer marks the ticket solved. 409 `ALREADY_CLOSED` when it is. */
  closeTicket(ticketId: string, options?: MutationOptions): Promise<Ticket>;
  /** `POST /portal/tickets/{id}/reopen` (gateway only). 409 with a reason code when refused (`REOPEN_WINDOW_PASSED`, `NOT_CLOSED`). */
  reopenTicket(ticketId: string, options?: MutationOptions): Promise<Ticket>;
  /** `POST /portal/tickets/{id}/rating` (gateway only), once per ticket. 409 `ALREADY_RATED` or `NOT_RATEABLE` when refused. */
  rateTicket(ticketId: string, input: RateTicketInput, options?: MutationOptions): Promise<TicketRating>;
  initiatePendingUpload(meta: UploadMeta, options?: RequestOptions): Promise<UploadTarget>;
  confirmPendingUpload(attachmentId: string, options?: RequestOptions): Promise<Attachment>;
  initiateUpload(ticketId: string, meta: UploadMeta, options?: RequestOptions): Promise<UploadTarget>;
  confirmUpload(ticketId: string, attachmentId: string, options?: RequestOptions): Promise<Attachment>;
  listAttachments(ticketId: string, options?: RequestOptions): Promise<Attachment[]>;
  /** Fetches a fresh presigned download URL. */
  getAttachment(ticketId: string, attachmentId: string, options?: RequestOptions): Promise<AttachmentDownload>;
  /** `POST /portal/refresh`; the new token also replaces the client's. */
  refresh(options?: RequestOptions): Promise<PortalTokenResponse>;
  /** Initiate → PUT to the presigned URL → confirm. Resolves with the confirmed attachment. */
  upload(file: Blob & { name?: string }, options?: UploadOptions): Promise<Attachment>;
  /**
   * Live updates from a portal gateway with webhooks (one shared connection,
   * opened on the first subscriber and closed after the last; the reader is
   * loaded on demand). Elsewhere the status is `unsupported` and nothing is
   * downloaded beyond a capabilities check. Returns an unsubscribe function.
   */
  subscribeEvents(listener: PortalEventListener): () => void;
  session: PortalSession;
  /** Stops the renewal timer, drops session listeners and closes the event stream. */
  dispose(): void;
  /**
   * `GET /portal/capabilities`: what the backend can do beyond the portal API.
   * Resolves with null when the endpoint answers 404 (no extensions).
   */
  getCapabilities(options?: RequestOptions): Promise<PortalCapabilities | null>;
  /** `GET /portal/form`: categories, priorities and custom fields; null when the backend has none (404). */
  getTicketForm(options?: RequestOptions): Promise<TicketFormSchema | null>;
  /** `GET /portal/articles`: help articles matching `query` (2–200 characters), at most `limit` (default 5). */
  searchArticles(query: string, options?: RequestOptions & { limit?: number }): Promise<HelpArticle[]>;
}

// ---------------------------------------------------------------------------
// Portal extensions (the gateway's `GET /portal/capabilities` and friends).
// ---------------------------------------------------------------------------

/** How a backend asks customers to rate: thumbs up/down, 1–5 or 1–10. */
export type RatingScale = 'thumbs' | 'scale5' | 'scale10';

/** A status as the backend names it for customers. */
export interface PortalStatus {
  /** Lower-cased key, as tickets carry it. */
  key: string;
  /** Customer-facing label (the key when the backend sent none). */
  label: string;
  /** A hex colour (`#1a7f37`), or null; anything else the backend sent is dropped. */
  color: string | null;
  /** Counts as finished: no "mark as solved", replies may be refused. */
  closed: boolean;
}

/** Which extensions exist; every flag is false unless the backend said `true`. */
export interface PortalFeatures {
  /** `GET /portal/form`: categories, priorities, custom fields on new tickets. */
  form: boolean;
  /** Text search over the customer's tickets. */
  search: boolean;
  /** More than one status per list request. */
  multiStatus: boolean;
  /** The customer may mark a ticket solved. */
  close: boolean;
  /** The customer may reopen a resolved/closed ticket. */
  reopen: boolean;
  /** Satisfaction ratings (the scale is in `rating`). */
  rating: boolean;
  /** Help-article suggestions while filing. */
  articles: boolean;
  /** Files on tickets and replies. */
  attachments: boolean;
  /** A live event stream. */
  events: boolean;
}

export interface PortalLimits {
  /** Bytes per file, or null when the backend did not say. */
  maxFileSize: number | null;
  maxFiles: number | null;
  /** MIME types, wildcards or extensions; empty = anything. */
  accept: string[];
  titleMaxLength: number | null;
  bodyMaxLength: number | null;
}

/**
 * What the backend behind the portal can do (`GET /portal/capabilities`).
 * The Dispatch portal API itself has no such endpoint: the client reports
 * `null` ("no extensions") and the portal works as it always has.
 */
export interface PortalCapabilities {
  /** Short machine name: `dispatch`, `switchlabs`, `answerpal`, … (`''` if unnamed). */
  backend: string;
  features: PortalFeatures;
  statuses: PortalStatus[];
  limits: PortalLimits;
  /** The rating scale, or null when ratings are off. */
  rating: { scale: RatingScale } | null;
}

/** The kinds of custom field a new-ticket form may ask. */
export type TicketFieldType = 'text' | 'textarea' | 'number' | 'boolean' | 'date' | 'select' | 'multiselect' | 'url';

/** A custom field the customer may fill when filing (`GET /portal/form`). */
export interface TicketFormField {
  key: string;
  label: string;
  type: TicketFieldType;
  required: boolean;
  /** For `select` and `multiselect`. */
  options: { value: string; label: string }[];
  placeholder: string | null;
  helpText: string | null;
}

/** What the new-ticket form may ask: categories, priorities and custom fields. */
export interface TicketFormSchema {
  categories: { id: string; name: string; description: string | null }[];
  priorities: { key: string; label: string }[];
  /** Only fields asked when filing (display-only fields are left out). */
  fields: TicketFormField[];
}

/** A published help article matching what the customer types. */
export interface HelpArticle {
  id: string;
  title: string;
  snippet: string;
  /** Always an absolute http(s) URL (anything else is dropped). */
  url: string;
}
