import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dispatchAdmin, type DispatchAdminOptions } from '../../../src/server/adapters/dispatchAdmin';
import { BackendError, type BackendTicket, type JsonValue, type ListTicketsQuery, type PortalBackend } from '../../../src/server/gateway/backend';
import { bob, ctxFor, jane, rejection, SEED, staged, useDispatchMock } from './helpers';

const h = useDispatchMock();
const T = SEED.tickets;

/** The adapter as the gateway starts it: capabilities and form read once, then the call log cleared. */
async function make(options: Partial<DispatchAdminOptions> = {}): Promise<PortalBackend> {
  const backend = dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl, fetch: h.fetch, ...options });
  await backend.capabilities(ctxFor(jane));
  await backend.getForm?.(ctxFor(jane));
  h.calls.length = 0;
  return backend;
}

/** A ticket field definition added upstream (text, optional, shown nowhere unless flagged). */
const addTicketField = (f: { key: string; label: string; required?: boolean; showOnCreate?: boolean; showInTable?: boolean; showInDetail?: boolean }) =>
  h.server.mock.store.fieldsOf(SEED.brandId, 'ticket').push({
    type: 'text',
    required: false,
    description: null,
    placeholder: null,
    options: null,
    sortOrder: 50,
    source: null,
    createdAt: 0,
    ...(f as typeof f & { showOnCreate: boolean; showInTable: boolean; showInDetail: boolean }),
  });

const ticketOf = async (b: PortalBackend, id: string, customer = jane) => (await b.getTicket(ctxFor(customer), id)) as BackendTicket;
const variants = (v: Parameters<typeof h.server.mock.faults.setVariants>[0]) => h.server.mock.faults.setVariants(v);

describe('dispatchAdmin: setup', () => {
  it('refuses a missing API key or brand at creation, naming the option, never its value', () => {
    expect(() => dispatchAdmin({ apiKey: '', brandId: 'br_x' })).toThrow(/`apiKey` is missing/);
    expect(() => dispatchAdmin({ apiKey: 'sk_test_secret', brandId: ' ' })).toThrow(/`brandId` is missing/);
    try {
      dispatchAdmin({ apiKey: 'sk_test_secret', brandId: 'br_x', baseUrl: 'ftp://x' });
    } catch (e) {
      expect(String(e)).not.toContain('sk_test_secret');
    }
  });

  it('a wrong key, a brand the key does not cover, or an unknown brand fail as credential/config errors', async () => {
    const base = { baseUrl: h.server.baseUrl, fetch: h.fetch };
    expect((await rejection(dispatchAdmin({ ...base, apiKey: 'sk_test_wrong', brandId: SEED.brandId }).capabilities(ctxFor(jane)))).kind).toBe('unauthorized');
    expect((await rejection(dispatchAdmin({ ...base, apiKey: SEED.apiKey, brandId: SEED.otherBrandId }).capabilities(ctxFor(jane)))).kind).toBe('misconfigured');
    expect((await rejection(dispatchAdmin({ ...base, apiKey: SEED.apiKey, brandId: 'br_nope' }).capabilities(ctxFor(jane)))).kind).toBe('misconfigured');
  });
});

describe('capabilities', () => {
  it("lists the brand's statuses (custom ones included, inactive last) with labels, colours and closed flags; rating from CSAT", async () => {
    const b = dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl, fetch: h.fetch });
    const caps = await b.capabilities(ctxFor(jane));
    expect(caps.statuses).toEqual([
      { key: 'open', label: 'Open', color: '#3b82f6', closed: false },
      { key: 'pending', label: 'Pending', color: '#f59e0b', closed: false },
      { key: 'resolved', label: 'Resolved', color: '#10b981', closed: true },
      { key: 'closed', label: 'Closed', color: '#6b7280', closed: true },
      { key: 'waiting_on_customer', label: 'Waiting on you', color: '#8b5cf6', closed: false },
      { key: 'on_hold', label: 'On hold', color: '#94a3b8', closed: false },
    ]);
    expect(caps).toMatchObject({ backend: 'dispatch', search: true, multiStatus: true, close: true, reopen: true, form: true, attachments: 'ticket', rating: 'scale5', articles: false });
    expect(caps.limits.maxFileSize).toBe(52_428_800);
    expect(h.calls.sort()).toEqual(['GET /', 'GET /statuses']);
  });

  it('takes label and closed-flag overrides, and reports no rating scale when CSAT is off', async () => {
    h.server.mock.store.brands.get(SEED.brandId)!.csatEnabled = false;
    const b = dispatchAdmin({
      apiKey: SEED.apiKey,
      brandId: SEED.brandId,
      baseUrl: h.server.baseUrl,
      statuses: { waiting_on_customer: { label: 'Waiting for your reply' }, on_hold: { closed: true } },
    });
    const caps = await b.capabilities(ctxFor(jane));
    expect(caps.rating).toBeNull();
    expect(caps.statuses.find((s) => s.key === 'waiting_on_customer')?.label).toBe('Waiting for your reply');
    expect(caps.statuses.find((s) => s.key === 'on_hold')?.closed).toBe(true);
  });
});

