import {
  BackendError,
  type AddMessageInput,
  type BackendArticle,
  type BackendCapabilities,
  type BackendContext,
  type BackendCustomer,
  type BackendMessage,
  type BackendStatus,
  type BackendTicket,
  type BackendTicketDetail,
  type CreateTicketInput,
  type ListTicketsQuery,
  type PortalBackend,
  type RatingInput,
} from '../../gateway/backend';
import { createUpstream, type UpstreamRequest } from '../../gateway/upstream';
import { snippetOf, stripInstallLinks } from './text';
import { MAX_PAGE, parseState, traverse, type TraversalRow } from './traverse';
import {
  articleBody,
  conversationBody,
  customerIdOf,
  idOf,
  isDeleted,
  isRaw,
  list,
  pageOf,
  PORTAL_STATUSES,
  single,
  SINGLE_UPSTREAM_STATUS,
  strOf,
  ticketDescription,
  timeOf,
  toMessage,
  toTicket,
  unnamedAuthors,
  type Raw,
} from './wire';

/** Something the host should know about (log it); never carries customer text or the API key. */
export interface SwitchLabsWarning {
  code:
    | 'SWITCHLABS_CURSOR_TIE_OVERFLOW'
    | 'SWITCHLABS_DUPLICATE_CUSTOMER'
    | 'SWITCHLABS_FOREIGN_ROW'
    | 'SWITCHLABS_UNKNOWN_STATUS'
    | 'SWITCHLABS_REOPEN_FAILED'
    | 'SWITCHLABS_CREATE_RECOVERED';
  message: string;
  detail?: Record<string, unknown>;
}

export interface SwitchLabsOptions {
  /**
   * The install's REST base, including `/api/v1`.
   *
   * @example 'https://support.acme.com/api/v1'
   */
  baseUrl: string;
  /** An org API key (`rk_live_…`). Server-side only: never logged, never sent anywhere but `baseUrl`. */
  apiKey: string;
  /**
   * How staff are named to customers: `none` ("Support team"), `first` name (default) or `full` name.
   *
   * @example 'full'
   */
  agentName?: 'none' | 'first' | 'full';
  /** The status "Mark as solved" sets upstream. Default `closed`. */
  closeStatus?: 'closed' | 'resolved';
  /** After a customer reply on a `pending` or `resolved` ticket, set it back to `open`. Default true. */
  reopenOnReply?: boolean;
  /** A reply on a `closed` ticket: refused (`TICKET_CLOSED`, default) or the ticket is reopened first. */
  replyOnClosed?: 'refuse' | 'reopen';
  /** Show automatic `system` records (e.g. "Status changed") in the thread. Default false. */
  showSystemMessages?: boolean;
  /** Customer-facing status labels (the kit prefers a host translation when it has one). */
  statusLabels?: Partial<Record<(typeof PORTAL_STATUSES)[number], string>>;
  /**
   * Where customers read a published article: a template with `{id}` and/or `{slug}`, or a function.
   * Article suggestions are off without it (the REST API documents no public article URL).
   * Prefer `{id}`: the REST API's articles carry no `slug` unless it returns its full model,
   * and an article without one is left out rather than linked wrongly.
   *
   * @example 'https://help.acme.com/articles/{id}'
   */
  articleUrl?: string | ((article: { id: string; slug: string | null; title: string }) => string);
  /** Tags added to tickets filed through the portal, e.g. `['portal']` for routing. */
  ticketTags?: string[];
  /** Rows per upstream list request, 1–100. Default 50. */
  pageSize?: number;
  /** Notable upstream anomalies (duplicate customers, cursor ties too large to page, foreign rows, unknown statuses). */
  onWarning?: (warning: SwitchLabsWarning) => void;
  /** Per upstream attempt, ms. Default 15 000. */
  timeoutMs?: number;
  /** Retries of reads after a 5xx, timeout or network failure. Default 2. */
  retries?: number;
  /** Fetch to use (tests, instrumentation). Default the global one. */
  fetch?: typeof fetch;
}

type Ctx = Omit<BackendContext, 'customer'>;

