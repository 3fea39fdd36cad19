import { beforeAll, describe, expect, it } from 'vitest';
import { createClock, json, SEED, sdk, useMockServer } from './helpers';

const clock = createClock();
const h = useMockServer({ now: clock.now });
let jane = '';

beforeAll(async () => {
  jane = await h.token();
});

const initiatePending = (meta: Record<string, unknown>, token = jane) =>
  sdk(h.base, '/portal/tickets/attachments/pending', { method: 'POST', token, body: meta });

const put = (url: string, body: BodyInit, headers: Record<string, string> = {}, init: RequestInit = {}) =>
  fetch(url, { method: 'PUT', body, headers, ...init });

const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

describe('pending uploads (before the ticket exists)', () => {
  it('initiate → PUT (no Authorization) → confirm with {} → create ticket with attachmentIds', async () => {
    const res = await initiatePending({ filename: 'notes.txt', contentType: 'text/plain', size: 11 });
    expect(res.status).toBe(201);
    const init = await json(res);
    expect(init).toEqual({
      attachment: { id: expect.stringMatching(/^att_/), filename: 'notes.txt', contentType: 'text/plain', size: 11, status: 'PENDING', createdAt: new Date(clock.t).toISOString() },
      uploadUrl: expect.stringMatching(new RegExp(`^${h.url}/__storage/`)),
      expiresAt: new Date(clock.t + 15 * 60_000).toISOString(),
    });
    const upload = await put(init.uploadUrl, 'hello world', { 'Content-Type': 'text/plain' });
    expect(upload.status).toBe(200);
    const confirm = await sdk(h.base, `/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', token: jane, body: {} });
    expect(confirm.status).toBe(200);
    expect(await json(confirm)).toMatchObject({ id: init.attachment.id, status: 'UPLOADED' });

    const created = await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: 'With a file', attachmentIds: [init.attachment.id] } });
    expect(created.status).toBe(201);
    const ticket = await json(created);
    const files = await json(await sdk(h.base, `/portal/tickets/${ticket.id}/attachments`, { token: jane }));
    expect(files).toEqual([expect.objectContaining({ id: init.attachment.id, status: 'UPLOADED' })]);
    const withUrl = await json(await sdk(h.base, `/portal/tickets/${ticket.id}/attachments/${init.attachment.id}`, { token: jane }));
    const download = await fetch(withUrl.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/plain');
    expect(await download.text()).toBe('hello world');
  });

  it('accepts a confirm with no body at all under the JSON content type (vendor UI)', async () => {
    const init = await json(await initiatePending({ filename: 'a.bin', contentType: 'application/octet-stream', size: 4 }));
    await put(init.uploadUrl, bytes(4), { 'Content-Type': 'application/octet-stream' });
    const confirm = await sdk(h.base, `/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', token: jane, rawBody: '' });
    expect(confirm.status).toBe(200);
    expect((await json(confirm)).status).toBe('UPLOADED');
  });

  it('confirm before the PUT → 400 and status FAILED; a later PUT + confirm recovers', async () => {
    const init = await json(await initiatePending({ filename: 'late.txt', contentType: 'text/plain', size: 2 }));
    const early = await sdk(h.base, `/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', token: jane, body: {} });
    expect(early.status).toBe(400);
    expect(await json(early)).toMatchObject({ code: 'UPLOAD_INCOMPLETE', details: { status: 'FAILED' } });
    expect(h.server.mock.store.attachments.get(init.attachment.id)?.status).toBe('FAILED');
    await put(init.uploadUrl, 'ok', { 'Content-Type': 'text/plain' });
    const later = await sdk(h.base, `/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', token: jane, body: {} });
    expect((await json(later)).status).toBe('UPLOADED');
  });

  it.each([
    [{ contentType: 'text/plain', size: 1 }, 'filename', 'filename is required.'],
    [{ filename: 'x', size: 1 }, 'contentType', 'contentType is required.'],
    [{ filename: 'x', contentType: 'text/plain' }, 'size', 'size is required: the file size in bytes (an integer).'],
    [{ filename: 'x', contentType: 'text/plain', size: 52_428_801 }, 'size', 'File is too large: the maximum size is 50 MB (52,428,800 bytes).'],
  ])('validates %j', async (meta, field, message) => {
    const res = await initiatePending(meta);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field, message }] });
  });

  it.each([
    ['a lone high surrogate', 'report\uD800.pdf'],
    ['a lone low surrogate', '\uDC00.png'],
    ['surrogates in the wrong order', 'a\uDE00\uD83D.txt'],
  ])('refuses a filename with %s with 400 and a reason, not a 500', async (_name, filename) => {
    const res = await initiatePending({ filename, contentType: 'text/plain', size: 1 });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ field: 'filename', message: 'filename must be valid Unicode text (it contains an unpaired surrogate).' }],
    });
  });

  it('accepts a filename with emoji and other astral characters (whole surrogate pairs)', async () => {
    const res = await initiatePending({ filename: 'screenshot 😀 𝒳.png', contentType: 'image/png', size: 1 });
    expect(res.status).toBe(201);
    expect((await json(res)).attachment.filename).toBe('screenshot 😀 𝒳.png');
  });

  it('accepts exactly 50 MB', async () => {
    expect((await initiatePending({ filename: 'big.bin', contentType: 'application/octet-stream', size: 52_428_800 })).status).toBe(201);
  });

  it('refuses attachmentIds that are unconfirmed, used, unknown or owned by another customer (field errors)', async () => {
    const pending = await json(await initiatePending({ filename: 'p.txt', contentType: 'text/plain', size: 1 }));
    const res = await sdk(h.base, '/portal/tickets', {
      method: 'POST',
      token: jane,
      body: { title: 'Sneaky', attachmentIds: [SEED.attachments.bobUpload, pending.attachment.id, 'att_nope', SEED.attachments.screenshot] },
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('VALIDATION_ERROR');
    expect(body.errors).toEqual([
      { field: 'attachmentIds[0]', message: `Attachment ${SEED.attachments.bobUpload} was not found.` },
      { field: 'attachmentIds[1]', message: expect.stringContaining('has not been confirmed') },
      { field: 'attachmentIds[2]', message: 'Attachment att_nope was not found.' },
      { field: 'attachmentIds[3]', message: expect.stringContaining('already attached') },
    ]);
  });

  it('confirm of someone else\'s pending upload is 404', async () => {
    const res = await sdk(h.base, `/portal/tickets/attachments/pending/${SEED.attachments.bobUpload}/confirm`, { method: 'POST', token: jane, body: {} });
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
  });
});

