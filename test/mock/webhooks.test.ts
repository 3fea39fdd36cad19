import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMockPortal, SEED, type MockPortal } from '../../src/mock';

/**
 * The mock's outgoing webhooks: signed deliveries of `ticket.created`,
 * `ticket.updated` (with `changes`) and `ticket.comment.created`, in order,
 * retried on failure.
 */

const SECRET = 'whsec_mock_test_0123456789';
const T = SEED.tickets;
const URL_ = 'https://app.example.com/api/portal/webhooks/dispatch';

interface Received {
  headers: Headers;
  raw: string;
  body: { id: string; event: string; brand_id: string; data: any; timestamp: string }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let mock: MockPortal;
let received: Received[];
let answer: (n: number) => Response | Promise<Response>;

const admin = async (path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) => {
  const res = await mock.fetch(`https://api.test/v1/brands/${SEED.brandId}${path}`, {
    method,
    headers: { authorization: `Bearer ${SEED.apiKey}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
  return res.json();
};
const portal = async (token: string, path: string, body?: unknown) => {
  const res = await mock.fetch(`https://api.test/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
  return res.json();
};
const control = (method: string, body?: unknown) =>
  mock.fetch('https://api.test/__mock/webhooks', { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

beforeEach(() => {
  mock = createMockPortal();
  received = [];
  answer = () => new Response(null, { status: 204 });
  mock.webhooks.configure({
    url: URL_,
    secret: SECRET,
    retryDelaysMs: [5, 5],
    fetch: async (request) => {
      const raw = await request.text();
      received.push({ headers: request.headers, raw, body: JSON.parse(raw) });
      return answer(received.length);
    },
  });
});

describe('mock webhooks', () => {
  it('signs every delivery over its raw bytes (x-dispatch-signature: sha256=<hex>) in the { id, event, brand_id, data, timestamp } envelope', async () => {
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'We are on it.', authorName: 'Sam Rivera' });
    await mock.webhooks.idle();
    expect(received).toHaveLength(1);
    const [d] = received;
    expect(d!.headers.get('x-dispatch-signature')).toBe(`sha256=${createHmac('sha256', SECRET).update(d!.raw).digest('hex')}`);
    expect(d!.headers.get('content-type')).toBe('application/json');
    expect(d!.headers.get('x-dispatch-event')).toBe('ticket.comment.created');
    expect(d!.body).toMatchObject({ id: expect.stringMatching(/^evt_/), event: 'ticket.comment.created', brand_id: SEED.brandId });
    expect(Math.abs(Date.parse(d!.body.timestamp) - Date.now())).toBeLessThan(60_000);
    expect(mock.webhooks.deliveries[0]).toMatchObject({ id: d!.body.id, state: 'delivered', attempts: [{ status: 204 }] });
  });

  it('a staff reply, an internal note and a customer reply each send ticket.comment.created (formatted ticket number, no internal flag)', async () => {
    const reply = await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'Staff reply', authorName: 'Sam Rivera' });
    const note = await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'For the team only', metadata: { isInternal: true } });
    const { token } = await mock.issuePortalToken({ email: SEED.customers.jane.email });
    const mine = await portal(token, `/portal/tickets/${T.pending}/comments`, { body: 'Customer reply' });
    await mock.webhooks.idle();
    expect(received.map((r) => r.body.event)).toEqual(['ticket.comment.created', 'ticket.comment.created', 'ticket.comment.created']);
    expect(received.map((r) => r.body.data.comment.id)).toEqual([reply.id, note.id, mine.id]);
    expect(received[0]!.body.data).toEqual({
      ticketId: T.pending,
      ticketNumber: 'ACME-1002',
      comment: { id: reply.id, body: 'Staff reply', authorType: 'STAFF', authorName: 'Sam Rivera', authorId: 'usr_api', createdAt: reply.createdAt },
    });
    // Nothing in the delivery says "internal": a receiver must look at the thread.
    expect(received[1]!.raw).not.toMatch(/internal/i);
    expect(received[2]!.body.data.comment).toMatchObject({ authorType: 'CUSTOMER', body: 'Customer reply' });
  });

  it('status, priority and title changes send ticket.updated with { field: { from, to } } changes; a no-op sends nothing', async () => {
    await admin(`/tickets/${T.noComments}`, 'PATCH', { status: 'pending', priority: 'urgent', title: 'New title' });
    await admin(`/tickets/${T.noComments}`, 'PATCH', { status: 'pending' });
    await mock.webhooks.idle();
    expect(received).toHaveLength(1);
    const { data } = received[0]!.body;
    expect(received[0]!.body.event).toBe('ticket.updated');
    expect(data).toMatchObject({ id: T.noComments, ticketNumber: 1006, status: 'pending', priority: 'urgent', title: 'New title', customerId: SEED.customers.jane.id });
    expect(data.changes).toEqual({ status: { from: 'open', to: 'pending' }, priority: { from: 'normal', to: 'urgent' }, title: { from: expect.any(String), to: 'New title' } });
  });

  it('a reply that reopens a ticket also sends ticket.updated for the status', async () => {
    const { token } = await mock.issuePortalToken({ email: SEED.customers.jane.email });
    await portal(token, `/portal/tickets/${T.resolved}/comments`, { body: 'Still broken' });
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'Solved', setStatus: 'resolved' });
    await mock.webhooks.idle();
    expect(received.map((r) => [r.body.event, r.body.data.changes?.status])).toEqual([
      ['ticket.comment.created', undefined],
      ['ticket.updated', { from: 'resolved', to: 'open' }],
      ['ticket.comment.created', undefined],
      ['ticket.updated', { from: 'pending', to: 'resolved' }],
    ]);
  });

  it('tickets filed by staff or by the customer send ticket.created (numeric ticket number); an idempotent replay sends nothing twice', async () => {
    const staff = await admin('/tickets', 'POST', { title: 'Filed by staff', customerEmail: SEED.customers.jane.email }, { 'x-idempotency-key': 'k1' });
    await admin('/tickets', 'POST', { title: 'Filed by staff', customerEmail: SEED.customers.jane.email }, { 'x-idempotency-key': 'k1' });
    const { token } = await mock.issuePortalToken({ email: SEED.customers.jane.email });
    const own = await portal(token, '/portal/tickets', { title: 'Filed by Jane' });
    await mock.webhooks.idle();
    expect(received.map((r) => [r.body.event, r.body.data.id])).toEqual([
      ['ticket.created', staff.id],
      ['ticket.created', own.id],
    ]);
    expect(typeof received[0]!.body.data.ticketNumber).toBe('number');
  });

  it('retries a failed delivery (5xx, network error) with the same id and bytes; a 4xx refusal is final', async () => {
    answer = (n) => {
      if (n === 1) return new Response(null, { status: 503 });
      if (n === 2) throw new TypeError('fetch failed');
      return new Response(null, { status: 200 });
    };
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'Retried' });
    await mock.webhooks.idle();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.raw)).size).toBe(1);
    expect(mock.webhooks.deliveries[0]).toMatchObject({ state: 'delivered', attempts: [{ status: 503 }, { status: null, error: 'fetch failed' }, { status: 200 }] });

    received = [];
    answer = () => new Response(null, { status: 401 });
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'Refused' });
    await mock.webhooks.idle();
    expect(received).toHaveLength(1);
    expect(mock.webhooks.deliveries[0]).toMatchObject({ state: 'failed', attempts: [{ status: 401 }] });

    received = [];
    answer = () => new Response(null, { status: 500 });
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'Never answered' });
    await mock.webhooks.idle();
    expect(received).toHaveLength(3);
    expect(mock.webhooks.deliveries[0]!.state).toBe('failed');
  });

  it('deliveries leave in order, one at a time, even when an earlier one is retried', async () => {
    let first = true;
    answer = () => {
      if (first) {
        first = false;
        return new Response(null, { status: 502 });
      }
      return new Response(null, { status: 200 });
    };
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'one' });
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'two' });
    await mock.webhooks.idle();
    expect(received.map((r) => r.body.data.comment.body)).toEqual(['one', 'one', 'two']);
  });

  it('the control route sets the target (the secret never echoed), lists deliveries and turns webhooks off; bad input is 400', async () => {
    const bad = await control('POST', { url: 'ftp://x', secret: 'short' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field).sort()).toEqual(['secret', 'url']);
    const set = await control('POST', { url: 'http://127.0.0.1:9/hooks', secret: 'whsec_0123456789', events: ['ticket.updated'], retryDelaysMs: [] });
    expect(set.status).toBe(200);
    const state = await set.json();
    expect(state.config).toEqual({ url: 'http://127.0.0.1:9/hooks', events: ['ticket.updated'], retryDelaysMs: [] });
    expect(JSON.stringify(state)).not.toContain('whsec_0123456789');
    // Only ticket.updated now: a comment sends nothing; the status change is delivered (and fails: nothing listens on port 9).
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'not subscribed' });
    await admin(`/tickets/${T.pending}`, 'PATCH', { status: 'resolved' });
    await mock.webhooks.idle();
    const after = await (await control('GET')).json();
    expect(after.deliveries).toHaveLength(1);
    expect(after.deliveries[0]).toMatchObject({ event: 'ticket.updated', state: 'failed', attempts: [{ status: null }] });
    expect((await (await control('DELETE')).json()).config).toBeNull();
    await admin(`/tickets/${T.pending}`, 'PATCH', { status: 'open' });
    await mock.webhooks.idle();
    expect((await (await control('GET')).json()).deliveries).toHaveLength(1);
  });

  it('reset keeps the target and forgets the log', async () => {
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'before reset' });
    await mock.webhooks.idle();
    mock.reset();
    expect(mock.webhooks.deliveries).toEqual([]);
    await admin(`/tickets/${T.pending}/comments`, 'POST', { body: 'after reset' });
    await mock.webhooks.idle();
    expect(received.map((r) => r.body.data.comment.body)).toEqual(['before reset', 'after reset']);
  });

  it('is off by default: nothing is sent', async () => {
    const quiet = createMockPortal();
    expect(quiet.webhooks.config).toBeNull();
    await quiet.fetch(`https://api.test/v1/brands/${SEED.brandId}/tickets/${T.pending}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SEED.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x' }),
    });
    await quiet.webhooks.idle();
    expect(quiet.webhooks.deliveries).toEqual([]);
  });
});