describe('resolveCustomer', () => {
  it('finds a customer by email in one call, and creates a new one only once', async () => {
    const b = await make();
    expect(await b.resolveCustomer(ctxFor(jane), { email: 'jane@example.com', name: null })).toEqual({ id: jane.id, email: 'jane@example.com', name: 'Jane Cooper' });
    expect(h.calls).toEqual(['POST /portal/token']);
    const [first, second] = await Promise.all([
      b.resolveCustomer(ctxFor(jane), { email: 'fresh@example.com', name: 'Fresh Person' }),
      b.resolveCustomer(ctxFor(jane), { email: 'fresh@example.com', name: null }),
    ]);
    expect(second.id).toBe(first.id);
    expect([...h.server.mock.store.customers.values()].filter((c) => c.email === 'fresh@example.com')).toHaveLength(1);
  });
});

describe('getForm', () => {
  it('offers categories, priorities and the fields marked for customers, of every supported type', async () => {
    const b = dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl, fetch: h.fetch });
    const form = await b.getForm!(ctxFor(jane));
    expect(h.calls.sort()).toEqual(['GET /categories', 'GET /fields/ticket']);
    expect(form.categories.map((c) => c.id)).toEqual(Object.values(SEED.categories));
    expect(form.categories[0]).toEqual({ id: SEED.categories.billing, name: 'Billing', description: 'Invoices, payments and refunds' });
    expect(form.priorities.map((p) => p.key)).toEqual(['low', 'normal', 'high', 'urgent']);
    const byKey = Object.fromEntries(form.fields.map((f) => [f.key, f]));
    expect(Object.keys(byKey)).toEqual(['plan', 'order_id', 'is_production', 'affected_users', 'incident_date', 'browsers', 'status_page', 'steps_to_reproduce', 'account_manager']);
    expect(new Set(form.fields.map((f) => f.type))).toEqual(new Set(['select', 'text', 'boolean', 'number', 'date', 'multiselect', 'url']));
    expect(byKey.plan).toEqual({
      key: 'plan',
      label: 'Plan',
      type: 'select',
      required: false,
      options: [
        { value: 'Starter', label: 'Starter' },
        { value: 'Pro', label: 'Pro' },
        { value: 'Enterprise', label: 'Enterprise' },
      ],
      placeholder: null,
      helpText: 'The plan your account is on.',
      showInDetail: true,
      showOnCreate: true,
    });
    // Display-only: listed so its value shows on the ticket, never fillable. Agent-only and JSON fields are not there at all.
    expect(byKey.account_manager).toMatchObject({ showOnCreate: false, showInDetail: true, required: false });
    expect(byKey).not.toHaveProperty('internal_risk_score');
    expect(byKey).not.toHaveProperty('sync_payload');
    expect(byKey).not.toHaveProperty('affected_areas');
  });

  it('reads the older `visible` flag: visible fields are fillable and shown, others stay hidden', async () => {
    variants({ fieldVisibility: 'visible' });
    const b = await make();
    const form = await b.getForm!(ctxFor(jane));
    const keys = form.fields.map((f) => f.key);
    // The older flag can't tell display-only from fillable: `visible` means both.
    expect(keys).toContain('account_manager');
    expect(keys).not.toContain('internal_risk_score');
    expect(form.fields.every((f) => f.showOnCreate && f.showInDetail)).toBe(true);
  });

  it('a field customers fill but may not see again is on the form, written upstream, and not shown on the ticket', async () => {
    addTicketField({ key: 'serial', label: 'Serial number', required: true, showOnCreate: true, showInDetail: false });
    const b = await make();
    const field = (await b.getForm!(ctxFor(jane))).fields.find((f) => f.key === 'serial');
    expect(field).toMatchObject({ required: true, showOnCreate: true, showInDetail: false });
    const t = await b.createTicket(ctxFor(jane), { title: 'Serial', body: '', priority: null, categoryId: null, customFields: { serial: 'SN-1' }, files: [] });
    expect(h.server.mock.store.tickets.get(t.id)!.customFields).toEqual({ serial: 'SN-1' });
    expect((await b.getTicket(ctxFor(jane), t.id))!.customFields).toEqual({});
  });

  it('hides a field with no visibility flag at all, and honours `priorities: false`', async () => {
    addTicketField({ key: 'legacy', label: 'Legacy', showOnCreate: undefined, showInTable: undefined, showInDetail: undefined });
    const b = await make({ priorities: false });
    const form = await b.getForm!(ctxFor(jane));
    expect(form.fields.map((f) => f.key)).not.toContain('legacy');
    expect(form.priorities).toEqual([]);
  });
});

