import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPortalClient, type LiveStatus, type PortalEvent, type PortalClient } from '../../src/client';
import { createEventStream } from '../../src/client/events';
import { normalizeComment, normalizeTicket } from '../../src/client/normalize';
import { createMockPortal, SEED } from '../../src/mock';
import { createAnswerPalMock } from '../../src/mock/answerpal/createAnswerPalMock';
import { ANSWERPAL_SEED } from '../../src/mock/answerpal/seed';
import { createSwitchLabsMock, SWITCHLABS_SEED } from '../../src/mock/switchlabs';
import { answerPal, createPortalGateway, dispatchAdmin, memoryBlobStore, switchLabs, type PortalBackend, type PortalGatewayOptions } from '../../src/server';
import { readEventStream } from '../../src/server/testing';
import { useDispatchMock } from '../server/adapters/helpers';
import { SECRET, latch, serveGateway } from '../server/gateway/helpers';

/**
 * The client's live-update reader against the real thing: the mock Dispatch
 * API sends signed webhooks to a portal gateway over HTTP, the client reads
 * the gateway's event stream with fetch.
 */

const h = useDispatchMock();
const T = SEED.tickets;
const WEBHOOK_SECRET = 'whsec_client_events_0123456789';
const jane = SEED.customers.jane;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  h.server.mock.webhooks.configure(null);
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function gatewayOverHttp(options: Partial<PortalGatewayOptions> = {}) {
  const gateway = createPortalGateway({
    backend: dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl, webhookSecret: WEBHOOK_SECRET }),
    secret: SECRET,
    basePath: '/gw',
    blobs: memoryBlobStore(),
    ...options,
  });
  const served = await serveGateway(gateway, '/gw');
  cleanups.push(() => served.close());
  h.server.mock.webhooks.configure({ url: `${served.base}/webhooks/dispatch`, secret: WEBHOOK_SECRET, retryDelaysMs: [] });
  return { gateway, base: served.base };
}

interface Seen {
  url: string;
  headers: Headers;
}

/** A client on the gateway; every request it makes is recorded (and may be held or cut). */
function clientOn(base: string, getToken: () => Promise<{ token: string; expiresAt: string }>) {
  const seen: Seen[] = [];
  const cuts: (() => void)[] = [];
  let gate: Promise<void> | null = null;
  const client = createPortalClient({
    baseUrl: base,
    getToken,
    fetch: async (input, init) => {
      const url = String(input);
      seen.push({ url, headers: new Headers(init?.headers) });
      const cut = new AbortController();
      cuts.push(() => cut.abort());
      if (url.endsWith('/portal/events') && gate) await gate;
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal });
    },
  });
  cleanups.push(() => client.dispose());
  return {
    client,
    seen,
    streams: () => seen.filter((s) => s.url.endsWith('/portal/events')),
    /** Drops every connection open now, like a network change. */
    cut: () => cuts.splice(0).forEach((c) => c()),
    hold(p: Promise<void> | null) {
      gate = p;
    },
  };
}

