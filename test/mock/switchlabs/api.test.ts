import { afterEach, describe, expect, it } from 'vitest';
import { body, SWITCHLABS_SEED, useSwitchLabsServer } from './helpers';

const h = useSwitchLabsServer();
const seed = () => h.server.mock.seed;
const jordan = () => seed().customers.jordan;

afterEach(async () => {
  expect((await h.control('reset', {})).status).toBe(200);
});

const switches = async (patch: Record<string, string>) => expect((await h.control('switches', patch)).status).toBe(200);

describe('Switch Labs mock: auth and envelopes', () => {
  it('refuses a missing, unknown or revoked key with 401 UNAUTHORIZED in the error envelope', async () => {
    for (const key of [null, 'rk_live_nope']) {
      const res = await h.api('/tickets', { key });
      expect(res.status).toBe(401);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect(await body(res)).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String), details: {} } });
    }
    expect((await h.control('revoke-key', {})).status).toBe(200);
    expect((await h.api('/tickets')).status).toBe(401);
    await h.control('reset', {});
    expect((await h.api('/tickets')).status).toBe(200);
  });

  it('enforces scopes only when asked: 403 FORBIDDEN naming the scope', async () => {
    const key = SWITCHLABS_SEED.readOnlyApiKey;
    const create = { subject: 'x', customer_email: SWITCHLABS_SEED.customers.jordan.email };
    expect((await h.api('/tickets', { method: 'POST', body: create, key })).status).toBe(201);
    await switches({ scopes: 'enforce' });
    const res = await h.api('/tickets', { method: 'POST', body: create, key });
    expect(res.status).toBe(403);
    expect(await body(res)).toMatchObject({ error: { code: 'FORBIDDEN', details: { required_scope: 'tickets:write' } } });
    expect((await h.api('/tickets', { key })).status).toBe(200);
    expect((await h.api('/conversations', { key })).status).toBe(403);
    expect((await h.api('/conversations')).status).toBe(200);
  });

  it('wraps one record in { data } and lists in { data, meta: { limit, total, next_cursor } }', async () => {
    const one = await h.api(`/tickets/${seed().tickets.thread}`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(await body(one))).toEqual(['data']);
    const list = await body(await h.api(`/tickets?customer_id=${jordan()}&limit=3`));
    expect(list.meta).toEqual({ limit: 3, total: 8, next_cursor: expect.any(String) });
    expect(list.data).toHaveLength(3);
  });

  it('answers unknown paths and records with 404 NOT_FOUND, and the tRPC surface in its own envelope', async () => {
    for (const path of ['/tickets/nope', '/conversations/nope', '/customers/nope', '/articles/nope', '/users/nope', '/nothing-here']) {
      const res = await h.api(path);
      expect(res.status, path).toBe(404);
      expect((await body(res)).error.code).toBe('NOT_FOUND');
    }
    const trpc = await fetch(`${h.server.url}/api/trpc/tickets.list`);
    expect(trpc.status).toBe(404);
    expect((await body(trpc)).error.json.data.code).toBe('NOT_FOUND');
  });
});