const DEFAULT_LABELS = { open: 'Open', pending: 'Awaiting your reply', resolved: 'Resolved', closed: 'Closed' } as const;
const CLOSED_STATUSES = new Set(['resolved', 'closed']);
/** A lost create is looked for among tickets and replies this recent (generous: the two clocks differ). */
const RECOVERY_WINDOW_MS = 10 * 60_000;
const USER_CACHE_MS = 10 * 60_000;
/** Parallel detail reads when confirming search hits: kind to the install's rate limit. */
const CONFIRM_CONCURRENCY = 4;

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Keys the adapter keeps in the gateway's durable state (the API can't keep them):
 * which conversations this gateway posted for a customer (the API posts as the
 * key's agent), the customer's login user id, the tickets filed through the portal.
 */
const stateKey = {
  mine: (customerId: string, ticketId: string) => `mine:${customerId}:${ticketId}`,
  userId: (customerId: string) => `user:${customerId}`,
  filed: (customerId: string) => `filed:${customerId}`,
};

/**
 * The gateway adapter for a Switch Labs CRM install (REST v1, org API key).
 *
 * The API has no customer-scoped credential, no idempotency, no attachments
 * and no way to post as the customer; the gateway supplies scoping,
 * visibility, idempotency and authorship, and this adapter maps the rest.
 *
 * @example
 * const gateway = createPortalGateway({
 *   backend: switchLabs({ baseUrl: 'https://support.acme.com/api/v1', apiKey: process.env.SWITCHLABS_API_KEY! }),
 *   secret: process.env.PORTAL_GATEWAY_SECRET!,
 * });
 */
export function switchLabs(options: SwitchLabsOptions): PortalBackend {
  const baseUrl = new URL(options.baseUrl);
  if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:') throw new TypeError('switchLabs: baseUrl must be an http(s) URL.');
  if (!options.apiKey || /\s/.test(options.apiKey)) throw new TypeError('switchLabs: apiKey is required.');
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE) throw new TypeError('switchLabs: pageSize must be an integer from 1 to 100.');
  const agentPolicy = options.agentName ?? 'first';
  const closeStatus = options.closeStatus ?? 'closed';
  const reopenOnReply = options.reopenOnReply ?? true;
  const replyOnClosed = options.replyOnClosed ?? 'refuse';
  const articleUrl = articleUrlBuilder(options.articleUrl);
  const keepPrefixes = typeof options.articleUrl === 'string' ? [options.articleUrl.split('{')[0] ?? ''].filter(Boolean) : [];
  const installOrigin = baseUrl.origin;
  const apiKey = options.apiKey;
  const warn = (w: SwitchLabsWarning) => options.onWarning?.(w);
  const onUnknownStatus = (value: string) => warn({ code: 'SWITCHLABS_UNKNOWN_STATUS', message: 'Unknown ticket status read as open.', detail: { status: value } });

  const upstream = createUpstream({
    baseUrl: baseUrl.href,
    headers: () => ({ Authorization: `Bearer ${apiKey}` }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    // tRPC's envelope means the base URL misses `/v1`: configuration, not a missing record.
    classify: (_status, body) => (isRaw(body) && isRaw(body.error) && 'json' in body.error ? 'misconfigured' : undefined),
  });

  async function call(ctx: Ctx, req: UpstreamRequest & { collection?: boolean }): Promise<unknown> {
    const { collection, ...rest } = req;
    try {
      return (await upstream.json({ ...rest, signal: ctx.signal, headers: { 'X-Request-Id': ctx.requestId } })).data;
    } catch (e) {
      // A 404 on a collection path means a wrong base URL, not an empty result.
      if (collection && e instanceof BackendError && e.kind === 'not_found') throw new BackendError('misconfigured', { cause: e.cause });
      throw e;
    }
  }

  /** Writes refused with 400: field errors in the portal's names, nothing committed. */
  function rethrowWithFields(e: unknown, fields: Record<string, string>): never {
    if (e instanceof BackendError && e.kind === 'invalid') {
      const cause = e.cause as { body?: unknown } | undefined;
      const details = isRaw(cause?.body) && isRaw(cause.body.error) && isRaw(cause.body.error.details) ? cause.body.error.details : {};
      const upstreamFields = isRaw(details.fields) ? details.fields : {};
      const fieldErrors = Object.keys(upstreamFields)
        .filter((f) => f in fields)
        .map((f) => ({ field: fields[f] as string, message: 'This value was not accepted.' }));
      throw new BackendError('invalid', { fieldErrors, safeToRetry: true, cause: e.cause });
    }
    throw e;
  }

  const agentName = (full: string | null): string | null => {
    if (!full || agentPolicy === 'none') return null;
    return agentPolicy === 'full' ? full : (full.split(/\s+/)[0] ?? null);
  };

  const userNames = new Map<string, { name: string | null; at: number }>();
  async function namesOf(ctx: Ctx, ids: string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    if (agentPolicy === 'none') return out;
    const now = Date.now();
    await Promise.all(
      ids.map(async (id) => {
        const cached = userNames.get(id);
        if (cached && now - cached.at < USER_CACHE_MS) return out.set(id, cached.name);
        let name: string | null = null;
        try {
          const user = single(await call(ctx, { path: `/users/${encodeURIComponent(id)}` }));
          name = strOf(user.name)?.trim() || null;
        } catch {
          // Unknown user or no `users:read` scope: "Support team".
        }
        if (userNames.size > 1000) userNames.clear();
        userNames.set(id, { name, at: now });
        out.set(id, name);
      }),
    );
    return out;
  }

  // -- customers ------------------------------------------------------------------------

  async function findCustomers(ctx: Ctx, email: string): Promise<Raw[]> {
    const exact = (rows: Raw[]) => rows.filter((r) => typeof r.email === 'string' && normaliseEmail(r.email) === email && !isDeleted(r));
    const byEmail = exact(list(await call(ctx, { path: '/customers', query: { email, limit: 25 }, collection: true })).rows);
    if (byEmail.length) return byEmail;
    // An install matching emails exactly misses `Jane@Example.com`: search (name/email) and compare normalised.
    return exact(list(await call(ctx, { path: '/customers', query: { search: email, limit: 100 }, collection: true })).rows);
  }

  function oneCustomer(rows: Raw[]): Raw | null {
    if (rows.length > 1) {
      warn({ code: 'SWITCHLABS_DUPLICATE_CUSTOMER', message: 'Several Switch Labs customers share this email; refusing to pick one.', detail: { ids: rows.map((r) => idOf(r.id)) } });
      throw new BackendError('conflict', { code: 'DUPLICATE_CUSTOMER', safeToRetry: true });
    }
    return rows[0] ?? null;
  }

  async function upsertCustomer(ctx: Ctx, email: string, name: string | null): Promise<Raw> {
    let found = oneCustomer(await findCustomers(ctx, email));
    if (!found) {
      try {
        found = single(await call(ctx, { method: 'POST', path: '/customers', body: { email, ...(name ? { name } : {}) }, collection: true }));
      } catch (e) {
        // Created meanwhile (another sign-in) or a duplicate the lookup missed: look again and use the hit.
        if (!(e instanceof BackendError) || !['invalid', 'conflict'].includes(e.kind)) throw e;
        found = oneCustomer(await findCustomers(ctx, email));
        if (!found) throw e;
      }
    }
    if (found.status === 'blocked') throw new BackendError('forbidden', { code: 'CUSTOMER_BLOCKED', safeToRetry: true });
    const userId = idOf(found.user_id);
    const id = idOf(found.id);
    if (!id) throw new BackendError('unavailable', { cause: { reason: 'Switch Labs: customer without id' } });
    if (userId) await ctx.state.set(stateKey.userId(id), userId);
    return found;
  }

  // -- tickets ------------------------------------------------------------------------

  const fetchTicket = async (ctx: Ctx, id: string): Promise<Raw | null> => {
    try {
      const raw = single(await call(ctx, { path: `/tickets/${encodeURIComponent(id)}` }));
      return isDeleted(raw) ? null : raw;
    } catch (e) {
      if (e instanceof BackendError && e.kind === 'not_found') return null;
      throw e;
    }
  };

  const textMatches = (terms: string[], ...texts: string[]) => {
    const hay = texts.join('\n').toLowerCase();
    return terms.every((t) => hay.includes(t));
  };

  async function listTickets(ctx: BackendContext, query: ListTicketsQuery) {
    const customerId = ctx.customer.id;
    const wanted = new Set(query.statuses.filter(Boolean));
    // One upstream status when the portal's filter means exactly one; otherwise filter here.
    const single_ = wanted.size === 1 ? SINGLE_UPSTREAM_STATUS[[...wanted][0] as string] : undefined;
    const search = query.search?.trim() || null;
    const terms = search ? search.toLowerCase().split(/\s+/) : [];
    const timeField = query.sort === 'updatedAt' ? 'updated_at' : 'created_at';
    const { items, next } = await traverse<Raw>({
      dir: query.order,
      pageSize,
      want: query.limit,
      start: parseState(query.cursor),
      fetchPage: async (cursor, limit) =>
        pageOf(
          await call(ctx, {
            path: '/tickets',
            query: { customer_id: customerId, status: single_, search: search ?? undefined, order_by: timeField, order_dir: query.order, limit, cursor },
            collection: true,
          }),
          timeField,
        ),
      accept: async (rows) => {
        const keep = rows.map(({ raw }) => {
          if (isDeleted(raw)) return false;
          if (customerIdOf(raw) !== customerId) {
            warn({ code: 'SWITCHLABS_FOREIGN_ROW', message: 'GET /tickets returned another customer’s ticket despite customer_id; dropped.', detail: { ticketId: idOf(raw.id) } });
            return false;
          }
          return wanted.size === 0 || wanted.has(toTicket(raw, onUnknownStatus).status);
        });
        if (!terms.length) return keep;
        // The API's search also matches agent-only text (its summary): keep only hits the customer can see,
        // reading the description of hits the subject doesn't explain (a few at a time).
        return mapLimit(rows, CONFIRM_CONCURRENCY, async ({ raw }, i) => {
          if (!keep[i]) return false;
          if (textMatches(terms, strOf(raw.subject) ?? '', ticketDescription(raw))) return true;
          const detail = await fetchTicket(ctx, idOf(raw.id) ?? '');
          return detail !== null && textMatches(terms, strOf(detail.subject) ?? '', ticketDescription(detail));
        });
      },
      onOverflow: (detail) =>
        warn({ code: 'SWITCHLABS_CURSOR_TIE_OVERFLOW', message: 'More tickets share one timestamp than the API can page; some were skipped.', detail: { customerId, ...detail } }),
    });
    return { tickets: items.map((r) => toTicket(r.raw, onUnknownStatus)), next };
  }

  async function getTicket(ctx: BackendContext, ticketId: string): Promise<BackendTicket | null> {
    const raw = await fetchTicket(ctx, ticketId);
    return raw ? toTicket(raw, onUnknownStatus) : null;
  }

  async function conversationsOf(ctx: Ctx, ticketId: string): Promise<TraversalRow<Raw>[]> {
    const { items } = await traverse<Raw>({
      dir: 'asc',
      pageSize,
      want: null,
      start: null,
      fetchPage: async (cursor, limit) =>
        // `internal=false` trims the payload; visibility is still decided by the allowlist.
        pageOf(await call(ctx, { path: '/conversations', query: { ticket_id: ticketId, internal: false, limit, cursor }, collection: true }), 'created_at'),
      accept: (rows) => rows.map(() => true),
      onOverflow: (detail) =>
        warn({ code: 'SWITCHLABS_CURSOR_TIE_OVERFLOW', message: 'More conversations share one timestamp than the API can page; some were skipped.', detail: { ticketId, ...detail } }),
    });
    return items;
  }

  async function classify(ctx: BackendContext, ticketId: string, rows: Raw[]): Promise<BackendMessage[]> {
    const customer = ctx.customer;
    const [mine, userId] = await Promise.all([ctx.state.members(stateKey.mine(customer.id, ticketId)), ctx.state.get<string>(stateKey.userId(customer.id))]);
    const staffIds = unnamedAuthors(rows).filter((id) => id !== customer.id && id !== userId);
    const names = await namesOf(ctx, staffIds);
    const messages = rows.map((raw) => {
      if (idOf(raw.ticket_id) !== ticketId) {
        warn({ code: 'SWITCHLABS_FOREIGN_ROW', message: 'GET /conversations returned another ticket’s conversation; reported as internal.', detail: { ticketId, conversationId: idOf(raw.id) } });
      }
      return toMessage(raw, {
        ticketId,
        customer: { id: customer.id, email: normaliseEmail(customer.email), userId },
        mine: new Set(mine),
        showSystem: options.showSystemMessages ?? false,
        agentName,
        userNames: names,
        body: (r) => stripInstallLinks(conversationBody(r), installOrigin, keepPrefixes),
      });
    });
    // Oldest first, whatever order the pages came in.
    return messages.map((m, i) => ({ m, i })).sort((a, b) => Date.parse(a.m.createdAt) - Date.parse(b.m.createdAt) || a.i - b.i).map(({ m }) => m);
  }

  async function getTicketDetail(ctx: BackendContext, ticketId: string): Promise<BackendTicketDetail | null> {
    const [ticket, conversations] = await Promise.allSettled([fetchTicket(ctx, ticketId), conversationsOf(ctx, ticketId)]);
    if (ticket.status === 'rejected') throw ticket.reason;
    if (ticket.value === null) return null;
    if (conversations.status === 'rejected') throw conversations.reason;
    return {
      ticket: toTicket(ticket.value, onUnknownStatus),
      body: stripInstallLinks(ticketDescription(ticket.value), installOrigin, keepPrefixes),
      messages: await classify(ctx, ticketId, conversations.value.map((r) => r.raw)),
    };
  }

  const noFiles = (files: unknown[]) => {
    // No attachment endpoint exists in this API; capabilities say so and the gateway never sends files.
    if (files.length) throw new BackendError('invalid', { code: 'ATTACHMENTS_NOT_SUPPORTED', fieldErrors: [{ field: 'files', message: 'Attachments are not supported.' }], safeToRetry: true });
  };

  /** After a POST whose answer was lost, finds what it created (if it did) instead of posting again. */
  async function recoverTicket(ctx: BackendContext, input: CreateTicketInput, startedAt: number): Promise<BackendTicket | null> {
    const known = new Set(await ctx.state.members(stateKey.filed(ctx.customer.id)));
    const { rows } = list(
      await call(ctx, { path: '/tickets', query: { customer_id: ctx.customer.id, search: input.title.slice(0, 200), order_by: 'created_at', order_dir: 'desc', limit: 25 }, collection: true }),
    );
    const candidates = rows.filter((r) => {
      const id = idOf(r.id);
      const at = timeOf(r.created_at);
      return id && !known.has(id) && r.subject === input.title && customerIdOf(r) === ctx.customer.id && at !== null && Math.abs(at - startedAt) < RECOVERY_WINDOW_MS;
    });
    if (candidates.length !== 1) return null;
    const detail = await fetchTicket(ctx, idOf(candidates[0]?.id) ?? '');
    if (!detail || ticketDescription(detail).trim() !== input.body.trim()) return null;
    return toTicket(detail, onUnknownStatus);
  }

  async function createTicket(ctx: BackendContext, input: CreateTicketInput): Promise<BackendTicket> {
    noFiles(input.files);
    const email = normaliseEmail(ctx.customer.email);
    const customer = await upsertCustomer(ctx, email, ctx.customer.name);
    if (idOf(customer.id) !== ctx.customer.id) {
      // The upstream customer was replaced since sign-in: the ticket would belong to someone the session isn't.
      throw new BackendError('conflict', { code: 'CUSTOMER_CHANGED', safeToRetry: true });
    }
    const startedAt = Date.now();
    let ticket: BackendTicket;
    try {
      const raw = single(
        await call(ctx, {
          method: 'POST',
          path: '/tickets',
          body: { subject: input.title, description: input.body, customer_email: email, ...(options.ticketTags?.length ? { tags: options.ticketTags } : {}) },
          collection: true,
        }),
      );
      ticket = toTicket(raw, onUnknownStatus);
    } catch (e) {
      if (!(e instanceof BackendError) || e.kind !== 'unavailable' || e.safeToRetry) rethrowWithFields(e, { subject: 'title', description: 'body' });
      // The answer was lost after the request went out: it may have been created. Look once; never post again.
      const found = await recoverTicket(ctx, input, startedAt).catch(() => null);
      if (!found) throw e;
      warn({ code: 'SWITCHLABS_CREATE_RECOVERED', message: 'A ticket create lost its answer; found the created ticket.', detail: { ticketId: found.id } });
      ticket = found;
    }
    await ctx.state.addToSet(stateKey.filed(ctx.customer.id), ticket.id);
    return ticket;
  }

  async function recoverReply(ctx: BackendContext, ticketId: string, body: string, startedAt: number): Promise<Raw | null> {
    const mine = new Set(await ctx.state.members(stateKey.mine(ctx.customer.id, ticketId)));
    const rows = (await conversationsOf(ctx, ticketId)).map((r) => r.raw);
    const candidates = rows.filter((r) => {
      const id = idOf(r.id);
      const at = timeOf(r.created_at);
      return id && !mine.has(id) && r.internal === false && conversationBody(r).trim() === body.trim() && at !== null && Math.abs(at - startedAt) < RECOVERY_WINDOW_MS;
    });
    return candidates.length === 1 ? (candidates[0] as Raw) : null;
  }

  async function setStatus(ctx: BackendContext, ticketId: string, status: string): Promise<BackendTicket> {
    const raw = single(await call(ctx, { method: 'PATCH', path: `/tickets/${encodeURIComponent(ticketId)}`, body: { status }, idempotent: true }));
    return toTicket(raw, onUnknownStatus);
  }

  async function addMessage(ctx: BackendContext, ticket: BackendTicket, input: AddMessageInput): Promise<BackendMessage> {
    noFiles(input.files);
    if (ticket.status === 'closed') {
      if (replyOnClosed === 'refuse') throw new BackendError('refused', { code: 'TICKET_CLOSED', safeToRetry: true });
      await setStatus(ctx, ticket.id, 'open');
    }
    const startedAt = Date.now();
    let raw: Raw;
    try {
      raw = single(await call(ctx, { method: 'POST', path: '/conversations', body: { ticket_id: ticket.id, content: input.body, type: 'reply', internal: false }, collection: true }));
    } catch (e) {
      if (!(e instanceof BackendError) || e.kind !== 'unavailable' || e.safeToRetry) rethrowWithFields(e, { content: 'body' });
      const found = await recoverReply(ctx, ticket.id, input.body, startedAt).catch(() => null);
      if (!found) throw e;
      warn({ code: 'SWITCHLABS_CREATE_RECOVERED', message: 'A reply lost its answer; found the created conversation.', detail: { ticketId: ticket.id, conversationId: idOf(found.id) } });
      raw = found;
    }
    const id = idOf(raw.id);
    if (!id) throw new BackendError('unavailable', { cause: { reason: 'Switch Labs: created conversation without id' } });
    // The API posts as the key's agent: remember that this one is the customer's.
    await ctx.state.addToSet(stateKey.mine(ctx.customer.id, ticket.id), id);
    if (reopenOnReply && (ticket.status === 'pending' || ticket.status === 'resolved')) {
      await setStatus(ctx, ticket.id, 'open').catch((cause: unknown) =>
        warn({ code: 'SWITCHLABS_REOPEN_FAILED', message: 'Reply posted, but the ticket could not be set back to open.', detail: { ticketId: ticket.id, cause: String(cause) } }),
      );
    }
    const [message] = await classify(ctx, ticket.id, [raw]);
    return message as BackendMessage;
  }

  async function closeTicket(ctx: BackendContext, ticket: BackendTicket): Promise<BackendTicket> {
    if (CLOSED_STATUSES.has(ticket.status)) throw new BackendError('conflict', { code: 'ALREADY_CLOSED', safeToRetry: true });
    return setStatus(ctx, ticket.id, closeStatus);
  }

  async function reopenTicket(ctx: BackendContext, ticket: BackendTicket): Promise<BackendTicket> {
    if (!CLOSED_STATUSES.has(ticket.status)) throw new BackendError('conflict', { code: 'NOT_CLOSED', safeToRetry: true });
    return setStatus(ctx, ticket.id, 'open');
  }

  /** The customer's rating as an internal note on the ticket, where agents see it (no email goes out for notes). */
  async function deliverRating(ctx: BackendContext, ticket: BackendTicket, rating: RatingInput): Promise<void> {
    const score = rating.scale === 'thumbs' ? (rating.rating > 0 ? 'thumbs up' : 'thumbs down') : `${rating.rating}/${rating.scale === 'scale5' ? 5 : 10}`;
    const comment = rating.comment?.trim();
    const content = `Customer rating (portal): ${score}${comment ? `\n\n${comment}` : ''}`;
    await call(ctx, { method: 'POST', path: '/conversations', body: { ticket_id: ticket.id, content, type: 'note', internal: true }, collection: true });
  }

  async function searchArticles(ctx: Ctx, query: string, limit: number): Promise<BackendArticle[]> {
    const text = query.trim();
    if (!text || !articleUrl) return [];
    const { rows } = list(
      await call(ctx, { path: '/articles', query: { status: 'published', search: text, limit: Math.min(MAX_PAGE, Math.max(25, limit * 2)) }, collection: true }),
    );
    const out: BackendArticle[] = [];
    for (const raw of rows) {
      const id = idOf(raw.id);
      // Re-checked here: the server's status filter is not an allowlist.
      if (!id || raw.status !== 'published' || isDeleted(raw)) continue;
      const title = strOf(raw.title)?.trim() ?? '';
      const url = articleUrl({ id, slug: strOf(raw.slug), title });
      if (!title || !url) continue;
      const excerpt = strOf(raw.excerpt)?.trim();
      out.push({ id, title, snippet: snippetOf(stripInstallLinks(excerpt || articleBody(raw), installOrigin, keepPrefixes)), url });
      if (out.length >= limit) break;
    }
    return out;
  }

  const statuses: BackendStatus[] = PORTAL_STATUSES.map((key) => ({ key, label: options.statusLabels?.[key] ?? DEFAULT_LABELS[key], closed: CLOSED_STATUSES.has(key) }));

  const backend: PortalBackend = {
    name: 'switchlabs',
    capabilities: async (): Promise<BackendCapabilities> => ({
      backend: 'switchlabs',
      statuses: statuses.map((s) => ({ ...s })),
      search: true,
      multiStatus: true,
      close: true,
      reopen: true,
      form: false,
      attachments: false,
      limits: { maxFileSize: 0, maxFiles: 0, titleMaxLength: 500, bodyMaxLength: 20_000 },
      articles: articleUrl !== null,
      webhooks: false,
    }),
    async resolveCustomer(ctx, input): Promise<BackendCustomer> {
      const email = normaliseEmail(input.email);
      const raw = await upsertCustomer(ctx, email, input.name?.trim() || null);
      return { id: idOf(raw.id) as string, email, name: strOf(raw.name)?.trim() || input.name?.trim() || null };
    },
    listTickets,
    getTicket,
    getTicketDetail,
    createTicket,
    addMessage,
    closeTicket,
    reopenTicket,
    deliverRating,
    ...(articleUrl ? { searchArticles } : {}),
  };
  return backend;
}

function articleUrlBuilder(option: SwitchLabsOptions['articleUrl']): ((a: { id: string; slug: string | null; title: string }) => string | null) | null {
  if (option === undefined) return null;
  const absolute = (url: string) => {
    try {
      const u = new URL(url);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch {
      return null;
    }
  };
  if (typeof option === 'function') return (a) => absolute(option(a));
  if (!absolute(option.replace(/\{(id|slug)\}/g, 'x'))) throw new TypeError('switchLabs: articleUrl must be an absolute http(s) URL template.');
  return (a) => {
    if (option.includes('{slug}') && !a.slug) return null;
    return absolute(option.replace(/\{id\}/g, encodeURIComponent(a.id)).replace(/\{slug\}/g, encodeURIComponent(a.slug ?? '')));
  };
}

