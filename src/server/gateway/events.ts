import { BackendError, type BackendContext, type BackendCustomer, type BackendEvent, type PortalBackend } from './backend';
import { BlobTooLargeError, concatBytes, pump } from './blobs';
import { GatewayError, json, notSupported } from './http';
import { wireComment, wireTicket } from './serialize';
import type { GatewayStore } from './store';

/**
 * Live updates: the helpdesk's webhooks in, server-sent events out.
 *
 * A verified webhook is mapped by the adapter to neutral events, filtered here
 * by the same allowlist as reads (public messages of the ticket's owner only),
 * serialised with the read wire shapes, numbered per customer and published on
 * the store (memory, or Redis pub/sub so any instance's streams get it). Each
 * event is also kept for a while under its number, so a stream that dropped
 * resumes from `Last-Event-ID` without a gap or a duplicate, on any instance.
 *
 * Helpdesks without webhooks (Switch Labs, AnswerPal) get no stream:
 * capabilities say `events: false` and the browser keeps polling. Polling
 * upstream from the gateway on behalf of connected customers was measured and
 * rejected: to notice a reply it needs a ticket list plus a detail read per
 * changed ticket for every connected customer every few seconds, which costs
 * more upstream calls than the browser's own polling of the one open thread
 * (figures: `npm run bench:gateway`, README "Live updates") while moving the
 * load onto the helpdesk's agent-wide rate limit that every customer shares.
 */

export interface EventLimits {
  /** Open event streams per customer on one gateway instance; more answer 429. Default 5. */
  maxStreamsPerCustomer: number;
  /** A comment line on an idle stream, so proxies and load balancers keep it open, ms. Default 25 000. */
  heartbeatMs: number;
  /** Events kept per customer for `Last-Event-ID` resume. Default 200. */
  replayEvents: number;
  /** How long each is kept, ms. Default 15 minutes. */
  replayMs: number;
  /** Largest webhook delivery, bytes. Default 1 MiB. */
  webhookBytes: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = {
  maxStreamsPerCustomer: 5,
  heartbeatMs: 25_000,
  replayEvents: 200,
  replayMs: 15 * 60_000,
  webhookBytes: 1024 * 1024,
};

export type PortalEventType = 'comment.created' | 'ticket.updated' | 'ticket.created';

/** The frame kept and published: `data` already in the portal's wire shape. */
interface Frame {
  id: string;
  type: PortalEventType;
  data: Record<string, unknown>;
}

export interface EventHubDeps {
  store: GatewayStore;
  tenant: string;
  limits: EventLimits;
  showSystemMessages: boolean;
  now: () => number;
  /** Reports to the host's `onError`. */
  report(kind: 'integrity' | 'webhook' | 'internal', operation: string, customerId: string | null, error: unknown): void;
}

export interface EventHub {
  /** `GET /portal/events` for a signed-in customer; the stream ends at `expiresAtMs` (the token's expiry). */
  stream(customer: BackendCustomer, o: { lastEventId: string | null; expiresAtMs: number; signal?: AbortSignal; head?: boolean }): Promise<Response>;
  /** `POST /webhooks/{backend}`: verifies through the adapter, filters, fans out. */
  intake(backend: PortalBackend, request: Request, ctx: Omit<BackendContext, 'customer'>): Promise<Response>;
  /** Filters events by the read allowlist and publishes them; resolves how many went out. */
  fanOut(events: BackendEvent[]): Promise<number>;
}

/** The counter restarts after this long (the store's counters have a fixed expiry); a resume across it re-syncs. */
const SEQUENCE_TTL_MS = 7 * 24 * 3600_000;
/** A stream whose reader stopped reading is closed once this many frames wait; it resumes from its last id. */
const MAX_QUEUED_FRAMES = 500;
/** Reconnection delay suggested to generic SSE readers (the kit's client has its own backoff). */
const RETRY_MS = 3000;
/** Placeholder owner for serialising before the stream knows its customer's name. */
const NOBODY: BackendCustomer = { id: '', email: '', name: null };
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store, no-transform',
  // nginx buffers proxied responses unless told not to.
  'x-accel-buffering': 'no',
};

