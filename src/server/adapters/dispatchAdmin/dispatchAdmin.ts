import { resolveAdminConfig, type AdminApiOptions } from '../../adminRequest';
import {
  BackendError,
  isBackendError,
  type BackendAttachment,
  type BackendCapabilities,
  type BackendContext,
  type BackendCustomer,
  type BackendEvent,
  type BackendForm,
  type BackendMessage,
  type BackendStatus,
  type BackendTicket,
  type BackendTicketDetail,
  type FormField,
  type FormFieldType,
  type FormPriority,
  type JsonValue,
  type ListTicketsQuery,
  type ListTicketsResult,
  type PortalBackend,
  type RatingInput,
  type RatingScale,
  type StagedFile,
} from '../../gateway/backend';
import { createUpstream, type Upstream } from '../../gateway/upstream';
import { attachmentClassifier, flattenComments, toMessage, toTicket, type MessagePolicy, type TicketMapping } from './classify';
import { eachLimited, uploadToTicket, type UploadDeps } from './uploads';
import { readWebhook, type WebhookEnvelope } from './webhooks';
import {
  attachmentRecord,
  badBody,
  causeOf,
  downloadExpiry,
  idOf,
  isoOf,
  listOf,
  pageOf,
  rec,
  str,
  upstreamCode,
  upstreamFieldErrors,
  type Rec,
} from './wire';

export interface DispatchAdminOptions extends AdminApiOptions {
  /**
   * How staff are named to customers: `full` (default), `first` name only, or
   * `none` (every reply reads "Support team").
   * @example agentNames: 'first'
   */
  agentNames?: 'full' | 'first' | 'none';
  /**
   * Per status key: the label customers see (default: the status's name in
   * Dispatch) and whether it counts as finished (default: `resolved` and
   * `closed` only).
   * @example statuses: { waiting_on_customer: { label: 'Waiting for your reply' }, archived: { closed: true } }
   */
  statuses?: Record<string, { label?: string; closed?: boolean }>;
  /**
   * The status a customer's "close" sets. Default `resolved` (a reply reopens it).
   * @example closeStatus: 'closed'
   */
  closeStatus?: 'resolved' | 'closed';
  /**
   * A reply on a finished ticket other than `resolved`: `refuse` (default,
   * 409 `TICKET_CLOSED`, as the portal API does) or `reopen` it. A reply on a
   * `resolved` ticket always reopens it.
   * @example replyOnClosed: 'reopen'
   */
  replyOnClosed?: 'refuse' | 'reopen';
  /**
   * Priorities customers may pick, or false for none. Default low, normal, high, urgent.
   * @example priorities: [{ key: 'normal', label: 'Normal' }, { key: 'urgent', label: 'Urgent' }]
   */
  priorities?: FormPriority[] | false;
  /**
   * The signing secret of the brand's Dispatch webhook (Settings → Webhooks).
   * With it the adapter verifies deliveries to the gateway's webhook intake
   * and turns them into live updates; without it, webhooks are off.
   * @example webhookSecret: process.env.DISPATCH_WEBHOOK_SECRET
   */
  webhookSecret?: string;
  /**
   * How old (or far in the future) a delivery's timestamp may be, in seconds,
   * before it is refused as a replay. Default 300.
   * @example webhookToleranceSeconds: 600
   */
  webhookToleranceSeconds?: number;
  /**
   * How long statuses and field definitions are reused between reads, ms. The
   * gateway re-reads capabilities and the form itself every few minutes. Default 300 000.
   * @example configTtlMs: 60_000
   */
  configTtlMs?: number;
}

const DEFAULT_PRIORITIES: FormPriority[] = [
  { key: 'low', label: 'Low' },
  { key: 'normal', label: 'Normal' },
  { key: 'high', label: 'High' },
  { key: 'urgent', label: 'Urgent' },
];

