import type { MockContext } from './context';
import { hmacSha256, randomId, toHex } from './crypto';
import { iso } from './http';
import { adminComment, adminTicket, ticketNumberOf } from './serialize';
import type { MockComment, MockTicket } from './types';

/**
 * Dispatch's outgoing webhooks, as the mock sends them: a JSON envelope
 * `{ id, event, brand_id, data, timestamp }` POSTed to the configured URL,
 * signed with HMAC-SHA256 of the raw body in `x-dispatch-signature:
 * sha256=<hex>`. Deliveries leave in order, one at a time, off the request
 * that caused them; a failed one (network error, 408, 429 or 5xx) is sent
 * again, same id and bytes, after each of `retryDelaysMs`.
 */

export type MockWebhookEvent = 'ticket.created' | 'ticket.updated' | 'ticket.comment.created';

export const MOCK_WEBHOOK_EVENTS: readonly MockWebhookEvent[] = ['ticket.created', 'ticket.updated', 'ticket.comment.created'];

export interface MockWebhookConfig {
  /** Where deliveries go, e.g. your gateway's `…/webhooks/dispatch`. */
  url: string;
  /** The signing secret (what Dispatch shows once when you add the webhook). */
  secret: string;
  /** Events to send. Default all three. */
  events?: readonly MockWebhookEvent[];
  /** Pause before each retry of a failed delivery, ms. Default `[250, 1000, 4000]` (three retries). */
  retryDelaysMs?: readonly number[];
  /**
   * Sends a delivery instead of the global `fetch`, e.g. straight into a
   * gateway in the same process: `fetch: (request) => gateway.fetch(request)`.
   */
  fetch?: (request: Request) => Promise<Response>;
}

export interface MockWebhookAttempt {
  /** ISO 8601. */
  at: string;
  /** HTTP status, or null when the request failed (network error). */
  status: number | null;
  error?: string;
}

export interface MockWebhookDelivery {
  id: string;
  event: MockWebhookEvent;
  url: string;
  /** `pending` until answered 2xx (`delivered`) or out of retries (`failed`). */
  state: 'pending' | 'delivered' | 'failed';
  attempts: MockWebhookAttempt[];
  /** The exact bytes sent (as text). */
  body: string;
}

export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 4000];
const KEEP_DELIVERIES = 200;
const retriable = (status: number) => status === 408 || status === 429 || status >= 500;

export class MockWebhooks {
  #config: MockWebhookConfig | null = null;
  readonly #now: () => number;
  /** Newest last. */
  readonly #log: MockWebhookDelivery[] = [];
  #queue: Promise<void> = Promise.resolve();
  #generation = 0;

  constructor(now: () => number, initial: MockWebhookConfig | null = null) {
    this.#now = now;
    this.configure(initial);
  }

  /** The current target (the secret included), or null when webhooks are off. */
  get config(): MockWebhookConfig | null {
    return this.#config;
  }

  /** Sends future events to `config.url`, or turns webhooks off with `null`. */
  configure(config: MockWebhookConfig | null): void {
    if (config) {
      const url = new URL(config.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('webhooks: url must be http(s).');
      if (typeof config.secret !== 'string' || config.secret.length < 8) throw new TypeError('webhooks: secret must be at least 8 characters.');
    }
    this.#config = config ? { ...config } : null;
  }

  /** Deliveries made so far, newest first (the last 200). */
  get deliveries(): readonly MockWebhookDelivery[] {
    return [...this.#log].reverse();
  }

  /** Resolves once every delivery queued so far has been answered or given up on (retries included). */
  idle(): Promise<void> {
    return this.#queue;
  }

  /**
   * Forgets the log and drops deliveries not yet sent. The target stays: it is
   * how the mock is wired to your app (like its port), not test state.
   */
  reset(): void {
    this.#generation++;
    this.#log.length = 0;
  }

  /** Queues one event (no-op when off or not subscribed to it). */
  emit(brandId: string, event: MockWebhookEvent, data: Record<string, unknown>): void {
    const config = this.#config;
    if (!config || !(config.events ?? MOCK_WEBHOOK_EVENTS).includes(event)) return;
    const body = JSON.stringify({ id: randomId('evt'), event, brand_id: brandId, data, timestamp: iso(this.#now()) });
    const delivery: MockWebhookDelivery = { id: JSON.parse(body).id, event, url: config.url, state: 'pending', attempts: [], body };
    this.#log.push(delivery);
    if (this.#log.length > KEEP_DELIVERIES) this.#log.shift();
    const generation = this.#generation;
    this.#queue = this.#queue.then(() => (generation === this.#generation ? this.#deliver(delivery, config, generation) : undefined));
  }

  async #deliver(delivery: MockWebhookDelivery, config: MockWebhookConfig, generation: number): Promise<void> {
    const signature = `sha256=${toHex(await hmacSha256(config.secret, delivery.body))}`;
    const delays = config.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      const request = new Request(config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Dispatch-Webhooks/1.0 (mock)',
          'x-dispatch-event': delivery.event,
          'x-dispatch-delivery': delivery.id,
          'x-dispatch-signature': signature,
        },
        body: delivery.body,
      });
      let status: number | null = null;
      let error: string | undefined;
      try {
        const res = await (config.fetch ? config.fetch(request) : fetch(request));
        status = res.status;
        await res.body?.cancel().catch(() => {});
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      delivery.attempts.push({ at: iso(this.#now()), status, ...(error ? { error } : {}) });
      if (status !== null && status >= 200 && status < 300) {
        delivery.state = 'delivered';
        return;
      }
      // A refusal (400, 401, 404, 409…) is final; only failures that may pass are retried.
      const delay = delays[attempt];
      if ((status !== null && !retriable(status)) || delay === undefined || generation !== this.#generation) {
        delivery.state = 'failed';
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

// -- the events each route sends ------------------------------------------------

/** Changed fields of a ticket, old and new value each: `{ status: { from: 'open', to: 'pending' } }`. */
export type MockTicketChanges = Record<string, { from: unknown; to: unknown }>;

/** `ticket.created`: the admin ticket (numeric `ticketNumber`). */
export function emitTicketCreated(ctx: MockContext, ticket: MockTicket): void {
  ctx.webhooks.emit(ticket.brandId, 'ticket.created', adminTicket(ctx, ticket));
}

/** `ticket.updated`: the admin ticket after the change, with `changes`; nothing when nothing changed. */
export function emitTicketUpdated(ctx: MockContext, ticket: MockTicket, changes: MockTicketChanges): void {
  if (Object.keys(changes).length === 0) return;
  ctx.webhooks.emit(ticket.brandId, 'ticket.updated', { ...adminTicket(ctx, ticket), changes });
}

/**
 * `ticket.comment.created`: the ticket's id and formatted number (a string
 * here, unlike the ticket events) and the comment. Internal notes are sent
 * too, and the delivery does not say the comment is internal: a receiver must
 * decide visibility from the thread, never from the payload.
 */
export function emitCommentCreated(ctx: MockContext, ticket: MockTicket, comment: MockComment): void {
  const brand = ctx.store.brands.get(ticket.brandId);
  const c = adminComment(ctx, comment);
  ctx.webhooks.emit(ticket.brandId, 'ticket.comment.created', {
    ticketId: ticket.id,
    ticketNumber: ticketNumberOf(brand, ticket, 'string'),
    comment: { id: c.id, body: c.body, authorType: c.authorType, authorName: c.authorName, authorId: c.authorId, createdAt: c.createdAt },
  });
}
