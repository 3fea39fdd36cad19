import {
  BackendError,
  isBackendError,
  type AddMessageInput,
  type BackendAttachment,
  type BackendCapabilities,
  type BackendContext,
  type BackendCustomer,
  type BackendMessage,
  type BackendTicket,
  type BackendTicketDetail,
  type CreateTicketInput,
  type JsonValue,
  type ListTicketsQuery,
  type ListTicketsResult,
  type PortalBackend,
  type StagedFile,
} from '../../gateway/backend';
import { createUpstream, multipartFile, type Upstream } from '../../gateway/upstream';
import {
  asRaw,
  iso,
  normalizeKeys,
  readAttachment,
  readEndUser,
  readMessage,
  readPage,
  readTicket,
  uidKey,
  type Raw,
  type UpAttachment,
  type UpEndUser,
  type UpMessage,
  type UpTicket,
} from './dto';
import { createSession } from './session';
import { classifyRecord, placeAttachment, sanitizeBody, type AgentNamePolicy, type BodyLinks, type MessagePart } from './visibility';

export interface AnswerPalOptions {
  /**
   * The API's origin, e.g. `https://api.answerpal.eu` (every path starts with
   * `/api/`; a base ending in `/api` works too).
   */
  baseUrl: string;
  /** The service representative the gateway logs in as (an Administrator: it must read every ticket). */
  username: string;
  password: string;
  /** The tenant's hostname, which selects the tenant at login. */
  hostname: string;
  /**
   * The dedicated portal channel (`channelID`, e.g. a `Chat` channel) tickets
   * and replies are filed through. Exempt it from automation (auto-reply,
   * spam, auto-close) in AnswerPal.
   */
  channelId: number;
  /**
   * `hostname: 'localhost'` makes AnswerPal skip the tenant match at login,
   * so it is refused unless you set this — only ever in development.
   *
   * @example allowLocalhostHostname: process.env.NODE_ENV === 'development'
   */
  allowLocalhostHostname?: boolean;
  /** A reply to a closed ticket reopens it first (bulk `open`). Default false: 409 `TICKET_CLOSED`. */
  reopenOnReply?: boolean;
  /** How staff replies are signed: `first` name (default), `full` name, or `none` ("Support team"). Representative ids and emails never show. */
  agentName?: AgentNamePolicy;
  /** Per file, bytes; at most AnswerPal's 50 MB. */
  maxFileSize?: number;
  /** Files per message. Default 10. */
  maxFiles?: number;
  /** Default 200. */
  titleMaxLength?: number;
  /** Default 50 000. */
  bodyMaxLength?: number;
  /** Profile fields for end users the gateway creates. `customerType` defaults to `Customer`. */
  endUserDefaults?: { customerType?: 'Lead' | 'Customer' | 'Partner'; lang?: string; country?: string };
  /** Per upstream attempt, ms. Default 15 000. */
  timeoutMs?: number;
  /** Fetch to use (tests, instrumentation). */
  fetch?: typeof fetch;
  /** Clock (tests). */
  now?: () => number;
}

const MB = 1024 * 1024;
const ANSWERPAL_FILE_LIMIT = 50 * MB;
/** "Created, not yet listed" tickets are merged into the customer's list this long. */
const RECENT_CREATE_MS = 10 * 60_000;
/** seenIds kept in the paging state (arrivals beyond this between two pages could repeat a ticket). */
const SEEN_CAP = 300;
/** Upstream pages read for one portal page at most (a page mostly filtered out is topped up from the next). */
const MAX_PAGES_PER_CALL = 8;
const UID_TTL_MS = 60_000;
const FILE_INDEX_TTL_MS = 10 * 60_000;
const GATEWAY_FILES_TTL_S = 400 * 86_400;

interface PagingState {
  /** The upstream page to read next (re-read when it was consumed only in part). */
  pageNumber: number;
  pageSize: number;
  /** Tickets already returned or skipped in this walk: rows pushed down by new tickets come again. */
  seenIds: number[];
  /**
   * Sort key (epoch ms) of the last row consumed, while AnswerPal's order has
   * matched the one asked for: a row sorting before it arrived (or moved up)
   * after the walk began and waits for a refresh, so arrivals never starve a walk.
   */
  after: number | null;
  /** False once a page came back in another order than asked (then seenIds alone dedupe). */
  ordered: boolean;
}

const isDigits = (s: string) => /^\d{1,15}$/.test(s);