const FIELD_TYPES: FormFieldType[] = ['text', 'number', 'boolean', 'date', 'select', 'multiselect', 'url'];
const CSAT_TYPES: RatingScale[] = ['thumbs', 'scale5', 'scale10'];
/** The Dispatch portal's documented limits; the API documents no title/body limit, so the mock's are used. */
const LIMITS = { maxFileSize: 52_428_800, maxFiles: 10, titleMaxLength: 200, bodyMaxLength: 20_000 };
/** Upstream pages read at most per list call when hidden rows (spam, merged) fill them. */
const MAX_PAGES_PER_LIST = 5;
const UPLOAD_CONCURRENCY = 3;

const seg = encodeURIComponent;

interface BrandConfig {
  statuses: BackendStatus[];
  rating: RatingScale | null;
  at: number;
}
interface FieldConfig {
  /** Every ticket field a customer may see or fill. */
  fields: FormField[];
  categories: { id: string; name: string; description: string | null }[];
  at: number;
}

/**
 * A portal backend on the Dispatch Tickets admin API: every ticket, message,
 * file and status a customer sees through the gateway comes from the brand's
 * admin API, read with your API key on your server.
 *
 * @example
 * const gateway = createPortalGateway({
 *   backend: () => dispatchAdmin({ apiKey: process.env.DISPATCH_API_KEY!, brandId: process.env.DISPATCH_BRAND_ID! }),
 *   secret: process.env.PORTAL_GATEWAY_SECRET!,
 * });
 */
