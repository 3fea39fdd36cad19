import type * as ExtensionsModule from './extensions';
import { PortalApiError, abortError, errorFromResponse, invalidResponse, isPortalApiError } from './errors';
import type { EventStream } from './events';
import { createHttp, DEFAULT_BASE_URL, joinUrl, resolveFetch, type HttpRequest } from './http';
import { MAX_UPLOAD_SIZE, clampPageSize, fileRejection } from './limits';
import {
  normalizeAttachment,
  normalizeAttachmentDownload,
  normalizeAttachmentList,
  normalizeComment,
  normalizeRating,
  normalizeTicket,
  normalizeTicketDetail,
  normalizeTicketPage,
  normalizeTokenResponse,
  normalizeUploadTarget,
} from './normalize';
import { createTokenManager } from './tokens';
import { newIdempotencyKey } from './uuid';
import type { PortalApiErrorInit } from './errors';
import type { Attachment, ListTicketsParams, MutationOptions, PortalClient, PortalClientOptions, TicketPage, UploadMeta } from './types';

const enc = encodeURIComponent;

/** The `PortalApiError` code for each reason the one file check gives. */
const REFUSED = { 'file-empty': 'FILE_EMPTY', 'file-too-large': 'FILE_TOO_LARGE', 'file-invalid-type': 'FILE_TYPE_NOT_ALLOWED' } as const;

/** What the on-demand upload code needs of the client's errors. */
const UPLOAD_ERRORS = {
  create: (init: PortalApiErrorInit) => new PortalApiError(init),
  abort: abortError,
  fromResponse: errorFromResponse,
  is: isPortalApiError,
};
const TICKETS = 'portal/tickets';
const NONE = Symbol('none');

/**
 * Creates a portal API client for one customer session.
 * @example
 * const client = createPortalClient({
 *   getToken: () => fetch('/api/support/token').then((r) => r.json()),
 *   onSessionExpired: () => showSignIn(),
 * });
 * const { tickets } = await client.listTickets({ status: 'open' });
 */
