import { createParser } from 'eventsource-parser';
import type { isPortalApiError, PortalApiError } from './errors';
import type { normalizeComment, normalizeTicket } from './normalize';
import type { TokenManager } from './tokens';
import type { Comment, LiveStatus, PortalEvent, PortalEventListener, Ticket } from './types';

/**
 * The live-update reader, loaded on demand (`client.subscribeEvents`): hosts
 * whose portal never streams don't download it. It reads the gateway's
 * server-sent events with `fetch` and a streaming parser — never
 * `EventSource`, which cannot send the token in a header, and a token must
 * never go in a URL.
 *
 * One connection per client, shared by every subscriber. It opens only when
 * the backend's capabilities say events exist (a 404 there means the Dispatch
 * portal API itself: no extensions, no stream); reconnects with backoff and
 * jitter; pauses while offline and while the page has been hidden for a
 * while; resumes with `Last-Event-ID`; renews the token when the stream ends
 * at its expiry.
 */

/**
 * What the reader needs from the client. Passed in rather than imported, so
 * this on-demand chunk shares no module with the entry (a shared module would
 * be split out of the entry into a chunk of its own).
 */
export interface EventStreamDeps {
  /** The events URL (`…/portal/events`). */
  url: string;
  fetch: typeof fetch;
  /** `GET portal/capabilities` through the client (token, renewal, retries); null when the API has no extensions (404). */
  capabilities(signal: AbortSignal): Promise<unknown>;
  token(signal: AbortSignal): Promise<string>;
  /** After a 401 with `used`: renews once, or throws when the session is over. */
  unauthorized(used: string, signal: AbortSignal): Promise<void>;
  /** Ends the session after a second 401. */
  expire(): void;
  /** Whether an error means the session is over (stop for good). */
  isSessionError(error: unknown): boolean;
  comment(raw: unknown): Comment;
  ticket(raw: unknown): Ticket;
}

/** The client's own parts, handed over as they are (the wiring lives here, in the on-demand chunk). */
export interface ClientParts {
  url: string;
  fetch: typeof fetch;
  /** The client's capabilities read (shared with `getCapabilities`); null when the API has no extensions. */
  capabilities(): Promise<unknown>;
  tokens: TokenManager;
  PortalApiError: typeof PortalApiError;
  isPortalApiError: typeof isPortalApiError;
  normalizeComment: typeof normalizeComment;
  normalizeTicket: typeof normalizeTicket;
  ticketPrefix?: string | null;
}

/** The client's event stream. */
export function clientEventStream(c: ClientParts): EventStream {
  const isApiError = c.isPortalApiError;
  return createEventStream({
    url: c.url,
    fetch: c.fetch,
    // The Dispatch portal API has no extensions: its 404 (null) means "no live updates".
    capabilities: () => c.capabilities(),
    token: (signal) => c.tokens.get(signal),
    unauthorized: (used, signal) => c.tokens.unauthorized(used, signal),
    expire: () => void c.tokens.expire(new c.PortalApiError({ kind: 'session', status: 401, message: 'The event stream refused a renewed token' })),
    isSessionError: (e) => isApiError(e) && e.kind === 'session',
    comment: c.normalizeComment,
    ticket: (raw) => c.normalizeTicket(raw, c.ticketPrefix),
  });
}

export interface EventStreamOptions {
  /** First reconnection delay; doubles per failed attempt, with jitter. Default 1 000 ms. */
  minDelayMs?: number;
  /** Default 30 000 ms. */
  maxDelayMs?: number;
  /** A stream silent this long (the gateway sends a heartbeat every 25 s) is dead: reconnect. Default 60 000 ms. */
  idleTimeoutMs?: number;
  /** Hidden this long, the page lets the connection go until it is visible again. Default 5 minutes. */
  hiddenGraceMs?: number;
}

export interface EventStream {
  subscribe(listener: PortalEventListener): () => void;
  /** Closes the connection for good. */
  stop(): void;
}

type Doc = { hidden: boolean; addEventListener(t: string, l: () => void): void; removeEventListener(t: string, l: () => void): void };