export function dispatchAdmin(options: DispatchAdminOptions): PortalBackend {
  const config = resolveAdminConfig(options, 'dispatchAdmin');
  const brandPath = `/brands/${seg(config.brandId)}`;
  const ticketPath = (ticketId: string) => `${brandPath}/tickets/${seg(ticketId)}`;
  const api: Upstream = createUpstream({
    baseUrl: config.baseUrl,
    headers: () => ({ Authorization: `Bearer ${config.apiKey}` }),
    timeoutMs: config.timeoutMs,
    fetch: config.fetch,
    // An unknown brand is a setup mistake, not a missing ticket.
    classify: (status, body) => (status === 404 && upstreamCode(body) === 'BRAND_NOT_FOUND' ? 'misconfigured' : undefined),
  });
  const uploadDeps: UploadDeps = { api, brandPath, storage: { fetch: config.fetch, timeoutMs: Math.max(config.timeoutMs, 120_000) } };
  const ttl = options.configTtlMs ?? 300_000;
  const closeStatus = options.closeStatus ?? 'resolved';
  const agentNames = options.agentNames ?? 'full';

  // -- brand configuration, cached ---------------------------------------------

  let brandConfig: BrandConfig | null = null;
  let brandLoading: Promise<BrandConfig> | null = null;
  let fieldConfig: FieldConfig | null = null;
  let fieldLoading: Promise<FieldConfig> | null = null;
  /** Whether `GET /tickets/{id}` embeds the thread and files (learned from the first answer). */
  let embedsThread: boolean | null = null;


  function loadBrand(signal: AbortSignal): Promise<BrandConfig> {
    brandLoading ??= (async () => {
      const [brand, statuses] = await Promise.all([
        api.json({ path: brandPath, signal }),
        api.json({ path: `${brandPath}/statuses`, signal }),
      ]);
      const b = rec(brand.data);
      const csat = str(b.csatType) as RatingScale | null;
      brandConfig = {
        statuses: mapStatuses(listOf(statuses.data, 'status list')),
        rating: b.csatEnabled === true ? (csat && CSAT_TYPES.includes(csat) ? csat : 'thumbs') : null,
        at: Date.now(),
      };
      return brandConfig;
    })().finally(() => {
      brandLoading = null;
    });
    return brandLoading;
  }

  function loadFields(signal: AbortSignal): Promise<FieldConfig> {
    fieldLoading ??= (async () => {
      const [fields, categories] = await Promise.all([
        api.json({ path: `${brandPath}/fields/ticket`, signal }),
        api.json({ path: `${brandPath}/categories`, signal }),
      ]);
      fieldConfig = {
        fields: mapFields(Array.isArray(fields.data) ? fields.data : listOf(rec(fields.data).ticket ?? fields.data, 'field list')),
        categories: listOf(categories.data, 'category list')
          .map(rec)
          .sort((a, b) => Number(a.sortOrder ?? 0) - Number(b.sortOrder ?? 0))
          .flatMap((c) => {
            const id = idOf(c.id);
            const name = str(c.name);
            return id && name ? [{ id, name, description: str(c.description) }] : [];
          }),
        at: Date.now(),
      };
      return fieldConfig;
    })().finally(() => {
      fieldLoading = null;
    });
    return fieldLoading;
  }

  /** The cached value while fresh; a stale one is served while a refresh runs in the background. */
  const cached = async <T extends { at: number }>(current: T | null, load: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> => {
    if (current && Date.now() - current.at < ttl) return current;
    if (!current) return load(signal);
    void load(AbortSignal.timeout(config.timeoutMs)).catch(() => {});
    return current;
  };
  const brand = (signal: AbortSignal) => cached(brandConfig, loadBrand, signal);
  const fieldsNow = (signal: AbortSignal) => cached(fieldConfig, loadFields, signal);

  function mapStatuses(list: unknown[]): BackendStatus[] {
    const rows = list.map(rec).filter((s) => str(s.key));
    rows.sort((a, b) => Number(b.isActive !== false) - Number(a.isActive !== false) || Number(a.sortOrder ?? 0) - Number(b.sortOrder ?? 0));
    const out: BackendStatus[] = rows.map((s) => {
      const key = s.key as string;
      const o = options.statuses?.[key];
      return { key, label: o?.label ?? str(s.name) ?? key, color: str(s.color), closed: o?.closed ?? (key === 'resolved' || key === 'closed') };
    });
    // The gateway needs `open` (the fallback for unknown keys) even if a brand's list were to lack it.
    if (!out.some((s) => s.key === 'open')) out.unshift({ key: 'open', label: options.statuses?.open?.label ?? 'Open', color: null, closed: false });
    return out.filter((s) => s.key !== 'spam');
  }

  function mapFields(list: unknown[]): FormField[] {
    return list
      .map(rec)
      .sort((a, b) => Number(a.sortOrder ?? 0) - Number(b.sortOrder ?? 0))
      .flatMap((f): FormField[] => {
        const key = str(f.key);
        const type = str(f.type) as FormFieldType | null;
        // `array` and `object` fields hold JSON a customer can't fill in a form.
        if (!key || !type || !FIELD_TYPES.includes(type)) return [];
        // Newer flags first, then the older `visible`; a field with neither stays hidden (an allowlist).
        const onCreate = typeof f.showOnCreate === 'boolean' ? f.showOnCreate : f.visible === true;
        const inDetail = typeof f.showInDetail === 'boolean' ? f.showInDetail : f.visible === true;
        if (!onCreate && !inDetail) return [];
        const options = Array.isArray(f.options)
          ? f.options.flatMap((o) => {
              if (typeof o === 'string') return [{ value: o, label: o }];
              const v = str(rec(o).value);
              return v ? [{ value: v, label: str(rec(o).label) ?? v }] : [];
            })
          : undefined;
        if ((type === 'select' || type === 'multiselect') && !options?.length) return [];
        return [
          {
            key,
            label: str(f.label) ?? key,
            type,
            required: onCreate && f.required === true,
            ...(options ? { options } : {}),
            placeholder: str(f.placeholder),
            helpText: str(f.description),
            showInDetail: inDetail,
            showOnCreate: onCreate,
          },
        ];
      });
  }

  // -- mapping -----------------------------------------------------------------

  const mapping = (): TicketMapping => ({
    brandId: config.brandId,
    statusKey: (k) => (brandConfig ? (brandConfig.statuses.some((s) => s.key === k) ? k : undefined) : k),
    detailFields: () => fieldConfig?.fields.filter((f) => f.showInDetail) ?? null,
  });

  const policy = (ctx: BackendContext): MessagePolicy => ({ customerId: ctx.customer.id, agentNames });

  /**
   * Tickets read during the current gateway request: the gateway checks
   * ownership with `getTicket` right before listing or serving a ticket's
   * files, and that answer (thread and files embedded) serves both.
   */
  const recent = new Map<string, { raw: Rec; at: number }>();
  const RECENT_MS = 2000;
  type CallContext = Pick<BackendContext, 'signal' | 'requestId'>;
  const recentRaw = (ctx: CallContext, ticketId: string): Rec | null => {
    const hit = recent.get(`${ctx.requestId}\n${ticketId}`);
    return hit && Date.now() - hit.at < RECENT_MS ? hit.raw : null;
  };
  const remember = (ctx: CallContext, ticketId: string, raw: Rec) => {
    const now = Date.now();
    for (const [k, v] of recent) if (now - v.at >= RECENT_MS || recent.size > 500) recent.delete(k);
    recent.set(`${ctx.requestId}\n${ticketId}`, { raw, at: now });
  };

  /** Reads one ticket; null for 404 or a ticket customers may not see. */
  async function readTicket(ctx: CallContext, ticketId: string): Promise<{ raw: Rec; ticket: BackendTicket } | null> {
    try {
      const res = await api.json({ path: ticketPath(ticketId), signal: ctx.signal });
      const raw = rec(res.data);
      if (embedsThread === null) embedsThread = Array.isArray(raw.comments) && Array.isArray(raw.attachments);
      const ticket = toTicket(raw, mapping());
      if (!ticket) return null;
      if (embedsThread) remember(ctx, ticketId, raw);
      return { raw, ticket };
    } catch (e) {
      if (isBackendError(e) && e.kind === 'not_found') return null;
      throw e;
    }
  }

  const readComments = async (ctx: CallContext, ticketId: string): Promise<Rec[]> =>
    flattenComments(listOf((await api.json({ path: `${ticketPath(ticketId)}/comments`, signal: ctx.signal })).data, 'comment list'));

  const readFiles = async (ctx: BackendContext, ticketId: string): Promise<unknown[]> =>
    listOf((await api.json({ path: `${ticketPath(ticketId)}/attachments`, signal: ctx.signal })).data, 'attachment list');

  /** A 404 of a ticket's sub-resource means the ticket is gone. */
  const orNull = <T>(p: Promise<T>): Promise<T | null> =>
    p.catch((e: unknown) => {
      if (isBackendError(e) && e.kind === 'not_found') return null;
      throw e;
    });

  /** A verified delivery as portal events, everything re-read from the helpdesk (the payload decides nothing). */
  async function mapWebhook(ctx: CallContext, hook: WebhookEnvelope): Promise<BackendEvent[]> {
    await fieldsNow(ctx.signal);
    const ticketId = idOf(hook.data.ticketId) ?? idOf(hook.data.id);
    if (!ticketId) throw new BackendError('invalid', { cause: 'webhook without a ticket id' });
    if (hook.event === 'ticket.created' || hook.event === 'ticket.updated') {
      // The payload lacks what decides visibility (spam, merged, brand): the ticket itself is read.
      const found = await readTicket(ctx, ticketId);
      return found ? [{ type: hook.event, ticket: found.ticket }] : [];
    }
    if (hook.event === 'ticket.comment.created' || hook.event === 'comment.created') {
      // Deliveries don't say whether a comment is internal: classify it from the thread
      // (embedded in the ticket when the API does that, else read beside it).
      const commentId = idOf(rec(hook.data.comment).id) ?? idOf(hook.data.commentId);
      const [found, listed] = await Promise.all([readTicket(ctx, ticketId), embedsThread ? null : orNull(readComments(ctx, ticketId))]);
      const comments = listed ?? (found && Array.isArray(found.raw.comments) ? flattenComments(found.raw.comments.map(rec)) : null);
      const raw = comments?.find((c) => idOf(c.id) === commentId);
      if (!found || !raw) return [];
      const message = toMessage(raw, ticketId, { customerId: found.ticket.customerId, agentNames });
      return message ? [{ type: 'comment.created', ticketId, customerId: found.ticket.customerId, message }] : [];
    }
    return [];
  }

  /**
   * The ticket's thread and files for classifying them. When the API embeds
   * them in `GET /tickets/{id}` that one call answers; otherwise the comment
   * list (and file list) are read in parallel.
   */
  async function threadOf(ctx: BackendContext, ticketId: string, withFiles: boolean): Promise<{ comments: Rec[]; files: unknown[] } | null> {
    if (embedsThread === true) {
      const raw = recentRaw(ctx, ticketId) ?? (await readTicket(ctx, ticketId))?.raw;
      return raw ? { comments: flattenComments(raw.comments as unknown[]), files: raw.attachments as unknown[] } : null;
    }
    const [comments, files] = await Promise.all([orNull(readComments(ctx, ticketId)), withFiles ? orNull(readFiles(ctx, ticketId)) : Promise.resolve([])]);
    return comments && files ? { comments, files } : null;
  }

  // -- idempotency ---------------------------------------------------------------

  const sha256 = async (text: string) =>
    [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');

  /**
   * The upstream `X-Idempotency-Key` for a write: derived from the browser's key
   * (with the customer and operation) so a retry after a lost response replays
   * upstream; random when the browser sent none. `generation` moves on after a
   * write was undone, so its retry writes afresh.
   */
  async function writeKey(ctx: BackendContext, op: string): Promise<{ key: string; bump: () => Promise<void> }> {
    if (!ctx.idempotencyKey) return { key: `dtgw-${crypto.randomUUID()}`, bump: async () => {} };
    const base = await sha256(`${config.brandId}\n${ctx.customer.id}\n${op}\n${ctx.idempotencyKey}`);
    const genKey = `idem-gen:${base}`;
    const gen = (await ctx.state.get<number>(genKey)) ?? 0;
    return {
      key: `dtgw-${(await sha256(`${base}\n${gen}`)).slice(0, 48)}`,
      bump: () => ctx.state.set(genKey, gen + 1, 24 * 3600),
    };
  }

  /** Field errors of a refused write, in portal field names with our own messages (never upstream text). */
  function refusedWrite(e: unknown): never {
    if (isBackendError(e) && e.kind === 'invalid') {
      const known = /^(title|body|priority|categoryId|customFields\.[\w-]+)$/;
      const fieldErrors = upstreamFieldErrors(causeOf(e).body)
        .filter((f) => known.test(f.field))
        .map((f) => ({ field: f.field, message: 'The helpdesk did not accept this value.' }));
      throw new BackendError('invalid', { fieldErrors, cause: e });
    }
    throw e;
  }

  const isClosedKey = async (ctx: BackendContext, key: string) => (await brand(ctx.signal)).statuses.some((s) => s.key === key && s.closed);

  async function patchStatus(ctx: BackendContext, ticket: BackendTicket, status: string): Promise<BackendTicket> {
    try {
      const res = await api.json({ method: 'PATCH', path: ticketPath(ticket.id), body: { status }, signal: ctx.signal, idempotent: true });
      const updated = toTicket(res.data, mapping());
      if (!updated) throw badBody('ticket', res.data);
      return updated;
    } catch (e) {
      if (isBackendError(e) && (e.kind === 'conflict' || e.kind === 'invalid')) {
        const code = upstreamCode(causeOf(e).body);
        throw new BackendError('refused', { code: code === 'REOPEN_WINDOW_PASSED' ? code : 'STATUS_CHANGE_REFUSED', cause: e });
      }
      throw e;
    }
  }

  const toAttachmentPublic = (a: Rec): BackendAttachment => ({
    id: idOf(a.id) as string,
    filename: str(a.filename) ?? 'file',
    contentType: str(a.contentType) ?? 'application/octet-stream',
    size: typeof a.size === 'number' ? a.size : 0,
    createdAt: isoOf(a.createdAt),
    visibility: 'public',
  });

  // -- the backend -----------------------------------------------------------------

  return {
    name: 'dispatch',

    async capabilities(ctx): Promise<BackendCapabilities> {
      const b = await loadBrand(ctx.signal);
      return {
        backend: 'dispatch',
        statuses: b.statuses,
        search: true,
        multiStatus: true,
        close: true,
        reopen: true,
        form: true,
        attachments: 'ticket',
        limits: { ...LIMITS },
        articles: false,
        webhooks: Boolean(options.webhookSecret),
        rating: b.rating,
      };
    },

    async resolveCustomer(ctx, { email, name }): Promise<BackendCustomer> {
      // The token endpoint finds the customer by email in the brand or creates them, atomically: one call, no duplicate on a race.
      const res = await api.json({
        method: 'POST',
        path: `${brandPath}/portal/token`,
        body: name ? { email, name } : { email },
        signal: ctx.signal,
        // Repeating a find-or-create can't make a second customer.
        idempotent: true,
      });
      const r = rec(res.data);
      const id = idOf(r.customerId) ?? idOf(rec(r.customer).id);
      if (!id) throw badBody('customer', { keys: Object.keys(r) });
      return { id, email: (str(r.email) ?? email).trim().toLowerCase(), name: str(r.name) ?? name ?? null };
    },

    async listTickets(ctx, query: ListTicketsQuery): Promise<ListTicketsResult> {
      await Promise.all([brand(ctx.signal), fieldsNow(ctx.signal)]);
      const state = rec(query.cursor);
      let cursor = str(state.c);
      let skip = typeof state.s === 'number' && state.s >= 0 ? state.s : 0;
      let after = str(state.a);
      // Rows read per upstream call: one more than the page needs, widened while hidden rows keep turning up.
      let width = Math.max(query.limit + 1, typeof state.w === 'number' ? Math.min(100, state.w) : 0);
      const wanted = new Set(query.statuses);
      const terms = query.search ? searchTerms(query.search) : [];
      const out: BackendTicket[] = [];
      const map = mapping();
      for (let pages = 0; pages < MAX_PAGES_PER_LIST; pages++) {
        const res = await api.json({
          path: `${brandPath}/tickets`,
          query: {
            customerId: ctx.customer.id,
            status: query.statuses.length ? query.statuses.join(',') : undefined,
            search: query.search ?? undefined,
            isSpam: 'false',
            sort: query.sort,
            order: query.order,
            limit: Math.min(100, skip + width),
            cursor: cursor ?? undefined,
          },
          signal: ctx.signal,
        });
        const page = pageOf(res.data);
        let start = skip;
        if (after) {
          const i = page.rows.findIndex((r) => idOf(rec(r).id) === after);
          if (i >= 0) start = i + 1;
        }
        for (let i = start; i < page.rows.length; i++) {
          const raw = rec(page.rows[i]);
          const t = toTicket(raw, map);
          // Never trust the upstream filters: owner, status and search are checked again here.
          if (!t || t.customerId !== ctx.customer.id || (wanted.size && !wanted.has(t.status)) || !matchesTerms(raw, terms)) continue;
          if (out.length === query.limit) return { tickets: out, next: { c: cursor, s: i, a: out[out.length - 1]?.id ?? null, w: width } };
          out.push(t);
        }
        if (!page.hasMore || page.cursor === cursor) return { tickets: out, next: null };
        cursor = page.cursor;
        skip = 0;
        after = null;
        if (out.length === query.limit) break;
        width = Math.min(100, width * 2);
      }
      return { tickets: out, next: { c: cursor, s: 0, a: null, w: width } };
    },

    async getTicket(ctx, ticketId) {
      await fieldsNow(ctx.signal);
      return (await readTicket(ctx, ticketId))?.ticket ?? null;
    },

    async getTicketDetail(ctx, ticketId): Promise<BackendTicketDetail | null> {
      await fieldsNow(ctx.signal);
      // Until the first ticket read shows whether the thread comes embedded, ask for the ticket alone.
      const parallel = embedsThread === false;
      const [found, separate] = await Promise.all([readTicket(ctx, ticketId), parallel ? orNull(readComments(ctx, ticketId)) : Promise.resolve(null)]);
      if (!found) return null;
      const comments = embedsThread ? flattenComments(found.raw.comments as unknown[]) : (separate ?? (await orNull(readComments(ctx, ticketId))));
      if (!comments) return null;
      const p = policy(ctx);
      const messages = comments.map((c) => toMessage(c, found.ticket.id, p)).filter((m): m is BackendMessage => m !== null);
      return {
        // As the gateway shows them by default (SYSTEM events hidden).
        ticket: { ...found.ticket, messageCount: messages.filter((m) => m.visibility === 'public' && m.author !== 'system').length },
        body: typeof found.raw.body === 'string' ? found.raw.body : '',
        messages,
      };
    },

    async createTicket(ctx, input): Promise<BackendTicket> {
      const { fields } = await fieldsNow(ctx.signal);
      // Only fields customers may fill reach the helpdesk, whatever the caller passed.
      const fillable = new Set(fields.filter((f) => f.showOnCreate !== false).map((f) => f.key));
      const customFields: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(input.customFields)) if (fillable.has(k)) customFields[k] = v;
      const { key, bump } = await writeKey(ctx, 'createTicket');
      let raw: unknown;
      try {
        raw = (
          await api.json({
            method: 'POST',
            path: `${brandPath}/tickets`,
            headers: { 'X-Idempotency-Key': key },
            body: {
              title: input.title,
              ...(input.body ? { body: input.body } : {}),
              ...(input.priority ? { priority: input.priority } : {}),
              ...(input.categoryId ? { categoryId: input.categoryId } : {}),
              ...(Object.keys(customFields).length ? { customFields } : {}),
              customerId: ctx.customer.id,
              source: 'web',
            },
            signal: ctx.signal,
          })
        ).data;
      } catch (e) {
        refusedWrite(e);
      }
      const ticket = toTicket(raw, mapping());
      if (!ticket) throw badBody('created ticket', raw);
      if (input.files.length) {
        try {
          await eachLimited(input.files, UPLOAD_CONCURRENCY, (file) => uploadToTicket(uploadDeps, ticket.id, file, ctx.customer.id, ctx.signal));
        } catch (cause) {
          // No half-made ticket: undo it, and let the retry of this create write a new one.
          await api.json({ method: 'DELETE', path: ticketPath(ticket.id), signal: ctx.signal, idempotent: true }).catch(() => {});
          await bump();
          throw new BackendError('unavailable', { cause, safeToRetry: true });
        }
      }
      return ticket;
    },

    async addMessage(ctx, ticket, input): Promise<BackendMessage> {
      let setStatus: string | undefined;
      if (await isClosedKey(ctx, ticket.status)) {
        if (ticket.status !== 'resolved' && options.replyOnClosed !== 'reopen') throw new BackendError('refused', { code: 'TICKET_CLOSED' });
        setStatus = 'open';
      }
      const { key } = await writeKey(ctx, `addMessage:${ticket.id}`);
      let raw: unknown;
      try {
        raw = (
          await api.json({
            method: 'POST',
            path: `${ticketPath(ticket.id)}/comments`,
            headers: { 'X-Idempotency-Key': key },
            // The customer's own message, as Dispatch records an emailed reply: staff see it as theirs.
            body: {
              body: input.body,
              authorType: 'CUSTOMER',
              authorId: ctx.customer.id,
              authorName: ctx.customer.name ?? ctx.customer.email,
              ...(setStatus ? { setStatus } : {}),
            },
            signal: ctx.signal,
          })
        ).data;
      } catch (e) {
        refusedWrite(e);
      }
      const message = toMessage(raw, ticket.id, policy(ctx));
      if (!message) throw badBody('comment', raw);
      return message;
    },

    async closeTicket(ctx, ticket) {
      if (await isClosedKey(ctx, ticket.status)) throw new BackendError('conflict', { code: 'ALREADY_CLOSED' });
      return patchStatus(ctx, ticket, closeStatus);
    },

    async reopenTicket(ctx, ticket) {
      if (!(await isClosedKey(ctx, ticket.status))) throw new BackendError('conflict', { code: 'NOT_CLOSED' });
      return patchStatus(ctx, ticket, 'open');
    },

    async getForm(ctx): Promise<BackendForm> {
      const f = await loadFields(ctx.signal);
      return {
        categories: f.categories,
        priorities: options.priorities === false ? [] : (options.priorities ?? DEFAULT_PRIORITIES),
        fields: f.fields,
      };
    },

    async listAttachments(ctx, ticket) {
      const found = await threadOf(ctx, ticket.id, true);
      if (!found) return [];
      const classify = attachmentClassifier(found.comments, policy(ctx));
      return found.files
        .filter((a) => {
          const owner = idOf(rec(a).ticketId);
          return owner === null || owner === ticket.id;
        })
        .map(classify)
        .filter((a): a is BackendAttachment => a !== null);
    },

    async getDownload(ctx, ticket, attachmentId) {
      const [found, res] = await Promise.all([
        threadOf(ctx, ticket.id, false),
        api.json({ path: `${ticketPath(ticket.id)}/attachments/${seg(attachmentId)}`, signal: ctx.signal }).catch((e: unknown) => {
          // 404 unknown, 409 not uploaded yet: nothing to download.
          if (isBackendError(e) && (e.kind === 'not_found' || e.kind === 'conflict')) return null;
          throw e;
        }),
      ]);
      if (!found || !res) return null;
      const meta = attachmentRecord(res.data);
      const owner = idOf(meta.ticketId);
      const attachment = attachmentClassifier(found.comments, policy(ctx))(meta);
      const url = str(rec(res.data).downloadUrl) ?? str(rec(res.data).url);
      if (!attachment || attachment.id !== attachmentId || (owner !== null && owner !== ticket.id)) return null;
      if (attachment.visibility !== 'public' || !url || !/^https?:\/\//i.test(url)) return null;
      return { attachment, download: { kind: 'url', url, expiresAt: downloadExpiry(res.data, Date.now()) } };
    },

    async attachFile(ctx, ticket, file: StagedFile) {
      return toAttachmentPublic(await uploadToTicket(uploadDeps, ticket.id, file, ctx.customer.id, ctx.signal));
    },

    ...(options.webhookSecret
      ? {
          async parseWebhook(ctx, request): Promise<BackendEvent[]> {
            const hook = await readWebhook(options.webhookSecret as string, request, ctx.state, options.webhookToleranceSeconds ?? 300, Date.now());
            // Another brand's delivery to a shared endpoint: not ours to fan out.
            if (hook.brandId !== null && hook.brandId !== config.brandId) return [];
            try {
              return await mapWebhook(ctx, hook);
            } catch (e) {
              // Not processed (the helpdesk was unreachable): its retry of this delivery must not count as a replay.
              await ctx.state.delete(`webhook:${hook.id}`).catch(() => {});
              throw e;
            }
          },
        }
      : {}),

    async deliverRating(ctx, ticket, rating: RatingInput) {
      // One note per rating, even when the gateway retries a delivery.
      const key = `dtgw-rating-${(await sha256(`${config.brandId}\n${ticket.id}\n${rating.createdAt}`)).slice(0, 40)}`;
      await api.json({
        method: 'POST',
        path: `${ticketPath(ticket.id)}/comments`,
        headers: { 'X-Idempotency-Key': key },
        body: {
          body: ratingNote(rating),
          // A SYSTEM note, internal both ways Dispatch marks them: the team sees it, the customer never does, and it doesn't reopen the ticket.
          authorType: 'SYSTEM',
          internal: true,
          metadata: { isInternal: true, csat: { type: rating.scale, rating: rating.rating, comment: rating.comment, submittedAt: rating.createdAt, source: 'portal' } },
        },
        signal: ctx.signal,
        idempotent: true,
      });
    },
  };
}

function ratingNote(r: RatingInput): string {
  const score = r.scale === 'thumbs' ? (r.rating > 0 ? '👍 Good' : '👎 Bad') : `${r.rating}/${r.scale === 'scale5' ? 5 : 10}`;
  const comment = r.comment ? `\n\n> ${r.comment.replace(/\n/g, '\n> ')}` : '';
  return `Customer satisfaction rating (from the support portal): ${score}${comment}`;
}

/** Lower case, accents removed, so "Zoë" finds "zoe". */
const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
const searchTerms = (q: string) => fold(q).split(/\s+/).filter(Boolean);

/**
 * Every term must appear in what the customer can read of the ticket itself
 * (title, description, number). A helpdesk search that also matched an
 * internal note would otherwise reveal that note's words.
 */
function matchesTerms(raw: Rec, terms: string[]): boolean {
  if (!terms.length) return true;
  const hay = fold([raw.title, raw.body, raw.publicId, raw.ticketNumber].filter((v) => typeof v === 'string' || typeof v === 'number').join('\n'));
  return terms.every((t) => hay.includes(t));
}
