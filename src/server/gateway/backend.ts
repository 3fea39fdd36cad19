/**
 * The adapter contract of the portal gateway: what a helpdesk must provide so
 * that `createPortalGateway` can serve the portal protocol on top of it.
 *
 * An adapter is a plain object. The gateway owns everything a browser can
 * touch — tokens, ownership checks, the visibility allowlist, field
 * validation, cursors, idempotency, rate limits, uploads, the wire format —
 * so an adapter only translates between the helpdesk's API and the neutral
 * records below. That split is deliberate: a host who writes an adapter for a
 * helpdesk we don't ship cannot, by a mistake in it, show one customer
 * another's ticket or an internal note, because the gateway re-checks both.
 *
 * Rules every adapter follows (the conformance suite in
 * `@dispatchtickets/react/server/testing` checks them):
 *
 * - **Ids are opaque strings.** Numeric upstream ids are stringified. Never
 *   trust an id that came from the browser: the gateway passes only ids it
 *   has checked, but `getTicket` is also how it checks them, so `getTicket`
 *   must return what the helpdesk says, never echo its input.
 * - **Ownership is reported, not decided.** Every ticket carries `customerId`,
 *   the upstream customer it belongs to. The gateway compares it with the
 *   signed-in customer and answers 404 on a mismatch. Report the upstream
 *   owner faithfully; don't filter and hope.
 * - **Visibility is classified by the adapter, enforced by the gateway.**
 *   Each message carries `visibility`. Only `'public'` messages ever reach a
 *   customer; anything the adapter is unsure about must be `'internal'`
 *   (fail closed). Classify from the helpdesk's fields with an allowlist
 *   (e.g. "a reply that was sent"), never by trusting an upstream filter
 *   parameter such as `internal=false`.
 * - **Lists are filtered before paging.** `listTickets` returns pages of the
 *   customer's visible tickets only, so a page is never short because the
 *   gateway dropped rows. The gateway still drops (and reports through
 *   `onError`) any row whose `customerId` is not the customer's.
 * - **No upstream text reaches the browser.** Throw {@link BackendError}
 *   with a kind; put upstream messages, URLs and bodies in `cause` only (the
 *   gateway hands `cause` to the host's `onError`, never to a browser).
 * - **Nothing upstream-only leaks through a record.** Records have exactly the
 *   fields below; the gateway serialises only those fields. Don't smuggle
 *   upstream objects into `body` either: bodies are text the customer may
 *   read (internal links to the helpdesk's admin UI, public file links and
 *   tracking pixels removed).
 */

/** JSON-serialisable data, e.g. an adapter's paging state. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// ---------------------------------------------------------------------------
// Records the adapter returns
// ---------------------------------------------------------------------------

/** A customer on the helpdesk. `email` is lower-cased and trimmed. */
export interface BackendCustomer {
  id: string;
  email: string;
  name: string | null;
}

/** A ticket as the customer may see it. Status is already mapped to a portal status key. */
export interface BackendTicket {
  id: string;
  /** The upstream customer who owns the ticket. Compared with the session's customer on every request. */
  customerId: string;
  /** Human ticket number: a formatted string ("ACME-1001"), a number, or null when the helpdesk has none. */
  number: string | number | null;
  title: string;
  /** A key from {@link BackendCapabilities.statuses}. Unknown upstream values map to `open` (and are reported). */
  status: string;
  /** A key from the form's priorities, or null. */
  priority: string | null;
  /** Only when the helpdesk has categories. */
  categoryId?: string | null;
  /**
   * Custom field values, keyed by field key. The gateway passes on only the
   * keys of fields the form schema marks `showInDetail`; everything else is dropped.
   */
  customFields?: Record<string, JsonValue>;
  /** Customer-visible messages, when the adapter knows the count cheaply; otherwise null. */
  messageCount: number | null;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. Sorting by `updatedAt` uses this. */
  updatedAt: string;
}

export type MessageAuthor = 'customer' | 'staff' | 'system';

