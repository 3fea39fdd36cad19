import { describe, expect, it } from 'vitest';
import { PortalApiError, ticketLabel } from '../../src/client';
import { invalidResponse } from '../../src/client/errors';
import {
  normalizeComment,
  normalizeTicket,
  normalizeTicketDetail,
  normalizeTicketPage,
  normalizeTokenResponse,
} from '../../src/client/normalize';
import { attachmentReaders } from '../../src/client/upload';
import { calls, client, json, page, route, server, ticket, useMsw } from './helpers';

// The attachment normalisers load on demand with the client's error constructor.
const { normalizeAttachment, normalizeAttachmentDownload, normalizeAttachmentList, normalizeUploadTarget } = attachmentReaders(invalidResponse);

useMsw();

const att = { id: 'att_1', filename: 'a.png', contentType: 'image/png', size: 10, status: 'UPLOADED', createdAt: '2026-01-01T00:00:00Z' };

describe('ticket numbers', () => {
  it.each([
    ['TKT-1001', undefined, undefined, 'TKT-1001'],
    ['TKT-1001', 'ACME', 'DT', 'TKT-1001'],
    [1001, 'ACME', 'DT', 'ACME-1001'],
    [1001, null, 'DT', 'DT-1001'],
    [1001, undefined, undefined, '#1001'],
    ['1001', undefined, undefined, '#1001'],
    ['1001', 'EDL', undefined, 'EDL-1001'],
    [1001, 'EDL-', undefined, 'EDL-1001'],
    [null, 'EDL', undefined, ''],
  ])('%j with brand prefix %j and option %j → %j', (number, brandPrefix, option, label) => {
    const t = normalizeTicket(ticket({ ticketNumber: number, brand: brandPrefix === undefined ? undefined : { name: 'B', ticketPrefix: brandPrefix } }), option);
    expect(t.label).toBe(label);
    expect(t.number).toBe(number);
  });

  it('ticketLabel never double-prefixes', () => {
    expect(ticketLabel('DT-1042', 'DT')).toBe('DT-1042');
    expect(ticketLabel(' 42 ', 'X')).toBe('X-42');
  });

  it('the client option applies through the client', async () => {
    server.use(route('get', 'portal/tickets', () => json(page([ticket({ ticketNumber: 7 })]))));
    expect((await client({ ticketPrefix: 'ACME' }).listTickets()).tickets[0]?.label).toBe('ACME-7');
  });
});

describe('tickets', () => {
  it('lower-cases status and priority, keeps custom statuses, tolerates missing optional fields', () => {
    const t = normalizeTicket({ id: 't', ticketNumber: 5, title: 'x', status: 'WAITING_ON_VENDOR', createdAt: 'c' });
    expect(t).toEqual({
      id: 't',
      number: 5,
      label: '#5',
      title: 'x',
      status: 'waiting_on_vendor',
      priority: null,
      commentCount: null,
      createdAt: 'c',
      updatedAt: 'c',
      brand: null,
    });
    expect(normalizeTicket(ticket({ priority: 'HIGH', commentCount: 3 }))).toMatchObject({ priority: 'high', commentCount: 3 });
  });

  it('reads brand from list items too', () => {
    expect(normalizeTicket(ticket({ brand: { name: 'Acme' } })).brand).toEqual({ name: 'Acme', ticketPrefix: null });
  });

  it('rejects a non-object as invalid_response', () => {
    expect(() => normalizeTicket('nope')).toThrow(PortalApiError);
    expect(() => normalizeTicket(null)).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
  });
});

describe('comments', () => {
  it.each([
    ['CUSTOMER', 'customer'],
    ['customer', 'customer'],
    ['STAFF', 'staff'],
    ['AGENT', 'staff'],
    ['agent', 'staff'],
    ['SYSTEM', 'system'],
    ['BOT', 'staff'],
    [undefined, 'staff'],
  ])('authorType %j → %j', (authorType, expected) => {
    expect(normalizeComment({ id: 'c', body: 'b', authorType, createdAt: 'x' }).authorType).toBe(expected);
  });

  it('makes missing name and id null', () => {
    expect(normalizeComment({ id: 'c', body: 'b', authorType: 'AGENT', authorName: '' })).toMatchObject({ authorName: null, authorId: null });
    expect(normalizeComment({ id: 'c', authorType: 'AGENT', authorName: 'Sam', authorId: 'usr_1' })).toMatchObject({
      authorName: 'Sam',
      authorId: 'usr_1',
      body: '',
    });
  });
});

