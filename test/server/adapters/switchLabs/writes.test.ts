import { describe, expect, it } from 'vitest';
import type { BackendError} from '../../../../src/server/gateway/backend';
import { type BackendTicket, type CreateTicketInput, type StagedFile } from '../../../../src/server/gateway/backend';
import { failure, SWITCHLABS_SEED, useAdapterHarness } from './helpers';

const h = useAdapterHarness();
const seed = () => h.server.mock.seed;
const input = (patch: Partial<CreateTicketInput> = {}): CreateTicketInput => ({ title: 'Printer on fire', body: 'It smokes.\nPlease help.', priority: null, categoryId: null, customFields: {}, files: [], ...patch });
const ticketsNamed = (subject: string) => [...h.server.mock.store.tickets.values()].filter((t) => t.subject === subject);
const ticketOf = async (id: string) => (await h.adapter().getTicket(h.ctx(h.jordan()), id)) as BackendTicket;
const file: StagedFile = { id: 'f1', filename: 'a.png', contentType: 'image/png', size: 1, open: async () => new Blob(['x']).stream() };

describe('switchLabs createTicket', () => {
  it('checks the customer, then creates with plain text and the normalised email: two calls', async () => {
    const t = await h.adapter({ ticketTags: ['portal'] }).createTicket(h.ctx({ ...h.jordan(), email: 'Jordan.Lee@example.com' }), input());
    expect(t).toMatchObject({ customerId: h.jordan().id, title: 'Printer on fire', status: 'open' });
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /customers', 'POST /tickets']);
    expect(h.calls[1]?.body).toEqual({ subject: 'Printer on fire', description: 'It smokes.\nPlease help.', customer_email: 'jordan.lee@example.com', tags: ['portal'] });
    const stored = h.server.mock.store.tickets.get(t.id);
    expect(stored).toMatchObject({ description: 'It smokes.\nPlease help.', tags: ['portal'], status: 'new' });
  });

  it('refuses a blocked customer, attachments, and maps field errors to portal field names', async () => {
    const blocked = h.server.mock.store.customersByEmail(SWITCHLABS_SEED.customers.blocked.email, false)[0]!;
    const e1 = await failure<BackendError>(h.adapter().createTicket(h.ctx({ id: blocked.id, email: blocked.email, name: null }), input()));
    expect([e1.kind, e1.code]).toEqual(['forbidden', 'CUSTOMER_BLOCKED']);
    const e2 = await failure<BackendError>(h.adapter().createTicket(h.ctx(h.jordan()), input({ files: [file] })));
    expect([e2.kind, e2.code]).toEqual(['invalid', 'ATTACHMENTS_NOT_SUPPORTED']);
    const e3 = await failure<BackendError>(h.adapter().createTicket(h.ctx(h.jordan()), input({ title: 'x'.repeat(501) })));
    expect(e3.kind).toBe('invalid');
    expect(e3.fieldErrors).toEqual([{ field: 'title', message: expect.any(String) }]);
    expect(e3.message).not.toMatch(/subject must/);
    expect(ticketsNamed('Printer on fire')).toHaveLength(0);
  });

  it('refuses to file for a session whose upstream customer was replaced', async () => {
    const e = await failure<BackendError>(h.adapter().createTicket(h.ctx({ ...h.jordan(), id: 'stale-id' }), input()));
    expect([e.kind, e.code]).toEqual(['conflict', 'CUSTOMER_CHANGED']);
    expect(h.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('a create whose answer is lost after commit is found, never posted twice', async () => {
    h.server.mock.faults.dropAfterCommit({ method: 'POST', path: '/tickets' });
    const t = await h.adapter().createTicket(h.ctx(h.jordan()), input());
    expect(h.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(ticketsNamed('Printer on fire')).toHaveLength(1);
    expect(t.id).toBe(ticketsNamed('Printer on fire')[0]?.id);
    expect(h.warnings.map((w) => w.code)).toEqual(['SWITCHLABS_CREATE_RECOVERED']);
  });

  it('a create that truncated JSON hides is found the same way; an earlier identical ticket filed here is not mistaken for it', async () => {
    const backend = h.adapter();
    const first = await backend.createTicket(h.ctx(h.jordan()), input());
    h.server.mock.faults.spoilBody('truncated_json', { method: 'POST', path: '/tickets' });
    const second = await backend.createTicket(h.ctx(h.jordan()), input());
    expect(second.id).not.toBe(first.id);
    expect(ticketsNamed('Printer on fire')).toHaveLength(2);
  });

  it('a create refused before commit (500) fails as unavailable and is not repeated', async () => {
    h.server.mock.faults.failRoute({ method: 'POST', path: '/tickets', status: 500 });
    const e = await failure<BackendError>(h.adapter({ retries: 2 }).createTicket(h.ctx(h.jordan()), input()));
    expect(e.kind).toBe('unavailable');
    expect(e.safeToRetry).toBe(false);
    expect(h.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(ticketsNamed('Printer on fire')).toHaveLength(0);
  });
});

describe('switchLabs addMessage', () => {
  it('posts a public reply, remembers it as the customer’s, and the CRM’s outbound email is a known side effect', async () => {
    const backend = h.adapter();
    const ctx = h.ctx(h.jordan());
    const m = await backend.addMessage(ctx, await ticketOf(seed().tickets.tieA), { body: 'Any news?', files: [] });
    expect(m).toMatchObject({ ticketId: seed().tickets.tieA, visibility: 'public', author: 'customer', authorName: null, body: 'Any news?' });
    expect(h.calls.find((c) => c.method === 'POST')?.body).toEqual({ ticket_id: seed().tickets.tieA, content: 'Any news?', type: 'reply', internal: false });
    // Upstream it is the key's agent's message (no way to post as the customer)…
    expect(h.server.mock.store.conversations.get(m.id)?.author_kind).toBe('user');
    expect(h.server.mock.outboundNotifications).toEqual([expect.objectContaining({ to: SWITCHLABS_SEED.customers.jordan.email, conversation_id: m.id })]);
    // …and the portal still shows it as the customer's.
    const detail = await backend.getTicketDetail(ctx, seed().tickets.tieA);
    expect(detail?.messages.find((x) => x.id === m.id)).toMatchObject({ author: 'customer', visibility: 'public' });
  });

  it('reopens a pending or resolved ticket after the reply (configurable)', async () => {
    for (const key of ['tieC', 'resolved'] as const) {
      await h.adapter().addMessage(h.ctx(h.jordan()), await ticketOf(seed().tickets[key]), { body: 'Still broken', files: [] });
      expect(h.server.mock.store.tickets.get(seed().tickets[key])?.status).toBe('open');
    }
    h.server.mock.reset();
    await h.adapter({ reopenOnReply: false }).addMessage(h.ctx(h.jordan()), await ticketOf(seed().tickets.tieC), { body: 'x', files: [] });
    expect(h.server.mock.store.tickets.get(seed().tickets.tieC)?.status).toBe('pending');
  });

  it('refuses a reply on a closed ticket, or reopens it first when configured', async () => {
    const closed = await ticketOf(seed().tickets.closed);
    const e = await failure<BackendError>(h.adapter().addMessage(h.ctx(h.jordan()), closed, { body: 'x', files: [] }));
    expect([e.kind, e.code]).toEqual(['refused', 'TICKET_CLOSED']);
    expect(h.calls.some((c) => c.method === 'POST')).toBe(false);
    const m = await h.adapter({ replyOnClosed: 'reopen' }).addMessage(h.ctx(h.jordan()), closed, { body: 'Reopen please', files: [] });
    expect(m.visibility).toBe('public');
    expect(h.server.mock.store.tickets.get(closed.id)?.status).toBe('open');
  });

  it('a reply whose answer is lost after commit is found and remembered, never posted twice', async () => {
    h.server.mock.faults.dropAfterCommit({ method: 'POST', path: '/conversations' });
    const m = await h.adapter().addMessage(h.ctx(h.jordan()), await ticketOf(seed().tickets.tieA), { body: 'Lost answer', files: [] });
    const stored = [...h.server.mock.store.conversations.values()].filter((c) => c.content === 'Lost answer');
    expect(stored).toHaveLength(1);
    expect(m).toMatchObject({ id: stored[0]?.id, author: 'customer' });
    expect(h.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(await h.state.members(`mine:${h.jordan().id}:${seed().tickets.tieA}`)).toEqual([m.id]);
  });

  it('recognises the customer’s reply by author when the install posts as the customer', async () => {
    h.server.mock.setSwitches({ reply_author: 'customer' });
    const m = await h.adapter().addMessage(h.ctx(h.jordan()), await ticketOf(seed().tickets.tieA), { body: 'As me', files: [] });
    expect(m.author).toBe('customer');
    expect(h.server.mock.outboundNotifications).toEqual([]);
  });
});

describe('switchLabs close and reopen', () => {
  it('closes with PATCH status (closed by default, resolved when configured); a closed ticket is a conflict', async () => {
    const t = await h.adapter().closeTicket!(h.ctx(h.jordan()), await ticketOf(seed().tickets.tieA));
    expect(t.status).toBe('closed');
    expect(h.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ status: 'closed' });
    const r = await h.adapter({ closeStatus: 'resolved' }).closeTicket!(h.ctx(h.jordan()), await ticketOf(seed().tickets.tieB));
    expect(r.status).toBe('resolved');
    const e = await failure<BackendError>(h.adapter().closeTicket!(h.ctx(h.jordan()), r));
    expect([e.kind, e.code]).toEqual(['conflict', 'ALREADY_CLOSED']);
  });

  it('reopens a resolved or closed ticket to open; an open one is a conflict', async () => {
    for (const key of ['resolved', 'closed'] as const) {
      const t = await h.adapter().reopenTicket!(h.ctx(h.jordan()), await ticketOf(seed().tickets[key]));
      expect(t.status).toBe('open');
      expect(h.server.mock.store.tickets.get(t.id)?.status).toBe('open');
    }
    const e = await failure<BackendError>(h.adapter().reopenTicket!(h.ctx(h.jordan()), await ticketOf(seed().tickets.tieA)));
    expect([e.kind, e.code]).toEqual(['conflict', 'NOT_CLOSED']);
  });

  it('maps every upstream status to a portal status; unknown ones read as open and are reported', async () => {
    const expected = { latest: 'open', tieA: 'open', tieB: 'open', tieC: 'pending', resolved: 'resolved', closed: 'closed' } as const;
    for (const [key, status] of Object.entries(expected)) expect((await ticketOf(seed().tickets[key as keyof typeof expected])).status, key).toBe(status);
    h.server.mock.store.tickets.get(seed().tickets.tieA)!.status = 'on_hold' as 'open';
    expect((await ticketOf(seed().tickets.tieA)).status).toBe('open');
    expect(h.warnings).toEqual([expect.objectContaining({ code: 'SWITCHLABS_UNKNOWN_STATUS', detail: { status: 'on_hold' } })]);
  });
});

describe('switchLabs deliverRating', () => {
  it('puts the rating and comment in an internal note agents see, without emailing the customer', async () => {
    const ticket = await ticketOf(seed().tickets.resolved);
    await h.adapter().deliverRating!(h.ctx(h.jordan()), ticket, { scale: 'scale5', rating: 4, comment: ' Quick and kind. ', createdAt: new Date().toISOString() });
    await h.adapter().deliverRating!(h.ctx(h.jordan()), ticket, { scale: 'thumbs', rating: -1, comment: null, createdAt: new Date().toISOString() });
    const notes = [...h.server.mock.store.conversations.values()].filter((c) => c.ticket_id === ticket.id && c.type === 'note');
    expect(notes.map((n) => [n.content, n.internal])).toEqual([
      ['Customer rating (portal): 4/5\n\nQuick and kind.', true],
      ['Customer rating (portal): thumbs down', true],
    ]);
    expect(h.server.mock.outboundNotifications).toEqual([]);
    const detail = await h.adapter().getTicketDetail(h.ctx(h.jordan()), ticket.id);
    expect(detail?.messages.filter((m) => m.visibility === 'public').some((m) => m.body.includes('Customer rating'))).toBe(false);
  });
});