/** One message of a ticket's conversation, classified by the adapter. */
export interface BackendMessage {
  id: string;
  /** Must equal the ticket it was read from; the gateway drops a message of another ticket. */
  ticketId: string;
  /** `'public'` reaches the customer; everything else never does. When unsure: `'internal'`. */
  visibility: 'public' | 'internal';
  author: MessageAuthor;
  /** Display name per the adapter's agent-name policy; null for "Support team" / "You". */
  authorName: string | null;
  /** Plain text, markdown, or email HTML (the kit sanitises HTML on display). */
  body: string;
  /** ISO 8601. */
  createdAt: string;
  /**
   * Files attached to this message upstream (for helpdesks where files belong to
   * messages). The gateway appends a link to each to the body, in the kit's
   * `[name](attachment:<id>)` form, so they show with the message.
   */
  attachments?: BackendAttachment[];
}

export interface BackendTicketDetail {
  ticket: BackendTicket;
  /** The original description, as the customer may see it; '' when none. */
  body: string;
  /** Oldest first, every message of the ticket (classification included); the gateway filters. */
  messages: BackendMessage[];
}

export interface BackendAttachment {
  id: string;
  filename: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** ISO 8601, or null when unknown. */
  createdAt: string | null;
  /**
   * `'public'` for files the customer may see (uploaded by them, or attached to
   * a customer-visible message). Files known only from internal notes, drafts or
   * unsent replies are `'internal'` and never listed or served.
   */
  visibility: 'public' | 'internal';
}

/** Where the gateway sends the browser to download a file. */
export type BackendDownload =
  /**
   * A URL that is short-lived (minutes) and signed upstream, safe to hand to the
   * browser as is. Never use this for public or permanent links.
   */
  | { kind: 'url'; url: string; expiresAt: string }
  /**
   * The bytes, fetched upstream with the adapter's credentials. The gateway serves
   * them behind its own short-lived signed URL, with `Content-Disposition:
   * attachment` unless the type is a raster image, `nosniff` and a sandbox CSP.
   */
  | { kind: 'stream'; open: (signal: AbortSignal) => Promise<ReadableStream<Uint8Array>> };

export interface BackendArticle {
  id: string;
  title: string;
  /** Plain text, a sentence or two. */
  snippet: string;
  /** Absolute http(s) URL the customer can open. */
  url: string;
}

// ---------------------------------------------------------------------------
// What the helpdesk can do
// ---------------------------------------------------------------------------

export interface BackendStatus {
  /** Portal status key: `open`, `pending`, `resolved`, `closed`, or a custom snake_case key. */
  key: string;
  /** Customer-facing label in the helpdesk's language; the kit prefers a host translation when it has one. */
  label: string;
  /** CSS colour, when the helpdesk defines one. */
  color?: string | null;
  /** Counts as finished: replies may be refused, "Reopen" and rating apply. */
  closed: boolean;
}

export type RatingScale = 'thumbs' | 'scale5' | 'scale10';

export interface FormCategory {
  id: string;
  name: string;
  description?: string | null;
}

export interface FormPriority {
  key: string;
  label: string;
}

export type FormFieldType = 'text' | 'textarea' | 'number' | 'boolean' | 'date' | 'select' | 'multiselect' | 'url';

export interface FormField {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** For `select` and `multiselect`: the allowed values and their labels. */
  options?: { value: string; label: string }[];
  placeholder?: string | null;
  helpText?: string | null;
  /** Shown read-only on the ticket detail once filed. */
  showInDetail?: boolean;
  /**
   * `false`: a display-only field (with `showInDetail`): listed so its value can
   * be shown, but never asked on the form nor accepted on create. Default true.
   */
  showOnCreate?: boolean;
}

/** What the new-ticket form may ask (the gateway validates creates against it). */
export interface BackendForm {
  categories: FormCategory[];
  priorities: FormPriority[];
  /** Only fields a customer may fill; never agent-only fields. */
  fields: FormField[];
}

