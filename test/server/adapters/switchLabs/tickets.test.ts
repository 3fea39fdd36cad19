import { describe, expect, it } from 'vitest';
import { listQuery, useAdapterHarness, walkTickets } from './helpers';

const h = useAdapterHarness();
const seed = () => h.server.mock.seed;

describe('switchLabs listTickets', () => {
  it('always scopes upstream by customer_id and maps rows to portal tickets', async () => {
    const page = await h.adapter().listTickets(h.ctx(h.jordan()), listQuery());
    expect(page.tickets).toHaveLength(8);
    expect(page.next).toBeNull();
    expect(page.tickets.every((t) => t.customerId === h.jordan().id && t.priority === null && t.messageCount === null)).toBe(true);
    expect(h.calls).toHaveLength(1);
    expect(Object.fromEntries(h.calls[0]!.query)).toEqual({ customer_id: h.jordan().id, order_by: 'created_at', order_dir: 'desc', limit: '50' });
  });

  it('drops another customer’s row the API returns despite customer_id, reports it, and keeps pages full', async () => {
    h.server.mock.faults.setForeignRows(true);
    const { ids } = await walkTickets(h.adapter({ pageSize: 3 }), h.ctx(h.jordan()), { limit: 3 });
    expect(ids).toHaveLength(8);
    expect(ids).not.toContain(seed().tickets.other);
    expect(h.warnings.map((w) => w.code)).toContain('SWITCHLABS_FOREIGN_ROW');
  });

  it('search: keeps hits on the subject or description, drops hits only on agent-only text (the AI summary)', async () => {
    const backend = h.adapter();
    const ctx = h.ctx(h.jordan());
    const bySubject = await backend.listTickets(ctx, listQuery({ search: 'webhook' }));
    expect(bySubject.tickets.map((t) => t.id)).toEqual([seed().tickets.tieB]);
    expect(h.calls.filter((c) => c.path.startsWith('/tickets/'))).toHaveLength(0);

    h.resetCalls();
    const byDescription = await backend.listTickets(ctx, listQuery({ search: 'GB123456789' }));
    expect(byDescription.tickets.map((t) => t.id)).toEqual([seed().tickets.thread]);
    // Confirmed on the detail, since list rows carry no description.
    expect(h.calls.map((c) => c.path)).toEqual(['/tickets', `/tickets/${seed().tickets.thread}`]);

    const { marker } = h.server.mock.fixture.plantAgentFields(seed().tickets.tieA);
    const upstream = await fetch(`${h.server.baseUrl}/tickets?customer_id=${h.jordan().id}&search=${marker}`, { headers: { Authorization: `Bearer ${h.server.mock.apiKey}` } });
    expect(((await upstream.json()) as { data: unknown[] }).data).toHaveLength(1);
    expect((await backend.listTickets(ctx, listQuery({ search: marker }))).tickets).toEqual([]);
    expect((await backend.listTickets(ctx, listQuery({ search: 'churn risk' }))).tickets).toEqual([]);
  });

  it('search and status filters combine, and a search page stays full across upstream pages', async () => {
    const { ids } = await walkTickets(h.adapter({ pageSize: 2 }), h.ctx(h.jordan()), { search: 'e', statuses: ['open', 'pending'], limit: 2 });
    const t = seed().tickets;
    const expected = [t.latest, t.tieA, t.tieB, t.tieC, t.sameSecond, t.thread].filter((id) => {
      const ticket = h.server.mock.store.tickets.get(id)!;
      return `${ticket.subject}\n${ticket.description}`.toLowerCase().includes('e');
    });
    expect([...ids].sort()).toEqual(expected.sort());
  });
});
