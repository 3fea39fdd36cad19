import { beforeEach, describe, expect, it } from 'vitest';
import { createClock, json, SEED, sdk, useMockServer } from './helpers';

/** The admin API a portal gateway runs on: brand configuration, tickets on behalf of customers, comments, lifecycle, files. */

const clock = createClock();
const h = useMockServer({ now: clock.now, seedTime: clock.t });
const B = `/brands/${SEED.brandId}`;
let jane = '';

beforeEach(async () => {
  await h.control('reset', {});
  // Some tests move the clock on by days: a fresh token each time.
  jane = await h.token();
});

const post = (path: string, body: unknown, headers?: Record<string, string>) => h.admin(path, { method: 'POST', body, ...(headers ? { headers } : {}) });
const portalDetail = async (id: string, token = jane) => json(await sdk(h.base, `/portal/tickets/${id}`, { token }));

describe('brand configuration', () => {
  it('lists the four system statuses and the custom ones, with colours, in sort order', async () => {
    const statuses = await json(await h.admin(`${B}/statuses`));
    expect(statuses.map((s: { key: string }) => s.key)).toEqual(['open', 'pending', 'resolved', 'closed', 'waiting_on_customer', 'on_hold']);
    expect(statuses[0]).toEqual({
      id: 'sts_demo_open',
      brandId: SEED.brandId,
      name: 'Open',
      key: 'open',
      color: '#3b82f6',
      description: expect.any(String),
      isSystem: true,
      isActive: true,
      sortOrder: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(statuses[4]).toMatchObject({ name: 'Waiting on you', isSystem: false, isActive: true, color: '#8b5cf6' });
    expect(statuses[5]).toMatchObject({ key: 'on_hold', isActive: false });
    const globex = await json(await h.admin(`/brands/${SEED.otherBrandId}/statuses`, { apiKey: SEED.otherApiKey }));
    expect(globex.map((s: { key: string }) => s.key)).toEqual(['open', 'pending', 'resolved', 'closed']);
    expect((await h.admin(`/brands/${SEED.otherBrandId}/statuses`)).status).toBe(403);
  });

  it('lists categories in sort order', async () => {
    const categories = await json(await h.admin(`${B}/categories`));
    expect(categories.map((c: { id: string }) => c.id)).toEqual(Object.values(SEED.categories));
    expect(categories[0]).toMatchObject({ id: SEED.categories.billing, name: 'Billing', color: '#ef4444', description: expect.any(String), sortOrder: 0 });
    expect(categories[3].color).toBeNull();
  });

  it('groups field definitions by entity, with showOnCreate/showInTable/showInDetail by default', async () => {
    const all = await json(await h.admin(`${B}/fields`));
    expect(Object.keys(all)).toEqual(['ticket', 'customer', 'company']);
    const types = new Set(all.ticket.map((f: { type: string }) => f.type));
    expect(types).toEqual(new Set(['text', 'number', 'boolean', 'date', 'select', 'multiselect', 'url', 'object', 'array']));
    const plan = all.ticket.find((f: { key: string }) => f.key === SEED.fields.plan);
    expect(plan).toMatchObject({ label: 'Plan', type: 'select', options: ['Starter', 'Pro', 'Enterprise'], showOnCreate: true, showInDetail: true, required: false });
    expect(plan).not.toHaveProperty('visible');
    const risk = all.ticket.find((f: { key: string }) => f.key === SEED.fields.riskScore);
    expect(risk).toMatchObject({ showOnCreate: false, showInDetail: false, showInTable: true });
    expect(await json(await h.admin(`${B}/fields/ticket`))).toEqual(all.ticket);
    expect(await json(await h.admin(`${B}/fields/contact`))).toEqual(all.customer);
    expect((await h.admin(`${B}/fields/constructor`)).status).toBe(404);
  });

  it('sends the older single `visible` flag when switched to it', async () => {
    await h.control('variants', { fieldVisibility: 'visible' });
    const fields = await json(await h.admin(`${B}/fields/ticket`));
    const byKey = Object.fromEntries(fields.map((f: { key: string }) => [f.key, f]));
    expect(byKey[SEED.fields.plan]).toMatchObject({ visible: true });
    expect(byKey[SEED.fields.plan]).not.toHaveProperty('showOnCreate');
    expect(byKey[SEED.fields.accountManager].visible).toBe(true);
    expect(byKey[SEED.fields.riskScore].visible).toBe(false);
  });

  describe('custom field definitions, as staff edit them in settings', () => {
    const fields = async () => (await json(await h.admin(`${B}/fields/ticket`))) as { key: string; required: boolean }[];

    it('creates a definition (shown everywhere, last, unless told otherwise), then lists it; a taken key is 409', async () => {
      const res = await post(`${B}/fields/ticket`, { key: 'account_ref', label: '  Account reference ', type: 'text', required: true, placeholder: 'ACC-123' });
      expect(res.status).toBe(201);
      const created = await json(res);
      expect(created).toMatchObject({
        key: 'account_ref',
        label: 'Account reference',
        type: 'text',
        required: true,
        placeholder: 'ACC-123',
        description: null,
        options: null,
        showOnCreate: true,
        showInTable: true,
        showInDetail: true,
        source: null,
        createdAt: expect.any(String),
      });
      const list = await fields();
      expect(list.at(-1)).toEqual(created);
      expect(created.sortOrder).toBeGreaterThan(Math.max(...list.slice(0, -1).map((f) => (f as unknown as { sortOrder: number }).sortOrder)));
      const again = await post(`${B}/fields/ticket`, { key: 'account_ref', label: 'Other', type: 'number' });
      expect(again.status).toBe(409);
      expect(await json(again)).toMatchObject({ code: 'FIELD_EXISTS' });
      // The older `visible` flag stands for the newer ones.
      expect(await json(await post(`${B}/fields/contact`, { key: 'vip', label: 'VIP', type: 'boolean', visible: false }))).toMatchObject({
        showOnCreate: false,
        showInTable: false,
        showInDetail: false,
      });
      expect((await json(await h.admin(`${B}/fields/customer`))).map((f: { key: string }) => f.key)).toContain('vip');
    });

    it('refuses a bad definition with an error per setting, and adds nothing', async () => {
      const before = await fields();
      const res = await post(`${B}/fields/ticket`, { key: 'Bad Key', type: 'colour', required: 'yes', options: ['a', 'a'], sortOrder: 1.5 });
      expect(res.status).toBe(400);
      expect((await json(res)).errors.map((e: { field: string }) => e.field).sort()).toEqual(['key', 'label', 'options', 'required', 'sortOrder', 'type']);
      const noOptions = await post(`${B}/fields/ticket`, { key: 'tier', label: 'Tier', type: 'select' });
      expect((await json(noOptions)).errors).toEqual([{ field: 'options', message: 'A select field needs options.' }]);
      const badDefault = await post(`${B}/fields/ticket`, { key: 'tier', label: 'Tier', type: 'select', options: ['Gold'], defaultValue: 'Silver' });
      expect((await json(badDefault)).errors.map((e: { field: string }) => e.field)).toEqual(['defaultValue']);
      expect(await fields()).toEqual(before);
    });

    it('changes only what the body names (marking a field required), keeps the key, and deletes', async () => {
      const path = `${B}/fields/ticket/${SEED.fields.orderId}`;
      const original = (await fields()).find((f) => f.key === SEED.fields.orderId);
      const res = await h.admin(path, { method: 'PATCH', body: { required: true, description: 'From your invoice.' } });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ ...original, required: true, description: 'From your invoice.' });
      expect((await fields()).find((f) => f.key === SEED.fields.orderId)).toMatchObject({ required: true });
      // Null clears a text setting; the key can't change; a select needs options.
      expect(await json(await h.admin(path, { method: 'PATCH', body: { description: null } }))).toMatchObject({ description: null, required: true });
      const renamed = await h.admin(path, { method: 'PATCH', body: { key: 'order_no' } });
      expect((await json(renamed)).errors.map((e: { field: string }) => e.field)).toEqual(['key']);
      expect((await h.admin(path, { method: 'PATCH', body: { type: 'select' } })).status).toBe(400);
      expect((await h.admin(`${B}/fields/ticket/nope`, { method: 'PATCH', body: { required: true } })).status).toBe(404);

      const deleted = await h.admin(path, { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect((await fields()).map((f) => f.key)).not.toContain(SEED.fields.orderId);
      expect((await h.admin(path, { method: 'DELETE' })).status).toBe(404);
    });

    it('needs the API key of a brand it covers; a reset brings the seed definitions back', async () => {
      expect((await h.admin(`/brands/${SEED.otherBrandId}/fields/ticket`, { method: 'POST', body: { key: 'x', label: 'X', type: 'text' } })).status).toBe(403);
      await h.admin(`${B}/fields/ticket/${SEED.fields.plan}`, { method: 'PATCH', body: { required: true } });
      await h.control('reset', {});
      expect((await fields()).find((f) => f.key === SEED.fields.plan)).toMatchObject({ required: false });
    });

    it('a required field is not enforced on admin creates (the vendor’s admin UI checks it), but its type is', async () => {
      await h.admin(`${B}/fields/ticket/${SEED.fields.orderId}`, { method: 'PATCH', body: { required: true } });
      const ok = await post(`${B}/tickets`, { title: 'No order number', customerEmail: SEED.customers.jane.email });
      expect(ok.status).toBe(201);
      const bad = await post(`${B}/tickets`, { title: 'Wrong type', customerEmail: SEED.customers.jane.email, customFields: { [SEED.fields.orderId]: 42 } });
      expect((await json(bad)).errors.map((e: { field: string }) => e.field)).toEqual([`customFields.${SEED.fields.orderId}`]);
    });
  });

  it('carries and updates the brand CSAT settings', async () => {
    expect(await json(await h.admin(B))).toMatchObject({ csatEnabled: true, csatType: 'scale5', csatDelayMinutes: 60 });
    const patched = await h.admin(B, { method: 'PATCH', body: { csatType: 'thumbs', csatEnabled: false } });
    expect(await json(patched)).toMatchObject({ csatEnabled: false, csatType: 'thumbs' });
    const bad = await h.admin(B, { method: 'PATCH', body: { csatType: 'stars', csatEnabled: 'yes', csatDelayMinutes: -5 } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors.map((e: { field: string }) => e.field)).toEqual(['csatEnabled', 'csatType', 'csatDelayMinutes']);
  });
});

describe('tickets on behalf of a customer', () => {
  it('creates one by customer email (creating the customer) with priority, category and custom fields', async () => {
    const res = await post(`${B}/tickets`, {
      title: '  Export is slow  ',
      body: 'Takes ten minutes.',
      priority: 'high',
      categoryId: SEED.categories.technical,
      customFields: { plan: 'Enterprise', affected_users: 40, is_production: true, incident_date: '2024-04-09', browsers: ['Safari'], status_page: 'https://x.example/a', free_form: { any: 'json' } },
      customerEmail: 'New.Person@Example.com',
      customerName: 'New Person',
      source: 'web',
    });
    expect(res.status).toBe(201);
    const t = await json(res);
    expect(t).toMatchObject({
      title: 'Export is slow',
      body: 'Takes ten minutes.',
      status: 'open',
      statusRef: { key: 'open', name: 'Open', color: '#3b82f6' },
      priority: 'high',
      categoryId: SEED.categories.technical,
      category: { name: 'Technical problem' },
      customFields: { plan: 'Enterprise', affected_users: 40, free_form: { any: 'json' } },
      customer: { email: 'new.person@example.com', name: 'New Person' },
      source: 'web',
      ticketNumber: 4001,
      publicId: 'ACME-4001',
    });
    // The new customer sees it through the portal; the "Original Request" copy stays hidden.
    const token = await h.token('new.person@example.com');
    const detail = await portalDetail(t.id, token);
    expect(detail).toMatchObject({ title: 'Export is slow', body: 'Takes ten minutes.', comments: [] });
    const thread = await json(await h.admin(`${B}/tickets/${t.id}/comments`));
    expect(thread).toEqual([expect.objectContaining({ authorType: 'CUSTOMER', metadata: { isTicketBody: true } })]);
  });

  it('creates one by customer id, and refuses bad input field by field without creating anything', async () => {
    const ok = await post(`${B}/tickets`, { title: 'By id', customerId: SEED.customers.jane.id });
    expect(await json(ok)).toMatchObject({ customerId: SEED.customers.jane.id, priority: 'normal', categoryId: null, customFields: {} });
    const before = (await json(await h.admin(`${B}/tickets?limit=100&customerId=${SEED.customers.jane.id}`))).data.length;
    const bad = await post(`${B}/tickets`, {
      title: '',
      priority: 'extreme',
      status: 'on_hold',
      categoryId: 'cat_nope',
      customFields: { plan: 'Gold', affected_users: 'many', is_production: 'yes', incident_date: 'yesterday', browsers: ['Lynx'], status_page: 'javascript:alert(1)' },
      customerId: SEED.customers.janeAtGlobex.id,
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors.map((e: { field: string }) => e.field)).toEqual([
      'title',
      'priority',
      'status',
      'categoryId',
      'customFields.plan',
      'customFields.affected_users',
      'customFields.is_production',
      'customFields.incident_date',
      'customFields.browsers',
      'customFields.status_page',
      'customerId',
    ]);
    expect((await json(await post(`${B}/tickets`, { title: 'Nobody' }))).errors[0].field).toBe('customerId');
    expect((await json(await h.admin(`${B}/tickets?limit=100&customerId=${SEED.customers.jane.id}`))).data).toHaveLength(before);
  });

  it('replays a create by idempotency key, also after the response was lost', async () => {
    await h.control('drop', { method: 'POST', path: '/brands/:b/tickets' });
    const body = { title: 'Lost response', customerId: SEED.customers.bob.id };
    await expect(post(`${B}/tickets`, body, { 'X-Idempotency-Key': 'k-1' })).rejects.toThrow();
    const retry = await post(`${B}/tickets`, body, { 'X-Idempotency-Key': 'k-1' });
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    const bob = await json(await h.admin(`${B}/tickets?customerId=${SEED.customers.bob.id}&limit=100`));
    expect(bob.data.filter((t: { title: string }) => t.title === 'Lost response')).toHaveLength(1);
    expect((await post(`${B}/tickets`, { ...body, title: 'Other' }, { 'X-Idempotency-Key': 'k-1' })).status).toBe(409);
  });

  it('searches title, body and number (accents ignored, every word), with several statuses or `active`', async () => {
    const search = async (q: string) =>
      (await json(await h.admin(`${B}/tickets?customerId=${SEED.customers.jane.id}&limit=100&${q}`))).data.map((t: { id: string }) => t.id);
    expect(await search('search=GARBLED%20csv')).toEqual([SEED.tickets.richContent]);
    expect(await search('search=zoe%20muller')).toEqual([SEED.tickets.richContent]);
    expect(await search('search=ACME-1002')).toEqual([SEED.tickets.pending]);
    expect(await search(`search=${SEED.internalCanary}`)).toEqual([]);
    const active = await json(await h.admin(`${B}/tickets?customerId=${SEED.customers.jane.id}&limit=100&status=active`));
    expect(new Set(active.data.map((t: { status: string }) => t.status))).toEqual(new Set(['open', 'pending', 'waiting_on_customer']));
    const closedOnes = await search('status=resolved,closed');
    expect(closedOnes).toContain(SEED.tickets.resolved);
    expect(closedOnes).toContain(SEED.tickets.closed);
  });

  it('with adminSearch "comments", search also matches every comment, internal notes included', async () => {
    await h.control('variants', { adminSearch: 'comments' });
    const hits = await json(await h.admin(`${B}/tickets?limit=100&search=${SEED.internalCanary}`));
    expect(hits.data.map((t: { id: string }) => t.id).sort()).toEqual([SEED.tickets.bob, SEED.tickets.pending, SEED.tickets.customStatus].sort());
  });

  it('soft-deletes a ticket: gone from the portal and admin lookups', async () => {
    const del = await h.admin(`${B}/tickets/${SEED.tickets.noComments}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await h.admin(`${B}/tickets/${SEED.tickets.noComments}`)).status).toBe(404);
    expect((await sdk(h.base, `/portal/tickets/${SEED.tickets.noComments}`, { token: jane })).status).toBe(404);
  });
});

describe('comments', () => {
  it('lists the whole thread oldest first: internal notes, system events and the body copy included', async () => {
    const thread = await json(await h.admin(`${B}/tickets/${SEED.tickets.richContent}/comments`));
    expect(thread.map((c: { id: string }) => c.id).slice(0, 2)).toEqual(['cmt_jane_01_body', 'cmt_jane_01_system']);
    const created = thread.map((c: { createdAt: string }) => Date.parse(c.createdAt));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(thread.find((c: { id: string }) => c.id === 'cmt_jane_01_system')).toMatchObject({ authorType: 'SYSTEM', authorName: null });
  });

  it("records a customer's message (authorType CUSTOMER + authorId) that the portal shows as theirs, and reopens a resolved ticket", async () => {
    const res = await post(`${B}/tickets/${SEED.tickets.resolved}/comments`, { body: 'It broke again.', authorType: 'CUSTOMER', authorId: SEED.customers.jane.id });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ authorType: 'CUSTOMER', authorId: SEED.customers.jane.id, authorName: 'Jane Cooper', internal: false });
    const detail = await portalDetail(SEED.tickets.resolved);
    expect(detail.status).toBe('open');
    expect(detail.comments.at(-1)).toMatchObject({ authorType: 'CUSTOMER', authorName: 'Jane Cooper', body: 'It broke again.' });
    const foreign = await post(`${B}/tickets/${SEED.tickets.pending}/comments`, { body: 'x', authorType: 'CUSTOMER', authorId: SEED.customers.janeAtGlobex.id });
    expect((await json(foreign)).errors[0].field).toBe('authorId');
  });

  it('sets a status with the comment (never closed) and checks cc', async () => {
    const res = await post(`${B}/tickets/${SEED.tickets.pending}/comments`, { body: 'Fixed.', setStatus: 'resolved', cc: ['a@example.com'] });
    expect(res.status).toBe(201);
    expect((await portalDetail(SEED.tickets.pending)).status).toBe('resolved');
    const bad = await post(`${B}/tickets/${SEED.tickets.pending}/comments`, { body: 'x', setStatus: 'closed', cc: ['nope'], authorType: 'ROBOT' });
    expect((await json(bad)).errors.map((e: { field: string }) => e.field)).toEqual(['authorType', 'setStatus', 'cc']);
  });

  it('marks internal notes as written, or in metadata only, when switched', async () => {
    const find = async (id: string) => (await json(await h.admin(`${B}/tickets/${SEED.tickets.richContent}/comments`))).find((c: { id: string }) => c.id === id);
    await h.control('variants', { adminInternalFlag: 'stored' });
    expect(await find('cmt_jane_01_internal_meta')).toMatchObject({ internal: false, metadata: { isInternal: true } });
    expect(await find('cmt_jane_01_internal')).toMatchObject({ internal: true, metadata: {} });
    await h.control('variants', { adminInternalFlag: 'metadata' });
    const note = await find('cmt_jane_01_internal');
    expect(note).not.toHaveProperty('internal');
    expect(note.metadata).toEqual({ isInternal: true });
  });
});

describe('close and reopen', () => {
  const patch = (id: string, body: unknown) => h.admin(`${B}/tickets/${id}`, { method: 'PATCH', body });

  it('closes with a reason and reopens', async () => {
    const closed = await json(await patch(SEED.tickets.noComments, { status: 'closed', closeReason: 'customer_left' }));
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'customer_left' });
    const reopened = await json(await patch(SEED.tickets.noComments, { status: 'open' }));
    expect(reopened).toMatchObject({ status: 'open', closeReason: null });
    expect((await patch(SEED.tickets.noComments, { closeReason: 'bored' })).status).toBe(400);
  });

  it('refuses to reopen after the reopen window (409 REOPEN_WINDOW_PASSED), counted from when the ticket closed', async () => {
    const res = await h.control('variants', { reopenWindowDays: 7 });
    expect((await json(res)).reopenWindowDays).toBe(7);
    // ACME-1004 closed 23 days ago; ACME-1003 was resolved 5 days ago.
    const late = await patch(SEED.tickets.closed, { status: 'open' });
    expect(late.status).toBe(409);
    expect(await json(late)).toMatchObject({ code: 'REOPEN_WINDOW_PASSED' });
    expect((await json(await patch(SEED.tickets.resolved, { status: 'open' }))).status).toBe('open');
    // Closing now starts a new window.
    await patch(SEED.tickets.resolved, { status: 'closed' });
    clock.advance(8 * 24 * 3600_000);
    expect((await patch(SEED.tickets.resolved, { status: 'pending' })).status).toBe(409);
    expect((await h.control('variants', { reopenWindowDays: -1 })).status).toBe(400);
    await h.control('variants', { reopenWindowDays: null });
    expect((await patch(SEED.tickets.resolved, { status: 'pending' })).status).toBe(200);
  });

  it('sets category and merges custom fields (null removes a key)', async () => {
    const t = await json(await patch(SEED.tickets.richContent, { categoryId: SEED.categories.technical, customFields: { plan: 'Starter', order_id: null } }));
    expect(t.categoryId).toBe(SEED.categories.technical);
    expect(t.customFields.plan).toBe('Starter');
    expect(t.customFields).not.toHaveProperty('order_id');
    expect(t.customFields.account_manager).toBe('Sam Rivera');
  });
});

describe('admin attachments', () => {
  const T = `${B}/tickets/${SEED.tickets.noComments}/attachments`;
  const upload = async (url: string, bytes: string, type = 'text/plain') => fetch(url, { method: 'PUT', headers: { 'Content-Type': type }, body: bytes });

  it('initiate → PUT → confirm; the file then shows in the portal', async () => {
    const init = await post(T, { filename: 'notes.txt', contentType: 'text/plain', size: 5, uploadedBy: SEED.customers.jane.id });
    expect(init.status).toBe(201);
    const body = await json(init);
    expect(body).toMatchObject({ attachmentId: expect.any(String), uploadUrl: expect.any(String), expiresIn: 900, expiresAt: expect.any(String), filename: 'notes.txt' });
    expect(body.id).toBe(body.attachmentId);
    expect(body.attachment).toMatchObject({ id: body.attachmentId, status: 'PENDING', uploadedBy: SEED.customers.jane.id });
    expect((await upload(body.uploadUrl, 'hello')).status).toBe(200);
    const confirmed = await h.admin(`${T}/${body.attachmentId}/confirm`, { method: 'POST' });
    expect(await json(confirmed)).toMatchObject({ id: body.attachmentId, status: 'UPLOADED', ticketId: SEED.tickets.noComments });
    const listed = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.noComments}/attachments`, { token: jane }));
    expect(listed.map((a: { id: string }) => a.id)).toEqual([body.attachmentId]);
    const got = await json(await h.admin(`${T}/${body.attachmentId}`));
    expect(await (await fetch(got.downloadUrl)).text()).toBe('hello');
  });

  it.each([
    ['sdk', ['attachmentId', 'expiresIn', 'uploadUrl']],
    ['ui', ['expiresAt', 'filename', 'id', 'uploadUrl']],
    ['attachment', ['attachment', 'expiresAt', 'uploadUrl']],
  ])('answers initiate in the %s shape', async (shape, keys) => {
    await h.control('variants', { adminInitiateShape: shape });
    const body = await json(await post(T, { filename: 'a.txt', contentType: 'text/plain', size: 1 }));
    expect(Object.keys(body).sort()).toEqual(keys);
  });

  it('lists every file to staff (internal-only and pending included) and names ready files CONFIRMED when switched', async () => {
    await h.control('variants', { adminAttachmentStatus: 'CONFIRMED' });
    const files = await json(await h.admin(`${B}/tickets/${SEED.tickets.richContent}/attachments`));
    const byId = Object.fromEntries(files.map((a: { id: string }) => [a.id, a]));
    expect(byId[SEED.attachments.internalLog]).toMatchObject({ status: 'CONFIRMED', commentId: 'cmt_jane_01_internal' });
    expect(byId[SEED.attachments.pendingOnTicket].status).toBe('PENDING');
    const pending = await h.admin(`${B}/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.pendingOnTicket}`);
    expect(pending.status).toBe(409);
    const foreign = await h.admin(`${B}/tickets/${SEED.tickets.noComments}/attachments/${SEED.attachments.screenshot}`);
    expect(foreign.status).toBe(404);
  });

  it('answers the download in the nested shape when switched', async () => {
    await h.control('variants', { attachmentShape: 'nested' });
    const body = await json(await h.admin(`${B}/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.invoicePdf}`));
    expect(Object.keys(body).sort()).toEqual(['attachment', 'downloadUrl']);
    expect(body.attachment).toMatchObject({ id: SEED.attachments.invoicePdf, commentId: 'cmt_jane_01_pdf' });
  });
});

describe('faults on the new routes', () => {
  it('injected failures, 429 storms and outages apply to them', async () => {
    await h.control('failures', { path: '/brands/:b/statuses', status: 500, count: 1 });
    expect((await h.admin(`${B}/statuses`)).status).toBe(500);
    expect((await h.admin(`${B}/statuses`)).status).toBe(200);
    await h.control('rate-limit-storm', { requests: 1, retryAfterSeconds: 3 });
    const limited = await h.admin(`${B}/fields`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    await h.control('outage', { down: true, mode: '503' });
    expect((await h.admin(`${B}/categories`)).status).toBe(503);
    await h.control('outage', { down: false });
    await h.control('drop', { method: 'POST', path: '/brands/:b/tickets/:t/comments' });
    await expect(post(`${B}/tickets/${SEED.tickets.pending}/comments`, { body: 'committed' })).rejects.toThrow();
    const thread = await json(await h.admin(`${B}/tickets/${SEED.tickets.pending}/comments`));
    expect(thread.at(-1).body).toBe('committed');
  });
});