export interface BackendCapabilities {
  /** Short machine name: `dispatch`, `switchlabs`, `answerpal`, … */
  backend: string;
  statuses: BackendStatus[];
  /** Server-side text search over the customer's tickets. */
  search: boolean;
  /** More than one status per list request (the adapter may filter in the gateway). */
  multiStatus: boolean;
  /** `closeTicket` / `reopenTicket` are implemented and allowed for customers. */
  close: boolean;
  reopen: boolean;
  /** `getForm` answers with categories, priorities and/or fields. */
  form: boolean;
  /**
   * Files: `'ticket'` when files belong to the ticket (uploaded before or after
   * a message), `'message'` when they can only hang off a message (the gateway
   * then holds a per-ticket upload until the reply that uses it), or `false`.
   */
  attachments: 'ticket' | 'message' | false;
  /** Limits the helpdesk enforces; the gateway may be stricter. */
  limits: { maxFileSize: number; maxFiles: number; titleMaxLength: number; bodyMaxLength: number; accept?: string[] };
  /** `searchArticles` is implemented (a knowledge base the customer may read). */
  articles: boolean;
  /** `parseWebhook` is implemented. */
  webhooks: boolean;
  /**
   * The helpdesk's own satisfaction scale (e.g. its survey settings), or null
   * when its surveys are off. The gateway uses it unless the host sets one.
   */
  rating?: RatingScale | null;
}

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

/** A file the customer uploaded to the gateway, ready to be sent upstream. */
export interface StagedFile {
  /** The gateway's own id (what the browser knows). */
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Streams the bytes from the gateway's blob store; may be called again on a retry. */
  open(): Promise<ReadableStream<Uint8Array>>;
}

export interface ListTicketsQuery {
  /** Portal status keys; empty means all. */
  statuses: string[];
  /** Free text, trimmed, or null. Only when `capabilities.search`. */
  search: string | null;
  sort: 'createdAt' | 'updatedAt';
  order: 'asc' | 'desc';
  /** 1–50. */
  limit: number;
  /**
   * The adapter's own `next` from the previous page, or null for the first.
   * The gateway signs it before it leaves the server and verifies it (and that
   * it belongs to this customer and these filters) before handing it back, so
   * an adapter can trust its shape.
   */
  cursor: JsonValue | null;
}

export interface ListTicketsResult {
  tickets: BackendTicket[];
  /** Paging state for the next page, or null on the last page. */
  next: JsonValue | null;
}

/** A create, already validated by the gateway against {@link BackendForm} and the limits. */
export interface CreateTicketInput {
  title: string;
  /** '' when the customer left it empty. */
  body: string;
  priority: string | null;
  categoryId: string | null;
  /** Only keys of the form's fields, values coerced to the field type. */
  customFields: Record<string, JsonValue>;
  files: StagedFile[];
}

export interface AddMessageInput {
  /** The customer's text, with links to `files` removed when files belong to messages. */
  body: string;
  /** Files to attach to this message (only when `capabilities.attachments === 'message'`). */
  files: StagedFile[];
}

export interface RatingInput {
  scale: RatingScale;
  /** thumbs: 1 or -1; scale5: 1–5; scale10: 1–10. */
  rating: number;
  comment: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/** An event from a helpdesk webhook, mapped to portal terms. */
export type BackendEvent =
  | { type: 'ticket.created'; ticket: BackendTicket }
  | { type: 'ticket.updated'; ticket: BackendTicket }
  | { type: 'comment.created'; ticketId: string; customerId: string | null; message: BackendMessage };

// ---------------------------------------------------------------------------
// Context the gateway gives every call
// ---------------------------------------------------------------------------

/**
 * Small durable key-value state for the adapter, namespaced to it by the
 * gateway and shared by every gateway instance (it lives in the gateway's
 * store: Redis when configured). Use it for facts the helpdesk can't keep,
 * e.g. which upstream messages this gateway posted for a customer.
 */
export interface AdapterState {
  get<T extends JsonValue>(key: string): Promise<T | null>;
  /** `ttlSeconds` omitted: kept until deleted. */
  set(key: string, value: JsonValue, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds to a set (created if missing). */
  addToSet(key: string, member: string, ttlSeconds?: number): Promise<void>;
  members(key: string): Promise<string[]>;
}

export interface BackendContext {
  /** The signed-in customer (from a token the gateway signed). Absent only for `resolveCustomer` and webhooks. */
  customer: BackendCustomer;
  /** Aborted when the browser goes away or the gateway's upstream timeout passes. */
  signal: AbortSignal;
  /** The gateway's request id, for upstream logs. */
  requestId: string;
  state: AdapterState;
  /**
   * The browser's `X-Idempotency-Key` for this write (creates and replies),
   * when it sent one. Adapters of helpdesks that honour idempotency keys
   * upstream derive theirs from it (with the customer and operation), so a
   * retry after a lost response replays instead of writing twice.
   */
  idempotencyKey?: string;
}

// ---------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------

/**
 * A helpdesk behind the gateway. Required methods are what every portal needs;
 * optional ones exist when the matching capability says so (the gateway checks
 * at start-up and answers the others with 404 `NOT_SUPPORTED`).
 *
 * @example
 * const backend: PortalBackend = {
 *   name: 'acme-desk',
 *   capabilities: async () => ({ backend: 'acme-desk', statuses: [...], search: false, ... }),
 *   resolveCustomer: async ({ email, name }) => ...,
 *   listTickets: async (ctx, query) => ...,
 *   getTicket: async (ctx, id) => ...,
 *   getTicketDetail: async (ctx, id) => ...,
 *   createTicket: async (ctx, input) => ...,
 *   addMessage: async (ctx, ticket, input) => ...,
 * };
 */
export interface PortalBackend {
  /** Short machine name, used in logs and `capabilities.backend`. */
  readonly name: string;

