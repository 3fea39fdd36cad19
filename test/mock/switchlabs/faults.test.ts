import { afterEach, describe, expect, it } from 'vitest';
import { createSwitchLabsMock } from '../../../src/mock/switchlabs';
import { body, SWITCHLABS_SEED, useSwitchLabsServer } from './helpers';

const h = useSwitchLabsServer();
const seed = () => h.server.mock.seed;

afterEach(async () => {
  await h.control('reset', {});
});

describe('Switch Labs mock: faults', () => {
  it('429 with Retry-After by default, without when retryAfterSeconds is null; count limits the rule', async () => {
    await h.control('failures', { path: '/tickets', method: 'GET', status: 429, count: 1 });
    const with_ = await h.api('/tickets');
    expect(with_.status).toBe(429);
    expect(with_.headers.get('retry-after')).toBe('1');
    expect(await body(with_)).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
    expect((await h.api('/tickets')).status).toBe(200);
    await h.control('failures', { path: '/api/v1/tickets', status: 429, retryAfterSeconds: null, count: 1 });
    const without = await h.api('/tickets');
    expect(without.status).toBe(429);
    expect(without.headers.has('retry-after')).toBe(false);
  });

  it('500 in the error envelope, before the route runs (nothing committed)', async () => {
    await h.control('failures', { path: '/tickets', method: 'POST', status: 500 });
    const res = await h.api('/tickets', { method: 'POST', body: { subject: 'lost', customer_email: SWITCHLABS_SEED.customers.jordan.email } });
    expect(res.status).toBe(500);
    expect(await body(res)).toMatchObject({ error: { code: 'INTERNAL_SERVER_ERROR' } });
    await h.control('failures', undefined, 'DELETE');
    const found = await body(await h.api(`/tickets?customer_id=${seed().customers.jordan}&search=lost`));
    expect(found.data).toEqual([]);
  });

  it('delays matching requests', async () => {
    await h.control('latency', { ms: 80, path: '/tickets/:id' });
    const t0 = performance.now();
    expect((await h.api(`/tickets/${seed().tickets.thread}`)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
  });

  it('a proxy HTML 502, and a 200 with its JSON cut off after committing', async () => {
    await h.control('body-faults', { kind: 'html_502', path: '/tickets' });
    const proxy = await h.api('/tickets');
    expect(proxy.status).toBe(502);
    expect(proxy.headers.get('content-type')).toBe('text/html');
    expect(await proxy.text()).toContain('<h1>502 Bad Gateway</h1>');

    await h.control('body-faults', { kind: 'truncated_json', path: '/customers', method: 'POST' });
    const cut = await h.api('/customers', { method: 'POST', body: { email: 'cut@example.com' } });
    expect(cut.status).toBe(201);
    await expect(cut.clone().json()).rejects.toThrow();
    expect((await cut.text()).startsWith('{"data":')).toBe(true);
    expect((await body(await h.api('/customers?email=cut@example.com'))).data).toHaveLength(1);
  });

  it('foreign rows: another customer’s ticket despite customer_id, another ticket’s conversation despite ticket_id', async () => {
    await h.control('foreign-rows', { on: true });
    const tickets = (await body(await h.api(`/tickets?customer_id=${seed().customers.jordan}`))).data as { customer: { id: string } }[];
    expect(tickets.filter((t) => t.customer.id !== seed().customers.jordan)).toHaveLength(1);
    const convs = (await body(await h.api(`/conversations?ticket_id=${seed().tickets.tieA}`))).data as { ticket_id: string }[];
    expect(convs.some((x) => x.ticket_id !== seed().tickets.tieA)).toBe(true);
  });

  it('commit then drop: the ticket exists but the client sees a network error', async () => {
    await h.control('drop', { path: '/tickets', method: 'POST' });
    await expect(h.api('/tickets', { method: 'POST', body: { subject: 'Dropped one', customer_email: SWITCHLABS_SEED.customers.jordan.email } })).rejects.toThrow();
    const found = (await body(await h.api(`/tickets?customer_id=${seed().customers.jordan}&search=Dropped%20one`))).data;
    expect(found).toHaveLength(1);
  });

  it('outage: dropped connections or 503', async () => {
    await h.control('outage', { down: true });
    await expect(h.api('/tickets')).rejects.toThrow();
    await h.control('outage', { down: true, mode: '503' });
    expect((await h.api('/tickets')).status).toBe(503);
    expect((await h.control('health')).status).toBe(200);
  });
});

describe('Switch Labs mock: control routes', () => {
  it('refuses bad control input with 400 field errors', async () => {
    for (const [path, b] of [
      ['switches', { cursor_mode: 'loose' }],
      ['switches', { colour: 'red' }],
      ['switches', { id_style: 'prefixed' }],
      ['failures', { path: '/tickets' }],
      ['body-faults', { kind: 'gzip', path: '/tickets' }],
      ['foreign-rows', { on: 'yes' }],
      ['revoke-key', { key: 'rk_live_unknown' }],
      ['reset', { switches: { rich_text: 'markdown' } }],
      ['fixture/plant-hidden', { ticket_id: 'nope' }],
    ] as const) {
      const res = await h.control(path, b);
      expect(res.status, `${path} ${JSON.stringify(b)}`).toBe(400);
      expect(await body(res)).toMatchObject({ code: 'VALIDATION_ERROR', errors: [expect.objectContaining({ field: expect.any(String) })] });
    }
  });

  it('control routes answer any origin; the API sends no CORS headers (server-to-server only)', async () => {
    const pre = await fetch(`${h.server.url}/__mock/switchlabs/fixture/staff-reply`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const state = await fetch(`${h.server.url}/__mock/switchlabs/state`, { headers: { Origin: 'http://localhost:5173' } });
    expect(state.headers.get('access-control-allow-origin')).toBe('*');
    const api = await fetch(`${h.base}/tickets`, { headers: { Origin: 'http://localhost:5173', Authorization: `Bearer ${SWITCHLABS_SEED.apiKey}` } });
    expect(api.headers.has('access-control-allow-origin')).toBe(false);
  });

  it('state shows switches and faults; reset clears them and restores the data', async () => {
    await h.control('switches', { cursor_mode: 'inclusive' });
    await h.control('latency', { ms: 5 });
    await h.control('foreign-rows', { on: true });
    await h.api(`/tickets/${seed().tickets.tieA}`, { method: 'PATCH', body: { status: 'closed' } });
    expect(await body(await h.control('state'))).toMatchObject({ switches: { cursor_mode: 'inclusive' }, faults: { latency: { globalMs: 5 }, foreignRows: true } });
    await h.control('reset', {});
    expect(await body(await h.control('state'))).toMatchObject({ switches: { cursor_mode: 'strict' }, faults: { latency: { globalMs: 0 }, foreignRows: false, failures: [], drops: [] }, revokedKeys: [] });
    expect((await body(await h.api(`/tickets/${seed().tickets.tieA}`))).data.status).toBe('open');
  });

  it('fixture routes plant hidden content, agent fields and non-public articles under one marker, and make customers', async () => {
    const hidden = await body(await h.control('fixture/plant-hidden', { ticket_id: seed().tickets.tieA }));
    expect(hidden.conversationIds).toHaveLength(6);
    const rows = (await body(await h.api(`/conversations?ticket_id=${seed().tickets.tieA}&limit=100`))).data as Record<string, unknown>[];
    const planted = rows.filter((r) => JSON.stringify(r).includes(hidden.marker));
    expect(planted).toHaveLength(6);
    expect(planted.some((r) => !('internal' in r))).toBe(true);

    const fields = await body(await h.control('fixture/plant-agent-fields', { ticket_id: seed().tickets.tieA }));
    await h.control('switches', { include_model_fields: 'on' });
    expect(JSON.stringify((await body(await h.api(`/tickets/${seed().tickets.tieA}`))).data)).toContain(fields.marker);

    const articles = await body(await h.control('fixture/plant-articles', {}));
    const found = (await body(await h.api(`/articles?search=${articles.marker}`))).data as { status: string; deleted_at: string | null }[];
    expect(found.map((a) => a.status).sort()).toEqual(['archived', 'draft', 'published', 'review']);
    expect(found.find((a) => a.status === 'published')?.deleted_at).toEqual(expect.any(String));

    const other = await body(await h.control('fixture/customers', { email: 'second@example.com', name: 'Second', tickets: 3 }));
    expect(other.ticketIds).toHaveLength(3);
    expect((await body(await h.api(`/tickets?customer_id=${other.id}`))).data).toHaveLength(3);
    const reply = await body(await h.control('fixture/staff-reply', { ticket_id: other.ticketIds[0], content: 'From staff' }));
    expect((await body(await h.api(`/conversations/${reply.id}`))).data).toMatchObject({ internal: false, author: { name: 'Priya Shah' } });
  });
});

describe('Switch Labs mock in-process', () => {
  it('answers through mock.fetch and rejects a dropped response like a network failure', async () => {
    const mock = createSwitchLabsMock({ switches: { id_style: 'prefixed' } });
    const auth = { Authorization: `Bearer ${mock.apiKey}` };
    const res = await mock.fetch('https://crm.test/api/v1/tickets/tkt_thread', { headers: auth });
    expect(res.status).toBe(200);
    mock.faults.dropAfterCommit({ method: 'POST', path: '/conversations' });
    await expect(
      mock.fetch('https://crm.test/api/v1/conversations', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ticket_id: 'tkt_thread', content: 'hi' }) }),
    ).rejects.toThrow(TypeError);
    expect(mock.outboundNotifications).toHaveLength(1);
    mock.reset();
    expect(mock.outboundNotifications).toHaveLength(0);
    expect(() => mock.setSwitches({ cursor_mode: 'fuzzy' as 'strict' })).toThrow(/cursor_mode/);
  });
});