function listen(client: PortalClient) {
  const events: PortalEvent[] = [];
  const statuses: LiveStatus[] = [];
  const waiters = new Set<() => void>();
  const off = client.subscribeEvents({
    onEvent: (e) => {
      events.push(e);
      waiters.forEach((w) => w());
    },
    onStatus: (s) => {
      statuses.push(s);
      waiters.forEach((w) => w());
    },
  });
  cleanups.push(off);
  const until = (check: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}; statuses ${statuses.join(' → ')}`)), 10_000);
      const w = () => {
        if (!check()) return;
        clearTimeout(t);
        waiters.delete(w);
        resolve();
      };
      waiters.add(w);
      w();
    });
  return {
    events,
    statuses,
    off,
    status: (s: LiveStatus) => until(() => statuses.at(-1) === s, `status ${s}`),
    comment: (id: string) => until(() => events.some((e) => e.type === 'comment.created' && e.comment.id === id), `comment ${id}`),
    comments: () => events.flatMap((e) => (e.type === 'comment.created' ? [e.comment.id] : [])),
  };
}

const staffReply = async (ticketId: string, body: string) => {
  const res = await h.admin(`/tickets/${ticketId}/comments`, { method: 'POST', body: { body, authorName: 'Sam Rivera' } });
  return (await res.json()) as { id: string };
};

describe('client.subscribeEvents on a gateway with webhooks', () => {
  it('one shared stream for every subscriber; replies arrive normalised like reads; the token only in the header', async () => {
    const { gateway, base } = await gatewayOverHttp();
    const c = clientOn(base, () => gateway.issueToken(jane));
    const a = listen(c.client);
    const b = listen(c.client);
    await a.status('live');
    await b.status('live');
    const reply = await staffReply(T.pending, 'Fixed on our side.');
    await a.comment(reply.id);
    await b.comment(reply.id);
    const event = a.events.find((e) => e.type === 'comment.created');
    const detail = await c.client.getTicket(T.pending);
    expect(event).toEqual({ type: 'comment.created', ticketId: T.pending, comment: detail.comments.find((x) => x.id === reply.id) });
    expect(c.streams()).toHaveLength(1);
    for (const s of c.seen) expect(s.url).not.toMatch(/token|eyJ/);
    expect(c.streams()[0]!.headers.get('authorization')).toMatch(/^Bearer eyJ/);
    // The last subscriber leaving closes the connection; the next one opens a new one.
    a.off();
    b.off();
    const again = listen(c.client);
    await again.status('live');
    expect(c.streams()).toHaveLength(2);
  });

  it('a ticket change and a new ticket arrive as ticket events', async () => {
    const { gateway, base } = await gatewayOverHttp();
    const c = clientOn(base, () => gateway.issueToken(jane));
    const l = listen(c.client);
    await l.status('live');
    await h.admin(`/tickets/${T.noComments}`, { method: 'PATCH', body: { status: 'resolved' } });
    await h.admin('/tickets', { method: 'POST', body: { title: 'From support', customerEmail: jane.email } });
    await new Promise<void>((resolve) => {
      const check = () => (l.events.some((e) => e.type === 'ticket.created') ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(l.events.find((e) => e.type === 'ticket.updated')).toMatchObject({ ticket: { id: T.noComments, status: 'resolved', label: 'ACME-1006' } });
    expect(l.events.find((e) => e.type === 'ticket.created')).toMatchObject({ ticket: { title: 'From support', status: 'open' } });
  });

  it('after a dropped connection it reconnects with Last-Event-ID: nothing missed is lost, nothing is repeated', async () => {
    const { gateway, base } = await gatewayOverHttp();
    const c = clientOn(base, () => gateway.issueToken(jane));
    const l = listen(c.client);
    await l.status('live');
    const first = await staffReply(T.pending, 'Before the drop');
    await l.comment(first.id);
    const reconnect = latch();
    c.hold(reconnect.promise);
    c.cut();
    await l.status('reconnecting');
    const missed = [await staffReply(T.pending, 'Missed 1'), await staffReply(T.longThread, 'Missed 2'), await staffReply(T.pending, 'Missed 3')];
    await h.server.mock.webhooks.idle();
    c.hold(null);
    reconnect.open();
    for (const m of missed) await l.comment(m.id);
    expect(l.comments()).toEqual([first.id, ...missed.map((m) => m.id)]);
    const resumed = c.streams().at(-1)!;
    expect(resumed.headers.get('last-event-id')).toMatch(/^\d+$/);
    await l.status('live');
  });

  it('when the stream ends at token expiry, it renews the token and carries on', async () => {
    let skew = 0;
    const { gateway, base } = await gatewayOverHttp({ now: () => Date.now() + skew });
    const getToken = vi.fn(() => gateway.issueToken(jane));
    const c = clientOn(base, getToken);
    // The gateway's clock is two seconds from the end of the first token's hour.
    await c.client.listTickets({ limit: 1 });
    skew = 3600_000 - 2000;
    const l = listen(c.client);
    await l.status('live');
    // It ends, the old token is refused (expired), a new one is fetched, the stream resumes.
    // (On a machine slow enough to open the stream after those two seconds, the
    // refusal comes at connect instead: the same renewal, one stream fewer.)
    await new Promise<void>((resolve) => {
      const check = () => (getToken.mock.calls.length >= 2 && c.streams().length >= 2 && l.statuses.at(-1) === 'live' ? resolve() : setTimeout(check, 20));
      check();
    });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(getToken.mock.calls[1]).toEqual([{ reason: 'rejected' }]);
    const reply = await staffReply(T.pending, 'After the renewal');
    await l.comment(reply.id);
    // Two real seconds of token life, a reconnect and a renewal: more than the default 5 s on a busy machine.
  }, 20_000);
});

describe('client.subscribeEvents elsewhere', () => {
  it('on the Dispatch portal API (no extensions: capabilities 404) the status is unsupported and no stream is opened', async () => {
    const mock = createMockPortal();
    const requests: string[] = [];
    const client = createPortalClient({
      baseUrl: 'https://api.test/v1',
      token: (await mock.issuePortalToken({ email: jane.email })).token,
      fetch: (input, init) => {
        requests.push(String(input));
        return mock.fetch(input, init);
      },
    });
    cleanups.push(() => client.dispose());
    const l = listen(client);
    await l.status('unsupported');
    expect(requests).toEqual(['https://api.test/v1/portal/capabilities']);
  });

  it('on a gateway whose helpdesk sends no webhooks, the status is unsupported', async () => {
    const gateway = createPortalGateway({ backend: dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl }), secret: SECRET, blobs: memoryBlobStore() });
    const client = createPortalClient({ baseUrl: 'http://gw.test', getToken: () => gateway.issueToken(jane), fetch: (input, init) => gateway.fetch(new Request(input, init)) });
    cleanups.push(() => client.dispose());
    const l = listen(client);
    await l.status('unsupported');
  });

  // Helpdesks without webhooks: the gateway offers no stream (it does not poll them on the
  // customers' behalf); the kit's own polling is the way changes arrive.
  const noWebhooks: [string, () => { backend: PortalBackend; customer: { email: string; name: string } }][] = [
    [
      'Switch Labs',
      () => {
        const mock = createSwitchLabsMock();
        return { backend: switchLabs({ baseUrl: 'https://crm.test/api/v1', apiKey: SWITCHLABS_SEED.apiKey, fetch: mock.fetch }), customer: SWITCHLABS_SEED.customers.jordan };
      },
    ],
    [
      'AnswerPal',
      () => {
        const mock = createAnswerPalMock();
        const S = ANSWERPAL_SEED;
        return {
          backend: answerPal({ baseUrl: 'https://api.answerpal.test', ...S.service, channelId: S.portalChannelId, fetch: mock.fetch }),
          customer: { email: S.endUsers.eva.email, name: S.endUsers.eva.name },
        };
      },
    ],
  ];
  it.each(noWebhooks)('on %s through the gateway: capabilities say events: false, the status is unsupported, no stream is opened, tickets load', async (_, make) => {
    const { backend, customer } = make();
    const gateway = createPortalGateway({ backend, secret: SECRET, blobs: memoryBlobStore() });
    const paths: string[] = [];
    const client = createPortalClient({
      baseUrl: 'http://gw.test',
      getToken: () => gateway.issueToken(customer),
      fetch: (input, init) => {
        paths.push(new URL(String(input)).pathname);
        return gateway.fetch(new Request(input, init));
      },
    });
    cleanups.push(() => client.dispose());
    const l = listen(client);
    await l.status('unsupported');
    const { token } = await gateway.issueToken(customer);
    const caps = (await (await gateway.fetch(new Request('http://gw.test/portal/capabilities', { headers: { authorization: `Bearer ${token}` } }))).json()) as { features: { events: boolean } };
    expect(caps.features.events).toBe(false);
    expect((await gateway.fetch(new Request('http://gw.test/portal/events', { headers: { authorization: `Bearer ${token}` } }))).status).toBe(404);
    expect((await client.listTickets({ limit: 5 })).tickets.length).toBeGreaterThan(0);
    expect(paths).toContain('/portal/capabilities');
    expect(paths).not.toContain('/portal/events');
  });
});

describe('createEventStream: backoff, offline and hidden pages', () => {
  async function inProcess(options: Partial<PortalGatewayOptions> = {}) {
    const gateway = createPortalGateway({
      backend: dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl, webhookSecret: WEBHOOK_SECRET }),
      secret: SECRET,
      blobs: memoryBlobStore(),
      ...options,
    });
    const token = (await gateway.issueToken(jane)).token;
    const requests: { at: number; headers: Headers }[] = [];
    const deps = {
      url: 'http://gw.test/portal/events',
      isSessionError: () => false,
      comment: normalizeComment,
      ticket: (raw: unknown) => normalizeTicket(raw),
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push({ at: Date.now(), headers: new Headers(init?.headers) });
        return gateway.fetch(new Request(input, init));
      }) as typeof fetch,
      capabilities: async () => ({ features: { events: true } }),
      token: async () => token,
      unauthorized: async () => {},
      expire: () => {},
    };
    return { gateway, token, requests, deps };
  }

  it('waits out Retry-After (with jitter) when the gateway turns it away, then connects', async () => {
    const { gateway, token, requests, deps } = await inProcess({ events: { maxStreamsPerCustomer: 1 } });
    // Another tab holds the customer's only stream.
    const other = readEventStream(await gateway.fetch(new Request('http://gw.test/portal/events', { headers: { authorization: `Bearer ${token}` } })));
    await other.waitFor((e) => e.type === 'ready');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const stream = createEventStream(deps);
    const statuses: LiveStatus[] = [];
    stream.subscribe({ onStatus: (s) => statuses.push(s) });
    cleanups.push(() => stream.stop());
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('reconnecting'));
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(requests).toHaveLength(1);
    await other.close();
    await vi.advanceTimersByTimeAsync(8_000);
    vi.useRealTimers();
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('live'));
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(30_000);
  });

  it('backs off exponentially with jitter while the gateway fails', async () => {
    const { requests, deps } = await inProcess();
    let failing = 3;
    const flaky: typeof fetch = async (input, init) => {
      if (failing-- > 0) {
        requests.push({ at: Date.now(), headers: new Headers(init?.headers) });
        throw new TypeError('fetch failed');
      }
      return deps.fetch(input, init);
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const stream = createEventStream({ ...deps, fetch: flaky }, { minDelayMs: 1000, maxDelayMs: 30_000 });
    const statuses: LiveStatus[] = [];
    stream.subscribe({ onStatus: (s) => statuses.push(s) });
    cleanups.push(() => stream.stop());
    cleanups.push(() => vi.restoreAllMocks());
    for (let i = 0; i < 40 && requests.length < 4; i++) await vi.advanceTimersByTimeAsync(250);
    // The fourth attempt reaches the gateway (which verifies the token with Web Crypto, off the fake clock).
    vi.useRealTimers();
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('live'));
    const gaps = requests.slice(1).map((r, i) => r.at - requests[i]!.at);
    // Half the cap plus a random half: 750, 1500, 3000 ms with random() = 0.5.
    expect(gaps).toEqual([750, 1500, 3000]);
  });

  it('stops while offline and resumes with Last-Event-ID when back online', async () => {
    const { requests, deps } = await inProcess();
    const net = new EventTarget();
    let onLine = true;
    vi.stubGlobal('navigator', { get onLine() { return onLine; } });
    vi.stubGlobal('addEventListener', net.addEventListener.bind(net));
    vi.stubGlobal('removeEventListener', net.removeEventListener.bind(net));
    cleanups.push(() => vi.unstubAllGlobals());
    const stream = createEventStream(deps);
    const statuses: LiveStatus[] = [];
    stream.subscribe({ onStatus: (s) => statuses.push(s) });
    cleanups.push(() => stream.stop());
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('live'));
    onLine = false;
    net.dispatchEvent(new Event('offline'));
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('paused'));
    const before = requests.length;
    onLine = true;
    net.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('live'));
    expect(requests).toHaveLength(before + 1);
    expect(requests.at(-1)!.headers.get('last-event-id')).toMatch(/^\d+$/);
  });

  it('lets go of the connection once the page has been hidden for a while, and comes back when it is visible', async () => {
    const { requests, deps } = await inProcess();
    const page = Object.assign(new EventTarget(), { hidden: false });
    vi.stubGlobal('document', page);
    cleanups.push(() => vi.unstubAllGlobals());
    const stream = createEventStream(deps, { hiddenGraceMs: 30 });
    const statuses: LiveStatus[] = [];
    stream.subscribe({ onStatus: (s) => statuses.push(s) });
    cleanups.push(() => stream.stop());
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('live'));
    page.hidden = true;
    page.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('paused'));
    page.hidden = false;
    page.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('live'));
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers.get('last-event-id')).toMatch(/^\d+$/);
  });
});