  /**
   * What this helpdesk can do. Called at start-up and cached by the gateway
   * (re-read every few minutes, so custom statuses added upstream appear).
   */
  capabilities(ctx: Omit<BackendContext, 'customer'>): Promise<BackendCapabilities>;

  /**
   * Finds the customer by email, creating them if missing (sign-in, token issue,
   * magic link). Must not create a second customer for an email that exists;
   * throws `BackendError('conflict')` when the helpdesk has several and can't
   * tell which, and `BackendError('forbidden')` for a customer blocked upstream.
   */
  resolveCustomer(ctx: Omit<BackendContext, 'customer'>, input: { email: string; name: string | null }): Promise<BackendCustomer>;

  /** A page of the customer's visible tickets. */
  listTickets(ctx: BackendContext, query: ListTicketsQuery): Promise<ListTicketsResult>;

  /** One ticket (no messages), or null when it doesn't exist or isn't visible to customers (spam, deleted, merged). */
  getTicket(ctx: BackendContext, ticketId: string): Promise<BackendTicket | null>;

  /**
   * The ticket with its body and every message. May read the ticket and its
   * messages in parallel: the gateway discards everything if the ticket is not
   * the customer's. Null as for {@link getTicket}.
   */
  getTicketDetail(ctx: BackendContext, ticketId: string): Promise<BackendTicketDetail | null>;

  /** Creates a ticket for `ctx.customer` with the files attached. Called at most once per idempotency key. */
  createTicket(ctx: BackendContext, input: CreateTicketInput): Promise<BackendTicket>;

  /**
   * Adds the customer's reply to a ticket the gateway has checked is theirs.
   * Returns the stored message (classified `public`, author `customer`).
   * Throws `BackendError('refused', { code: 'TICKET_CLOSED' })` when the
   * helpdesk won't take replies on this ticket.
   */
  addMessage(ctx: BackendContext, ticket: BackendTicket, input: AddMessageInput): Promise<BackendMessage>;

  /** Marks the ticket solved. `BackendError('conflict')` when already closed. */
  closeTicket?(ctx: BackendContext, ticket: BackendTicket): Promise<BackendTicket>;

  /** Reopens a closed/resolved ticket. `BackendError('refused', { code })` when not allowed (e.g. `REOPEN_WINDOW_PASSED`). */
  reopenTicket?(ctx: BackendContext, ticket: BackendTicket): Promise<BackendTicket>;

  /** The new-ticket form schema (customer-fillable fields only). */
  getForm?(ctx: Omit<BackendContext, 'customer'>): Promise<BackendForm>;

  /** Customer-visible files of the ticket (`ticket` mode: the ticket's; `message` mode: those of public messages). */
  listAttachments?(ctx: BackendContext, ticket: BackendTicket): Promise<BackendAttachment[]>;