describe('ticket detail', () => {
  it('defaults the body to "" and orders comments oldest first', async () => {
    server.use(
      route('get', 'portal/tickets/:id', () =>
        json({
          ...ticket({ ticketNumber: 1042, brand: { name: 'Acme', ticketPrefix: 'ACME' } }),
          body: null,
          comments: [
            { id: 'c2', body: 'second', authorType: 'AGENT', createdAt: '2026-01-02T00:00:00Z' },
            { id: 'c1', body: 'first', authorType: 'CUSTOMER', createdAt: '2026-01-01T00:00:00Z' },
            { id: 'c3', body: 'third', authorType: 'STAFF', createdAt: '2026-01-03T00:00:00Z' },
          ],
        }),
      ),
    );
    const d = await client().getTicket('tkt_1');
    expect(d.body).toBe('');
    expect(d.label).toBe('ACME-1042');
    expect(d.brand).toEqual({ name: 'Acme', ticketPrefix: 'ACME' });
    expect(d.comments.map((c) => [c.id, c.authorType])).toEqual([
      ['c1', 'customer'],
      ['c2', 'staff'],
      ['c3', 'staff'],
    ]);
  });

  it('keeps server order when times do not parse, and tolerates a missing comments array', () => {
    const d = normalizeTicketDetail({ ...ticket(), comments: [{ id: 'a' }, { id: 'b' }] });
    expect(d.comments.map((c) => c.id)).toEqual(['a', 'b']);
    expect(normalizeTicketDetail(ticket()).comments).toEqual([]);
  });
});

describe('pages', () => {
  it('reads nextCursor, then cursor', () => {
    expect(normalizeTicketPage(page([], { hasMore: true, nextCursor: 'n' }))).toMatchObject({ hasMore: true, nextCursor: 'n' });
    expect(normalizeTicketPage(page([], { hasMore: true, cursor: 'c' }))).toMatchObject({ hasMore: true, nextCursor: 'c' });
  });

  it('hasMore without a cursor means no more', () => {
    expect(normalizeTicketPage(page([], { hasMore: true, nextCursor: null }))).toEqual({ tickets: [], hasMore: false, nextCursor: null });
    expect(normalizeTicketPage(page([], { hasMore: true, nextCursor: '' })).hasMore).toBe(false);
    expect(normalizeTicketPage({ data: [] })).toEqual({ tickets: [], hasMore: false, nextCursor: null });
  });
});