export function createEventStream(deps: EventStreamDeps, options: EventStreamOptions = {}): EventStream {
  const { minDelayMs = 1000, maxDelayMs = 30_000, idleTimeoutMs = 60_000, hiddenGraceMs = 5 * 60_000 } = options;
  const listeners = new Set<PortalEventListener>();
  const g = globalThis as { document?: Doc; navigator?: { onLine?: boolean }; addEventListener?: Doc['addEventListener']; removeEventListener?: Doc['removeEventListener'] };
  const doc = g.document;
  let status: LiveStatus = 'connecting';
  let lastId: string | null = null;
  let supported: boolean | null = null;
  let running = false;
  let stopped = false;
  let failures = 0;
  /** Aborts the current connection attempt or stream. */
  let current: AbortController | null = null;
  let wake: (() => void) | null = null;
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  let asleep = false;
  /** Bumped when the last subscriber leaves: the connection closing then is no failure. */
  let idled = 0;
  /** The server's `Retry-After` for the next attempt, ms. */
  let retryAfter: number | null = null;

  const setStatus = (next: LiveStatus) => {
    if (status === next) return;
    status = next;
    for (const l of [...listeners]) l.onStatus?.(next);
  };
  const emit = (event: PortalEvent) => {
    for (const l of [...listeners]) {
      try {
        l.onEvent?.(event);
      } catch (e) {
        // One broken listener must not stop the stream or the others.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  };
  const offline = () => g.navigator?.onLine === false;
  const paused = () => offline() || asleep;
  /** Resolves after `ms`, or early when woken (back online, visible again, stopped). */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = ms === Infinity ? undefined : setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        if (wake === done) wake = null;
        resolve();
      }
      wake = done;
    });
  const nudge = () => wake?.();
  const backoff = () => {
    const cap = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(failures++, 16));
    return cap / 2 + (Math.random() * cap) / 2;
  };

  const onOnline = () => nudge();
  const onOffline = () => current?.abort();
  const onVisibility = () => {
    clearTimeout(hiddenTimer);
    if (doc?.hidden) {
      hiddenTimer = setTimeout(() => {
        asleep = true;
        current?.abort();
      }, hiddenGraceMs);
    } else if (asleep) {
      asleep = false;
      failures = 0;
      nudge();
    }
  };

  /** Reads one stream to its end; resolves whether it ever said `ready`. */
  async function read(res: Response, controller: AbortController): Promise<boolean> {
    let ready = false;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), idleTimeoutMs);
    };
    const parser = createParser({
      onComment: alive,
      onEvent(e) {
        alive();
        let data: Record<string, unknown> = {};
        try {
          const parsed: unknown = JSON.parse(e.data || '{}');
          if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
        } catch {
          return;
        }
        const type = e.event;
        // Numbers only move forward, except when the server re-bases them (ready, sync).
        if (e.id !== undefined && (type === 'ready' || type === 'sync' || !(Number(e.id) <= Number(lastId)))) lastId = e.id;
        if (type === 'ready') {
          ready = true;
          failures = 0;
          setStatus('live');
        } else if (type === 'sync') emit({ type: 'sync' });
        else if (type === 'comment.created' && typeof data.ticketId === 'string' && data.comment) {
          emit({ type, ticketId: data.ticketId, comment: deps.comment(data.comment) });
        } else if ((type === 'ticket.updated' || type === 'ticket.created') && data.ticket) {
          emit({ type, ticket: deps.ticket(data.ticket) });
        }
      },
    });
    alive();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Aborted or reset: the caller decides what comes next.
    } finally {
      clearTimeout(idle);
      reader.cancel().catch(() => {});
    }
    return ready;
  }

  async function run() {
    while (!stopped && listeners.size > 0) {
      if (paused()) {
        setStatus('paused');
        await pause(Infinity);
        continue;
      }
      const controller = new AbortController();
      current = controller;
      const round = idled;
      try {
        if (supported === null) {
          const caps = await deps.capabilities(controller.signal);
          const features = (caps as { features?: { events?: unknown } } | null)?.features;
          supported = features?.events === true;
        }
        if (!supported) {
          setStatus('unsupported');
          return;
        }
        const ended = await connect(controller);
        if (ended === 'over') return;
        // A stream that ended after saying `ready` (the token's expiry, a deploy) is picked up at once.
        if (ended === 'ended') continue;
      } catch (e) {
        if (stopped) return;
        if (deps.isSessionError(e)) {
          setStatus('stopped');
          return;
        }
      } finally {
        if (current === controller) current = null;
      }
      if (stopped || listeners.size === 0) return;
      // Closed for want of subscribers and wanted again meanwhile: reconnect now.
      if (paused() || round !== idled) continue;
      setStatus('reconnecting');
      await pause(retryAfter ?? backoff());
      retryAfter = null;
    }
  }

  /** One connection: `ended` (cleanly, after ready), `failed` (retry with backoff) or `over` (stop). */
  async function connect(controller: AbortController): Promise<'ended' | 'failed' | 'over'> {
    let token = await deps.token(controller.signal);
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
      if (lastId !== null) headers['Last-Event-ID'] = lastId;
      const res = await deps.fetch(deps.url, { headers, signal: controller.signal });
      if (res.status === 401) {
        await res.body?.cancel().catch(() => {});
        if (attempt > 0) {
          deps.expire();
          setStatus('stopped');
          return 'over';
        }
        await deps.unauthorized(token, controller.signal);
        token = await deps.token(controller.signal);
        continue;
      }
      if (res.status === 404) {
        await res.body?.cancel().catch(() => {});
        supported = false;
        setStatus('unsupported');
        return 'over';
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => {});
        const after = Number(res.headers.get('retry-after'));
        if (Number.isFinite(after) && after > 0) retryAfter = Math.min(after * 1000, 5 * 60_000) * (1 + Math.random() * 0.2);
        return 'failed';
      }
      const opened = Date.now();
      const ready = await read(res, controller);
      // A stream that ends at once after opening is a fault, not an expiry: back off.
      return ready && !controller.signal.aborted && Date.now() - opened > 1000 ? 'ended' : 'failed';
    }
  }

  const start = () => {
    if (running || stopped) return;
    running = true;
    g.addEventListener?.('online', onOnline);
    g.addEventListener?.('offline', onOffline);
    doc?.addEventListener('visibilitychange', onVisibility);
    if (doc?.hidden) onVisibility();
    setStatus(supported === false ? 'unsupported' : 'connecting');
    void run().finally(() => {
      running = false;
      g.removeEventListener?.('online', onOnline);
      g.removeEventListener?.('offline', onOffline);
      doc?.removeEventListener('visibilitychange', onVisibility);
      clearTimeout(hiddenTimer);
      // Someone subscribed while the loop was winding down: go again.
      if (!stopped && listeners.size > 0 && supported !== false && status !== 'stopped') start();
    });
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      listener.onStatus?.(status);
      start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          idled++;
          // Quietly (nobody listens): the next subscriber starts from "connecting".
          if (status === 'live' || status === 'reconnecting') status = 'connecting';
          current?.abort();
          nudge();
        }
      };
    },
    stop() {
      stopped = true;
      listeners.clear();
      current?.abort();
      nudge();
    },
  };
}