describe('presigned storage', () => {
  const fresh = async (size = 5, contentType = 'text/plain') => json(await initiatePending({ filename: 'f.txt', contentType, size }));

  it('refuses a Content-Type other than the declared one', async () => {
    const init = await fresh();
    const res = await put(init.uploadUrl, 'hello', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('SignatureDoesNotMatch');
  });

  it('refuses a body larger than the declared size (Content-Length)', async () => {
    const init = await fresh(5);
    const res = await put(init.uploadUrl, 'hello world', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('EntityTooLarge');
  });

  it('refuses a streamed (chunked, no Content-Length) body once it passes the declared size', async () => {
    const init = await fresh(1000, 'application/octet-stream');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(bytes(400));
        controller.close();
      },
    });
    const res = await put(init.uploadUrl, stream, { 'Content-Type': 'application/octet-stream' }, { duplex: 'half' } as RequestInit);
    expect(res.status).toBe(400);
    expect(h.server.mock.store.objects.has(h.server.mock.store.attachments.get(init.attachment.id)?.objectKey ?? '')).toBe(false);
  });

  it('refuses tampered URLs (key, content type, size or signature changed)', async () => {
    const init = await fresh();
    const url = new URL(init.uploadUrl);
    const variants = [
      (u: URL) => u.searchParams.set('X-Mock-Size', '999999'),
      (u: URL) => u.searchParams.set('X-Mock-Content-Type', 'image/png'),
      (u: URL) => u.searchParams.set('X-Mock-Expires', String(Number(u.searchParams.get('X-Mock-Expires')) + 3600)),
      (u: URL) => u.searchParams.set('X-Mock-Signature', '00'.repeat(32)),
      (u: URL) => (u.pathname = u.pathname.replace('f.txt', 'g.txt')),
    ];
    for (const change of variants) {
      const u = new URL(url);
      change(u);
      const res = await put(u.href, 'hello', { 'Content-Type': u.searchParams.get('X-Mock-Content-Type') ?? 'text/plain' });
      expect(res.status, u.href).toBe(403);
    }
    // Using the PUT URL for a GET is a method mismatch too.
    expect((await fetch(init.uploadUrl)).status).toBe(403);
  });

  it('refuses expired upload URLs (injectable clock)', async () => {
    const init = await fresh();
    clock.advance(15 * 60_000);
    try {
      const res = await put(init.uploadUrl, 'hello', { 'Content-Type': 'text/plain' });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('expired');
    } finally {
      clock.advance(-15 * 60_000);
    }
  });

  it('an Authorization header is neither needed nor a substitute for the signature', async () => {
    const init = await fresh();
    const bare = new URL(init.uploadUrl);
    bare.search = '';
    const withToken = await put(bare.href, 'hello', { 'Content-Type': 'text/plain', Authorization: `Bearer ${jane}` });
    expect(withToken.status).toBe(403);
    const both = await put(init.uploadUrl, 'hello', { 'Content-Type': 'text/plain', Authorization: `Bearer ${jane}` });
    expect(both.status).toBe(400);
    expect(await both.text()).toContain('Only one auth mechanism');
    expect((await put(init.uploadUrl, 'hello', { 'Content-Type': 'text/plain' })).status).toBe(200);
  });

  it('answers the CORS preflight for PUT with Content-Type from any origin', async () => {
    const init = await fresh();
    const res = await fetch(init.uploadUrl, {
      method: 'OPTIONS',
      headers: { Origin: 'https://anywhere.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    const upload = await put(init.uploadUrl, 'hello', { 'Content-Type': 'text/plain', Origin: 'https://anywhere.example' });
    expect(upload.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });

  it('streams a 20 MB upload over HTTP and serves it back intact', async () => {
    const size = 20 * 1024 * 1024;
    const init = await json(await initiatePending({ filename: 'video.mp4', contentType: 'video/mp4', size }));
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) data[i] = i % 251;
    const upload = await put(init.uploadUrl, data, { 'Content-Type': 'video/mp4' });
    expect(upload.status).toBe(200);
    await sdk(h.base, `/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', token: jane, body: {} });
    const t = await json(await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: 'Big file', attachmentIds: [init.attachment.id] } }));
    const { downloadUrl } = await json(await sdk(h.base, `/portal/tickets/${t.id}/attachments/${init.attachment.id}`, { token: jane }));
    const back = new Uint8Array(await (await fetch(downloadUrl)).arrayBuffer());
    expect(back.length).toBe(size);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(data))).toBe(0);
  }, 60_000); // 40 MB through HTTP and back: seconds on a busy 2-core machine
});

describe('serving uploaded files', () => {
  /** Uploads `body` as `contentType` and returns the download response. */
  async function uploadAndOpen(filename: string, contentType: string, body: string) {
    const init = await json(await initiatePending({ filename, contentType, size: new TextEncoder().encode(body).length }));
    expect((await put(init.uploadUrl, body, { 'Content-Type': contentType })).status).toBe(200);
    await sdk(h.base, `/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', token: jane, body: {} });
    const ticket = await json(
      await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: `file ${filename}`, body: 'see file', attachmentIds: [init.attachment.id] } }),
    );
    const meta = await json(await sdk(h.base, `/portal/tickets/${ticket.id}/attachments/${init.attachment.id}`, { token: jane }));
    return fetch(meta.downloadUrl);
  }

  it('an uploaded SVG with script downloads as an attachment, sandboxed and unsniffable, never inline', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>';
    const res = await uploadAndOpen('evil.svg', 'image/svg+xml', svg);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''evil.svg");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
  });

  it.each([
    ['page.html', 'text/html'],
    ['invoice.pdf', 'application/pdf'],
    ['notes.txt', 'text/plain'],
    ['data.xml', 'application/xml'],
  ])('%s (%s) downloads as an attachment', async (filename, contentType) => {
    const res = await uploadAndOpen(filename, contentType, '<b>x</b>');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
  });

  it('raster images (and the seed PNG) open inline, still with nosniff and the sandbox', async () => {
    const gif = await uploadAndOpen('anim.gif', 'image/gif', 'GIF89a');
    expect(gif.headers.get('content-disposition')).toMatch(/^inline;/);
    const seed = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.importDialog}`, { token: jane }));
    const png = await fetch(seed.downloadUrl);
    expect(png.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    expect(png.headers.get('content-security-policy')).toBe('sandbox');
  });
});

describe('uploads onto a ticket', () => {
  it('initiate on a ticket → PUT → confirm → listed on that ticket', async () => {
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/attachments`, { method: 'POST', token: jane, body: { filename: 'har.json', contentType: 'application/json', size: 2 } });
    expect(res.status).toBe(201);
    const init = await json(res);
    expect(init.attachment.status).toBe('PENDING');
    const before = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/attachments`, { token: jane }));
    expect(before.map((a: { id: string }) => a.id)).not.toContain(init.attachment.id);
    await put(init.uploadUrl, '{}', { 'Content-Type': 'application/json' });
    const confirm = await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/attachments/${init.attachment.id}/confirm`, { method: 'POST', token: jane, body: {} });
    expect(confirm.status).toBe(200);
    expect((await json(confirm)).status).toBe('UPLOADED');
    const after = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/attachments`, { token: jane }));
    expect(after.map((a: { id: string }) => a.id)).toContain(init.attachment.id);
  });

  it('confirm before PUT → 400 FAILED; wrong ticket → 404; foreign ticket → 404', async () => {
    const init = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/attachments`, { method: 'POST', token: jane, body: { filename: 'x.txt', contentType: 'text/plain', size: 1 } }));
    const early = await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/attachments/${init.attachment.id}/confirm`, { method: 'POST', token: jane, rawBody: '' });
    expect(early.status).toBe(400);
    const wrong = await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${init.attachment.id}/confirm`, { method: 'POST', token: jane, body: {} });
    expect(wrong.status).toBe(404);
    const foreign = await sdk(h.base, `/portal/tickets/${SEED.tickets.bob}/attachments`, { method: 'POST', token: jane, body: { filename: 'x.txt', contentType: 'text/plain', size: 1 } });
    expect(foreign.status).toBe(404);
  });
});