export function createPortalClient(options: PortalClientOptions): PortalClient {
  const { token, getToken, ticketPrefix, timeoutMs = 30_000 } = options;
  // Exactly one of them: a non-empty `token`, or `getToken`.
  if (getToken ? token !== undefined : typeof token !== 'string' || !token) {
    throw new TypeError('createPortalClient needs either `token` (a non-empty string) or `getToken`, not both');
  }
  const send = createHttp(options);
  const tokens = createTokenManager({
    token,
    getToken,
    timeoutMs,
    onSessionExpired: options.onSessionExpired,
    refresh: async (current) => normalizeTokenResponse(await send({ method: 'POST', path: 'portal/refresh', token: current })),
  });

  /** Sends with a fresh token; after a 401, renews once and replays once (docs/portal-api.md#tokens). */
  async function call(req: HttpRequest): Promise<unknown> {
    if (req.signal?.aborted) throw abortError(req.signal);
    const used = await tokens.get(req.signal);
    try {
      return await send({ ...req, token: used });
    } catch (e) {
      if (!isPortalApiError(e) || e.status !== 401) throw e;
    }
    await tokens.unauthorized(used, req.signal);
    const next = await tokens.get(req.signal);
    try {
      return await send({ ...req, token: next });
    } catch (e) {
      throw isPortalApiError(e) && e.status === 401 ? tokens.expire(e) : e;
    }
  }

  const get = (path: string, signal?: AbortSignal, query?: HttpRequest['query']) =>
    call({ method: 'GET', path, query, signal });
  const post = (path: string, body: unknown, signal?: AbortSignal, idempotencyKey?: string) =>
    call({ method: 'POST', path, body, signal, idempotencyKey });
  // One key per call, reused by its retries and its 401 replay.
  const keyed = (path: string, body: unknown, o?: MutationOptions) => post(path, body, o?.signal, o?.idempotencyKey || newIdempotencyKey());

  const listTickets = async ({ status, search, sort, order, limit, cursor }: ListTicketsParams = {}, o?: { signal?: AbortSignal }) =>
    normalizeTicketPage(
      await get(TICKETS, o?.signal, {
        // Several statuses go comma-joined (a gateway extension); one goes as before.
        status: typeof status === 'string' ? status : status?.join(','),
        search: search?.trim(),
        sort,
        order,
        // Never 0 (the SDK leaves falsy values out) nor over the portal's maximum.
        limit: clampPageSize(limit),
        cursor,
      }),
      ticketPrefix,
    );

  /**
   * A protocol extension: null when the backend answers 404 (the Dispatch
   * portal API has none). Its normaliser loads with the first call, so
   * portals without extensions never ship it.
   */
  /** GET of an extension endpoint; NONE when the API has no extensions (404). */
  const getExtension = (path: string, signal?: AbortSignal, query?: HttpRequest['query']) =>
    get(path, signal, query).catch((e: unknown) => {
      if (isPortalApiError(e) && e.status === 404) return NONE;
      throw e;
    });
  // Capabilities are read once per client: the hooks (through the query cache)
  // and the event stream ask the same question. A failed read is asked again.
  let capabilitiesRead: Promise<unknown> | null = null;
  const readCapabilities = () =>
    (capabilitiesRead ??= getExtension('portal/capabilities').catch((e: unknown) => {
      capabilitiesRead = null;
      throw e;
    }));

  async function extension<T>(raw$: Promise<unknown>, path: string, read: (x: typeof ExtensionsModule, raw: unknown) => T | null) {
    const [x, raw] = await Promise.all([
      import('./extensions').catch((cause: unknown) => {
        throw new PortalApiError({ kind: 'network', message: 'The portal extensions could not be loaded', cause });
      }),
      raw$,
    ]);
    if (raw === NONE) return null;
    const value = read(x, raw);
    if (value === null) throw invalidResponse(`Expected an object from ${path}`);
    return value;
  }

  const ticketPath = (id: string) => `${TICKETS}/${enc(id)}`;
  // Pending uploads (no ticket yet) and per-ticket uploads differ only in their path.
  const uploads = (ticketId?: string) => (ticketId === undefined ? `${TICKETS}/attachments/pending` : `${ticketPath(ticketId)}/attachments`);
  const initiate = (ticketId: string | undefined, meta: UploadMeta, signal?: AbortSignal) =>
    post(uploads(ticketId), { filename: meta.filename, contentType: meta.contentType, size: meta.size }, signal).then((r) =>
      normalizeUploadTarget(r, meta),
    );
  // Any 2xx may come without a body: then the file is simply uploaded.
  const confirm = (ticketId: string | undefined, known: Partial<Attachment> & { id: string }, signal?: AbortSignal) =>
    post(`${uploads(ticketId)}/${enc(known.id)}/confirm`, {}, signal).then((r) =>
      normalizeAttachment(r ?? { ...known, status: 'UPLOADED' }),
    );

  let events: Promise<EventStream> | null = null;

  return {
    listTickets,
    async *listAllTickets(params: ListTicketsParams = {}, o) {
      let cursor = params.cursor ?? null;
      const seen = new Set(cursor ? [cursor] : []);
      for (;;) {
        const page: TicketPage = await listTickets({ ...params, cursor }, o);
        yield page;
        // A repeated cursor would loop forever; stop rather than trust the server.
        if (!page.hasMore || !page.nextCursor || seen.has(page.nextCursor)) return;
        seen.add((cursor = page.nextCursor));
      }
    },
    getTicket: async (id, o) => normalizeTicketDetail(await get(ticketPath(id), o?.signal), ticketPrefix),
    createTicket: async ({ title, body, attachmentIds, priority, categoryId, customFields }, o) =>
      normalizeTicket(
        await keyed(
          TICKETS,
          {
            title,
            ...(body ? { body } : {}),
            ...(attachmentIds?.length ? { attachmentIds } : {}),
            // Only the gateway knows these; the Dispatch portal API never sees them unset.
            ...(priority ? { priority } : {}),
            ...(categoryId ? { categoryId } : {}),
            ...(customFields && Object.keys(customFields).length ? { customFields } : {}),
          },
          o,
        ),
        ticketPrefix,
      ),
    addComment: async (ticketId, body, o) => normalizeComment(await keyed(`${ticketPath(ticketId)}/comments`, { body }, o)),
    closeTicket: async (ticketId, o) => normalizeTicket(await keyed(`${ticketPath(ticketId)}/close`, {}, o), ticketPrefix),
    reopenTicket: async (ticketId, o) => normalizeTicket(await keyed(`${ticketPath(ticketId)}/reopen`, {}, o), ticketPrefix),
    rateTicket: async (ticketId, { rating, comment }, o) =>
      normalizeRating(await keyed(`${ticketPath(ticketId)}/rating`, { rating, ...(comment?.trim() ? { comment: comment.trim() } : {}) }, o)),
    initiatePendingUpload: (meta, o) => initiate(undefined, meta, o?.signal),
    confirmPendingUpload: (id, o) => confirm(undefined, { id }, o?.signal),
    initiateUpload: (ticketId, meta, o) => initiate(ticketId, meta, o?.signal),
    confirmUpload: (ticketId, id, o) => confirm(ticketId, { id }, o?.signal),
    listAttachments: async (ticketId, o) => normalizeAttachmentList(await get(uploads(ticketId), o?.signal)),
    getAttachment: async (ticketId, id, o) =>
      normalizeAttachmentDownload(await get(`${uploads(ticketId)}/${enc(id)}`, o?.signal)),
    async refresh(o) {
      const result = normalizeTokenResponse(await post('portal/refresh', undefined, o?.signal));
      tokens.session.setToken(result);
      return result;
    },
    async upload(file, o = {}) {
      const { signal, maxSize = MAX_UPLOAD_SIZE, accept } = o;
      const filename = o.filename || file.name || 'file';
      const contentType = o.contentType || file.type || 'application/octet-stream';
      const size = file.size;
      // The one file check (the upload queue runs the same), before anything is sent.
      const refused = fileRejection(size, filename, contentType, maxSize, accept);
      if (refused) {
        throw new PortalApiError({
          kind: 'invalid_input',
          code: REFUSED[refused],
          message: `${filename} (${contentType}, ${size} bytes) refused: ${refused}`,
          details: { filename, contentType, size, maxSize, accept, reason: refused },
        });
      }
      if (signal?.aborted) throw abortError(signal);
      // The transfer is loaded on first use: most sessions never attach a file.
      // A chunk that can't be fetched (offline) fails the upload like the network would.
      const { transferFile } = await import('./upload').catch((cause: unknown) => {
        throw new PortalApiError({ kind: 'network', message: 'The upload code could not be loaded', cause });
      });
      return transferFile(
        {
          initiate: (meta, s) => initiate(o.ticketId, meta, s),
          confirm: (attachment, s) => confirm(o.ticketId, attachment, s),
          fetch: resolveFetch(options.fetch),
          timeoutMs,
          errors: UPLOAD_ERRORS,
        },
        file,
        { filename, contentType, size },
        signal,
        o.onProgress,
      );
    },
    subscribeEvents(listener) {
      // On demand: a portal that never streams never downloads the reader.
      events ??= import('./events').then(({ clientEventStream }) =>
        clientEventStream({
          url: joinUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'portal/events'),
          fetch: resolveFetch(options.fetch),
          capabilities: () => readCapabilities().then((raw) => (raw === NONE ? null : raw)),
          tokens,
          PortalApiError,
          isPortalApiError,
          normalizeComment,
          normalizeTicket,
          ticketPrefix,
        }),
      );
      // A stream stopped by dispose() never starts again. Reader code that can't load
      // (offline) leaves the portal polling; the next subscriber tries again.
      const off = events.then(
        (stream) => stream.subscribe(listener),
        () => {
          events = null;
          return () => {};
        },
      );
      return () => void off.then((unsubscribe) => unsubscribe());
    },
    session: tokens.session,
    dispose() {
      void events?.then((stream) => stream.stop());
      tokens.dispose();
    },
    getCapabilities: () => extension(readCapabilities(), 'portal/capabilities', (x, raw) => x.normalizeCapabilities(raw)),
    getTicketForm: (o) => extension(getExtension('portal/form', o?.signal), 'portal/form', (x, raw) => x.normalizeTicketForm(raw)),
    searchArticles: async (query, o) =>
      (await extension(
        getExtension('portal/articles', o?.signal, { query: query.trim().slice(0, 200), limit: o?.limit ?? 5 }),
        'portal/articles',
        (x, raw) => x.normalizeArticles(raw),
      )) ?? [],
  };
}