  /** How to download one file of a ticket the gateway has checked; null when unknown or not visible. */
  getDownload?(
    ctx: BackendContext,
    ticket: BackendTicket,
    attachmentId: string,
  ): Promise<{ attachment: BackendAttachment; download: BackendDownload } | null>;

  /**
   * `attachments: 'ticket'` only: sends a confirmed upload to the ticket now
   * (the per-ticket upload flow). Returns the upstream attachment, whose id the
   * browser uses from then on (e.g. in `attachment:<id>` links of its reply).
   */
  attachFile?(ctx: BackendContext, ticket: BackendTicket, file: StagedFile): Promise<BackendAttachment>;

  /**
   * Delivers a rating to the team in a form they see in their helpdesk (an
   * internal note with the score and comment, or a custom field). The gateway
   * has already stored it; a failure here is retried and reported, never shown
   * to the customer as a failed rating.
   */
  deliverRating?(ctx: BackendContext, ticket: BackendTicket, rating: RatingInput): Promise<void>;

  /** Published articles matching the text (never drafts). */
  searchArticles?(ctx: Omit<BackendContext, 'customer'>, query: string, limit: number): Promise<BackendArticle[]>;

  /**
   * Verifies and maps one webhook delivery. Throw `BackendError('unauthorized')`
   * for a missing or bad signature, `BackendError('invalid')` for a malformed or
   * replayed one. Events for messages carry their classification; the gateway
   * fans out only public ones, to the ticket's owner only.
   */
  parseWebhook?(ctx: Omit<BackendContext, 'customer'>, request: { headers: Headers; rawBody: Uint8Array }): Promise<BackendEvent[]>;
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * What went wrong upstream, in the gateway's terms. The gateway maps each kind
 * to the portal's error envelope with its own message and code:
 *
 * | kind | to the browser |
 * |---|---|
 * | `not_found` | 404 `NOT_FOUND` |
 * | `invalid` | 400 `VALIDATION_ERROR` with `fieldErrors` (field names the portal's) |
 * | `conflict` | 409 `CONFLICT` (`code` when given, e.g. `ALREADY_CLOSED`) |
 * | `refused` | 409 with `code` (e.g. `TICKET_CLOSED`, `REOPEN_WINDOW_PASSED`) |
 * | `forbidden` | 403 `FORBIDDEN` (e.g. a customer blocked upstream) |
 * | `unauthorized` | webhooks: 401; elsewhere the upstream credential failed: 502 `UPSTREAM_AUTH` |
 * | `rate_limited` | 503 with the gateway's own `Retry-After` |
 * | `unavailable` | 502/503/504 `UPSTREAM_UNAVAILABLE` (5xx, timeout, network, bad body) |
 * | `misconfigured` | 502 `UPSTREAM_CONFIG` (missing scope, wrong base URL) |
 */
export type BackendErrorKind =
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'refused'
  | 'forbidden'
  | 'unauthorized'
  | 'rate_limited'
  | 'unavailable'
  | 'misconfigured';

export interface BackendErrorInit {
  /** Portal-facing code, e.g. `TICKET_CLOSED`. Never upstream text. */
  code?: string;
  /** Portal field names → portal-facing messages (the gateway may replace messages with its own). */
  fieldErrors?: { field: string; message: string }[];
  /** Seconds, for `rate_limited`. */
  retryAfter?: number;
  /** Whether repeating the call cannot cause a duplicate (GETs; writes the helpdesk rejected before committing). */
  safeToRetry?: boolean;
  /** Upstream status, code, message, URL… for the host's `onError` only. */
  cause?: unknown;
}

export class BackendError extends Error {
  override name = 'BackendError';
  declare readonly kind: BackendErrorKind;
  declare readonly code: string | null;
  declare readonly fieldErrors: { field: string; message: string }[];
  declare readonly retryAfter: number | null;
  declare readonly safeToRetry: boolean;

  constructor(kind: BackendErrorKind, init: BackendErrorInit = {}) {
    // The message is for logs; it never reaches a browser.
    super(`${kind}${init.code ? ` (${init.code})` : ''}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.code = init.code ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfter = init.retryAfter ?? null;
    this.safeToRetry = init.safeToRetry ?? false;
  }
}

export const isBackendError = (e: unknown): e is BackendError => e instanceof BackendError;
