import { describe, expect, it } from 'vitest';
import type { BackendMessage, BackendTicketDetail } from '../../../../src/server/gateway/backend';
import { SWITCHLABS_SEED, useAdapterHarness } from './helpers';

const h = useAdapterHarness();
const seed = () => h.server.mock.seed;

const detailOf = async (options = {}, ticketId = seed().tickets.thread) => {
  const d = await h.adapter(options).getTicketDetail(h.ctx(h.jordan()), ticketId);
  if (!d) throw new Error('no detail');
  return d;
};
const publicOf = (d: BackendTicketDetail) => d.messages.filter((m) => m.visibility === 'public');
const byId = (d: BackendTicketDetail) => new Map(d.messages.map((m) => [m.id, m]));

/** Everything a customer could be shown from a detail: the ticket, the body and public messages. */
const customerView = (d: BackendTicketDetail) => JSON.stringify({ ticket: d.ticket, body: d.body, messages: publicOf(d) });

describe('switchLabs getTicketDetail', () => {
  it('reads the ticket and its conversations in parallel: exactly two upstream calls', async () => {
    const d = await detailOf();
    expect(d.ticket).toMatchObject({ id: seed().tickets.thread, customerId: h.jordan().id, title: 'Invoice shows the wrong VAT number', status: 'open', priority: null, number: null });
    expect(d.body).toContain('GB123456789');
    expect(h.calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(['GET /conversations', `GET /tickets/${seed().tickets.thread}`]);
    const conv = h.calls.find((c) => c.path === '/conversations');
    expect(conv?.query.get('ticket_id')).toBe(seed().tickets.thread);
    expect(conv?.query.get('internal')).toBe('false');
    expect(Number(conv?.query.get('limit'))).toBeGreaterThanOrEqual(25);
  });

  it('shows only replies by the allowlist: notes, system records, internal and deleted replies are internal', async () => {
    h.server.mock.setSwitches({ internal_filter: 'ignored' });
    const d = await detailOf();
    const c = seed().conversations;
    const m = byId(d);
    expect(publicOf(d).map((x) => x.id)).toEqual([c.customerComment, c.staffReply, ...[c.customerEmail, c.staffSms].sort()]);
    for (const id of [c.note, c.system, c.internalReply, c.deletedReply]) expect(m.get(id)?.visibility, id).toBe('internal');
    const view = customerView(d);
    for (const secret of Object.values(SWITCHLABS_SEED.secrets)) expect(view).not.toContain(secret);
  });

  it('fails closed on planted records: unknown type, missing internal flag, system marked public, deleted', async () => {
    const planted = h.server.mock.fixture.plantHidden(seed().tickets.thread);
    for (const switches of [{ internal_filter: 'ignored' as const }, { internal_filter: 'ignored' as const, conversation_types: 'mixed' as const }, { conversation_types: 'model' as const }]) {
      h.server.mock.setSwitches(switches);
      const d = await detailOf();
      expect(customerView(d), JSON.stringify(switches)).not.toContain(planted.marker);
      for (const id of planted.conversationIds) expect(byId(d).get(id)?.visibility ?? 'internal').toBe('internal');
    }
  });

  it('never forwards model-only fields (AI summary, CC, tags, custom fields, customer notes) with include_model_fields on', async () => {
    const { marker } = h.server.mock.fixture.plantAgentFields(seed().tickets.thread);
    h.server.mock.setSwitches({ include_model_fields: 'on', rich_text: 'both' });
    const backend = h.adapter();
    const ctx = h.ctx(h.jordan());
    const outputs = [
      await backend.getTicketDetail(ctx, seed().tickets.thread),
      await backend.getTicket(ctx, seed().tickets.thread),
      await backend.listTickets(ctx, { statuses: [], search: null, sort: 'createdAt', order: 'desc', limit: 50, cursor: null }),
      await backend.resolveCustomer(ctx, { email: h.jordan().email, name: null }),
    ];
    const all = JSON.stringify(outputs);
    for (const secret of [marker, SWITCHLABS_SEED.secrets.aiSummary, SWITCHLABS_SEED.secrets.ccEmail, SWITCHLABS_SEED.secrets.customField, SWITCHLABS_SEED.secrets.tag, SWITCHLABS_SEED.secrets.customerNote]) {
      expect(all).not.toContain(secret);
    }
    for (const field of ['ai_summary', 'cc_emails', 'tags', 'custom_fields', 'organization_id', 'requester_id', 'assignee', 'avatar_url', 'translated']) expect(all).not.toContain(field);
    // The model's ticket number does show when the API returns it.
    expect((outputs[0] as BackendTicketDetail).ticket.number).toEqual(expect.any(Number));
  });

  it('reads the same text from plain strings, TipTap only, and TipTap + HTML bodies', async () => {
    const texts = [];
    for (const rich_text of ['string', 'tiptap', 'both'] as const) {
      h.server.mock.setSwitches({ rich_text });
      const d = await detailOf();
      texts.push({ body: d.body, messages: publicOf(d).map((m) => m.body) });
    }
    expect(texts[1]).toEqual(texts[0]);
    expect(texts[2]).toEqual(texts[0]);
    expect(texts[0]?.body).toBe('Hello,\n\nour March invoice shows VAT number GB000 instead of GB123456789.\nCould you reissue it?\n\nThanks, Jordan');
  });

  it('reads model type names (comment/email/sms) as replies', async () => {
    h.server.mock.setSwitches({ conversation_types: 'model' });
    const c = seed().conversations;
    expect(publicOf(await detailOf()).map((m) => m.id).sort()).toEqual([c.customerComment, c.staffReply, c.customerEmail, c.staffSms].sort());
  });

  it('authorship: the customer by author email or id; staff named per policy; system records opt-in', async () => {
    const c = seed().conversations;
    const d = await detailOf();
    const m = byId(d);
    expect(m.get(c.customerComment)).toMatchObject({ author: 'customer', authorName: null });
    expect(m.get(c.customerEmail)).toMatchObject({ author: 'customer' });
    expect(m.get(c.staffReply)).toMatchObject({ author: 'staff', authorName: 'Priya' });
    expect(byId(await detailOf({ agentName: 'full' })).get(c.staffReply)?.authorName).toBe('Priya Shah');
    expect(byId(await detailOf({ agentName: 'none' })).get(c.staffReply)?.authorName).toBeNull();
    h.server.mock.setSwitches({ internal_filter: 'ignored' });
    const withSystem = byId(await detailOf({ showSystemMessages: true }));
    expect(withSystem.get(c.system)).toMatchObject({ visibility: 'public', author: 'system', authorName: null });
    expect(withSystem.get(c.note)?.visibility).toBe('internal');
  });

  it('asks GET /users/{id} for a staff name only when the conversation has none (cached)', async () => {
    const agent = h.server.mock.seed.users.priya;
    const id = h.server.mock.store.addConversation({ ticket_id: seed().tickets.tieA, content: 'From an agent', author_id: agent, author_kind: 'user' }).id;
    // The API returns author_id without an author object (a thinner REST shape).
    h.server.mock.store.users.get(agent)!.name = 'Priya Shah';
    const backend = h.adapter();
    const original = h.server.mock.store.authorOf.bind(h.server.mock.store);
    h.server.mock.store.authorOf = (conv) => (conv.id === id ? null : original(conv));
    const first = await backend.getTicketDetail(h.ctx(h.jordan()), seed().tickets.tieA);
    expect(first?.messages.find((m) => m.id === id)).toMatchObject({ author: 'staff', authorName: 'Priya' });
    expect(h.calls.filter((c) => c.path === `/users/${agent}`)).toHaveLength(1);
    await backend.getTicketDetail(h.ctx(h.jordan()), seed().tickets.tieA);
    expect(h.calls.filter((c) => c.path === `/users/${agent}`)).toHaveLength(1);
  });

  it('pages long threads with tied timestamps exactly, oldest first, under every cursor behaviour', async () => {
    for (const cursor_mode of ['strict', 'inclusive', 'compound'] as const) {
      for (const cursor_precision of ['seconds', 'millis'] as const) {
        h.server.mock.setSwitches({ cursor_mode, cursor_precision, internal_filter: 'ignored', last_page_cursor: 'repeat' });
        const d = await detailOf({ pageSize: 2 });
        expect(new Set(d.messages.map((m) => m.id)).size, `${cursor_mode} ${cursor_precision}`).toBe(8);
        expect(d.messages).toHaveLength(8);
        const times = d.messages.map((m) => Date.parse(m.createdAt));
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }
    }
  });

  it('reports a conversation of another ticket as internal with its own ticket id', async () => {
    h.server.mock.faults.setForeignRows(true);
    const d = await detailOf({}, seed().tickets.tieA);
    const foreign = d.messages.filter((m: BackendMessage) => m.ticketId !== seed().tickets.tieA);
    expect(foreign.length).toBeGreaterThan(0);
    expect(foreign.every((m) => m.visibility === 'internal')).toBe(true);
    expect(h.warnings.map((w) => w.code)).toContain('SWITCHLABS_FOREIGN_ROW');
  });

  it('strips links into the install (its admin UI) from bodies, keeping the help centre', async () => {
    const origin = new URL(h.server.baseUrl).origin;
    h.server.mock.fixture.staffReply(seed().tickets.tieA, `Tracked in ${origin}/admin/tickets/42 — see ${origin}/help/articles/7 and https://status.example.com`);
    const d = await detailOf({ articleUrl: `${origin}/help/articles/{id}` }, seed().tickets.tieA);
    const body = publicOf(d).at(-1)?.body;
    expect(body).toBe(`Tracked in [link removed] — see ${origin}/help/articles/7 and https://status.example.com`);
  });

  it('returns null for a missing or deleted ticket, and reports the owner of another customer’s ticket faithfully', async () => {
    const backend = h.adapter();
    const ctx = h.ctx(h.jordan());
    expect(await backend.getTicketDetail(ctx, 'nope')).toBeNull();
    expect(await backend.getTicket(ctx, 'nope')).toBeNull();
    h.server.mock.store.tickets.get(seed().tickets.tieB)!.deleted_at = Date.now();
    expect(await backend.getTicket(ctx, seed().tickets.tieB)).toBeNull();
    const other = await backend.getTicket(ctx, seed().tickets.other);
    expect(other?.customerId).toBe(seed().customers.jordanB);
  });
});