describe('attachments', () => {
  it.each([
    ['PENDING', 'pending'],
    ['UPLOADED', 'uploaded'],
    ['CONFIRMED', 'uploaded'],
    ['uploaded', 'uploaded'],
    ['FAILED', 'failed'],
    ['SCANNING', 'pending'],
    [undefined, 'uploaded'],
  ])('status %j → %j', (status, expected) => {
    expect(normalizeAttachment({ ...att, status }).status).toBe(expected);
  });

  it('lists a bare array or a data envelope; anything else is invalid', async () => {
    server.use(route('get', 'portal/tickets/:id/attachments', () => json([att, { ...att, id: 'att_2', status: 'CONFIRMED' }])));
    const list = await client().listAttachments('tkt_1');
    expect(list.map((a) => [a.id, a.status])).toEqual([
      ['att_1', 'uploaded'],
      ['att_2', 'uploaded'],
    ]);
    expect(normalizeAttachmentList({ data: [att] })).toHaveLength(1);
    expect(() => normalizeAttachmentList({ nope: 1 })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
  });

  const expectedDownload = { ...att, status: 'uploaded', downloadUrl: 'https://r2/dl?sig=1', expiresAt: '2026-01-01T00:15:00Z' };

  it('reads the flat (SDK) download shape', () => {
    expect(normalizeAttachmentDownload({ ...att, downloadUrl: 'https://r2/dl?sig=1', expiresAt: '2026-01-01T00:15:00Z' })).toEqual(expectedDownload);
  });

  it('reads the nested (UI) download shape', () => {
    expect(
      normalizeAttachmentDownload({ attachment: att, downloadUrl: 'https://r2/dl?sig=1', expiresAt: '2026-01-01T00:15:00Z' }),
    ).toEqual(expectedDownload);
  });

  it('reads the superset shape, preferring the nested metadata', async () => {
    server.use(
      route('get', 'portal/tickets/:t/attachments/:a', () =>
        json({ ...att, filename: 'top.png', attachment: att, downloadUrl: 'https://r2/dl?sig=1', expiresAt: '2026-01-01T00:15:00Z' }),
      ),
    );
    expect(await client().getAttachment('tkt_1', 'att_1')).toEqual(expectedDownload);
    expect(calls[0]?.url.pathname).toBe('/v1/portal/tickets/tkt_1/attachments/att_1');
  });

  it('assumes 15 minutes when the download has no expiresAt, and needs a downloadUrl', () => {
    const before = Date.now();
    const d = normalizeAttachmentDownload({ attachment: att, downloadUrl: 'u' });
    const ttl = Date.parse(d.expiresAt) - before;
    expect(ttl).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000 + 1000);
    expect(() => normalizeAttachmentDownload(att)).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
  });

  it.each([
    ['attachment.id', { attachment: { ...att, status: 'PENDING' }, uploadUrl: 'u', expiresAt: 'e' }, 'att_1'],
    ['attachmentId', { attachmentId: 'att_2', uploadUrl: 'u', expiresIn: 900 }, 'att_2'],
    ['id', { id: 'att_3', filename: 'x', uploadUrl: 'u', expiresAt: 'e' }, 'att_3'],
    ['upload.id', { upload: { id: 'att_4', url: 'u' } }, 'att_4'],
  ])('reads the upload target id from %s', (_, raw, id) => {
    const t = normalizeUploadTarget(raw, { filename: 'meta.txt', contentType: 'text/plain', size: 5 });
    expect(t.attachment.id).toBe(id);
    expect(t.uploadUrl).toBe('u');
    expect(t.attachment.status).toBe('pending');
    expect(typeof t.expiresAt).toBe('string');
  });

  it('fills missing upload-target metadata from the request', () => {
    const t = normalizeUploadTarget({ attachmentId: 'a', uploadUrl: 'u' }, { filename: 'meta.txt', contentType: 'text/plain', size: 5 });
    expect(t.attachment).toMatchObject({ filename: 'meta.txt', contentType: 'text/plain', size: 5 });
    expect(() => normalizeUploadTarget({ uploadUrl: 'u' })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
  });
});

describe('token responses', () => {
  it('normalises and requires a token', () => {
    expect(normalizeTokenResponse({ token: 't', expiresAt: 'e', customerId: 'c', email: 'm' })).toEqual({
      token: 't',
      expiresAt: 'e',
      customerId: 'c',
      email: 'm',
      name: null,
    });
    expect(() => normalizeTokenResponse({ expiresAt: 'e' })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
  });
});

describe('listAllTickets', () => {
  const pages = (responses: Record<string, unknown>) =>
    server.use(route('get', 'portal/tickets', ({ request }) => json(responses[new URL(request.url).searchParams.get('cursor') ?? '']!)));

  it('follows nextCursor until hasMore is false', async () => {
    pages({
      '': page([ticket({ id: 'a' })], { hasMore: true, nextCursor: 'c1' }),
      c1: page([ticket({ id: 'b' })], { hasMore: true, cursor: 'c2' }),
      c2: page([ticket({ id: 'c' })], { hasMore: false, nextCursor: null }),
    });
    const ids: string[] = [];
    for await (const p of client().listAllTickets({ status: 'open', limit: 100 })) ids.push(...p.tickets.map((t) => t.id));
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(calls.map((c) => c.url.search)).toEqual(['?status=open&limit=50', '?status=open&limit=50&cursor=c1', '?status=open&limit=50&cursor=c2']);
  });

  it('stops on a repeated cursor', async () => {
    pages({
      '': page([ticket({ id: 'a' })], { hasMore: true, nextCursor: 'c1' }),
      c1: page([ticket({ id: 'b' })], { hasMore: true, nextCursor: 'c2' }),
      c2: page([ticket({ id: 'c' })], { hasMore: true, nextCursor: 'c1' }),
    });
    const seen: number[] = [];
    for await (const p of client().listAllTickets()) {
      seen.push(p.tickets.length);
      if (seen.length > 5) break; // would loop forever otherwise
    }
    expect(seen).toEqual([1, 1, 1]);
    expect(calls).toHaveLength(3);
  });

  it('stops on an empty cursor and on hasMore without a cursor', async () => {
    pages({ '': page([ticket()], { hasMore: true, nextCursor: '' }) });
    let n = 0;
    for await (const _ of client().listAllTickets()) n++;
    expect(n).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('stops fetching when the consumer breaks', async () => {
    pages({ '': page([ticket()], { hasMore: true, nextCursor: 'c1' }), c1: page([ticket()], { hasMore: false }) });
    for await (const _ of client().listAllTickets()) break;
    expect(calls).toHaveLength(1);
  });
});