function splitName(name: string | null): { firstname?: string; lastname?: string } {
  const parts = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (parts.length === 0) return {};
  if (parts.length === 1) return { firstname: parts[0] ?? '' };
  return { firstname: parts.slice(0, -1).join(' '), lastname: parts.at(-1) ?? '' };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function readPaging(cursor: JsonValue | null): PagingState | null {
  if (!cursor || typeof cursor !== 'object' || Array.isArray(cursor)) return null;
  const { pageNumber, pageSize, seenIds, after, ordered } = cursor as Record<string, JsonValue>;
  if (typeof pageNumber !== 'number' || typeof pageSize !== 'number' || !Array.isArray(seenIds)) return null;
  return {
    pageNumber,
    pageSize,
    seenIds: seenIds.filter((v): v is number => typeof v === 'number'),
    after: typeof after === 'number' ? after : null,
    ordered: ordered !== false,
  };
}

/**
 * The gateway adapter for AnswerPal: one service login for the tenant,
 * customers as end users found by email, their tickets through the end
 * user's ticket list with every row's owner re-checked, conversations
 * classified by an allowlist (drafts, AI replies, forwards and notes never
 * reach a customer), files streamed up as multipart and downloaded only
 * through the gateway (AnswerPal's file links are public and permanent).
 *
 * @example
 * const backend = answerPal({
 *   baseUrl: 'https://api.answerpal.eu',
 *   username: process.env.ANSWERPAL_USERNAME!,
 *   password: process.env.ANSWERPAL_PASSWORD!,
 *   hostname: 'support.acme.example',
 *   channelId: 42,
 * });
 */
export function answerPal(options: AnswerPalOptions): PortalBackend {
  const { username, password, hostname, channelId } = options;
  if (!/^https?:\/\//i.test(options.baseUrl ?? '')) throw new TypeError('answerPal: baseUrl must be an http(s) URL, e.g. https://api.answerpal.eu');
  if (!username || !password || !hostname) throw new TypeError('answerPal: username, password and hostname are required');
  if (!Number.isSafeInteger(channelId) || channelId <= 0) throw new TypeError('answerPal: channelId must be the id of the portal channel in AnswerPal');
  if (hostname.trim().toLowerCase() === 'localhost' && !options.allowLocalhostHostname) {
    throw new TypeError('answerPal: hostname "localhost" skips AnswerPal’s tenant match; use your tenant’s hostname (allowLocalhostHostname is for development only)');
  }
  const root = options.baseUrl.replace(/\/+$/, '').replace(/\/api$/i, '');
  const now = options.now ?? (() => Date.now());
  const agentName = options.agentName ?? 'first';
  const maxFileSize = Math.min(options.maxFileSize ?? ANSWERPAL_FILE_LIMIT, ANSWERPAL_FILE_LIMIT);
  const session = createSession({ baseUrl: `${root}/api`, username, password, hostname, fetch: options.fetch, timeoutMs: options.timeoutMs, now });
  const api: Upstream = createUpstream({
    baseUrl: `${root}/api`,
    headers: session.headers,
    onUnauthorized: session.onUnauthorized,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  // -- small caches (per process; everything is re-checked upstream) -------------------

  const uidCache = new Map<string, { uids: Set<string>; until: number }>();
  const resolving = new Map<string, Promise<BackendCustomer>>();
  /** attachment id → the record it hangs off, from recent listings (saves walking a thread on download). */
  const fileIndex = new Map<string, { ticketId: string; recordId: number; until: number }>();

  const remember = <K, V>(map: Map<K, V>, key: K, value: V, cap = 2000) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > cap) map.delete(map.keys().next().value as K);
  };

  /** A 403 on a ticket route means "not readable by the service account": not found, to the customer. */
  const ticketScoped = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (e) {
      if (isBackendError(e) && e.kind === 'misconfigured' && (e.cause as { status?: number } | undefined)?.status === 403) {
        throw new BackendError('not_found', { cause: e.cause, safeToRetry: true });
      }
      throw e;
    }
  };

  const getJson = async (path: string, query: Record<string, string | number | boolean | undefined>, signal: AbortSignal): Promise<unknown> =>
    (await ticketScoped(() => api.json({ path, query, signal }))).data;

  async function customerUids(ctx: BackendContext): Promise<Set<string>> {
    const id = ctx.customer.id;
    const cached = uidCache.get(id);
    if (cached && cached.until > now()) return cached.uids;
    if (!isDigits(id)) return new Set();
    let endUser: UpEndUser | null = null;
    try {
      const { data } = await api.json({ path: `EndUsers/${id}`, signal: ctx.signal });
      endUser = readEndUser(asRaw(normalizeKeys(data)) ?? {});
    } catch (e) {
      if (!(isBackendError(e) && e.kind === 'not_found')) throw e;
    }
    // A customer deleted upstream owns nothing.
    const uids = new Set((endUser?.uids ?? []).map((u) => uidKey(u.uid)));
    remember(uidCache, id, { uids, until: now() + UID_TTL_MS });
    return uids;
  }

  /** Ownership: the ticket's `uid` is one of the customer's UIDs, and no other end user is named on it. */
  function ownerOf(t: UpTicket, uids: Set<string>, customerId: string): string {
    const linked = t.endUserId === null ? null : String(t.endUserId);
    const byUid = t.uid ? uids.has(uidKey(t.uid)) : linked === customerId;
    if (byUid && (linked === null || linked === customerId)) return customerId;
    return `answerpal-other:${linked ?? 'unlinked'}`;
  }

  function toTicket(t: UpTicket, owner: string): BackendTicket {
    return {
      id: String(t.id),
      customerId: owner,
      number: t.id,
      title: t.subject,
      status: t.isClosed ? 'closed' : 'open',
      priority: null,
      messageCount: null,
      createdAt: iso(t.createdAt),
      updatedAt: iso(Math.max(t.lastMessageAt ?? t.createdAt, t.createdAt)),
    };
  }

  async function fetchTicket(ctx: BackendContext, id: string): Promise<UpTicket | null> {
    if (!isDigits(id)) return null;
    try {
      const t = readTicket(asRaw(normalizeKeys(await getJson(`Tickets/${id}`, {}, ctx.signal))) ?? {});
      if (!t) throw new BackendError('unavailable', { cause: { reason: 'ticket without ticketID', id } });
      return t;
    } catch (e) {
      if (isBackendError(e) && e.kind === 'not_found') return null;
      throw e;
    }
  }

  async function fetchThread(ctx: BackendContext, ticketId: string): Promise<UpMessage[]> {
    const out: UpMessage[] = [];
    for (let pageNumber = 1; pageNumber <= 50; pageNumber++) {
      const data = await getJson('TicketMessages', { ticketId, pageNumber, pageSize: 100, sortOrder: 'asc' }, ctx.signal);
      const page = readPage(data, pageNumber, 100);
      if (!page) throw new BackendError('unavailable', { cause: { reason: 'messages are not a paged result', ticketId } });
      for (const raw of page.items) {
        const m = readMessage(raw);
        if (m) out.push(m);
      }
      if (!page.hasMore || page.items.length === 0) break;
    }
    return out.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.id - b.id);
  }

  async function fetchFiles(ctx: BackendContext, recordId: number): Promise<UpAttachment[]> {
    const data = await getJson(`TicketMessages/${recordId}/attachments`, {}, ctx.signal);
    const list = normalizeKeys(data);
    return Array.isArray(list) ? list.flatMap((raw) => (asRaw(raw) ? (readAttachment(raw as Raw) ?? []) : [])) : [];
  }

  const threadContext = (ticketId: string, uids: Set<string>, repName: string | null) => ({ ticketId, uids, agentName, repName });

  const toAttachment = (a: UpAttachment): BackendAttachment => ({
    id: String(a.id),
    filename: a.fileName,
    contentType: a.contentType,
    size: a.size,
    createdAt: a.createdAt === null ? null : iso(a.createdAt),
    visibility: 'public',
  });

  interface Conversation {
    parts: MessagePart[];
    /** Visible files per part (keyed by part message id), with the record they hang off. */
    files: Map<string, UpAttachment[]>;
    links: BodyLinks;
  }

  /** Classifies a thread and finds the files each customer-visible part carries (one F1 per record with a visible part). */
  async function converse(ctx: BackendContext, ticket: UpTicket, records: UpMessage[], uids: Set<string>): Promise<Conversation> {
    const ticketId = String(ticket.id);
    const tc = threadContext(ticketId, uids, ticket.repName);
    const byRecord = new Map<number, MessagePart[]>();
    for (const m of records) {
      // A message of another ticket is not part of this conversation.
      if (m.ticketId !== null && m.ticketId !== ticket.id) continue;
      byRecord.set(m.id, classifyRecord(m, tc));
    }
    const withPublic = [...byRecord.entries()].filter(([, parts]) => parts.some((p) => p.message.visibility === 'public'));
    const [gatewayFiles, fileLists] = await Promise.all([
      ctx.state.members(`files:${ticketId}`),
      mapLimit(withPublic, 4, async ([recordId]) => fetchFiles(ctx, recordId)),
    ]);
    const uploaded = new Set(gatewayFiles);
    const links: BodyLinks = { tokens: new Map(), contentIds: new Map(), allTokens: new Set() };
    const files = new Map<string, UpAttachment[]>();
    withPublic.forEach(([recordId, parts], i) => {
      for (const a of fileLists[i] ?? []) {
        if (a.accessToken) links.allTokens.add(a.accessToken.toLowerCase());
        const part = placeAttachment(a, parts, uploaded.has(String(a.id)));
        if (!part) continue;
        files.set(part.message.id, [...(files.get(part.message.id) ?? []), a]);
        remember(fileIndex, String(a.id), { ticketId, recordId, until: now() + FILE_INDEX_TTL_MS });
        const linked = { id: String(a.id), name: a.fileName };
        if (a.accessToken) links.tokens.set(a.accessToken.toLowerCase(), linked);
        if (a.contentId) links.contentIds.set(a.contentId.trim().replace(/^<|>$/g, '').toLowerCase(), linked);
      }
    });
    // Oldest first: a reply folded into a message may have been sent after later messages arrived.
    const parts = [...byRecord.values()].flat().sort((a, b) => Date.parse(a.message.createdAt) - Date.parse(b.message.createdAt));
    return { parts, files, links };
  }

  function visibleMessages(conv: Conversation): BackendMessage[] {
    return conv.parts.map((p) => {
      if (p.message.visibility !== 'public') return p.message;
      const attachments = (conv.files.get(p.message.id) ?? []).map(toAttachment);
      return { ...p.message, body: sanitizeBody(p.message.body, conv.links), ...(attachments.length ? { attachments } : {}) };
    });
  }

  /** Does the customer-visible text of the ticket contain `term`? (AnswerPal's search also reaches drafts.) */
  async function visiblyMatches(ctx: BackendContext, t: UpTicket, uids: Set<string>, term: string): Promise<boolean> {
    const needle = term.toLowerCase();
    if (t.subject.toLowerCase().includes(needle)) return true;
    const records = await fetchThread(ctx, String(t.id));
    const tc = threadContext(String(t.id), uids, t.repName);
    const links: BodyLinks = { tokens: new Map(), contentIds: new Map(), allTokens: new Set() };
    return records
      .flatMap((m) => classifyRecord(m, tc))
      .some((p) => p.message.visibility === 'public' && sanitizeBody(p.message.body, links).replace(/<[^>]*>/g, ' ').toLowerCase().includes(needle));
  }

  // -- uploads ---------------------------------------------------------------------

  async function findUploaded(ctx: BackendContext, recordId: number, file: StagedFile): Promise<UpAttachment | null> {
    try {
      const list = await fetchFiles(ctx, recordId);
      return list.find((a) => a.fileName === file.filename.replace(/["\r\n\\]/g, '_') && a.size === file.size) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Streams one staged file to F2 (never buffered: the multipart body is the
   * file's stream between two small parts). A failure that may have committed
   * is checked against the message's files before one retry.
   */
  async function uploadFile(ctx: BackendContext, ticketId: string, recordId: number, file: StagedFile): Promise<UpAttachment> {
    if (file.size > maxFileSize) throw new BackendError('invalid', { code: 'FILE_TOO_LARGE', fieldErrors: [{ field: 'files', message: 'The file is larger than 50 MB.' }] });
    for (let attempt = 0; ; attempt++) {
      try {
        const multipart = multipartFile('file', { filename: file.filename, contentType: file.contentType || 'application/octet-stream', size: file.size, stream: await file.open() });
        const { data } = await api.json({
          method: 'POST',
          path: `TicketMessages/${recordId}/attachments`,
          body: multipart.body,
          contentType: multipart.contentType,
          headers: { 'Content-Length': String(multipart.contentLength) },
          signal: ctx.signal,
        });
        const a = readAttachment(asRaw(normalizeKeys(data)) ?? {});
        if (!a) throw new BackendError('unavailable', { cause: { reason: 'upload answered without an attachment id' } });
        await ctx.state.addToSet(`files:${ticketId}`, String(a.id), GATEWAY_FILES_TTL_S);
        return a;
      } catch (e) {
        if (ctx.signal.aborted || !isBackendError(e)) throw e;
        if (e.kind === 'invalid') {
          const status = (e.cause as { status?: number } | undefined)?.status;
          throw new BackendError('invalid', { code: status === 413 ? 'FILE_TOO_LARGE' : 'FILE_REJECTED', cause: e.cause });
        }
        if (attempt >= 1 || !(e.kind === 'unavailable' || e.kind === 'unauthorized' || e.kind === 'rate_limited')) throw e;
        // A token that expired mid-upload can't be replayed by the client (a stream is sent once): renew, then retry.
        if (e.kind === 'unauthorized') session.invalidate();
        const landed = await findUploaded(ctx, recordId, file);
        if (landed) {
          await ctx.state.addToSet(`files:${ticketId}`, String(landed.id), GATEWAY_FILES_TTL_S);
          return landed;
        }
      }
    }
  }

  /**
   * A customer write in progress, in the gateway's store: `sent` while M3 is
   * on its way (a lost answer leaves it so), `written` once AnswerPal has the
   * message and its files are being uploaded (`done`: staged id → attachment id).
   */
  type WriteRecord = {
    phase: 'sent' | 'written';
    at: number;
    ticketId: string | null;
    recordId: number | null;
    done: Record<string, string>;
  };

  const readWrite = (v: JsonValue | null): WriteRecord | null => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    const r = v as Record<string, JsonValue>;
    if ((r.phase !== 'sent' && r.phase !== 'written') || typeof r.at !== 'number') return null;
    const done = r.done && typeof r.done === 'object' && !Array.isArray(r.done) ? (r.done as Record<string, string>) : {};
    return { phase: r.phase, at: r.at, ticketId: typeof r.ticketId === 'string' ? r.ticketId : null, recordId: typeof r.recordId === 'number' ? r.recordId : null, done };
  };

  /** Uploads the files not uploaded yet, saving progress after each. */
  async function attachAll(ctx: BackendContext, key: string, rec: WriteRecord & { ticketId: string; recordId: number }, files: StagedFile[]): Promise<UpAttachment[]> {
    const out: UpAttachment[] = [];
    for (const file of files) {
      const known = rec.done[file.id];
      if (known) {
        out.push({ id: Number(known), messageId: rec.recordId, fileName: file.filename, contentType: file.contentType, size: file.size, createdAt: null, isEndUserProvided: false, isCustomerRepProvided: true, contentId: null, accessToken: null });
        continue;
      }
      try {
        const a = await uploadFile(ctx, rec.ticketId, rec.recordId, file);
        rec.done[file.id] = String(a.id);
        await ctx.state.set(key, { ...rec }, 86_400);
        out.push(a);
      } catch (e) {
        // The message exists; the same request again picks up from here.
        throw new BackendError(isBackendError(e) && e.kind === 'invalid' ? 'invalid' : 'unavailable', {
          code: isBackendError(e) && e.code ? e.code : 'ATTACHMENT_UPLOAD_FAILED',
          safeToRetry: true,
          cause: e,
          ...(isBackendError(e) ? { fieldErrors: e.fieldErrors } : {}),
        });
      }
    }
    return out;
  }

  /** Whether a failed write may have reached AnswerPal (a lost answer, a timeout, a 5xx) rather than been refused. */
  const mayHaveCommitted = (e: unknown) => !isBackendError(e) || (e.kind === 'unavailable' && !e.safeToRetry);

  /**
   * Writes one customer message (M3) and its files, at most once per
   * identical request. AnswerPal has no idempotency keys, so the same
   * request again (same text, same staged files, within minutes) after a lost
   * answer first looks for the message upstream, and after a failed upload
   * resumes with the files still missing.
   */
  async function writeOnce(
    ctx: BackendContext,
    key: string,
    body: Record<string, unknown>,
    files: StagedFile[],
    findLanded: (since: number) => Promise<{ ticketId: string; recordId: number } | null>,
  ): Promise<{ ticketId: string; recordId: number; created: UpMessage | null; files: UpAttachment[] }> {
    let rec = readWrite(await ctx.state.get(key));
    let created: UpMessage | null = null;
    if (rec?.phase === 'sent') {
      const landed = await findLanded(rec.at - 60_000);
      rec = landed ? { ...rec, phase: 'written', ...landed } : null;
    }
    if (!rec || rec.phase !== 'written' || rec.ticketId === null || rec.recordId === null) {
      const at = now();
      await ctx.state.set(key, { phase: 'sent', at, ticketId: null, recordId: null, done: {} }, 600);
      try {
        created = await createNew(ctx, body);
      } catch (e) {
        if (!mayHaveCommitted(e)) await ctx.state.delete(key);
        throw e;
      }
      rec = { phase: 'written', at, ticketId: String(created.ticketId), recordId: created.id, done: {} };
    }
    const written = { ...rec, ticketId: rec.ticketId as string, recordId: rec.recordId as number };
    await ctx.state.set(key, written, 86_400);
    const uploaded = await attachAll(ctx, key, written, files);
    await ctx.state.delete(key);
    return { ticketId: written.ticketId, recordId: written.recordId, created, files: uploaded };
  }

  const writeKey = async (kind: string, scope: string, parts: (string | number)[]) => `${kind}:${scope}:${await sha256Hex(JSON.stringify(parts))}`;

  /** M3: a new incoming message (a new ticket without `ticketID`). Returns the created record. */
  async function createNew(ctx: BackendContext, body: Record<string, unknown>): Promise<UpMessage> {
    const { data } = await api.json({ method: 'POST', path: 'TicketMessages/create-new', body, signal: ctx.signal });
    const m = readMessage(asRaw(normalizeKeys(data)) ?? {});
    if (!m || m.ticketId === null) throw new BackendError('unavailable', { cause: { reason: 'create-new answered without ticketID/ticketMessageID' } });
    return m;
  }

  async function bulk(ctx: BackendContext, ticket: BackendTicket, action: 'close' | 'open'): Promise<void> {
    // Only these two actions, on exactly one checked ticket: the endpoint also deletes and runs automation.
    if (!isDigits(ticket.id) || ticket.customerId !== ctx.customer.id) throw new BackendError('not_found');
    await ticketScoped(() => api.json({ method: 'PUT', path: 'Tickets/bulk', body: { ticketIDs: [Number(ticket.id)], action }, signal: ctx.signal, idempotent: true }));
  }

  /** The ticket after a write. `created`: the customer's own new ticket is returned even if automation marked it spam. */
  async function reread(ctx: BackendContext, id: string, created = false): Promise<BackendTicket> {
    const [t, uids] = await Promise.all([fetchTicket(ctx, id), customerUids(ctx)]);
    if (!t || (t.isSpam && !created)) throw new BackendError('not_found');
    return toTicket(t, ownerOf(t, uids, ctx.customer.id));
  }

  // -- the adapter ---------------------------------------------------------------

  const backend: PortalBackend = {
    name: 'answerpal',

    async capabilities(): Promise<BackendCapabilities> {
      return {
        backend: 'answerpal',
        statuses: [
          { key: 'open', label: 'Open', closed: false },
          { key: 'closed', label: 'Closed', closed: true },
        ],
        search: true,
        multiStatus: true,
        close: true,
        reopen: true,
        form: false,
        attachments: 'message',
        limits: { maxFileSize, maxFiles: options.maxFiles ?? 10, titleMaxLength: options.titleMaxLength ?? 200, bodyMaxLength: options.bodyMaxLength ?? 50_000 },
        articles: false,
        webhooks: false,
      };
    },

    async resolveCustomer(ctx, input) {
      const email = uidKey(input.email);
      const running = resolving.get(email);
      if (running) return running;
      const find = async (): Promise<UpEndUser | null> => {
        const { data } = await api.json({ path: 'EndUsers/byUid', query: { uid: email }, signal: ctx.signal });
        const list = normalizeKeys(data);
        const all = (Array.isArray(list) ? list : []).flatMap((raw) => (asRaw(raw) ? (readEndUser(raw as Raw) ?? []) : []));
        // E1 also matches customerRef: only an end user holding the email as a UID is this customer.
        const holders = all.filter((e) => e.uids.some((u) => uidKey(u.uid) === email));
        if (holders.length <= 1) return holders[0] ?? null;
        const primary = holders.filter((e) => e.uids.some((u) => uidKey(u.uid) === email && u.isPrimary));
        if (primary.length === 1) return primary[0] ?? null;
        throw new BackendError('conflict', { code: 'ANSWERPAL_AMBIGUOUS_ENDUSER', cause: { endUserIds: holders.map((e) => e.id) } });
      };
      const run = async (): Promise<BackendCustomer> => {
        let found = await find();
        if (!found) {
          const defaults = options.endUserDefaults ?? {};
          try {
            const { data } = await api.json({
              method: 'POST',
              path: 'EndUsers',
              body: {
                ...splitName(input.name),
                customerType: defaults.customerType ?? 'Customer',
                ...(defaults.lang ? { lang: defaults.lang } : {}),
                ...(defaults.country ? { country: defaults.country } : {}),
                uids: [{ uidType: 'Email', uid: email, isPrimary: true }],
              },
              signal: ctx.signal,
            });
            found = readEndUser(asRaw(normalizeKeys(data)) ?? {});
          } catch (e) {
            // A 4xx (taken meanwhile: 409) or a lost answer: whoever created it, look again.
            if (!isBackendError(e) || e.kind === 'unauthorized' || e.kind === 'rate_limited' || e.kind === 'misconfigured') throw e;
            found = await find();
            if (!found) throw e.kind === 'invalid' ? new BackendError('invalid', { fieldErrors: [{ field: 'email', message: 'The email address was refused.' }], cause: e }) : e;
          }
          if (!found) throw new BackendError('unavailable', { cause: { reason: 'end user create answered without endUserID' } });
        }
        remember(uidCache, String(found.id), { uids: new Set(found.uids.map((u) => uidKey(u.uid))), until: now() + UID_TTL_MS });
        return { id: String(found.id), email, name: found.name ?? input.name };
      };
      const promise = run().finally(() => resolving.delete(email));
      resolving.set(email, promise);
      return promise;
    },

    async listTickets(ctx, query: ListTicketsQuery): Promise<ListTicketsResult> {
      const statuses = new Set(query.statuses);
      const known = [...statuses].filter((s) => s === 'open' || s === 'closed');
      if (statuses.size > 0 && known.length === 0) return { tickets: [], next: null };
      const isClosed = known.length === 1 ? known[0] === 'closed' : undefined;
      const state = readPaging(query.cursor);
      const limit = Math.max(1, Math.min(50, query.limit));
      const pageSize = state?.pageSize ?? Math.min(50, Math.max(limit, 20));
      const seen = new Set(state?.seenIds ?? []);
      const seenOrder = [...(state?.seenIds ?? [])];
      const see = (id: number) => {
        if (!seen.has(id)) {
          seen.add(id);
          seenOrder.push(id);
        }
      };
      const uids = await customerUids(ctx);
      const customerId = ctx.customer.id;
      const search = query.search?.trim() || null;

      const accept = async (t: UpTicket | null): Promise<BackendTicket | null> => {
        if (!t || t.isSpam) return null;
        const owner = ownerOf(t, uids, customerId);
        if (owner !== customerId) return null;
        if (isClosed !== undefined && t.isClosed !== isClosed) return null;
        if (search && !(await visiblyMatches(ctx, t, uids, search))) return null;
        return toTicket(t, owner);
      };

      const out: BackendTicket[] = [];
      const desc = query.order === 'desc';
      let pageNumber = state?.pageNumber ?? 1;
      let after = state?.after ?? null;
      let ordered = state?.ordered ?? true;
      const rowKey = (t: UpTicket) => (query.sort === 'updatedAt' ? (t.lastMessageAt ?? t.createdAt) : t.createdAt);
      const before = (key: number, bound: number) => (desc ? key > bound : key < bound);
      const arrived = (key: number) => ordered && after !== null && before(key, after);

      // Tickets this gateway created in the last minutes and hasn't shown in this walk: AnswerPal
      // lists a ticket only once processed, so they are merged in by their sort key on every page.
      const members = await ctx.state.members(`created:${customerId}`);
      const recentIds = [
        ...new Set(
          members
            .map((m) => /^(\d+)@(\d+)$/.exec(m))
            .filter((m): m is RegExpExecArray => m !== null && now() - Number(m[2]) < RECENT_CREATE_MS)
            .map((m) => Number(m[1]))
            .filter((id) => !seen.has(id)),
        ),
      ];
      const recent = (
        await mapLimit(recentIds, 4, async (id) => {
          const row = await fetchTicket(ctx, String(id));
          const ticket = await accept(row);
          return row && ticket && !arrived(rowKey(row)) ? { row, ticket } : null;
        })
      )
        .filter((r): r is { row: UpTicket; ticket: BackendTicket } => r !== null)
        .sort((a, b) => (desc ? rowKey(b.row) - rowKey(a.row) : rowKey(a.row) - rowKey(b.row)));
      /** Shows the recent tickets sorting at or before `key` (all of them when null), while the page has room. */
      const takeRecent = (key: number | null) => {
        while (recent.length > 0 && out.length < limit) {
          const next = recent[0] as { row: UpTicket; ticket: BackendTicket };
          if (key !== null && !(before(rowKey(next.row), key) || rowKey(next.row) === key)) return;
          recent.shift();
          if (seen.has(next.row.id)) continue;
          out.push(next.ticket);
          see(next.row.id);
        }
      };

      let exhausted = false;
      for (let reads = 0; out.length < limit && !exhausted && reads < MAX_PAGES_PER_CALL; reads++) {
        const data = await getJson(
          `EndUsers/${customerId}/tickets`,
          {
            pageNumber,
            pageSize,
            sortBy: query.sort === 'updatedAt' ? 'LastMessageDate' : 'DateCreated',
            sortOrder: query.order,
            isSpam: false,
            includeFollowUp: true,
            ...(isClosed !== undefined ? { isClosed } : {}),
            ...(search ? { search } : {}),
          },
          ctx.signal,
        );
        const page = readPage(data, pageNumber, pageSize);
        if (!page) throw new BackendError('unavailable', { cause: { reason: 'ticket list is not a paged result' } });
        const all = page.items.map(readTicket).filter((t): t is UpTicket => t !== null);
        // The boundary only holds while AnswerPal sorts as asked; otherwise seenIds alone dedupe.
        if (all.some((t, i) => i > 0 && before(rowKey(t), rowKey(all[i - 1] as UpTicket)))) ordered = false;
        // Drift: rows seen on earlier pages (new tickets pushed them down) and rows that arrived since are skipped.
        const rows = all.filter((t) => !seen.has(t.id) && !arrived(rowKey(t)));
        // Filters run before paging, so a page is never short because rows were dropped.
        const accepted = await mapLimit(rows, 4, accept);
        let consumedAll = true;
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i] as UpTicket;
          const t = accepted[i] ?? null;
          takeRecent(rowKey(row));
          if (seen.has(row.id)) continue;
          // A recent ticket still waiting sorts before this row: leave the row for the next page too.
          const waiting = recent.some((r) => !seen.has(r.row.id));
          if ((t || waiting) && out.length >= limit) {
            // Full: this row and the rest of the page come again next time (the page is re-read, seen rows skipped).
            consumedAll = false;
            break;
          }
          see(row.id);
          after = rowKey(row);
          if (t) out.push(t);
        }
        if (!consumedAll) break;
        if (!page.hasMore || page.items.length === 0) exhausted = true;
        else pageNumber++;
      }
      if (exhausted) {
        takeRecent(null);
        // More recent tickets than room: the next page re-reads the (exhausted) last page and shows them.
        if (recent.some((r) => !seen.has(r.row.id))) exhausted = false;
      }

      const next: JsonValue | null = exhausted ? null : { pageNumber, pageSize, seenIds: seenOrder.slice(-SEEN_CAP), after, ordered };
      return { tickets: out, next };
    },

    async getTicket(ctx, ticketId) {
      const [t, uids] = await Promise.all([fetchTicket(ctx, ticketId), customerUids(ctx)]);
      if (!t || t.isSpam) return null;
      return toTicket(t, ownerOf(t, uids, ctx.customer.id));
    },

    async getTicketDetail(ctx, ticketId): Promise<BackendTicketDetail | null> {
      if (!isDigits(ticketId)) return null;
      const [t, uids, records] = await Promise.all([
        fetchTicket(ctx, ticketId),
        customerUids(ctx),
        fetchThread(ctx, ticketId).catch((e: unknown) => {
          if (isBackendError(e) && e.kind === 'not_found') return [];
          throw e;
        }),
      ]);
      if (!t || t.isSpam) return null;
      const ticket = toTicket(t, ownerOf(t, uids, ctx.customer.id));
      // Another person's ticket: the gateway answers 404; read nothing more of it.
      if (ticket.customerId !== ctx.customer.id) return { ticket, body: '', messages: [] };
      const conv = await converse(ctx, t, records, uids);
      return { ticket, body: '', messages: visibleMessages(conv) };
    },

    async createTicket(ctx, input: CreateTicketInput) {
      const customer = ctx.customer;
      // AnswerPal requires a body; an empty description repeats the title.
      const text = input.body.trim() ? input.body : input.title;
      const key = await writeKey('create', customer.id, [input.title, text, ...input.files.map((f) => f.id)]);
      const written = await writeOnce(ctx, key, { channelID: channelId, uid: customer.email, subject: input.title, body: text, isIncoming: true }, input.files, async (since) => {
        // The customer's newest tickets: one with this subject since the lost attempt, whose first message is this text.
        const uids = await customerUids(ctx);
        const data = await getJson(`EndUsers/${customer.id}/tickets`, { pageNumber: 1, pageSize: 20, sortBy: 'DateCreated', sortOrder: 'desc', includeFollowUp: true }, ctx.signal);
        const candidates = (readPage(data, 1, 20)?.items ?? [])
          .map(readTicket)
          .filter((t): t is UpTicket => t !== null && t.subject === input.title && t.createdAt >= since && ownerOf(t, uids, customer.id) === customer.id);
        for (const t of candidates) {
          const first = (await fetchThread(ctx, String(t.id)))[0];
          if (first?.isIncoming === true && first.body === text) return { ticketId: String(t.id), recordId: first.id };
        }
        return null;
      });
      await ctx.state.addToSet(`created:${customer.id}`, `${written.ticketId}@${now()}`, RECENT_CREATE_MS / 1000);
      return reread(ctx, written.ticketId, true);
    },

    async addMessage(ctx, ticket, input: AddMessageInput) {
      if (ticket.customerId !== ctx.customer.id || !isDigits(ticket.id)) throw new BackendError('not_found');
      const text = input.body.trim() ? input.body : input.files.map((f) => f.filename).join(', ') || '-';
      const key = await writeKey('reply', `${ctx.customer.id}:${ticket.id}`, [text, ...input.files.map((f) => f.id)]);
      if (ticket.status === 'closed' && (await ctx.state.get(key)) === null) {
        if (!options.reopenOnReply) throw new BackendError('refused', { code: 'TICKET_CLOSED' });
        await bulk(ctx, ticket, 'open');
      }
      const written = await writeOnce(ctx, key, { ticketID: Number(ticket.id), channelID: channelId, uid: ctx.customer.email, body: text, isIncoming: true }, input.files, async (since) => {
        // The ticket's latest messages: the customer's with this text since the lost attempt.
        const [uids, data] = await Promise.all([customerUids(ctx), getJson('TicketMessages', { ticketId: ticket.id, pageNumber: 1, pageSize: 20, sortOrder: 'desc' }, ctx.signal)]);
        const landed = (readPage(data, 1, 20)?.items ?? [])
          .map(readMessage)
          .find((m) => m !== null && m.isIncoming === true && m.body === text && (m.createdAt ?? 0) >= since && (!m.uid || uids.has(uidKey(m.uid))));
        return landed ? { ticketId: ticket.id, recordId: landed.id } : null;
      });
      if (written.created && String(written.created.ticketId) !== ticket.id) throw new BackendError('unavailable', { cause: { reason: 'create-new answered for another ticket' } });
      return {
        id: String(written.recordId),
        ticketId: ticket.id,
        visibility: 'public',
        author: 'customer',
        authorName: null,
        body: written.created?.body ?? text,
        createdAt: iso(written.created?.createdAt ?? now()),
        ...(written.files.length ? { attachments: written.files.map(toAttachment) } : {}),
      };
    },

    async closeTicket(ctx, ticket) {
      if (ticket.status === 'closed') throw new BackendError('conflict', { code: 'ALREADY_CLOSED' });
      await bulk(ctx, ticket, 'close');
      return reread(ctx, ticket.id);
    },

    async reopenTicket(ctx, ticket) {
      if (ticket.status !== 'closed') throw new BackendError('conflict', { code: 'NOT_CLOSED' });
      await bulk(ctx, ticket, 'open');
      return reread(ctx, ticket.id);
    },

    /**
     * The customer's rating, as a note on the ticket for the team (M4: an
     * outbound record never sent, which the portal's own allowlist hides).
     */
    async deliverRating(ctx, ticket, rating) {
      if (ticket.customerId !== ctx.customer.id || !isDigits(ticket.id)) throw new BackendError('not_found');
      const scale = rating.scale === 'thumbs' ? (rating.rating > 0 ? 'thumbs up' : 'thumbs down') : `${rating.rating}/${rating.scale === 'scale5' ? 5 : 10}`;
      const body = `Portal rating from ${ctx.customer.email}: ${scale}${rating.comment ? `\n\n${rating.comment}` : ''}`;
      await ticketScoped(() =>
        api.json({
          method: 'POST',
          path: 'TicketMessages',
          body: { ticketID: Number(ticket.id), body, isIncoming: false, isDraft: false, isSent: false, isForward: false },
          signal: ctx.signal,
        }),
      );
    },

    async listAttachments(ctx, ticket) {
      if (ticket.customerId !== ctx.customer.id) return [];
      const [t, uids, records] = await Promise.all([fetchTicket(ctx, ticket.id), customerUids(ctx), fetchThread(ctx, ticket.id)]);
      if (!t || t.isSpam || ownerOf(t, uids, ctx.customer.id) !== ctx.customer.id) return [];
      const conv = await converse(ctx, t, records, uids);
      return [...conv.files.values()].flat().map(toAttachment);
    },

    async getDownload(ctx, ticket, attachmentId) {
      if (!isDigits(attachmentId) || ticket.customerId !== ctx.customer.id) return null;
      const [t, uids] = await Promise.all([fetchTicket(ctx, ticket.id), customerUids(ctx)]);
      if (!t || t.isSpam || ownerOf(t, uids, ctx.customer.id) !== ctx.customer.id) return null;
      // The record the file hangs off: from a recent listing (then re-read), else the whole thread.
      const hint = fileIndex.get(attachmentId);
      let records: UpMessage[];
      if (hint && hint.ticketId === ticket.id && hint.until > now()) {
        const one = await getJson(`TicketMessages/${hint.recordId}`, {}, ctx.signal).catch((e: unknown) => {
          if (isBackendError(e) && e.kind === 'not_found') return null;
          throw e;
        });
        const m = one ? readMessage(asRaw(normalizeKeys(one)) ?? {}) : null;
        records = m && m.ticketId === t.id ? [m] : await fetchThread(ctx, ticket.id);
      } else records = await fetchThread(ctx, ticket.id);
      let conv = await converse(ctx, t, records, uids);
      let file = [...conv.files.values()].flat().find((a) => String(a.id) === attachmentId);
      if (!file && records.length === 1) {
        // The hint was stale: look through the whole thread once.
        conv = await converse(ctx, t, await fetchThread(ctx, ticket.id), uids);
        file = [...conv.files.values()].flat().find((a) => String(a.id) === attachmentId);
      }
      const token = file?.accessToken;
      if (!file || !token) return null;
      return {
        attachment: toAttachment(file),
        download: {
          kind: 'stream',
          // The public token stays on the server: the gateway serves the bytes behind its own short-lived URL.
          open: async (signal: AbortSignal) => {
            const res = await api.raw({ path: `File/${encodeURIComponent(token)}`, signal });
            if (!res.body) throw new BackendError('unavailable', { cause: { reason: 'empty download' } });
            return res.body;
          },
        },
      };
    },
  };
  return backend;
}