describe('listTickets', () => {
  const all: ListTicketsQuery = { statuses: [], search: null, sort: 'createdAt', order: 'desc', limit: 50, cursor: null };

  it("pages through the customer's visible tickets only (no spam, merged or others'), one call per page", async () => {
    const b = await make();
    const seen: string[] = [];
    let cursor = null;
    let pages = 0;
    do {
      const page = await b.listTickets(ctxFor(jane), { ...all, limit: 5, cursor });
      // The gateway signs and returns the state: it must survive JSON.
      cursor = page.next === null ? null : JSON.parse(JSON.stringify(page.next));
      seen.push(...page.tickets.map((t) => t.id));
      expect(page.tickets.every((t) => t.customerId === jane.id)).toBe(true);
      if (page.next) expect(page.tickets).toHaveLength(5);
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(h.calls).toHaveLength(3);
    expect(new Set(seen).size).toBe(SEED.janeTicketCount);
    expect(seen).not.toContain(T.spam);
    expect(seen).not.toContain(T.merged);
    expect(h.calls[0]).toBe('GET /tickets');
  });

  it('keeps pages full when hidden rows sit among them (filtered before paging)', async () => {
    const { store } = h.server.mock;
    for (let i = 0; i < 12; i++) {
      const t = store.createTicket({ customerId: bob.id, title: `spam ${i}`, status: i % 2 ? 'spam' : 'open' });
      if (i % 2 === 0) t.mergedIntoId = T.bob;
    }
    const b = await make();
    const first = await b.listTickets(ctxFor(bob), { ...all, limit: 1 });
    expect(first.tickets.map((t) => t.id)).toEqual([T.bob]);
    expect(first.next).toBeNull();
  });

  it("never trusts the helpdesk's filters: other customers', other statuses' and non-matching rows are dropped", async () => {
    const b = await make();
    h.rewrite = (url) => {
      for (const p of ['customerId', 'status', 'search']) url.searchParams.delete(p);
      return url;
    };
    // Every ticket of the brand now comes back (2,000+): walked in bounded, widening reads.
    const walk = async (customer: typeof jane, q: Partial<ListTicketsQuery>) => {
      const seen: BackendTicket[] = [];
      let cursor: JsonValue | null = null;
      do {
        const page = await b.listTickets(ctxFor(customer), { ...all, limit: 10, ...q, cursor });
        seen.push(...page.tickets);
        cursor = page.next;
      } while (cursor);
      return seen;
    };
    expect((await walk(bob, {})).map((t) => t.id)).toEqual([T.bob]);
    expect((await walk(jane, { statuses: ['pending'] })).map((t) => t.id).sort()).toEqual([T.pending, 'tkt_jane_09']);
    expect((await walk(jane, { search: 'garbled' })).map((t) => t.id)).toEqual([T.richContent]);
    expect(h.calls.length).toBeLessThan(150);
  });

  it('filters by several statuses and sorts by updatedAt ascending', async () => {
    const b = await make();
    const page = await b.listTickets(ctxFor(jane), { ...all, statuses: ['resolved', 'closed'], sort: 'updatedAt', order: 'asc' });
    expect(new Set(page.tickets.map((t) => t.status))).toEqual(new Set(['resolved', 'closed']));
    const times = page.tickets.map((t) => Date.parse(t.updatedAt));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(h.calls).toHaveLength(1);
  });

  it('searches what the customer can read, and never finds words only in internal notes or agent-only fields', async () => {
    const b = await make();
    const search = async (q: string) => (await b.listTickets(ctxFor(jane), { ...all, search: q })).tickets.map((t) => t.id);
    expect(await search('garbled')).toEqual([T.richContent]);
    expect(await search('zoe muller')).toEqual([T.richContent]);
    expect(await search('ACME-1007')).toEqual([T.longThread]);
    expect(await search(SEED.internalCanary)).toEqual([]);
    // Even when the helpdesk's own search looks into internal notes.
    variants({ adminSearch: 'comments' });
    expect(await search(SEED.internalCanary)).toEqual([]);
    expect(await search('IDP-311')).toEqual([]);
  });

  it('maps each ticket: formatted number, status key, priority, category, customer-visible field values only', async () => {
    const b = await make();
    const t = (await b.listTickets(ctxFor(jane), { ...all, search: 'garbled' })).tickets[0];
    expect(Object.keys(t!.customFields!)).toHaveLength(8);
    expect(t).toEqual({
      id: T.richContent,
      customerId: jane.id,
      number: 'ACME-1001',
      title: 'Exported invoices CSV shows garbled characters',
      status: 'open',
      priority: 'high',
      categoryId: SEED.categories.billing,
      // Every stored value customers may see: the agent-only ones stay behind.
      customFields: Object.fromEntries(
        Object.entries(h.server.mock.store.tickets.get(T.richContent)!.customFields!).filter(([k]) => !['internal_risk_score', 'sync_payload'].includes(k)),
      ),
      messageCount: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(t)).not.toContain(SEED.internalCanary);
  });
});

describe('getTicket and getTicketDetail', () => {
  it("reports the upstream owner faithfully (the gateway decides), and null for what customers can't see", async () => {
    const b = await make();
    expect((await ticketOf(b, T.bob)).customerId).toBe(bob.id);
    for (const id of [T.spam, T.merged, T.globex, 'tkt_nope', '../../statuses']) expect(await b.getTicket(ctxFor(jane), id)).toBeNull();
    expect(h.calls.filter((c) => c.startsWith('GET /tickets/'))).toHaveLength(6);
    expect(h.calls.some((c) => c.includes('/statuses'))).toBe(false);
  });

  it('classifies the thread: internal notes (either flag) and the body copy are internal; SYSTEM events are marked as such; authors mapped', async () => {
    const b = await make();
    const d = (await b.getTicketDetail(ctxFor(jane), T.richContent))!;
    const vis = Object.fromEntries(d.messages.map((m) => [m.id, `${m.visibility}/${m.author}`]));
    expect(vis).toEqual({
      cmt_jane_01_body: 'internal/customer',
      cmt_jane_01_system: 'public/system',
      cmt_jane_01_md: 'public/staff',
      cmt_jane_01_html: 'public/customer',
      cmt_jane_01_internal: 'internal/staff',
      cmt_jane_01_internal_meta: 'internal/staff',
      cmt_jane_01_pdf: 'public/staff',
      cmt_jane_01_plain: 'public/customer',
    });
    expect(d.messages.find((m) => m.id === 'cmt_jane_01_md')?.authorName).toBe('Sam Rivera');
    expect(d.body).toContain('When I export invoices to CSV');
    expect(d.ticket.messageCount).toBe(4);
    expect(d.messages.every((m) => m.ticketId === T.richContent)).toBe(true);
    const shown = JSON.stringify({ ...d, messages: d.messages.filter((m) => m.visibility === 'public' && m.author !== 'system') });
    expect(shown).not.toContain(SEED.internalCanary);
    expect(shown).not.toContain('ENG-4821');
  });

  it.each(['stored', 'metadata'] as const)('still hides internal notes when the API marks them only as %s', async (flag) => {
    variants({ adminInternalFlag: flag, authorType: 'AGENT' });
    const b = await make();
    const d = (await b.getTicketDetail(ctxFor(jane), T.pending))!;
    const internal = d.messages.filter((m) => m.visibility === 'internal').map((m) => m.id);
    expect(internal).toContain('cmt_jane_02_internal');
    expect(d.messages.filter((m) => m.visibility === 'public').every((m) => !m.body.includes(SEED.internalCanary))).toBe(true);
    expect(d.messages.find((m) => m.id === 'cmt_jane_02_01')?.author).toBe('staff');
  });

  it('names staff by first name or not at all', async () => {
    const first = await make({ agentNames: 'first' });
    const d = (await first.getTicketDetail(ctxFor(jane), T.richContent))!;
    expect(d.messages.find((m) => m.id === 'cmt_jane_01_system')).toMatchObject({ author: 'system', authorName: null });
    expect(d.messages.find((m) => m.id === 'cmt_jane_01_md')?.authorName).toBe('Sam');
    const none = await make({ agentNames: 'none' });
    expect((await none.getTicketDetail(ctxFor(jane), T.richContent))!.messages.find((m) => m.id === 'cmt_jane_01_md')?.authorName).toBeNull();
  });

  it('a message from another customer on the thread (a CC) is not shown as "you"', async () => {
    h.server.mock.store.addComment(T.pending, { body: 'cc here', authorType: 'CUSTOMER', authorId: bob.id, authorName: 'Bob Martin' });
    const b = await make();
    const m = (await b.getTicketDetail(ctxFor(jane), T.pending))!.messages.at(-1)!;
    expect(m).toMatchObject({ author: 'staff', authorName: 'Bob Martin', visibility: 'public' });
  });

  it('reads a detail in one call when the API embeds the thread in the ticket', async () => {
    const b = await make();
    await b.getTicketDetail(ctxFor(jane), T.pending);
    expect(h.calls).toEqual(['GET /tickets/tkt_jane_02']);
  });

  it('reads ticket and thread in parallel when the API does not embed it (the SDK shape)', async () => {
    // Play an API whose ticket has no `comments`/`attachments`, as the vendor SDK types it.
    const realFetch = h.fetch;
    const bare = dispatchAdmin({
      apiKey: SEED.apiKey,
      brandId: SEED.brandId,
      baseUrl: h.server.baseUrl,
      fetch: async (input, init) => {
        const res = await realFetch(input, init);
        if (!/\/tickets\/[^/]+$/.test(new URL(String(input)).pathname) || !res.ok) return res;
        const { comments: _c, attachments: _a, ...ticket } = (await res.json()) as Record<string, unknown>;
        return new Response(JSON.stringify(ticket), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await bare.getForm!(ctxFor(jane));
    const first = (await bare.getTicketDetail(ctxFor(jane), T.richContent))!;
    expect(first.messages.find((m) => m.id === 'cmt_jane_01_internal')?.visibility).toBe('internal');
    h.calls.length = 0;
    const again = (await bare.getTicketDetail(ctxFor(jane), T.richContent))!;
    expect(again.messages).toHaveLength(8);
    expect(h.calls.sort()).toEqual([`GET /tickets/${T.richContent}`, `GET /tickets/${T.richContent}/comments`]);
    h.calls.length = 0;
    const ticket = (await bare.getTicket(ctxFor(jane), T.richContent))!;
    h.calls.length = 0;
    expect((await bare.listAttachments!(ctxFor(jane), ticket)).filter((a) => a.visibility === 'public')).toHaveLength(3);
    expect(h.calls.sort()).toEqual([`GET /tickets/${T.richContent}/attachments`, `GET /tickets/${T.richContent}/comments`]);
  });
});

describe('createTicket', () => {
  const input = { title: 'Cannot export', body: 'Export fails.', priority: 'urgent', categoryId: SEED.categories.technical, customFields: {}, files: [] };

  it('files a ticket for the customer with priority, category and the fillable fields only, in one call', async () => {
    const b = await make();
    const t = await b.createTicket(ctxFor(jane), {
      ...input,
      customFields: { plan: 'Enterprise', affected_users: 3, browsers: ['Firefox'], is_production: false, account_manager: 'Me!', internal_risk_score: 0 },
    });
    expect(h.calls).toEqual(['POST /tickets']);
    expect(t).toMatchObject({ customerId: jane.id, title: 'Cannot export', status: 'open', priority: 'urgent', categoryId: SEED.categories.technical });
    const stored = h.server.mock.store.tickets.get(t.id)!;
    expect(stored.customFields).toEqual({ plan: 'Enterprise', affected_users: 3, browsers: ['Firefox'], is_production: false });
    expect(stored.source).toBe('web');
    const detail = await (await h.portal(`/portal/tickets/${t.id}`, await h.token())).json();
    expect(detail).toMatchObject({ title: 'Cannot export', body: 'Export fails.', comments: [] });
  });

  it('sends files through the admin upload flow (initiate, PUT, confirm each), listed and downloadable after', async () => {
    const b = await make();
    const files = [staged('a.txt', 'alpha'), staged('b.csv', 'x,y\n1,2', 'text/csv')];
    const t = await b.createTicket(ctxFor(jane), { ...input, files });
    expect(h.calls.filter((c) => c === 'POST /tickets')).toHaveLength(1);
    expect(h.calls.filter((c) => c === `POST /tickets/${t.id}/attachments`)).toHaveLength(2);
    expect(h.calls.filter((c) => c === 'PUT /__storage')).toHaveLength(2);
    expect(h.calls.filter((c) => c.endsWith('/confirm'))).toHaveLength(2);
    const listed = await b.listAttachments!(ctxFor(jane), t);
    expect(listed.map((a) => [a.filename, a.size, a.visibility]).sort()).toEqual([
      ['a.txt', 5, 'public'],
      ['b.csv', 7, 'public'],
    ]);
    const dl = await b.getDownload!(ctxFor(jane), t, listed.find((a) => a.filename === 'b.csv')!.id);
    expect(dl?.download.kind).toBe('url');
    expect(await (await fetch((dl!.download as { url: string }).url)).text()).toBe('x,y\n1,2');
  });

  it('retries a failed PUT with a fresh stream; a file that never uploads undoes the ticket', async () => {
    const b = await make();
    h.server.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 503, count: 1 });
    const file = staged('retry.txt', 'again');
    const t = await b.createTicket(ctxFor(jane), { ...input, title: 'With retry', files: [file] });
    expect(file.opens).toBe(2);
    expect((await b.listAttachments!(ctxFor(jane), t)).map((a) => a.filename)).toEqual(['retry.txt']);

    h.server.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 503 });
    const e = await rejection(b.createTicket(ctxFor(jane), { ...input, title: 'Doomed', files: [staged('x.txt', 'x')] }));
    expect(e).toBeInstanceOf(BackendError);
    expect(e.kind).toBe('unavailable');
    const left = [...h.server.mock.store.tickets.values()].filter((x) => x.title === 'Doomed');
    expect(left).toHaveLength(1);
    expect(left[0]!.deletedAt).not.toBeNull();
  });

  it('never repeats a create whose response was lost; a retry with the same browser key replays it upstream', async () => {
    const b = await make();
    h.server.mock.faults.dropAfterCommit({ method: 'POST', path: '/brands/:b/tickets' });
    const ctx = ctxFor(jane, { idempotencyKey: 'draft-42' });
    const e = await rejection(b.createTicket(ctx, { ...input, title: 'Dropped once' }));
    expect(e.kind).toBe('unavailable');
    expect(h.calls.filter((c) => c === 'POST /tickets')).toHaveLength(1);
    const again = await b.createTicket(ctxFor(jane, { idempotencyKey: 'draft-42', state: ctx.state }), { ...input, title: 'Dropped once' });
    const made = [...h.server.mock.store.tickets.values()].filter((x) => x.title === 'Dropped once');
    expect(made.map((x) => x.id)).toEqual([again.id]);
    // Another customer's identical key is a different write.
    await b.createTicket(ctxFor(bob, { idempotencyKey: 'draft-42' }), { ...input, title: 'Dropped once' });
    expect([...h.server.mock.store.tickets.values()].filter((x) => x.title === 'Dropped once')).toHaveLength(2);
  });

  it('turns an upstream validation refusal into field errors with our own messages', async () => {
    const b = await make();
    const e = await rejection(b.createTicket(ctxFor(jane), { ...input, categoryId: 'cat_gone' }));
    expect(e.kind).toBe('invalid');
    expect(e.fieldErrors).toEqual([{ field: 'categoryId', message: 'The helpdesk did not accept this value.' }]);
    expect(e.message).not.toMatch(/brand's categories/);
  });
});

describe('addMessage', () => {
  it("posts the customer's own message (CUSTOMER + authorId) in one call; the portal shows it as theirs", async () => {
    const b = await make();
    const m = await b.addMessage(ctxFor(jane), await ticketOf(b, T.pending), { body: 'Here is the log.', files: [] });
    expect(m).toMatchObject({ visibility: 'public', author: 'customer', body: 'Here is the log.', ticketId: T.pending });
    expect(h.calls.filter((c) => c.startsWith('POST'))).toEqual([`POST /tickets/${T.pending}/comments`]);
    const stored = h.server.mock.store.getComment(m.id)!;
    expect(stored).toMatchObject({ authorType: 'CUSTOMER', authorId: jane.id, authorName: 'Jane Cooper', internal: false });
    const detail = await (await h.portal(`/portal/tickets/${T.pending}`, await h.token())).json();
    expect(detail.comments.at(-1)).toMatchObject({ authorType: 'CUSTOMER', body: 'Here is the log.' });
  });

  it('reopens a resolved ticket with the reply; refuses a closed one unless configured to reopen', async () => {
    const b = await make();
    await b.addMessage(ctxFor(jane), await ticketOf(b, T.resolved), { body: 'Broken again', files: [] });
    expect(h.server.mock.store.tickets.get(T.resolved)!.status).toBe('open');
    h.calls.length = 0;
    const e = await rejection(b.addMessage(ctxFor(jane), await ticketOf(b, T.closed), { body: 'Hello?', files: [] }));
    expect(e).toMatchObject({ kind: 'refused', code: 'TICKET_CLOSED' });
    expect(h.calls.some((c) => c.startsWith('POST'))).toBe(false);
    const reopening = await make({ replyOnClosed: 'reopen' });
    await reopening.addMessage(ctxFor(jane), await ticketOf(reopening, T.closed), { body: 'Hello?', files: [] });
    expect(h.server.mock.store.tickets.get(T.closed)!.status).toBe('open');
  });

  it('a retried reply with the same browser key posts once', async () => {
    const b = await make();
    const ticket = await ticketOf(b, T.pending);
    h.server.mock.faults.dropAfterCommit({ method: 'POST', path: '/brands/:b/tickets/:t/comments' });
    const state = ctxFor(jane).state;
    await rejection(b.addMessage(ctxFor(jane, { idempotencyKey: 'r1', state }), ticket, { body: 'once', files: [] }));
    await b.addMessage(ctxFor(jane, { idempotencyKey: 'r1', state }), ticket, { body: 'once', files: [] });
    expect(h.server.mock.store.commentsOf(T.pending).filter((c) => c.body === 'once')).toHaveLength(1);
  });
});

describe('close and reopen', () => {
  it('close sets resolved (or the configured status) in one call; already closed is a conflict with no call', async () => {
    const b = await make();
    const closed = await b.closeTicket!(ctxFor(jane), await ticketOf(b, T.noComments));
    expect(closed.status).toBe('resolved');
    h.calls.length = 0;
    expect(await rejection(b.closeTicket!(ctxFor(jane), closed))).toMatchObject({ kind: 'conflict', code: 'ALREADY_CLOSED' });
    expect(h.calls).toEqual([]);
    const hard = await make({ closeStatus: 'closed' });
    expect((await hard.closeTicket!(ctxFor(jane), await ticketOf(hard, T.pending))).status).toBe('closed');
  });

  it('reopen sets open; an open ticket is a conflict; past the reopen window it is refused with a reason code', async () => {
    const b = await make();
    expect((await b.reopenTicket!(ctxFor(jane), await ticketOf(b, T.resolved))).status).toBe('open');
    expect(await rejection(b.reopenTicket!(ctxFor(jane), await ticketOf(b, T.pending)))).toMatchObject({ kind: 'conflict', code: 'NOT_CLOSED' });
    variants({ reopenWindowDays: 7 });
    const e = await rejection(b.reopenTicket!(ctxFor(jane), await ticketOf(b, T.closed)));
    expect(e).toMatchObject({ kind: 'refused', code: 'REOPEN_WINDOW_PASSED' });
    expect(e.message).not.toContain('days ago');
  });
});

describe('attachments', () => {
  it("lists the customer's, staff replies' and ticket files, never internal-only or unfinished ones", async () => {
    const b = await make();
    const ticket = await ticketOf(b, T.richContent);
    h.calls.length = 0;
    const files = await b.listAttachments!(ctxFor(jane), ticket);
    const byId = Object.fromEntries(files.map((a) => [a.id, a.visibility]));
    expect(byId).toEqual({
      [SEED.attachments.screenshot]: 'public',
      [SEED.attachments.importDialog]: 'public',
      [SEED.attachments.internalLog]: 'internal',
      [SEED.attachments.invoicePdf]: 'public',
    });
    expect(h.calls).toEqual([`GET /tickets/${T.richContent}`]);
  });

  it("reuses the ownership check's read within one gateway request: listing costs no call, a download one", async () => {
    const b = await make();
    const ctx = ctxFor(jane);
    const ticket = (await b.getTicket(ctx, T.richContent))!;
    expect((await b.listAttachments!({ ...ctx }, ticket)).length).toBe(4);
    await b.getDownload!({ ...ctx }, ticket, SEED.attachments.screenshot);
    expect(h.calls).toEqual([`GET /tickets/${T.richContent}`, `GET /tickets/${T.richContent}/attachments/${SEED.attachments.screenshot}`]);
  });

  it('a ticket-level file referenced only from an internal note is internal', async () => {
    const { store } = h.server.mock;
    store.addAttachment({ id: 'att_loose', brandId: SEED.brandId, ticketId: T.pending, uploaderCustomerId: null, flow: 'staff', filename: 'db.sql', contentType: 'text/plain', size: 3, status: 'UPLOADED', bytes: new Uint8Array([1, 2, 3]) });
    store.addComment(T.pending, { body: 'Dump: attachment:att_loose', internal: true });
    const b = await make();
    const ticket = await ticketOf(b, T.pending);
    expect((await b.listAttachments!(ctxFor(jane), ticket)).find((a) => a.id === 'att_loose')?.visibility).toBe('internal');
    expect(await b.getDownload!(ctxFor(jane), ticket, 'att_loose')).toBeNull();
  });

  it.each(['superset', 'flat', 'nested'] as const)('hands out the short-lived presigned URL (%s shape); null for internal, pending or foreign files', async (shape) => {
    variants({ attachmentShape: shape, adminAttachmentStatus: 'CONFIRMED' });
    const b = await make();
    const ticket = await ticketOf(b, T.richContent);
    const dl = (await b.getDownload!(ctxFor(jane), ticket, SEED.attachments.invoicePdf))!;
    expect(dl.attachment).toMatchObject({ id: SEED.attachments.invoicePdf, filename: 'invoice-INV-2024-0042.pdf', contentType: 'application/pdf', visibility: 'public' });
    expect(dl.download.kind).toBe('url');
    const { url, expiresAt } = dl.download as { url: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(10 * 60_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 1000);
    expect((await fetch(url)).headers.get('content-type')).toBe('application/pdf');
    for (const id of [SEED.attachments.internalLog, SEED.attachments.pendingOnTicket, SEED.attachments.bobUpload, 'att_nope']) {
      expect(await b.getDownload!(ctxFor(jane), ticket, id)).toBeNull();
    }
  });

  it.each(['sdk', 'ui', 'attachment'] as const)('attaches a file to an existing ticket (initiate answer in the %s shape)', async (shape) => {
    variants({ adminInitiateShape: shape });
    const b = await make();
    const ticket = await ticketOf(b, T.pending);
    h.calls.length = 0;
    const a = await b.attachFile!(ctxFor(jane), ticket, staged('later.txt', 'later'));
    expect(a).toMatchObject({ filename: 'later.txt', size: 5, visibility: 'public' });
    expect(h.calls).toEqual([`POST /tickets/${T.pending}/attachments`, 'PUT /__storage', `POST /tickets/${T.pending}/attachments/${a.id}/confirm`]);
    expect(h.server.mock.store.attachments.get(a.id)).toMatchObject({ status: 'UPLOADED', uploadedBy: jane.id });
  });
});

describe('deliverRating', () => {
  it('leaves the team an internal note with score and comment, once per rating, never shown to the customer', async () => {
    const b = await make();
    const ticket = await ticketOf(b, T.resolved);
    const rating = { scale: 'scale5' as const, rating: 4, comment: 'Quick and kind.\nThanks!', createdAt: '2024-04-10T12:00:00.000Z' };
    await b.deliverRating!(ctxFor(jane), ticket, rating);
    await b.deliverRating!(ctxFor(jane), ticket, rating);
    const notes = h.server.mock.store.commentsOf(T.resolved).filter((c) => c.metadata.csat);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ authorType: 'SYSTEM', internal: true, metadata: { isInternal: true, csat: { type: 'scale5', rating: 4, source: 'portal' } } });
    expect(notes[0]!.body).toContain('4/5');
    expect(notes[0]!.body).toContain('> Quick and kind.\n> Thanks!');
    expect(h.server.mock.store.tickets.get(T.resolved)!.status).toBe('resolved');
    const detail = await (await h.portal(`/portal/tickets/${T.resolved}`, await h.token())).text();
    expect(detail).not.toContain('Quick and kind');
    expect((await b.getTicketDetail(ctxFor(jane), T.resolved))!.messages.find((m) => m.body.includes('4/5'))?.visibility).toBe('internal');
  });
});

describe('upstream faults', () => {
  it('a short 500 burst on a read is retried and succeeds', async () => {
    const b = await make();
    h.server.mock.faults.failRoute({ method: 'GET', path: '/brands/:b/tickets/:t', status: 500, count: 2 });
    expect((await ticketOf(b, T.pending)).id).toBe(T.pending);
    expect(h.calls).toHaveLength(3);
  });

  it('a 429 becomes rate_limited with the Retry-After, and no upstream text', async () => {
    const b = await make();
    h.server.mock.faults.startRateLimitStorm({ requests: 5, retryAfterSeconds: 7 });
    const e = await rejection(b.getTicket(ctxFor(jane), T.pending));
    expect(e).toMatchObject({ kind: 'rate_limited', retryAfter: 7 });
    expect(e.message).not.toContain('Rate limit exceeded');
    expect(h.calls).toHaveLength(1);
  });

  it('an outage is unavailable, and a write is not repeated after a 5xx', async () => {
    const b = await make();
    h.server.mock.faults.setOutage(true, '503');
    expect((await rejection(b.getTicket(ctxFor(jane), T.pending))).kind).toBe('unavailable');
    h.server.mock.faults.setOutage(false);
    const ticket = await ticketOf(b, T.pending);
    h.calls.length = 0;
    h.server.mock.faults.failRoute({ method: 'POST', path: '/brands/:b/tickets/:t/comments', status: 502, count: 1 });
    expect((await rejection(b.addMessage(ctxFor(jane), ticket, { body: 'x', files: [] }))).kind).toBe('unavailable');
    expect(h.calls).toEqual([`POST /tickets/${T.pending}/comments`]);
  });
});

describe('parseWebhook', () => {
  const SECRET = 'whsec_demo_0123456789';
  const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  let n = 0;
  const delivery = (event: string, data: Record<string, unknown>, o: { secret?: string; at?: number; id?: string; brand?: string } = {}) => {
    const body = JSON.stringify({ id: o.id ?? `evt_${++n}`, event, brand_id: o.brand ?? SEED.brandId, data, timestamp: new Date(o.at ?? Date.now()).toISOString() });
    return { headers: new Headers({ 'x-dispatch-signature': sign(body, o.secret) }), rawBody: new TextEncoder().encode(body) };
  };
  const hooks = async () => {
    const b = await make({ webhookSecret: SECRET });
    return { b, parse: (d: ReturnType<typeof delivery>, state = ctxFor(jane).state) => b.parseWebhook!({ signal: new AbortController().signal, requestId: 'wh', state }, d) };
  };

  it('is offered only with a webhook secret', async () => {
    expect((await make()).parseWebhook).toBeUndefined();
    expect((await (await hooks()).b.capabilities(ctxFor(jane))).webhooks).toBe(true);
  });

  it('maps ticket events from the ticket itself (owner, mapped status), and drops hidden tickets and other brands', async () => {
    const { parse } = await hooks();
    const [e] = await parse(delivery('ticket.updated', { id: T.customStatus, ticketNumber: 1005, status: 'waiting_on_customer', changes: ['status'] }));
    expect(e).toMatchObject({ type: 'ticket.updated', ticket: { id: T.customStatus, customerId: jane.id, status: 'waiting_on_customer', number: 'ACME-1005' } });
    expect(await parse(delivery('ticket.created', { id: T.spam }))).toEqual([]);
    expect(await parse(delivery('ticket.created', { id: T.globex }, { brand: SEED.otherBrandId }))).toEqual([]);
  });

  it('classifies a new comment from the thread: a staff reply is public, an internal note is internal', async () => {
    const { parse } = await hooks();
    const reply = h.server.mock.store.addComment(T.pending, { body: 'We are on it.', authorName: 'Sam Rivera' });
    const note = h.server.mock.store.addComment(T.pending, { body: `secret ${SEED.internalCanary}`, metadata: { isInternal: true } });
    const [r] = await parse(delivery('ticket.comment.created', { ticketId: T.pending, ticketNumber: 'ACME-1002', comment: { id: reply.id, body: reply.body, authorType: 'AGENT' } }));
    expect(r).toMatchObject({ type: 'comment.created', ticketId: T.pending, customerId: jane.id, message: { id: reply.id, visibility: 'public', author: 'staff' } });
    const [i] = await parse(delivery('ticket.comment.created', { ticketId: T.pending, comment: { id: note.id, body: 'looks harmless', authorType: 'AGENT' } }));
    expect(i).toMatchObject({ type: 'comment.created', message: { id: note.id, visibility: 'internal' } });
    expect(await parse(delivery('ticket.comment.created', { ticketId: T.pending, comment: { id: 'cmt_not_there' } }))).toEqual([]);
  });

  it('refuses a missing or wrong signature, a stale or replayed delivery, and a malformed body', async () => {
    const { parse } = await hooks();
    const good = delivery('ticket.updated', { id: T.pending });
    expect((await rejection(parse({ ...good, headers: new Headers() }))).kind).toBe('unauthorized');
    expect((await rejection(parse(delivery('ticket.updated', { id: T.pending }, { secret: 'whsec_other' })))).kind).toBe('unauthorized');
    const tampered = { ...good, rawBody: new TextEncoder().encode(new TextDecoder().decode(good.rawBody).replace(T.pending, T.bob)) };
    expect((await rejection(parse(tampered))).kind).toBe('unauthorized');
    const state = ctxFor(jane).state;
    expect(await parse(good, state)).toHaveLength(1);
    expect(await rejection(parse(good, state))).toMatchObject({ kind: 'invalid', code: 'WEBHOOK_REPLAYED' });
    expect(await rejection(parse(delivery('ticket.updated', { id: T.pending }, { at: Date.now() - 3600_000 })))).toMatchObject({ kind: 'invalid', code: 'WEBHOOK_EXPIRED' });
    const junk = '{"not":"an envelope"}';
    expect((await rejection(parse({ headers: new Headers({ 'x-dispatch-signature': sign(junk) }), rawBody: new TextEncoder().encode(junk) }))).kind).toBe('invalid');
  });
});