describe('a ticket\'s files and their download URLs', () => {
  it('the list is a bare array of UPLOADED files only, without internal-only or PENDING ones', async () => {
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments`, { token: jane });
    expect(res.status).toBe(200);
    const list = await json(res);
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((a: { id: string }) => a.id)).toEqual([SEED.attachments.screenshot, SEED.attachments.importDialog, SEED.attachments.invoicePdf]);
    expect(list.every((a: { status: string }) => a.status === 'UPLOADED')).toBe(true);
    expect(JSON.stringify(list)).not.toContain('debug-export');
  });

  it('one file comes in the superset shape with a 15-minute download URL serving real PNG/PDF bytes', async () => {
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.importDialog}`, { token: jane });
    expect(res.status).toBe(200);
    const body = await json(res);
    const meta = { id: SEED.attachments.importDialog, filename: 'import-dialog.png', contentType: 'image/png', size: expect.any(Number), status: 'UPLOADED', createdAt: expect.any(String) };
    expect(body).toEqual({ ...meta, attachment: meta, downloadUrl: expect.any(String), expiresAt: new Date(clock.t + 15 * 60_000).toISOString() });
    const png = await fetch(body.downloadUrl);
    expect(png.headers.get('content-type')).toBe('image/png');
    const pngBytes = new Uint8Array(await png.arrayBuffer());
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngBytes.length).toBe(body.size);

    const pdf = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.invoicePdf}`, { token: jane }));
    const pdfText = await (await fetch(pdf.downloadUrl)).text();
    expect(pdfText.startsWith('%PDF-1.4')).toBe(true);
    expect(pdfText.trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('one file: internal-only, PENDING and foreign attachments are refused with 404', async () => {
    for (const id of [SEED.attachments.internalLog, SEED.attachments.pendingOnTicket, SEED.attachments.bobUpload]) {
      const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${id}`, { token: jane });
      expect(res.status, id).toBe(404);
    }
    const bob = await h.token(SEED.customers.bob.email);
    expect((await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments`, { token: bob })).status).toBe(404);
  });

  it('a download URL works until the expiresAt it was sent with (clock between whole seconds)', async () => {
    clock.advance(600);
    try {
      const { downloadUrl, expiresAt } = await json(
        await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.screenshot}`, { token: jane }),
      );
      const last = Date.parse(expiresAt) - 1 - clock.t;
      clock.advance(last);
      try {
        expect((await fetch(downloadUrl)).status).toBe(200);
        clock.advance(1);
        expect((await fetch(downloadUrl)).status).toBe(403);
      } finally {
        clock.advance(-(last + 1));
      }
    } finally {
      clock.advance(-600);
    }
  });

  it('download URLs expire and refuse tampering', async () => {
    const { downloadUrl } = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.screenshot}`, { token: jane }));
    const tampered = downloadUrl.replace('att_jane_screenshot', 'att_internal_debug_log');
    expect((await fetch(tampered)).status).toBe(403);
    clock.advance(15 * 60_000 + 1);
    try {
      expect((await fetch(downloadUrl)).status).toBe(403);
    } finally {
      clock.advance(-(15 * 60_000 + 1));
    }
    expect((await fetch(downloadUrl)).status).toBe(200);
  });
});
