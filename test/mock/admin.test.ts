import { beforeAll, describe, expect, it } from 'vitest';
import { json, SEED, sdk, useMockServer, walkPages } from './helpers';

const h = useMockServer();
let jane = '';

beforeAll(async () => {
  jane = await h.token();
});

const B = `/brands/${SEED.brandId}`;

describe('admin auth', () => {
  it('401 for a missing or unknown API key (and a portal token is not an API key)', async () => {
    for (const token of [undefined, 'sk_test_wrong', jane]) {
      const res = await sdk(h.base, B, { token });
      expect(res.status).toBe(401);
      expect(await json(res)).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('403 for a brand the key does not cover, 404 for an unknown brand', async () => {
    const foreign = await h.admin(`/brands/${SEED.otherBrandId}/portal/token`, { method: 'POST', body: { email: 'x@example.com' } });
    expect(foreign.status).toBe(403);
    expect(await json(foreign)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await h.admin(`/brands/${SEED.otherBrandId}/tickets`)).status).toBe(403);
    const unknown = await h.admin('/brands/br_nope');
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ code: 'BRAND_NOT_FOUND' });
  });
});

describe('GET/PATCH /brands/{id}', () => {
  it('returns the brand with portalOrigins', async () => {
    const brand = await json(await h.admin(B));
    expect(brand).toMatchObject({ id: SEED.brandId, name: 'Acme Cloud', ticketPrefix: 'ACME', portalOrigins: [...SEED.demoPortalOrigins] });
  });

  it('replaces portalOrigins with normalised origins', async () => {
    const res = await h.admin(B, { method: 'PATCH', body: { portalOrigins: ['https://Support.Acme.Example/', 'http://localhost:5173', 'https://acme.example:443'] } });
    expect(res.status).toBe(200);
    expect((await json(res)).portalOrigins).toEqual(['https://support.acme.example', 'http://localhost:5173', 'https://acme.example']);
    expect((await json(await h.admin(B))).portalOrigins).toHaveLength(3);
  });

  it('refuses invalid origins with field errors and changes nothing', async () => {
    const before = (await json(await h.admin(B))).portalOrigins;
    const res = await h.admin(B, {
      method: 'PATCH',
      body: { portalOrigins: ['not a url', 'ftp://files.example', 'https://a.example/path', 'https://b.example?x=1', 'https://c.example', 'https://C.example/', 42] },
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual([
      'portalOrigins[0]',
      'portalOrigins[1]',
      'portalOrigins[2]',
      'portalOrigins[3]',
      'portalOrigins[5]',
      'portalOrigins[6]',
    ]);
    expect(body.errors[4].message).toContain('twice');
    expect((await json(await h.admin(B))).portalOrigins).toEqual(before);
    expect((await h.admin(B, { method: 'PATCH', body: { portalOrigins: 'https://x.example' } })).status).toBe(400);
  });

  it('accepts an empty list (blocks all cross-origin portal calls)', async () => {
    const res = await h.admin(B, { method: 'PATCH', body: { portalOrigins: [] } });
    expect((await json(res)).portalOrigins).toEqual([]);
    const blocked = await sdk(h.base, '/portal/tickets', { token: jane, headers: { Origin: SEED.demoPortalOrigins[0] } });
    expect(blocked.headers.get('access-control-allow-origin')).toBeNull();
    await h.control('reset', {});
  });
});

describe('staff side', () => {
  it('lists every customer\'s tickets with cursor paging (nextCursor and cursor)', async () => {
    const first = await json(await h.admin(`${B}/tickets?limit=100`));
    expect(first.data).toHaveLength(100);
    expect(first.pagination.hasMore).toBe(true);
    expect(first.pagination.cursor).toBe(first.pagination.nextCursor);
    const { ids } = await walkPages((cursor) => h.admin(`${B}/tickets?limit=100${cursor ? `&cursor=${cursor}` : ''}`));
    expect(new Set(ids).size).toBe(ids.length);
    // Jane's 14 (incl. spam and merged, which staff do see), Bob's 1, bulk 2,000.
    expect(ids).toHaveLength(14 + 1 + 2000);
    expect((await h.admin(`${B}/tickets?limit=101`)).status).toBe(400);
  });

  it('filters by customer email and status', async () => {
    const byEmail = await json(await h.admin(`${B}/tickets?email=jane@example.com&limit=100`));
    expect(byEmail.data).toHaveLength(14);
    expect(byEmail.data.every((t: { customer: { email: string } }) => t.customer.email === 'jane@example.com')).toBe(true);
    const closed = await json(await h.admin(`${B}/tickets?email=jane@example.com&status=closed`));
    expect(closed.data.every((t: { status: string }) => t.status === 'closed')).toBe(true);
    const several = await json(await h.admin(`${B}/tickets?email=jane@example.com&status=open,pending&limit=100`));
    expect(new Set(several.data.map((t: { status: string }) => t.status))).toEqual(new Set(['open', 'pending']));
    const nobody = await json(await h.admin(`${B}/tickets?email=nobody@example.com`));
    expect(nobody.data).toEqual([]);
  });

  it('shows staff the whole thread, internal notes flagged', async () => {
    const t = await json(await h.admin(`${B}/tickets/${SEED.tickets.richContent}`));
    expect(t).toMatchObject({ ticketNumber: 1001, publicId: 'ACME-1001', customer: { email: 'jane@example.com' } });
    const byId = Object.fromEntries(t.comments.map((c: { id: string }) => [c.id, c]));
    expect(byId.cmt_jane_01_internal.internal).toBe(true);
    expect(byId.cmt_jane_01_internal_meta.internal).toBe(true);
    expect(byId.cmt_jane_01_md.internal).toBe(false);
    expect(byId.cmt_jane_01_body.metadata.isTicketBody).toBe(true);
    expect(t.attachments.map((a: { id: string }) => a.id)).toContain(SEED.attachments.internalLog);
    expect((await h.admin(`${B}/tickets/${SEED.tickets.globex}`)).status).toBe(404);
  });

  it('a STAFF reply shows in the portal; internal notes (either flag) never do', async () => {
    const reply = await h.admin(`${B}/tickets/${SEED.tickets.noComments}/comments`, { method: 'POST', body: { body: 'Invite them under **Settings → Team**.', authorName: 'Sam Rivera' } });
    expect(reply.status).toBe(201);
    expect(await json(reply)).toMatchObject({ authorType: 'STAFF', internal: false });
    const note1 = await h.admin(`${B}/tickets/${SEED.tickets.noComments}/comments`, { method: 'POST', body: { body: 'SECRET-ONE', internal: true } });
    const note2 = await h.admin(`${B}/tickets/${SEED.tickets.noComments}/comments`, { method: 'POST', body: { body: 'SECRET-TWO', metadata: { isInternal: true } } });
    expect((await json(note1)).internal).toBe(true);
    expect((await json(note2)).internal).toBe(true);
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.noComments}`, { token: jane });
    const text = await res.clone().text();
    expect(text).not.toContain('SECRET');
    const t = await json(res);
    expect(t.comments).toEqual([expect.objectContaining({ authorType: 'STAFF', authorName: 'Sam Rivera', body: 'Invite them under **Settings → Team**.' })]);
    expect(t.commentCount).toBe(1);
    const listed = (await json(await sdk(h.base, '/portal/tickets', { token: jane }))).data.find((x: { id: string }) => x.id === SEED.tickets.noComments);
    expect(listed.commentCount).toBe(1);
  });

  it('validates staff comments and replays them by idempotency key', async () => {
    expect((await h.admin(`${B}/tickets/${SEED.tickets.pending}/comments`, { method: 'POST', body: {} })).status).toBe(400);
    const send = (body: string) => h.admin(`${B}/tickets/${SEED.tickets.pending}/comments`, { method: 'POST', body: { body }, headers: { 'X-Idempotency-Key': 'staff-1' } });
    const a = await json(await send('once'));
    const b = await json(await send('once'));
    expect(b.id).toBe(a.id);
    expect((await send('different')).status).toBe(409);
  });

  it('changes status and priority, visible to the portal', async () => {
    const res = await h.admin(`${B}/tickets/${SEED.tickets.longThread}`, { method: 'PATCH', body: { status: 'resolved', priority: 'low' } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'resolved', priority: 'low' });
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.longThread}`, { token: jane }));
    expect(t).toMatchObject({ status: 'resolved', priority: 'low' });
    const custom = await h.admin(`${B}/tickets/${SEED.tickets.longThread}`, { method: 'PATCH', body: { status: 'on_hold' } });
    expect((await json(custom)).status).toBe('on_hold');
    const bad = await h.admin(`${B}/tickets/${SEED.tickets.longThread}`, { method: 'PATCH', body: { status: 'Not A Key', priority: 'extreme' } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors.map((e: { field: string }) => e.field)).toEqual(['status', 'priority']);
  });

  it('works without /v1 too (older SDKs)', async () => {
    const res = await sdk(h.url, B, { token: SEED.apiKey });
    expect(res.status).toBe(200);
  });
});
