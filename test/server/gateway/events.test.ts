import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPortalGateway, dispatchAdmin, memoryBlobStore, redisStore, type GatewayErrorEvent, type GatewayStore, type PortalGatewayOptions } from '../../../src/server';
import { memoryBackend } from '../../../src/server/testing';
import { readEventStream, type EventStreamReader } from '../../../src/server/testing/eventStream';
import { startRedisServer, type RedisServer } from '../../utils/redisServer';
import { SEED, useDispatchMock } from '../adapters/helpers';
import { SECRET, serveGateway } from './helpers';

/**
 * Live updates end to end over real HTTP: the mock Dispatch API sends signed
 * webhooks to a gateway (dispatchAdmin with the webhook secret), which streams
 * them to customers as server-sent events.
 */

const h = useDispatchMock();
const T = SEED.tickets;
const WEBHOOK_SECRET = 'whsec_events_test_0123456789';
const jane = SEED.customers.jane;
const bob = SEED.customers.bob;

interface Served {
  gateway: ReturnType<typeof createPortalGateway>;
  base: string;
  errors: GatewayErrorEvent[];
  close(): Promise<void>;
}
const open: (Served | EventStreamReader)[] = [];

async function start(options: Partial<PortalGatewayOptions> = {}, webhooks = true): Promise<Served> {
  const errors: GatewayErrorEvent[] = [];
  const gateway = createPortalGateway({
    backend: dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl, ...(webhooks ? { webhookSecret: WEBHOOK_SECRET } : {}) }),
    secret: SECRET,
    basePath: '/gw',
    blobs: memoryBlobStore(),
    onError: (e) => void errors.push(e),
    ...options,
  });
  const served = await serveGateway(gateway, '/gw');
  const s = { gateway, base: served.base, errors, close: served.close };
  open.push(s);
  return s;
}

/** Points the mock's webhooks at a gateway (no retries: a refusal must stay visible). */
const hookTo = (s: Served) => h.server.mock.webhooks.configure({ url: `${s.base}/webhooks/dispatch`, secret: WEBHOOK_SECRET, retryDelaysMs: [] });

async function stream(s: Served, token: string, lastEventId?: string): Promise<EventStreamReader> {
  const res = await fetch(`${s.base}/portal/events`, { headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });
  expect(res.status, await (res.ok ? Promise.resolve('') : res.clone().text())).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const r = readEventStream(res);
  open.push(r);
  await r.waitFor((e) => e.type === 'ready');
  return r;
}

