import { PortalApiError, abortError, invalidResponse, isObject, isPortalApiError, onDemand } from './errors';
import type { EventStream } from './events';
import { createHttp, DEFAULT_BASE_URL, joinUrl, resolveFetch, type HttpRequest } from './http';
import { MAX_UPLOAD_SIZE, clampPageSize, fileRejection } from './limits';
import { normalizeComment, normalizeTicket, normalizeTicketDetail, normalizeTicketPage } from './normalize';
import { createTokenManager } from './tokens';
import { newIdempotencyKey } from './uuid';
import type { ListTicketsParams, MutationOptions, PortalClient, PortalClientOptions } from './types';

const enc = encodeURIComponent;
const TICKETS = 'portal/tickets';
const NONE = Symbol('none');

/** Client methods that load their module on the first call and run there. */
const forward = <M extends object, K extends keyof M>(load: () => Promise<M>, names: K[]) =>
  Object.fromEntries(
    names.map((name) => [name, (...args: unknown[]) => load().then((m) => (m[name] as (...a: unknown[]) => unknown)(...args))]),
  ) as Pick<M, K>;

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
    // The reader loads with the gateway code, before the request: a new token is never lost to code that can't load.
    refresh: async (current) => (await gateway()).token(await send({ method: 'POST', path: 'portal/refresh', token: current })),
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

  const ticketPath = (id: string) => `${TICKETS}/${enc(id)}`;
  // Gateway features and attachments are rare per session: their methods and
  // normalisers load with the first call (they get the client's requests and errors).
  const gateway = onDemand(
    () =>
      import('./extensions').then((x) =>
        x.gatewayMethods({
          keyed,
          post,
          extension: getExtension,
          none: NONE,
          ticket: (raw) => normalizeTicket(raw, ticketPrefix),
          setToken: tokens.session.setToken,
          listTickets,
          invalid: invalidResponse,
          ticketPath,
        }),
      ),
    'portal extensions',
  );
  const files = onDemand(
    () =>
      import('./upload').then((x) =>
        x.attachmentMethods({
          get,
          post,
          ticketPath,
          fetch: resolveFetch(options.fetch),
          timeoutMs,
          maxSize: MAX_UPLOAD_SIZE,
          refuse: fileRejection,
          invalid: invalidResponse,
          errors: { create: (init) => new PortalApiError(init), abort: abortError, is: isPortalApiError },
        }),
      ),
    'upload code',
  );

  let events: Promise<EventStream> | null = null;

  return {
    listTickets,
    async *listAllTickets(params, o) {
      yield* (await gateway()).listAllTickets(params, o);
    },
    getTicket: async (id, o) => {
      const raw = await get(ticketPath(id), o?.signal);
      // A rating is a gateway extension: its reader loads only when one came.
      const rated = isObject(raw) && isObject(raw.rating) ? await gateway() : null;
      return normalizeTicketDetail(raw, ticketPrefix, rated?.rating);
    },
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
    ...forward(gateway, ['closeTicket', 'reopenTicket', 'rateTicket', 'getTicketForm', 'searchArticles', 'refresh']),
    ...forward(files, [
      'initiatePendingUpload',
      'confirmPendingUpload',
      'initiateUpload',
      'confirmUpload',
      'listAttachments',
      'getAttachment',
      'upload',
    ]),
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
      // (offline) leaves the portal polling; the next subscriber tries again. One who
      // left while the code loaded never subscribes (nor starts a connection).
      let left = false;
      const off = events.then(
        (stream) => (left ? () => {} : stream.subscribe(listener)),
        () => {
          events = null;
          return () => {};
        },
      );
      return () => {
        left = true;
        void off.then((unsubscribe) => unsubscribe());
      };
    },
    session: tokens.session,
    dispose() {
      void events?.then((stream) => stream.stop());
      tokens.dispose();
    },
    getCapabilities() {
      // The request starts at once, beside the code that reads it (every portal asks this first).
      const raw = readCapabilities();
      raw.catch(() => {});
      return gateway().then((x) => x.capabilities(raw));
    },
  };
}