export function createEventHub(deps: EventHubDeps): EventHub {
  const { store, tenant, limits } = deps;
  const channel = (customerId: string) => `events:${tenant}:${customerId}`;
  const sequenceKey = (customerId: string) => `events-seq:${tenant}:${customerId}`;
  const frameKey = (customerId: string, n: number) => `events-log:${tenant}:${customerId}:${n}`;
  /** Open streams per customer on this instance. */
  const open = new Map<string, number>();

  async function publish(customerId: string, type: PortalEventType, data: Record<string, unknown>): Promise<void> {
    const { count } = await store.increment(sequenceKey(customerId), SEQUENCE_TTL_MS);
    const frame = JSON.stringify({ id: String(count), type, data } satisfies Frame);
    // Kept before it is published: a stream resuming meanwhile finds it in the log or hears it live.
    await store.set(frameKey(customerId, count), frame, { ttlMs: limits.replayMs });
    await store.publish(channel(customerId), frame);
  }

  async function fanOut(events: BackendEvent[]): Promise<number> {
    let sent = 0;
    for (const e of events) {
      if (e.type === 'comment.created') {
        const m = e.message;
        if (!e.customerId || !m || m.ticketId !== e.ticketId) {
          deps.report('integrity', 'parseWebhook', e.customerId ?? null, new Error(`comment event for ticket ${e.ticketId} without its owner or with a message of another ticket; dropped`));
          continue;
        }
        // The read allowlist: only public messages, system ones only when configured.
        if (m.visibility !== 'public') continue;
        if (m.author === 'system' && !deps.showSystemMessages) continue;
        await publish(e.customerId, 'comment.created', { ticketId: e.ticketId, comment: wireComment(m, NOBODY) });
        sent++;
      } else if (e.type === 'ticket.created' || e.type === 'ticket.updated') {
        const t = e.ticket;
        if (!t || !t.customerId) continue;
        await publish(t.customerId, e.type, { ticket: wireTicket(t, t.messageCount) });
        sent++;
      }
    }
    return sent;
  }

  /** What a resuming stream missed: the kept frames after `lastEventId`, or a `sync` when they are gone. */
  async function backlog(customerId: string, lastEventId: string | null): Promise<{ current: number; frames: string[]; sync: boolean }> {
    const current = Number((await store.get(sequenceKey(customerId))) ?? 0) || 0;
    if (lastEventId === null) return { current, frames: [], sync: false };
    const last = /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : NaN;
    // Unknown, from before a counter restart, or further back than the log keeps: the client refetches.
    if (!(last <= current) || current - last > limits.replayEvents) return { current, frames: [], sync: true };
    const wanted = Array.from({ length: current - last }, (_, i) => last + 1 + i);
    const frames = await Promise.all(wanted.map((n) => store.get(frameKey(customerId, n))));
    if (frames.some((f) => f === null)) return { current, frames: frames.filter((f): f is string => f !== null), sync: true };
    return { current, frames: frames as string[], sync: false };
  }

  async function stream(customer: BackendCustomer, o: { lastEventId: string | null; expiresAtMs: number; signal?: AbortSignal; head?: boolean }): Promise<Response> {
    if (o.head) return new Response(null, { status: 200, headers: SSE_HEADERS });
    const count = open.get(customer.id) ?? 0;
    if (count >= limits.maxStreamsPerCustomer) {
      throw new GatewayError(429, 'TOO_MANY_STREAMS', 'Too many live-update connections for this account. Close another tab or try again shortly.', undefined, { 'retry-after': '30' });
    }
    open.set(customer.id, count + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const n = (open.get(customer.id) ?? 1) - 1;
      if (n > 0) open.set(customer.id, n);
      else open.delete(customer.id);
    };

    // Subscribed before the backlog is read, so nothing published in between is lost.
    const early: string[] = [];
    let deliver: ((raw: string) => void) | null = null;
    let unsubscribe: () => Promise<void>;
    let missed: Awaited<ReturnType<typeof backlog>>;
    try {
      unsubscribe = await store.subscribe(channel(customer.id), (raw) => (deliver ? deliver(raw) : early.push(raw)));
      try {
        missed = await backlog(customer.id, o.lastEventId);
      } catch (e) {
        await unsubscribe().catch(() => {});
        throw e;
      }
    } catch (error) {
      release();
      deps.report('internal', 'events', customer.id, error);
      throw new GatewayError(503, 'EVENTS_UNAVAILABLE', 'Live updates are unavailable right now.', undefined, { 'retry-after': '5' });
    }

    const sent = new Set<string>();
    const format = (raw: string): { id: number; text: string } | null => {
      let f: Frame;
      try {
        f = JSON.parse(raw) as Frame;
      } catch {
        return null;
      }
      if (!f || typeof f.id !== 'string' || typeof f.type !== 'string' || sent.has(f.id)) return null;
      sent.add(f.id);
      if (sent.size > 2 * limits.replayEvents) sent.delete(sent.values().next().value as string);
      let data = f.data;
      const c = f.type === 'comment.created' ? (data.comment as Record<string, unknown> | undefined) : undefined;
      // The customer's own messages are named as reads name them: their name, else their email.
      if (c && c.authorType === 'CUSTOMER' && !c.authorName) {
        data = { ...data, comment: { id: c.id, body: c.body, authorType: c.authorType, authorName: customer.name ?? customer.email, createdAt: c.createdAt } };
      }
      return { id: Number(f.id), text: `id: ${f.id}\nevent: ${f.type}\ndata: ${JSON.stringify(data)}\n\n` };
    };

    const enc = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let closed = false;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(expiry);
      o.signal?.removeEventListener('abort', close);
      release();
      void unsubscribe().catch(() => {});
      try {
        controller.close();
      } catch {
        // Already cancelled by the reader.
      }
    };
    const write = (text: string) => {
      if (closed || !text) return;
      controller.enqueue(enc.encode(text));
      if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) close();
    };

    let top = missed.current;
    let head = `retry: ${RETRY_MS}\n\n`;
    // The backlog, then whatever was published while it was read (duplicates dropped by id).
    for (const raw of [...missed.frames, ...early.splice(0)]) {
      const f = format(raw);
      if (!f) continue;
      head += f.text;
      top = Math.max(top, f.id);
    }
    // `sync`: events were missed beyond what is kept; the client refetches what it shows.
    if (missed.sync) head += `event: sync\ndata: {}\n\n`;
    // `ready` carries the newest number, so even a quiet stream resumes from the right place.
    head += `id: ${top}\nevent: ready\ndata: {}\n\n`;

    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        write(head);
        deliver = (raw) => write(format(raw)?.text ?? '');
        heartbeat = setInterval(() => write(': keep-alive\n\n'), limits.heartbeatMs);
        // Ends with the token: the client renews it and reconnects with Last-Event-ID.
        expiry = setTimeout(close, Math.max(0, o.expiresAtMs - deps.now()));
        (heartbeat as { unref?: () => void }).unref?.();
        (expiry as { unref?: () => void }).unref?.();
        if (o.signal?.aborted) close();
        else o.signal?.addEventListener('abort', close, { once: true });
      },
      cancel: close,
    });
    return new Response(body, { status: 200, headers: SSE_HEADERS });
  }

  async function intake(backend: PortalBackend, request: Request, ctx: Omit<BackendContext, 'customer'>): Promise<Response> {
    if (!backend.parseWebhook) throw notSupported('Live updates');
    const declared = Number(request.headers.get('content-length'));
    const tooLarge = () => new GatewayError(413, 'PAYLOAD_TOO_LARGE', `The webhook body is larger than ${limits.webhookBytes} bytes.`);
    if (Number.isFinite(declared) && declared > limits.webhookBytes) throw tooLarge();
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (request.body) {
      try {
        size = await pump(request.body, limits.webhookBytes, (chunk) => void chunks.push(chunk));
      } catch (e) {
        throw e instanceof BlobTooLargeError ? tooLarge() : e;
      }
    }
    // The signature covers these exact bytes: never re-encode before verifying.
    const rawBody = concatBytes(chunks, size);
    let events: BackendEvent[];
    try {
      events = await backend.parseWebhook(ctx, { headers: request.headers, rawBody });
    } catch (e) {
      if (e instanceof BackendError && (e.kind === 'unauthorized' || e.kind === 'invalid')) {
        // Reported so a wrong secret shows up in the host's logs; the sender learns only the code.
        deps.report('webhook', 'webhook', null, e);
        if (e.kind === 'unauthorized') throw new GatewayError(401, 'WEBHOOK_SIGNATURE_INVALID', 'The webhook signature is missing or does not match.');
        if (e.code === 'WEBHOOK_REPLAYED') throw new GatewayError(409, 'WEBHOOK_REPLAYED', 'This delivery was already received.');
        throw new GatewayError(400, e.code ?? 'WEBHOOK_INVALID', 'The webhook delivery is malformed or too old.');
      }
      throw e;
    }
    if (!Array.isArray(events)) events = [];
    await fanOut(events);
    return json(200, { received: true });
  }

  return { stream, intake, fanOut };
}