const tokenFor = async (s: Served, who: { email: string; name: string | null }) => (await s.gateway.issueToken(who)).token;
const api = async (s: Served, token: string, path: string) => {
  const res = await fetch(`${s.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
};
async function admin(path: string, method = 'GET', body?: unknown) {
  const res = await h.admin(path, { method, body });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
const staffReply = (ticketId: string, text: string, extra: Record<string, unknown> = {}) => admin(`/tickets/${ticketId}/comments`, 'POST', { body: text, authorName: 'Sam Rivera', ...extra });
const delivered = () => h.server.mock.webhooks.idle();
const commentEvents = (r: EventStreamReader) => r.events.filter((e) => e.type === 'comment.created');

afterEach(async () => {
  h.server.mock.webhooks.configure(null);
  for (const x of open.splice(0).reverse()) await x.close();
});

describe('GET /portal/events with Dispatch webhooks', () => {
  it('says events: true in capabilities only with a webhook secret', async () => {
    const on = await start();
    const off = await start({}, false);
    expect((await api(on, await tokenFor(on, jane), '/portal/capabilities')).body.features.events).toBe(true);
    expect((await api(off, await tokenFor(off, jane), '/portal/capabilities')).body.features.events).toBe(false);
    const refused = await api(off, await tokenFor(off, jane), '/portal/events');
    expect(refused).toMatchObject({ status: 404, body: { code: 'NOT_SUPPORTED' } });
  });

  it("a staff reply reaches its customer's open stream once, exactly as the thread reads it", async () => {
    const s = await start();
    hookTo(s);
    const token = await tokenFor(s, jane);
    const r = await stream(s, token);
    const reply = await staffReply(T.pending, 'We found the cause and rolled out a fix.');
    const e = await r.waitFor((x) => x.type === 'comment.created');
    const thread = await api(s, token, `/portal/tickets/${T.pending}`);
    const read = thread.body.comments.find((c: { id: string }) => c.id === reply.id);
    expect(e.data).toEqual({ ticketId: T.pending, comment: read });
    expect(Object.keys(e.data.comment).sort()).toEqual(Object.keys(read).sort());
    expect(e.id).toMatch(/^\d+$/);
    await delivered();
    expect(commentEvents(r)).toHaveLength(1);
  });

  it("an internal note, a system message and another customer's reply produce nothing on the stream", async () => {
    const s = await start();
    hookTo(s);
    const janes = await stream(s, await tokenFor(s, jane));
    const bobs = await stream(s, await tokenFor(s, bob));
    await staffReply(T.pending, 'Refund denied, do not tell her — INTERNAL-CANARY', { metadata: { isInternal: true } });
    await staffReply(T.pending, 'Second internal note INTERNAL-CANARY', { internal: true });
    await staffReply(T.pending, 'Status changed by automation SYSTEM-CANARY', { authorType: 'SYSTEM' });
    await staffReply(T.bob, 'Hello Bob, BOB-ONLY');
    // Deliveries go out in order: once the marker arrives, everything before it has been decided.
    const marker = await staffReply(T.pending, 'Marker for Jane');
    await janes.waitFor((e) => e.type === 'comment.created' && e.data.comment.id === marker.id);
    await bobs.waitFor((e) => e.type === 'comment.created' && e.data.comment.body === 'Hello Bob, BOB-ONLY');
    expect(commentEvents(janes).map((e) => e.data.comment.id)).toEqual([marker.id]);
    expect(commentEvents(bobs)).toHaveLength(1);
    for (const text of [janes.text, bobs.text]) expect(text).not.toMatch(/INTERNAL-CANARY|SYSTEM-CANARY/);
    expect(janes.text).not.toContain('BOB-ONLY');
    // The internal notes were delivered and accepted (200), just not fanned out.
    const notes = h.server.mock.webhooks.deliveries.filter((d) => d.body.includes('INTERNAL-CANARY'));
    expect(notes.map((d) => d.attempts.at(-1)?.status)).toEqual([200, 200]);
  });

  it('status, priority and title changes arrive as ticket.updated, a new ticket as ticket.created, in the list shape', async () => {
    const s = await start();
    hookTo(s);
    const token = await tokenFor(s, jane);
    const r = await stream(s, token);
    await admin(`/tickets/${T.noComments}`, 'PATCH', { status: 'pending', priority: 'high', title: 'Renamed by support' });
    const updated = await r.waitFor((e) => e.type === 'ticket.updated');
    expect(updated.data.ticket).toMatchObject({ id: T.noComments, status: 'pending', priority: 'high', title: 'Renamed by support' });
    const created = await admin('/tickets', 'POST', { title: 'Filed by support for Jane', customerEmail: jane.email });
    const e = await r.waitFor((x) => x.type === 'ticket.created');
    const list = await api(s, token, '/portal/tickets?limit=50');
    expect(e.data).toEqual({ ticket: list.body.data.find((t: { id: string }) => t.id === created.id) });
    // A change to someone else's ticket, or a hidden one, is never announced to Jane.
    await admin(`/tickets/${T.bob}`, 'PATCH', { status: 'resolved' });
    await admin(`/tickets/${T.spam}`, 'PATCH', { title: 'Spam renamed' });
    const marker = await staffReply(T.pending, 'marker');
    await r.waitFor((x) => x.type === 'comment.created' && x.data.comment.id === marker.id);
    expect(r.events.filter((x) => x.type.startsWith('ticket.')).map((x) => x.data.ticket.id)).toEqual([T.noComments, created.id]);
  });

  it('forged, unsigned, tampered, stale, replayed and malformed deliveries are refused and fan out nothing', async () => {
    const s = await start();
    const url = `${s.base}/webhooks/dispatch`;
    const r = await stream(s, await tokenFor(s, jane));
    const comment = h.server.mock.store.addComment(T.pending, { body: 'Planted upstream, announced by a forger', authorName: 'Sam' });
    const body = (o: { id?: string; at?: number; ticket?: string } = {}) =>
      JSON.stringify({ id: o.id ?? `evt_${Math.random()}`, event: 'ticket.comment.created', brand_id: SEED.brandId, data: { ticketId: o.ticket ?? T.pending, comment: { id: comment.id } }, timestamp: new Date(o.at ?? Date.now()).toISOString() });
    const sign = (b: string, secret = WEBHOOK_SECRET) => `sha256=${createHmac('sha256', secret).update(b).digest('hex')}`;
    const post = (b: string, signature: string | null) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-dispatch-signature': signature } : {}) }, body: b }).then(async (res) => ({ status: res.status, body: await res.json() }));

    const genuine = body({ id: 'evt_genuine' });
    expect((await post(genuine, null)).status).toBe(401);
    expect((await post(genuine, sign(genuine, 'whsec_someone_else_000'))).status).toBe(401);
    expect((await post(genuine, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    expect((await post(genuine.replace(T.pending, T.bob), sign(genuine))).status).toBe(401);
    const stale = body({ at: Date.now() - 3600_000 });
    expect(await post(stale, sign(stale))).toMatchObject({ status: 400, body: { code: 'WEBHOOK_EXPIRED' } });
    const junk = '{"hello":"world"}';
    expect((await post(junk, sign(junk))).status).toBe(400);
    expect((await post('not json at all', sign('not json at all'))).status).toBe(400);
    for (const res of [await post(genuine, null), await post(junk, sign(junk))]) expect(JSON.stringify(res.body)).not.toMatch(/stack|sk_test|localhost/);
    expect(r.events.filter((e) => e.type === 'comment.created')).toEqual([]);

    // The genuine delivery goes through once; sent again, it is a replay.
    expect((await post(genuine, sign(genuine))).status).toBe(200);
    await r.waitFor((e) => e.type === 'comment.created' && e.data.comment.id === comment.id);
    expect(await post(genuine, sign(genuine))).toMatchObject({ status: 409, body: { code: 'WEBHOOK_REPLAYED' } });
    const marker = body({ ticket: T.pending });
    const markerComment = h.server.mock.store.addComment(T.pending, { body: 'marker', authorName: 'Sam' });
    const m = marker.replace(comment.id, markerComment.id);
    expect((await post(m, sign(m))).status).toBe(200);
    await r.waitFor((e) => e.type === 'comment.created' && e.data.comment.id === markerComment.id);
    expect(commentEvents(r).map((e) => e.data.comment.id)).toEqual([comment.id, markerComment.id]);
    // Refusals reach the host's logs (a wrong secret must be noticed), never the sender.
    expect(s.errors.filter((e) => e.kind === 'webhook').length).toBeGreaterThanOrEqual(7);
  });

  it('a webhook path for another backend, or a GET, is not an intake', async () => {
    const s = await start();
    expect((await fetch(`${s.base}/webhooks/switchlabs`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${s.base}/webhooks/dispatch`)).status).toBe(405);
  });

  it('resumes with Last-Event-ID: what was missed while disconnected arrives once, in order', async () => {
    const s = await start();
    hookTo(s);
    const token = await tokenFor(s, jane);
    const first = await stream(s, token);
    const before = await staffReply(T.pending, 'Seen live');
    const live = await first.waitFor((e) => e.type === 'comment.created' && e.data.comment.id === before.id);
    await first.close();
    const missed = [await staffReply(T.pending, 'Missed one'), await staffReply(T.longThread, 'Missed two'), await staffReply(T.pending, 'Missed three')];
    await delivered();
    const again = await stream(s, token, live.id);
    expect(commentEvents(again).map((e) => e.data.comment.id)).toEqual(missed.map((c) => c.id));
    const ids = again.events.filter((e) => e.type === 'comment.created').map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(again.events.at(-1)).toMatchObject({ type: 'ready', id: String(ids.at(-1)) });
    // And from the newest id: nothing again.
    const third = await stream(s, token, again.events.at(-1)!.id);
    expect(commentEvents(third)).toEqual([]);
  });

  it('a resume from further back than the kept window, or an unknown id, gets a sync (refetch) instead of a gap', async () => {
    const s = await start({ events: { replayEvents: 2 } });
    hookTo(s);
    const token = await tokenFor(s, jane);
    const first = await stream(s, token);
    const from = first.events[0]!.id!;
    await first.close();
    for (const text of ['a', 'b', 'c']) await staffReply(T.pending, text);
    await delivered();
    const late = await stream(s, token, from);
    expect(late.events.map((e) => e.type)).toEqual(['sync', 'ready']);
    const odd = await stream(s, token, 'not-a-number');
    expect(odd.events.map((e) => e.type)).toEqual(['sync', 'ready']);
    const future = await stream(s, token, '999999');
    expect(future.events.map((e) => e.type)).toEqual(['sync', 'ready']);
  });

  it('sends heartbeats on an idle stream and ends it when the token expires', async () => {
    // The gateway's clock jumps to two seconds before the token's end (tokens live an hour).
    let skew = 0;
    const s = await start({ now: () => Date.now() + skew, events: { heartbeatMs: 50 } });
    const token = await tokenFor(s, jane);
    skew = 3600_000 - 2000;
    const r = await stream(s, token);
    await expect.poll(() => r.comments.length).toBeGreaterThanOrEqual(2);
    await r.ended;
    expect(r.events.map((e) => e.type)).toEqual(['ready']);
  });

  it('the token goes in the Authorization header only; the stream is capped per customer', async () => {
    const s = await start({ events: { maxStreamsPerCustomer: 2 } });
    const token = await tokenFor(s, jane);
    expect((await fetch(`${s.base}/portal/events?token=${encodeURIComponent(token)}`)).status).toBe(401);
    expect((await fetch(`${s.base}/portal/events?access_token=${encodeURIComponent(token)}`)).status).toBe(401);
    const a = await stream(s, token);
    await stream(s, token);
    const third = await fetch(`${s.base}/portal/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another customer is not affected; a closed stream frees its place.
    await stream(s, await tokenFor(s, bob));
    await a.close();
    await expect.poll(async () => {
      const res = await fetch(`${s.base}/portal/events`, { headers: { authorization: `Bearer ${token}` } });
      if (res.ok) open.push(readEventStream(res));
      else await res.body?.cancel();
      return res.status;
    }).toBe(200);
  });

  it('adapters without webhooks: no stream, no intake', async () => {
    const desk = memoryBackend();
    const gateway = createPortalGateway({ backend: desk, secret: SECRET, blobs: memoryBlobStore() });
    const token = (await gateway.issueToken({ email: 'ann@example.com' })).token;
    const caps = await (await gateway.fetch(new Request('http://gw.test/portal/capabilities', { headers: { authorization: `Bearer ${token}` } }))).json();
    expect(caps.features.events).toBe(false);
    const res = await gateway.fetch(new Request('http://gw.test/portal/events', { headers: { authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_SUPPORTED' });
    const hook = await gateway.fetch(new Request('http://gw.test/webhooks/memory', { method: 'POST', body: '{}' }));
    expect(hook.status).toBe(404);
  });
});

describe('live updates across gateway instances sharing a real Redis', () => {
  let redis: RedisServer;
  const stores: GatewayStore[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(stores.map((x) => x.close?.()));
    await redis?.stop();
  });

  it('a webhook received by instance A reaches a stream held by instance B; B resumes from the log A wrote', async () => {
    const prefix = `live${Date.now()}:`;
    const storeA = redisStore({ url: redis.url, prefix });
    const storeB = redisStore({ url: redis.url, prefix });
    stores.push(storeA, storeB);
    const a = await start({ store: storeA });
    const b = await start({ store: storeB });
    hookTo(a);
    const token = await tokenFor(b, jane);
    const onB = await stream(b, token);
    const reply = await staffReply(T.pending, 'Answered through instance A');
    const e = await onB.waitFor((x) => x.type === 'comment.created');
    expect(e.data.comment).toMatchObject({ id: reply.id, body: 'Answered through instance A', authorType: 'STAFF' });
    expect(h.server.mock.webhooks.deliveries[0]!.url).toContain(a.base);
    await onB.close();
    const missed = await staffReply(T.pending, 'While B was away');
    await delivered();
    const resumed = await stream(b, token, e.id);
    expect(commentEvents(resumed).map((x) => x.data.comment.id)).toEqual([missed.id]);
    // And a stream on A hears a delivery that landed on A, numbered after B's.
    const onA = await stream(a, token, resumed.events.at(-1)!.id);
    const third = await staffReply(T.pending, 'Third');
    const got = await onA.waitFor((x) => x.type === 'comment.created');
    expect(got.data.comment.id).toBe(third.id);
    expect(Number(got.id)).toBeGreaterThan(Number(e.id));
    await resumed.waitFor((x) => x.type === 'comment.created' && x.data.comment.id === third.id);
  });
});