describe('S1 GET /tickets', () => {
  it('filters by customer, one status, search; an unknown customer is an empty page', async () => {
    const all = await body(await h.api(`/tickets?customer_id=${jordan()}&limit=100`));
    expect(all.data.map((t: { id: string }) => t.id)).not.toContain(seed().tickets.other);
    expect(all.data.every((t: { customer: { id: string } }) => t.customer.id === jordan())).toBe(true);
    const statuses = new Set(all.data.map((t: { status: string }) => t.status));
    expect([...statuses].sort()).toEqual(['closed', 'in_progress', 'new', 'open', 'pending', 'resolved']);

    const pending = await body(await h.api(`/tickets?customer_id=${jordan()}&status=pending`));
    expect(pending.data.map((t: { id: string }) => t.id)).toEqual([seed().tickets.tieC]);
    const search = await body(await h.api(`/tickets?customer_id=${jordan()}&search=vat%20NUMBER`));
    expect(search.data.map((t: { id: string }) => t.id)).toEqual([seed().tickets.thread]);
    const none = await body(await h.api('/tickets?customer_id=nobody&unknown_param=1'));
    expect(none).toEqual({ data: [], meta: { limit: 50, total: 0, next_cursor: null } });
  });

  it('refuses bad filters with 400 BAD_REQUEST and details.fields', async () => {
    for (const [query, field] of [
      ['status=open,pending', 'status'],
      ['order_by=subject', 'order_by'],
      ['order_dir=up', 'order_dir'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=yesterday', 'cursor'],
      ['unassigned=yes', 'unassigned'],
    ]) {
      const res = await h.api(`/tickets?${query}`);
      expect(res.status, query).toBe(400);
      expect(await body(res)).toMatchObject({ error: { code: 'BAD_REQUEST', details: { fields: { [field as string]: expect.any(String) } } } });
    }
  });

  it('limit: default 50, over 100 clamped, or 400 with limit_over_max=400', async () => {
    expect((await body(await h.api('/tickets'))).meta.limit).toBe(50);
    expect((await body(await h.api('/tickets?limit=250'))).meta.limit).toBe(100);
    await switches({ limit_over_max: '400' });
    expect((await h.api('/tickets?limit=101')).status).toBe(400);
    expect((await h.api('/tickets?limit=100')).status).toBe(200);
  });

  it('sorts by created_at desc by default, asc on request, and by priority', async () => {
    const desc = (await body(await h.api(`/tickets?customer_id=${jordan()}&limit=100`))).data as { created_at: string }[];
    const times = desc.map((t) => Date.parse(t.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const asc = (await body(await h.api(`/tickets?customer_id=${jordan()}&limit=100&order_dir=asc`))).data as { id: string }[];
    expect(asc[0]?.id).toBe(seed().tickets.closed);
    const prio = (await body(await h.api(`/tickets?customer_id=${jordan()}&limit=100&order_by=priority&order_dir=asc`))).data as { id: string }[];
    expect(prio[0]?.id).toBe(seed().tickets.thread);
  });
});

describe('S2–S4 ticket detail, create, update', () => {
  it('S2 returns the detail with description and custom fields; model-only fields only when switched on', async () => {
    const t = (await body(await h.api(`/tickets/${seed().tickets.thread}`))).data;
    expect(t).toMatchObject({ id: seed().tickets.thread, subject: 'Invoice shows the wrong VAT number', status: 'open', description: expect.stringContaining('GB123456789') });
    expect(t.custom_fields).toEqual({ risk: SWITCHLABS_SEED.secrets.customField });
    expect(t.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(t).not.toHaveProperty('ai_summary');
    expect(t).not.toHaveProperty('number');
    await switches({ include_model_fields: 'on' });
    const m = (await body(await h.api(`/tickets/${seed().tickets.thread}`))).data;
    expect(m).toMatchObject({ ai_summary: SWITCHLABS_SEED.secrets.aiSummary, cc_emails: [SWITCHLABS_SEED.secrets.ccEmail], number: expect.any(Number), customer_id: jordan() });
  });

  it('S3 creates with 201, initial status per switch, and validates', async () => {
    const email = SWITCHLABS_SEED.customers.jordan.email.toUpperCase();
    const res = await h.api('/tickets', { method: 'POST', body: { subject: 'Printer on fire', description: 'Smoke.', customer_email: email } });
    expect(res.status).toBe(201);
    const t = (await body(res)).data;
    expect(t).toMatchObject({ subject: 'Printer on fire', status: 'new', description: 'Smoke.', customer: { id: jordan() } });
    await switches({ initial_status: 'open' });
    expect((await body(await h.api('/tickets', { method: 'POST', body: { subject: 'b', customer_email: email } }))).data.status).toBe('open');

    for (const [b, field] of [
      [{ customer_email: email }, 'subject'],
      [{ subject: 'x'.repeat(501), customer_email: email }, 'subject'],
      [{ subject: 'x' }, 'customer_email'],
      [{ subject: 'x', customer_email: 'not-an-email' }, 'customer_email'],
      [{ subject: 'x', customer_email: email, priority: 'asap' }, 'priority'],
      [{ subject: 'x', customer_email: email, tags: 'vip' }, 'tags'],
      [{ subject: 'x', customer_email: SWITCHLABS_SEED.customers.blocked.email }, 'customer_email'],
    ] as const) {
      const bad = await h.api('/tickets', { method: 'POST', body: b });
      expect(bad.status, JSON.stringify(b)).toBe(400);
      expect((await body(bad)).error.details.fields).toHaveProperty(field);
    }
    expect((await h.api('/tickets', { method: 'POST', raw: '{not json' })).status).toBe(400);
  });

  it('S3 with an unknown email creates the customer, or refuses it with create_ticket_unknown_email=400', async () => {
    const res = await h.api('/tickets', { method: 'POST', body: { subject: 'Hi', customer_email: 'fresh@example.org' } });
    expect(res.status).toBe(201);
    expect((await body(await h.api('/customers?email=fresh@example.org'))).data).toHaveLength(1);
    await switches({ create_ticket_unknown_email: '400' });
    const refused = await h.api('/tickets', { method: 'POST', body: { subject: 'Hi', customer_email: 'other@example.org' } });
    expect(refused.status).toBe(400);
    expect((await body(await h.api('/customers?email=other@example.org'))).data).toHaveLength(0);
  });

  it('S4 changes the status (200 with the ticket) and refuses an unknown one', async () => {
    const res = await h.api(`/tickets/${seed().tickets.tieA}`, { method: 'PATCH', body: { status: 'resolved' } });
    expect(res.status).toBe(200);
    expect((await body(res)).data.status).toBe('resolved');
    await switches({ include_model_fields: 'on' });
    expect((await body(await h.api(`/tickets/${seed().tickets.tieA}`))).data.resolved_at).toEqual(expect.any(String));
    const bad = await h.api(`/tickets/${seed().tickets.tieA}`, { method: 'PATCH', body: { status: 'done' } });
    expect(bad.status).toBe(400);
    expect((await h.api('/tickets/nope', { method: 'PATCH', body: { status: 'open' } })).status).toBe(404);
  });
});

describe('S5–S7 conversations', () => {
  const thread = async (query = '') => (await body(await h.api(`/conversations?ticket_id=${seed().tickets.thread}&limit=100${query}`))).data as Record<string, unknown>[];

  it('lists a ticket thread oldest first, with every kind, the tied pair, and soft-deleted rows marked', async () => {
    const rows = await thread();
    const c = seed().conversations;
    expect(rows.map((r) => r.id)).toEqual([c.customerComment, c.staffReply, c.note, c.system, ...[c.customerEmail, c.staffSms].sort(), c.internalReply, c.deletedReply]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(c.customerEmail)?.created_at).toBe(byId.get(c.staffSms)?.created_at);
    expect(byId.get(c.note)).toMatchObject({ type: 'note', internal: true });
    expect(byId.get(c.system)).toMatchObject({ type: 'system', internal: false });
    expect(byId.get(c.deletedReply)?.deleted_at).toEqual(expect.any(String));
    expect(byId.get(c.staffReply)).toMatchObject({ type: 'reply', internal: false, content_text: expect.any(String), author: { name: 'Priya Shah' } });
    // REST's type names: reply/note/system only.
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['reply', 'note', 'system']));
  });

  it('honours internal=false, or ignores it with internal_filter=ignored', async () => {
    const visible = await thread('&internal=false');
    expect(visible.every((r) => r.internal === false)).toBe(true);
    expect(visible.map((r) => r.id)).not.toContain(seed().conversations.note);
    await switches({ internal_filter: 'ignored' });
    expect((await thread('&internal=false')).map((r) => r.id)).toContain(seed().conversations.note);
  });

  it('names types per conversation_types and filters by the wire name', async () => {
    await switches({ conversation_types: 'model' });
    expect(new Set((await thread()).map((r) => r.type))).toEqual(new Set(['comment', 'note', 'email', 'sms']));
    await switches({ conversation_types: 'mixed' });
    expect(new Set((await thread()).map((r) => r.type))).toEqual(new Set(['comment', 'reply', 'note', 'system', 'email', 'sms']));
    expect((await thread('&type=sms')).map((r) => r.id)).toEqual([seed().conversations.staffSms]);
  });

  it('encodes bodies per rich_text: string, TipTap only, or TipTap + text + HTML', async () => {
    const pick = async () => (await thread()).find((r) => r.id === seed().conversations.staffReply) as Record<string, unknown>;
    expect(Object.keys(await pick())).toEqual(expect.arrayContaining(['content_text']));
    await switches({ rich_text: 'tiptap' });
    const tiptap = await pick();
    expect(tiptap).not.toHaveProperty('content_text');
    expect(tiptap.content).toMatchObject({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: expect.stringContaining('Thanks Jordan') }] }] });
    await switches({ rich_text: 'both' });
    expect(await pick()).toMatchObject({ content: { type: 'doc' }, content_text: expect.stringContaining('Thanks'), content_html: expect.stringMatching(/^<p>Thanks/) });
    const ticket = (await body(await h.api(`/tickets/${seed().tickets.thread}`))).data;
    expect(ticket).toMatchObject({ description: { type: 'doc' }, description_html: expect.stringContaining('<br>') });
  });

  it('S6 posts as the API key user by default and records the email the CRM would send', async () => {
    const res = await h.api('/conversations', { method: 'POST', body: { ticket_id: seed().tickets.tieC, content: 'Here is the address.', type: 'reply', internal: false } });
    expect(res.status).toBe(201);
    const created = (await body(res)).data;
    expect(created).toMatchObject({ ticket_id: seed().tickets.tieC, type: 'reply', internal: false, content_text: 'Here is the address.', author: { name: SWITCHLABS_SEED.keyUser.name } });
    const log = (await body(await h.control('outbound-notifications'))).data;
    expect(log).toEqual([
      expect.objectContaining({ to: SWITCHLABS_SEED.customers.jordan.email, conversation_id: created.id, ticket_id: seed().tickets.tieC, text: 'Here is the address.', author: expect.objectContaining({ kind: 'user' }) }),
    ]);
    // No automatic status change by default.
    expect((await body(await h.api(`/tickets/${seed().tickets.tieC}`))).data.status).toBe('pending');
    expect((await body(await h.api(`/conversations/${created.id}`))).data.id).toBe(created.id);
  });

  it('S6 with reply_author=customer attributes to the customer (no email); internal notes never email', async () => {
    await switches({ reply_author: 'customer', auto_reopen_on_reply: 'on' });
    const res = await h.api('/conversations', { method: 'POST', body: { ticket_id: seed().tickets.tieC, content: 'From me', type: 'reply', internal: false } });
    expect((await body(res)).data.author).toMatchObject({ email: SWITCHLABS_SEED.customers.jordan.email });
    expect((await body(await h.api(`/tickets/${seed().tickets.tieC}`))).data.status).toBe('open');
    await switches({ reply_author: 'api_key_user' });
    await h.api('/conversations', { method: 'POST', body: { ticket_id: seed().tickets.tieB, content: 'Note', type: 'note', internal: true } });
    expect((await body(await h.control('outbound-notifications'))).data).toEqual([]);
  });

  it('S6 validates ticket, content, type and internal', async () => {
    for (const [b, field] of [
      [{ content: 'x' }, 'ticket_id'],
      [{ ticket_id: 'nope', content: 'x' }, 'ticket_id'],
      [{ ticket_id: seed().tickets.tieA }, 'content'],
      [{ ticket_id: seed().tickets.tieA, content: 'x', type: 'system' }, 'type'],
      [{ ticket_id: seed().tickets.tieA, content: 'x', internal: 'no' }, 'internal'],
    ] as const) {
      const res = await h.api('/conversations', { method: 'POST', body: b });
      expect(res.status, JSON.stringify(b)).toBe(400);
      expect((await body(res)).error.details.fields).toHaveProperty(field);
    }
  });
});

