import { describe, expect, it } from 'vitest';
import { SWITCH_VALUES, type SwitchLabsSwitches } from '../../../../src/mock/switchlabs';
import { listQuery, useAdapterHarness, walkTickets } from './helpers';

const h = useAdapterHarness();

/** The customer's live tickets as the store has them, in the requested order (ties in any order). */
function truth(customerId: string, order: 'asc' | 'desc', field: 'created_at' | 'updated_at' = 'created_at') {
  return [...h.server.mock.store.tickets.values()]
    .filter((t) => t.customer_id === customerId && t.deleted_at === null)
    .sort((a, b) => (order === 'desc' ? b[field] - a[field] : a[field] - b[field]));
}

function expectExact(ids: string[], expected: { id: string; created_at: number }[], order: 'asc' | 'desc') {
  expect(new Set(ids).size, 'no ticket repeated').toBe(ids.length);
  expect([...ids].sort(), 'no ticket skipped').toEqual(expected.map((t) => t.id).sort());
  const at = new Map(expected.map((t) => [t.id, t.created_at]));
  const times = ids.map((id) => at.get(id) ?? 0);
  const sorted = [...times].sort((a, b) => (order === 'desc' ? b - a : a - b));
  expect(times, 'in order').toEqual(sorted);
}

describe('switchLabs listTickets: exact paging under ties', () => {
  const combos: Partial<SwitchLabsSwitches>[] = [];
  for (const cursor_mode of SWITCH_VALUES.cursor_mode)
    for (const cursor_precision of SWITCH_VALUES.cursor_precision)
      for (const last_page_cursor of SWITCH_VALUES.last_page_cursor) combos.push({ cursor_mode, cursor_precision, last_page_cursor });

  it.each(combos)('never skips or repeats: %o', async (switches) => {
    h.server.mock.setSwitches(switches);
    const jordan = h.jordan();
    for (const order of ['desc', 'asc'] as const) {
      for (const [pageSize, limit] of [
        [1, 1],
        [2, 2],
        [2, 3],
        [3, 2],
        [50, 5],
      ] as const) {
        const { ids, pages } = await walkTickets(h.adapter({ pageSize }), h.ctx(jordan), { order, limit });
        expectExact(ids, truth(jordan.id, order), order);
        expect(pages).toBe(Math.ceil(8 / limit));
      }
    }
  });

  it('without the adapter rule the same mock skips tickets (the control run: strict cursor as the API gives it)', async () => {
    // Sanity check that the ties above are real: following next_cursor naively loses 3 of 8 tickets.
    const res = await fetch(`${h.server.baseUrl}/tickets?customer_id=${h.jordan().id}&limit=2`, { headers: { Authorization: `Bearer ${h.server.mock.apiKey}` } });
    const first = (await res.json()) as { meta: { next_cursor: string } };
    const next = await fetch(`${h.server.baseUrl}/tickets?customer_id=${h.jordan().id}&limit=100&cursor=${first.meta.next_cursor}`, {
      headers: { Authorization: `Bearer ${h.server.mock.apiKey}` },
    });
    expect(((await next.json()) as { data: unknown[] }).data).toHaveLength(3);
  });

  it('widens the boundary by one unit: whole seconds when the API prints seconds, milliseconds when it prints them', async () => {
    const backend = h.adapter({ pageSize: 2 });
    const page = await backend.listTickets(h.ctx(h.jordan()), listQuery({ limit: 2 }));
    expect(page.next).toMatchObject({ unit: 's', ts: expect.stringMatching(/\.000Z$/) });
    h.resetCalls();
    await backend.listTickets(h.ctx(h.jordan()), listQuery({ limit: 2, cursor: page.next }));
    const tie = h.server.mock.store.tickets.get(h.server.mock.seed.tickets.tieA)!.created_at;
    expect(h.calls[0]?.query.get('cursor')).toBe(new Date(Math.floor(tie / 1000) * 1000 + 1000).toISOString().replace('.000Z', 'Z'));

    h.server.mock.setSwitches({ cursor_precision: 'millis' });
    const ms = await backend.listTickets(h.ctx(h.jordan()), listQuery({ limit: 2 }));
    expect(ms.next).toMatchObject({ unit: 'ms', ts: new Date(tie).toISOString(), seen: [expect.any(String)] });
    h.resetCalls();
    await backend.listTickets(h.ctx(h.jordan()), listQuery({ limit: 2, cursor: ms.next }));
    expect(h.calls[0]?.query.get('cursor')).toBe(new Date(tie + 1).toISOString());
  });

  it('more ties than a page: retries once with limit=100 and carries the seen ids of the unit across portal pages', async () => {
    const customer = h.server.mock.fixture.createCustomer({ email: 'many@example.com', name: 'Many Ties' });
    const at = Date.parse('2025-03-01T09:00:00.400Z');
    for (let i = 0; i < 7; i++) h.server.mock.store.addTicket({ subject: `tie ${i}`, customer_id: customer.id, created_at: at });
    h.server.mock.store.addTicket({ subject: 'older', customer_id: customer.id, created_at: at - 5000 });
    h.server.mock.store.addTicket({ subject: 'newer', customer_id: customer.id, created_at: at + 5000 });
    const ctx = h.ctx({ id: customer.id, email: customer.email, name: customer.name });
    for (const mode of SWITCH_VALUES.cursor_mode) {
      h.server.mock.setSwitches({ cursor_mode: mode });
      const { ids } = await walkTickets(h.adapter({ pageSize: 2 }), ctx, { limit: 3 });
      expectExact(ids, truth(customer.id, 'desc'), 'desc');
    }
    expect(h.calls.some((c) => c.query.get('limit') === '100')).toBe(true);
    expect(h.warnings).toEqual([]);
  });

  it('a unit with more rows than the API can page is skipped and reported (SWITCHLABS_CURSOR_TIE_OVERFLOW), never looped on', async () => {
    const customer = h.server.mock.fixture.createCustomer({ email: 'flood@example.com' });
    const at = Date.parse('2025-03-01T09:00:00.000Z');
    for (let i = 0; i < 120; i++) h.server.mock.store.addTicket({ subject: `flood ${i}`, customer_id: customer.id, created_at: at });
    h.server.mock.store.addTicket({ subject: 'older', customer_id: customer.id, created_at: at - 60_000 });
    const { ids, tickets } = await walkTickets(h.adapter({ pageSize: 50 }), h.ctx({ id: customer.id, email: customer.email, name: null }), { limit: 50 });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(101);
    expect(tickets.at(-1)?.title).toBe('older');
    expect(h.warnings.map((w) => w.code)).toContain('SWITCHLABS_CURSOR_TIE_OVERFLOW');
  });

  it('status filters: a single upstream status when it means one, else filtered in the gateway; pages stay full', async () => {
    const backend = h.adapter({ pageSize: 2 });
    const ctx = h.ctx(h.jordan());
    const pending = await backend.listTickets(ctx, listQuery({ statuses: ['pending'] }));
    expect(pending.tickets.map((t) => t.id)).toEqual([h.server.mock.seed.tickets.tieC]);
    expect(h.calls.every((c) => c.query.get('status') === 'pending')).toBe(true);

    h.resetCalls();
    const open = await walkTickets(backend, ctx, { statuses: ['open'], limit: 2 });
    const t = h.server.mock.seed.tickets;
    expect(open.ids.sort()).toEqual([t.latest, t.tieA, t.tieB, t.sameSecond, t.thread].sort());
    expect(h.calls.every((c) => !c.query.has('status'))).toBe(true);

    const finished = await walkTickets(backend, ctx, { statuses: ['resolved', 'closed'], limit: 1 });
    expect(finished.ids).toEqual([t.resolved, t.closed]);
  });

  it('sorts by updated_at upstream when asked, oldest first on asc', async () => {
    const backend = h.adapter({ pageSize: 3 });
    const { ids } = await walkTickets(backend, h.ctx(h.jordan()), { sort: 'updatedAt', order: 'asc', limit: 4 });
    expect(h.calls.every((c) => c.query.get('order_by') === 'updated_at' && c.query.get('order_dir') === 'asc')).toBe(true);
    const expected = truth(h.jordan().id, 'asc', 'updated_at');
    expect([...ids].sort()).toEqual(expected.map((x) => x.id).sort());
    const at = new Map(expected.map((x) => [x.id, x.updated_at]));
    const times = ids.map((id) => at.get(id)!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
