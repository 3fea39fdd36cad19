import { beforeAll, describe, expect, it } from 'vitest';
import { createClock, json, SEED, sdk, useMockServer, walkPages } from './helpers';

const clock = createClock();
const h = useMockServer({ now: clock.now });
let jane = '';
let bob = '';
let bulk = '';

beforeAll(async () => {
  jane = await h.token();
  bob = await h.token(SEED.customers.bob.email);
  bulk = await h.token(SEED.customers.bulk.email);
});

const list = (token: string, query = '') => sdk(h.base, `/portal/tickets${query}`, { token });

describe('list tickets', () => {
  it('defaults: 20 per page (Jane has 12), createdAt desc, list items in the SDK shape', async () => {
    const res = await list(jane);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.pagination).toEqual({ hasMore: false, nextCursor: null });
    expect(body.data).toHaveLength(SEED.janeTicketCount);
    const created = body.data.map((t: { createdAt: string }) => Date.parse(t.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(body.data.find((t: { id: string }) => t.id === SEED.tickets.richContent)).toEqual({
      id: SEED.tickets.richContent,
      ticketNumber: 'ACME-1001',
      title: 'Exported invoices CSV shows garbled characters',
      status: 'open',
      priority: 'high',
      commentCount: 4,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('has every system status plus a custom one, and never spam or merged-away tickets', async () => {
    const { data } = await json(await list(jane));
    const statuses = new Set(data.map((t: { status: string }) => t.status));
    expect([...statuses].sort()).toEqual(['closed', 'open', 'pending', 'resolved', 'waiting_on_customer']);
    const ids = data.map((t: { id: string }) => t.id);
    expect(ids).not.toContain(SEED.tickets.spam);
    expect(ids).not.toContain(SEED.tickets.merged);
    expect(ids).not.toContain(SEED.tickets.bob);
  });

  it('sorts by updatedAt asc/desc', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const { data } = await json(await list(jane, `?sort=updatedAt&order=${order}`));
      const times = data.map((t: { updatedAt: string }) => Date.parse(t.updatedAt));
      expect(times).toEqual([...times].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    }
  });

  it('filters by status (one key; custom keys too)', async () => {
    const open = await json(await list(jane, '?status=open'));
    expect(open.data.length).toBeGreaterThan(0);
    expect(open.data.every((t: { status: string }) => t.status === 'open')).toBe(true);
    const custom = await json(await list(jane, '?status=waiting_on_customer'));
    expect(custom.data.map((t: { id: string }) => t.id)).toEqual([SEED.tickets.customStatus]);
  });

  it.each([['0'], ['51'], ['abc'], ['-1'], ['2.5']])('refuses limit=%s with 400 and a field error', async (limit) => {
    const res = await list(jane, `?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'limit' }] });
  });

  it('accepts limit 1 and 50', async () => {
    expect((await json(await list(jane, '?limit=1'))).data).toHaveLength(1);
    expect((await json(await list(bulk, '?limit=50'))).data).toHaveLength(50);
  });

  it('refuses bad sort/order and foreign or garbage cursors', async () => {
    expect((await list(jane, '?sort=title')).status).toBe(400);
    expect((await list(jane, '?order=up')).status).toBe(400);
    expect((await list(jane, '?cursor=garbage')).status).toBe(400);
    const { pagination } = await json(await list(jane, '?limit=5'));
    const other = await list(jane, `?limit=5&status=open&cursor=${pagination.nextCursor}`);
    expect(other.status).toBe(400);
    expect(await json(other)).toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('walks every page exactly once, never hasMore with a null cursor (Jane, limit 5)', async () => {
    const { ids, pages } = await walkPages((cursor) => list(jane, `?limit=5${cursor ? `&cursor=${cursor}` : ''}`));
    expect(pages).toBe(3);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('walks all 2,000 tickets of the bulk customer exactly once', async () => {
    const { ids, pages } = await walkPages((cursor) => list(bulk, `?limit=50${cursor ? `&cursor=${cursor}` : ''}`));
    expect(pages).toBe(40);
    expect(ids).toHaveLength(SEED.bulkTicketCount);
    expect(new Set(ids).size).toBe(SEED.bulkTicketCount);
  });

  it('stays exact when tickets are updated mid-walk (sort=updatedAt) and new ones created', async () => {
    const before = (await json(await list(bulk, '?limit=1'))).data;
    expect(before).toHaveLength(1);
    const { ids } = await walkPages(
      (cursor) => list(bulk, `?limit=20&sort=updatedAt&order=desc${cursor ? `&cursor=${cursor}` : ''}`),
      async (page) => {
        clock.advance(1000);
        // Reply on a ticket from a later page (it jumps to the top of updatedAt desc)…
        // (Bulk ticket i is closed when i % 5 === 3: skip those, replies on closed tickets are refused.)
        const i = 2000 - page - ((2000 - page) % 5 === 3 ? 1 : 0);
        const target = `tkt_bulk_${String(i).padStart(4, '0')}`;
        const reply = await sdk(h.base, `/portal/tickets/${target}/comments`, { method: 'POST', token: bulk, body: { body: `bump ${page}` } });
        expect(reply.status).toBe(201);
        // …and create a brand-new ticket.
        if (page % 10 === 0) {
          expect((await sdk(h.base, '/portal/tickets', { method: 'POST', token: bulk, body: { title: `New ${page}` } })).status).toBe(201);
        }
      },
    );
    expect(ids).toHaveLength(SEED.bulkTicketCount);
    expect(new Set(ids).size).toBe(SEED.bulkTicketCount);
  });

  it('resumes from the keyset when the snapshot behind a cursor is gone (e.g. > 1 h later)', async () => {
    const first = await json(await list(jane, '?limit=5'));
    clock.advance(2 * 3600_000);
    try {
      const fresh = await h.token();
      const { ids } = await walkPages((cursor) => list(fresh, `?limit=5&cursor=${cursor ?? first.pagination.nextCursor}`));
      const all = [...first.data.map((t: { id: string }) => t.id), ...ids];
      expect(all).toHaveLength(12);
      expect(new Set(all).size).toBe(12);
    } finally {
      clock.advance(-2 * 3600_000);
    }
  });
});

describe('ticket detail', () => {
  it('returns the detail with brand and visible comments, oldest first', async () => {
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}`, { token: jane });
    expect(res.status).toBe(200);
    const t = await json(res);
    expect(t).toMatchObject({
      id: SEED.tickets.richContent,
      ticketNumber: 'ACME-1001',
      brand: { name: 'Acme Cloud', ticketPrefix: 'ACME' },
      commentCount: 4,
    });
    expect(t.body).toContain('Zoë Müller');
    expect(t.comments.map((c: { id: string }) => c.id)).toEqual(['cmt_jane_01_md', 'cmt_jane_01_html', 'cmt_jane_01_pdf', 'cmt_jane_01_plain']);
    const times = t.comments.map((c: { createdAt: string }) => Date.parse(c.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(t.comments[0]).toEqual({
      id: 'cmt_jane_01_md',
      body: expect.stringContaining('snake_case_identifiers'),
      authorType: 'STAFF',
      authorName: 'Sam Rivera',
      authorId: 'usr_sam_rivera',
      createdAt: expect.any(String),
    });
    expect(t.comments[0].body).toContain('attachment:att_staff_import_dialog');
    expect(t.comments[1]).toMatchObject({ authorType: 'CUSTOMER', authorName: 'Jane Cooper' });
    expect(t.comments[1].body).toMatch(/<table[\s\S]*<blockquote[\s\S]*<\/blockquote>/);
    expect(t.comments[1].body).toContain('<a href="https://docs.acme.example/billing/exports#encoding"');
    expect(t.comments[2].body).toContain('attachment:att_staff_invoice_pdf');
    expect(t.comments[3].body).toContain('\n');
  });

  it('never leaks internal notes (either flag), isTicketBody copies or SYSTEM comments', async () => {
    const text = await (await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}`, { token: jane })).text();
    expect(text).not.toContain('ENG-4821');
    expect(text).not.toContain('att_internal_debug_log');
    expect(text).not.toContain('Billing confirmed');
    expect(text).not.toContain('cmt_jane_01_body');
    expect(text).not.toContain('Ticket assigned to');
    expect(text).not.toContain('SYSTEM');
    const closed = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.closed}`, { token: jane }));
    expect(closed.comments.some((c: { authorType: string }) => c.authorType === 'SYSTEM')).toBe(false);
    expect(closed.commentCount).toBe(closed.comments.length);
  });

  it('keeps an empty body as an empty string and a nameless staff comment without authorName', async () => {
    const empty = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.noComments}`, { token: jane }));
    expect(empty).toMatchObject({ body: '', comments: [], commentCount: 0 });
    const unnamed = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.unnamedStaff}`, { token: jane }));
    expect(unnamed.comments[0].authorType).toBe('STAFF');
    expect(unnamed.comments[0]).not.toHaveProperty('authorName');
  });

  it('serves the 1,000-comment thread', async () => {
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.bulkThread}`, { token: bulk }));
    expect(t.comments).toHaveLength(SEED.bulkThreadCommentCount);
    expect(t.commentCount).toBe(SEED.bulkThreadCommentCount);
  });

  it('404 TICKET_NOT_FOUND for a foreign ticket, another brand, spam/merged and unknown ids', async () => {
    for (const [token, id] of [
      [jane, SEED.tickets.bob],
      [bob, SEED.tickets.richContent],
      [jane, SEED.tickets.globex],
      [jane, SEED.tickets.spam],
      [jane, SEED.tickets.merged],
      [jane, 'tkt_nope'],
    ] as const) {
      const res = await sdk(h.base, `/portal/tickets/${id}`, { token });
      expect(res.status, id).toBe(404);
      expect(await json(res)).toMatchObject({ code: 'TICKET_NOT_FOUND' });
    }
  });

  it('does not read /portal/tickets/attachments as a ticket id', async () => {
    const res = await sdk(h.base, '/portal/tickets/attachments/pending', { method: 'POST', token: jane, body: { filename: 'a.txt', contentType: 'text/plain', size: 3 } });
    expect(res.status).toBe(201);
  });
});

describe('create ticket', () => {
  it('creates an open/normal ticket with 201, commentCount 0, and shows it first', async () => {
    clock.advance(10);
    const res = await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: '  Printer on fire  ', body: 'Help!' } });
    expect(res.status).toBe(201);
    const t = await json(res);
    expect(t).toMatchObject({ title: 'Printer on fire', status: 'open', priority: 'normal', commentCount: 0 });
    expect(t.ticketNumber).toMatch(/^ACME-\d+$/);
    const detail = await json(await sdk(h.base, `/portal/tickets/${t.id}`, { token: jane }));
    expect(detail).toMatchObject({ body: 'Help!', comments: [] });
    const { data } = await json(await list(jane, '?limit=1'));
    expect(data[0].id).toBe(t.id);
  });

  it('accepts a missing body', async () => {
    const res = await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: 'Just a title' } });
    expect(res.status).toBe(201);
  });

  it.each([
    [{}, 'title', 'Title is required.'],
    [{ title: '   ' }, 'title', 'Title is required.'],
    [{ title: 'x'.repeat(201) }, 'title', 'Title must be at most 200 characters.'],
    [{ title: 'ok', body: 'x'.repeat(20_001) }, 'body', 'Body must be at most 20,000 characters.'],
    [{ title: 'ok', attachmentIds: 'att_1' }, 'attachmentIds', 'attachmentIds must be an array of attachment ids.'],
  ])('validates %j', async (body, field, message) => {
    const res = await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ message, code: 'VALIDATION_ERROR', errors: [{ field, message }] });
  });

  it('accepts exactly 200 title characters and 20,000 body characters', async () => {
    const res = await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: 't'.repeat(200), body: 'b'.repeat(20_000) } });
    expect(res.status).toBe(201);
  });

  it('answers invalid JSON with 400', async () => {
    const res = await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, rawBody: '{"title":' });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: 'INVALID_JSON' });
  });
});

describe('add comment', () => {
  it('adds a CUSTOMER comment (201), bumps updatedAt and commentCount', async () => {
    const before = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}`, { token: jane }));
    clock.advance(60_000);
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/comments`, { method: 'POST', token: jane, body: { body: 'Any news?\nThanks' } });
    expect(res.status).toBe(201);
    const c = await json(res);
    expect(c).toEqual({ id: expect.stringMatching(/^cmt_/), body: 'Any news?\nThanks', authorType: 'CUSTOMER', authorName: 'Jane Cooper', authorId: SEED.customers.jane.id, createdAt: new Date(clock.t).toISOString() });
    const after = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}`, { token: jane }));
    expect(after.commentCount).toBe(before.commentCount + 1);
    expect(after.updatedAt).toBe(new Date(clock.t).toISOString());
    expect(after.comments.at(-1).id).toBe(c.id);
    expect(after.status).toBe('pending');
  });

  it('uses the email as authorName when the customer has no name', async () => {
    const token = await h.token(SEED.customers.newcomer.email);
    const t = await json(await sdk(h.base, '/portal/tickets', { method: 'POST', token, body: { title: 'Hello' } }));
    const c = await json(await sdk(h.base, `/portal/tickets/${t.id}/comments`, { method: 'POST', token, body: { body: 'Hi' } }));
    expect(c.authorName).toBe(SEED.customers.newcomer.email);
  });

  it('reopens a resolved ticket', async () => {
    await sdk(h.base, `/portal/tickets/${SEED.tickets.resolved}/comments`, { method: 'POST', token: jane, body: { body: 'It broke again' } });
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.resolved}`, { token: jane }));
    expect(t.status).toBe('open');
  });

  it('refuses a reply on a closed ticket with a clear 400', async () => {
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.closed}/comments`, { method: 'POST', token: jane, body: { body: 'Hello?' } });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('TICKET_CLOSED');
    expect(body.message).toMatch(/closed/i);
  });

  it('requires a body, at most 20,000 characters', async () => {
    for (const body of [{}, { body: '  ' }, { body: 5 }]) {
      const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/comments`, { method: 'POST', token: jane, body });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ errors: [{ field: 'body', message: 'Reply body is required.' }] });
    }
    const long = await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/comments`, { method: 'POST', token: jane, body: { body: 'x'.repeat(20_001) } });
    expect(long.status).toBe(400);
  });

  it('404 on a foreign ticket', async () => {
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.bob}/comments`, { method: 'POST', token: jane, body: { body: 'hi' } });
    expect(res.status).toBe(404);
  });
});