describe('S8–S14 customers, articles, tags, users', () => {
  it('S8 matches email case-insensitively, or exactly with email_match=exact; search covers name and email', async () => {
    const upper = '/customers?email=CASEY.MIXED@example.com';
    expect((await body(await h.api(upper))).data).toHaveLength(1);
    await switches({ email_match: 'exact' });
    expect((await body(await h.api(upper))).data).toHaveLength(0);
    expect((await body(await h.api(`/customers?email=${encodeURIComponent(SWITCHLABS_SEED.customers.mixedCase.email)}`))).data).toHaveLength(1);
    const found = (await body(await h.api('/customers?search=jordan%20lee'))).data as { email: string }[];
    expect(found.map((c) => c.email).sort()).toEqual([SWITCHLABS_SEED.customers.jordan.email, SWITCHLABS_SEED.customers.jordanB.email]);
  });

  it('S8 shows a blocked customer as blocked; model fields (notes, user_id) only when switched on', async () => {
    const [blocked] = (await body(await h.api(`/customers?email=${SWITCHLABS_SEED.customers.blocked.email}`))).data;
    expect(blocked).toMatchObject({ status: 'blocked', email: SWITCHLABS_SEED.customers.blocked.email });
    const [a] = (await body(await h.api(`/customers?email=${SWITCHLABS_SEED.customers.jordan.email}`))).data;
    expect(a).toMatchObject({ id: jordan(), ticket_count: 8 });
    expect(a).not.toHaveProperty('notes');
    await switches({ include_model_fields: 'on' });
    expect((await body(await h.api(`/customers/${jordan()}`))).data).toMatchObject({ notes: SWITCHLABS_SEED.secrets.customerNote, user_id: expect.any(String) });
  });

  it('S9 creates (201) and answers a duplicate per duplicate_customer', async () => {
    const created = await h.api('/customers', { method: 'POST', body: { email: 'new.person@example.com', name: 'New Person' } });
    expect(created.status).toBe(201);
    expect((await body(created)).data).toMatchObject({ email: 'new.person@example.com', name: 'New Person', status: 'active' });
    const dup = { email: 'NEW.person@example.com' };
    const r400 = await h.api('/customers', { method: 'POST', body: dup });
    expect(r400.status).toBe(400);
    expect((await body(r400)).error.details.fields.email).toEqual(expect.any(String));
    await switches({ duplicate_customer: '409' });
    expect((await h.api('/customers', { method: 'POST', body: dup })).status).toBe(409);
    await switches({ duplicate_customer: 'return_existing' });
    const existing = await h.api('/customers', { method: 'POST', body: dup });
    expect(existing.status).toBe(200);
    expect((await body(existing)).data.email).toBe('new.person@example.com');
    expect((await h.api('/customers', { method: 'POST', body: { name: 'no email' } })).status).toBe(400);
  });

  it('S11 filters by status (draft/review/archived present upstream), searches content, and ignores the filter when told to', async () => {
    const all = (await body(await h.api('/articles?search=invoice'))).data as { status: string }[];
    expect(new Set(all.map((a) => a.status))).toEqual(new Set(['published', 'draft', 'review', 'archived']));
    const published = await body(await h.api('/articles?search=invoice&status=published&limit=10'));
    expect(published.data.map((a: { id: string }) => a.id).sort()).toEqual([seed().articles.vat, seed().articles.deleted].sort());
    expect(published.data.find((a: { id: string }) => a.id === seed().articles.deleted).deleted_at).toEqual(expect.any(String));
    expect(published.meta).toEqual({ limit: 10, total: 2 });
    await switches({ internal_filter: 'ignored' });
    expect((await body(await h.api('/articles?search=invoice&status=published'))).data.length).toBe(all.length);
    expect((await body(await h.api(`/articles/${seed().articles.draft}`))).data.status).toBe('draft');
  });

  it('S13 lists tags and S14 returns an agent profile', async () => {
    const tags = (await body(await h.api('/tags'))).data as { name: string; color: string }[];
    expect(tags.map((t) => t.name)).toContain('billing');
    expect(tags[0]?.color).toMatch(/^#[0-9a-f]{6}$/);
    const user = (await body(await h.api(`/users/${seed().users.priya}`))).data;
    expect(user).toEqual({ id: seed().users.priya, name: 'Priya Shah', email: SWITCHLABS_SEED.agents.priya.email, avatar_url: null });
  });

  it('ids are UUIDs by default and prefixed after a reset with id_style=prefixed', async () => {
    expect(jordan()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    await h.control('reset', { switches: { id_style: 'prefixed' } });
    expect(seed().tickets.thread).toBe('tkt_thread');
    expect((await body(await h.api('/tickets/tkt_thread'))).data.customer.id).toBe('cust_jordan');
    const created = (await body(await h.api('/customers', { method: 'POST', body: { email: 'p@example.com' } }))).data;
    expect(created.id).toMatch(/^cust_[0-9a-f]{16}$/);
  });
});
