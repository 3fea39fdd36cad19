import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPortalClient } from '../../../src/client';
import {
  BackendError,
  createPortalGateway,
  createPortalTokenHandler,
  diskBlobStore,
  memoryBlobStore,
  memoryStore,
  type GatewayErrorEvent,
  type PortalBackend,
} from '../../../src/server';
import { memoryBackend } from '../../../src/server/testing';
import { latch, SECRET, serveGateway } from './helpers';

const ORIGIN = 'http://gw.test';
const get = (gw: { fetch(r: Request): Promise<Response> }, path: string, token?: string, init: RequestInit = {}) =>
  gw.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } }));
const post = (gw: { fetch(r: Request): Promise<Response> }, path: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  get(gw, path, token, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

describe('createPortalGateway', () => {
  describe('configuration', () => {
    it('constructs without secrets (a build step), then fails the first request with a fix-it message', async () => {
      const events: GatewayErrorEvent[] = [];
      const gw = createPortalGateway({
        backend: () => {
          throw new Error('DISPATCH_API_KEY is not set');
        },
        secret: undefined,
        onError: (e) => void events.push(e),
      });
      const res = await get(gw, '/portal/tickets', 'anything');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ message: 'Support is not available right now.', code: 'NOT_CONFIGURED' });
      expect(events[0]?.kind).toBe('config');
      expect(String((events[0]?.error as Error).message)).toMatch(/PORTAL_GATEWAY_SECRET/);
      await expect(gw.start()).rejects.toThrow(/`secret` is missing/);
    });

    it('refuses a short secret and a missing backend factory result', async () => {
      await expect(createPortalGateway({ backend: memoryBackend(), secret: 'short' }).start()).rejects.toThrow(/at least 32/);
      await expect(
        createPortalGateway({
          backend: () => {
            throw new Error('DISPATCH_API_KEY is not set');
          },
          secret: SECRET,
        }).start(),
      ).rejects.toThrow(/creating the backend failed: DISPATCH_API_KEY is not set/);
    });

    it('fails at start when the adapter claims a capability without the method behind it', async () => {
      const b = memoryBackend();
      const { closeTicket: _drop, ...without } = b;
      await expect(createPortalGateway({ backend: without as PortalBackend, secret: SECRET }).start()).rejects.toThrow(
        /claims a capability that needs closeTicket\(\)/,
      );
    });
  });

  describe('tokens', () => {
    it('rotates secrets: the first signs, every one verifies', async () => {
      const backend = memoryBackend();
      const old = createPortalGateway({ backend, secret: SECRET, store: memoryStore() });
      const { token } = await old.issueToken({ email: 'ada@example.com', name: 'Ada' });
      const rotated = createPortalGateway({ backend, secret: ['new-secret-0123456789-abcdefghijklmnopqrstu', SECRET] });
      expect((await get(rotated, '/portal/tickets', token)).status).toBe(200);
      const retired = createPortalGateway({ backend, secret: 'new-secret-0123456789-abcdefghijklmnopqrstu' });
      expect((await get(retired, '/portal/tickets', token)).status).toBe(401);
    });

    it('magic links need sendEmail and an absolute portal URL; the link carries the token, the email does not reach the browser', async () => {
      const sent: { to: string; url: string; expiresAt: string }[] = [];
      const without = createPortalGateway({ backend: memoryBackend(), secret: SECRET });
      await expect(without.sendMagicLink({ email: 'ada@example.com', portalUrl: 'https://app.example.com/support' })).rejects.toThrow(/`sendEmail` is missing/);
      const gw = createPortalGateway({ backend: memoryBackend(), secret: SECRET, sendEmail: (m) => void sent.push(m) });
      await expect(gw.sendMagicLink({ email: 'ada@example.com', portalUrl: '/support' })).rejects.toThrow(/absolute http\(s\) URL/);
      await expect(gw.sendMagicLink({ email: 'not-an-email', portalUrl: 'https://app.example.com/support' })).rejects.toThrow(/email/);
      await gw.sendMagicLink({ email: ' Ada@Example.com ', portalUrl: 'https://app.example.com/support?tab=help' });
      const url = new URL(sent[0]!.url);
      expect(sent[0]!.to).toBe('ada@example.com');
      expect(url.searchParams.get('tab')).toBe('help');
      expect(Date.parse(sent[0]!.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
      const res = await post(gw, '/portal/verify', undefined, { token: url.searchParams.get('token') });
      expect(res.status).toBe(200);
      expect((await res.json()).email).toBe('ada@example.com');
    });

    it('createPortalTokenHandler issues gateway tokens, with the same response as in direct mode', async () => {
      const gw = createPortalGateway({ backend: memoryBackend(), secret: SECRET });
      const handler = createPortalTokenHandler({ gateway: gw, getCustomer: () => ({ email: 'Ada@Example.com', name: 'Ada' }) });
      const res = await handler(new Request('http://app.test/api/support/token', { method: 'POST' }));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await res.json();
      expect(body).toEqual({ token: expect.any(String), expiresAt: expect.any(String), customerId: expect.any(String), email: 'ada@example.com', name: 'Ada' });
      expect((await get(gw, '/portal/tickets', body.token)).status).toBe(200);
    });

    it('createPortalTokenHandler answers 503 without upstream text when the helpdesk is down', async () => {
      const b = memoryBackend();
      const gw = createPortalGateway({
        backend: { ...b, resolveCustomer: async () => Promise.reject(new BackendError('unavailable', { cause: 'upstream said: db password wrong' })) },
        secret: SECRET,
      });
      const handler = createPortalTokenHandler({ gateway: gw, getCustomer: () => ({ email: 'ada@example.com' }) });
      const res = await handler(new Request('http://app.test/token'));
      expect(res.status).toBe(503);
      expect(await res.text()).not.toMatch(/password/);
    });
  });

  describe('errors from the helpdesk', () => {
    it('never carry upstream text; the cause goes to onError', async () => {
      const events: GatewayErrorEvent[] = [];
      const b = memoryBackend();
      const gw = createPortalGateway({
        backend: {
          ...b,
          listTickets: async () => {
            throw new BackendError('unavailable', { cause: { status: 500, body: 'ERROR at https://crm.internal/api?key=sk_live_123' } });
          },
          getTicketDetail: async () => {
            throw new BackendError('rate_limited', { retryAfter: 42 });
          },
        },
        secret: SECRET,
        onError: (e) => void events.push(e),
      });
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      const res = await get(gw, '/portal/tickets', token);
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ message: expect.any(String), code: 'UPSTREAM_UNAVAILABLE' });
      expect(text).not.toMatch(/sk_live|crm\.internal/);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect(events).toEqual([expect.objectContaining({ kind: 'upstream', operation: 'listTickets', requestId: res.headers.get('x-request-id') })]);
      expect((events[0]!.error as BackendError).cause).toEqual({ status: 500, body: expect.stringContaining('sk_live_123') });
      const busy = await get(gw, '/portal/tickets/tk_1', token);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('42');
    });

    it('a helpdesk that outlasts the time budget is an upstream failure (502), and the budget ends with the request', async () => {
      const events: GatewayErrorEvent[] = [];
      const seen: AbortSignal[] = [];
      const b = memoryBackend();
      let hang = true;
      const gw = createPortalGateway({
        backend: {
          ...b,
          // Hangs until its signal aborts, as an upstream call under that signal would.
          listTickets: (ctx, q) => {
            seen.push(ctx.signal);
            if (!hang) return b.listTickets(ctx, q);
            return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));
          },
        },
        secret: SECRET,
        limits: { upstreamTimeoutMs: 5000 },
        onError: (e) => void events.push(e),
      });
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const pending = get(gw, '/portal/tickets', token);
        await vi.waitFor(() => expect(seen).toHaveLength(1));
        await vi.advanceTimersByTimeAsync(5000);
        const res = await pending;
        expect(res.status).toBe(502);
        expect(await res.json()).toEqual({ message: expect.any(String), code: 'UPSTREAM_UNAVAILABLE' });
        expect(events).toEqual([expect.objectContaining({ kind: 'upstream', operation: 'listTickets' })]);

        // A quick answer stops the clock: no timer is left behind, and its signal never fires.
        hang = false;
        expect((await get(gw, '/portal/tickets', token)).status).toBe(200);
        expect(vi.getTimerCount()).toBe(0);
        await vi.advanceTimersByTimeAsync(10_000);
        expect(seen[1]?.aborted).toBe(false);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('idempotency across instances', () => {
    it('a duplicate arriving while the first create is in flight waits for it: one upstream call, one ticket', async () => {
      const b = memoryBackend();
      const hold = latch();
      let creates = 0;
      const slow: PortalBackend = {
        ...b,
        createTicket: async (ctx, input) => {
          creates++;
          await hold.promise;
          return b.createTicket(ctx, input);
        },
      };
      const store = memoryStore();
      const a = createPortalGateway({ backend: slow, secret: SECRET, store });
      const c = createPortalGateway({ backend: slow, secret: SECRET, store });
      const { token } = await a.issueToken({ email: 'ada@example.com' });
      const headers = { 'x-idempotency-key': 'draft-1' };
      const first = post(a, '/portal/tickets', token, { title: 'Once' }, headers);
      await expect.poll(() => creates).toBe(1);
      const second = post(c, '/portal/tickets', token, { title: 'Once' }, headers);
      hold.open();
      const [r1, r2] = await Promise.all([first, second]);
      expect(r1.status).toBe(201);
      expect(r2.status).toBe(201);
      expect((await r2.json()).id).toBe((await r1.json()).id);
      expect(r2.headers.get('x-idempotent-replayed')).toBe('true');
      expect(creates).toBe(1);
    });

    it('a failed create leaves nothing behind: the same key may be used again', async () => {
      const b = memoryBackend();
      let fail = true;
      const flaky: PortalBackend = {
        ...b,
        createTicket: async (ctx, input) => {
          if (fail) throw new BackendError('unavailable', { safeToRetry: true });
          return b.createTicket(ctx, input);
        },
      };
      const gw = createPortalGateway({ backend: flaky, secret: SECRET });
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      expect((await post(gw, '/portal/tickets', token, { title: 'Retry me' }, { 'x-idempotency-key': 'k' })).status).toBe(502);
      fail = false;
      expect((await post(gw, '/portal/tickets', token, { title: 'Retry me' }, { 'x-idempotency-key': 'k' })).status).toBe(201);
      const list = await (await get(gw, '/portal/tickets', token)).json();
      expect(list.data.map((t: { title: string }) => t.title)).toEqual(['Retry me']);
    });
  });

  describe('ratings and articles', () => {
    it('stores a rating, delivers it to the team and calls onRating; a failed delivery is not the customer’s failure', async () => {
      const b = memoryBackend();
      const rated: unknown[] = [];
      const events: GatewayErrorEvent[] = [];
      const gw = createPortalGateway({
        backend: { ...b, deliverRating: async () => Promise.reject(new BackendError('invalid')) },
        secret: SECRET,
        rating: { scale: 'thumbs' },
        onRating: (e) => void rated.push(e),
        onError: (e) => void events.push(e),
      });
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      const t = await (await post(gw, '/portal/tickets', token, { title: 'Rate me' })).json();
      expect((await post(gw, `/portal/tickets/${t.id}/close`, token, {})).status).toBe(200);
      const r = await post(gw, `/portal/tickets/${t.id}/rating`, token, { rating: -1, comment: 'Slow' });
      expect(r.status).toBe(201);
      expect(rated).toEqual([expect.objectContaining({ ticketId: t.id, rating: expect.objectContaining({ rating: -1, scale: 'thumbs', comment: 'Slow' }) })]);
      expect(events.map((e) => e.kind)).toEqual(['delivery']);
      const caps = await (await get(gw, '/portal/capabilities', token)).json();
      expect(caps.rating).toEqual({ scale: 'thumbs' });
    });

    it('delivers the rating as an internal note the customer never sees', async () => {
      const b = memoryBackend();
      const gw = createPortalGateway({ backend: b, secret: SECRET });
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      const t = await (await post(gw, '/portal/tickets', token, { title: 'Rate me' })).json();
      await post(gw, `/portal/tickets/${t.id}/close`, token, {});
      await post(gw, `/portal/tickets/${t.id}/rating`, token, { rating: 5 });
      expect(b.calls.deliverRating).toBe(1);
      const detail = await (await get(gw, `/portal/tickets/${t.id}`, token)).json();
      expect(JSON.stringify(detail.comments)).not.toMatch(/Customer rating/);
      expect(detail.rating).toEqual(expect.objectContaining({ rating: 5, scale: 'scale5' }));
    });

    it('uses the host’s article search over the adapter’s, and keeps only http(s) links', async () => {
      const gw = createPortalGateway({
        backend: memoryBackend(),
        secret: SECRET,
        articles: async (query) => [
          { id: '1', title: `Help for ${query}`, snippet: 'Read this', url: 'https://help.example.com/1' },
          { id: '2', title: 'Evil', snippet: 'x', url: 'javascript:alert(1)' },
        ],
      });
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      const res = await (await get(gw, '/portal/articles?query=invoices', token)).json();
      expect(res.data).toEqual([{ id: '1', title: 'Help for invoices', snippet: 'Read this', url: 'https://help.example.com/1' }]);
    });
  });

  describe('limits', () => {
    it('refuses file types outside the accept list, and reports the list in capabilities', async () => {
      const gw = createPortalGateway({ backend: memoryBackend(), secret: SECRET, limits: { accept: ['image/*', '.pdf'] } });
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      const start = (filename: string, contentType: string) =>
        post(gw, '/portal/tickets/attachments/pending', token, { filename, contentType, size: 10 });
      expect((await start('shot.png', 'image/png')).status).toBe(201);
      expect((await start('doc.pdf', 'application/pdf')).status).toBe(201);
      const refused = await start('run.sh', 'application/x-sh');
      expect(refused.status).toBe(400);
      expect((await refused.json()).errors).toEqual([{ field: 'contentType', message: 'This type of file is not accepted.' }]);
      expect((await (await get(gw, '/portal/capabilities', token)).json()).limits.accept).toEqual(['image/*', '.pdf']);
    });

    it('holds one customer to the upstream concurrency limit; others are not queued behind them', async () => {
      const b = memoryBackend();
      let inFlight = 0;
      let peak = 0;
      const hold = latch();
      const slow: PortalBackend = {
        ...b,
        listTickets: async (ctx, q) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await hold.promise;
          inFlight--;
          return b.listTickets(ctx, q);
        },
      };
      const gw = createPortalGateway({ backend: slow, secret: SECRET, limits: { upstreamConcurrency: 2 } });
      const ada = (await gw.issueToken({ email: 'ada@example.com' })).token;
      const bob = (await gw.issueToken({ email: 'bob@example.com' })).token;
      const adas = Array.from({ length: 5 }, () => get(gw, '/portal/tickets', ada));
      await expect.poll(() => inFlight).toBe(2);
      const bobs = get(gw, '/portal/tickets', bob);
      await expect.poll(() => inFlight).toBe(3);
      hold.open();
      expect((await Promise.all([...adas, bobs])).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(peak).toBe(3);
    });
  });

  describe('CORS', () => {
    const gw = createPortalGateway({ backend: memoryBackend(), secret: SECRET, allowedOrigins: ['https://app.example.com'] });

    it('answers preflights for configured origins only', async () => {
      const ok = await get(gw, '/portal/tickets', undefined, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(ok.headers.get('access-control-allow-headers')).toMatch(/X-Idempotency-Key/);
      const no = await get(gw, '/portal/tickets', undefined, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(no.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('exposes the request id and rate-limit headers to allowed origins', async () => {
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      const res = await get(gw, '/portal/tickets', token, { headers: { origin: 'https://app.example.com' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(res.headers.get('access-control-expose-headers')).toMatch(/x-request-id.*x-ratelimit-limit.*retry-after/);
    });
  });

  describe('over real HTTP with the kit’s own client', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-gw-test-'));
    const backend = memoryBackend();
    const gw = createPortalGateway({ backend, secret: SECRET, basePath: '/api/portal', blobs: diskBlobStore({ dir }) });
    let server: Awaited<ReturnType<typeof serveGateway>>;
    beforeAll(async () => {
      server = await serveGateway(gw, '/api/portal');
    });
    afterAll(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists, creates with a streamed upload, replies, and downloads the same bytes', async () => {
      const client = createPortalClient({ baseUrl: server.base, getToken: () => gw.issueToken({ email: 'ada@example.com', name: 'Ada' }) });
      const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
      const uploaded = await client.upload(new Blob([bytes], { type: 'application/pdf' }), { filename: 'report.pdf' });
      expect(uploaded.status).toBe('uploaded');
      expect(readdirSync(dir)).toEqual([uploaded.id]);
      const ticket = await client.createTicket({ title: 'Report attached', body: 'See the PDF', attachmentIds: [uploaded.id] });
      // Sent on to the helpdesk: the staged copy is gone.
      expect(readdirSync(dir)).toEqual([]);
      const comment = await client.addComment(ticket.id, 'One more thing');
      expect(comment.authorType).toBe('customer');
      const page = await client.listTickets();
      expect(page.tickets.map((t) => t.id)).toEqual([ticket.id]);
      const [file] = await client.listAttachments(ticket.id);
      const download = await client.getAttachment(ticket.id, file!.id);
      expect(download.downloadUrl.startsWith(`${server.base}/files/`)).toBe(true);
      const res = await fetch(download.downloadUrl);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
      // Compared as buffers: a deep equality over 3 million elements is needlessly slow.
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
      client.dispose();
    }, 20_000);

    it('refuses an oversized JSON body by its Content-Length, before reading it', async () => {
      const { token } = await gw.issueToken({ email: 'ada@example.com' });
      const res = await fetch(`${server.base}/portal/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'x', body: 'y'.repeat(400_000) }),
      });
      expect(res.status).toBe(413);
      expect((await res.json()).code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('under Hono (Node server), mounted with c.req.raw', () => {
    const backend = memoryBackend();
    const gw = createPortalGateway({ backend, secret: SECRET, basePath: '/api/portal', blobs: memoryBlobStore() });
    const app = new Hono();
    app.on(['GET', 'POST', 'PUT', 'OPTIONS'], '/api/portal/*', (c) => gw.fetch(c.req.raw));
    let server: ServerType;
    let base = '';
    beforeAll(async () => {
      await new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
          base = `http://127.0.0.1:${info.port}/api/portal`;
          resolve();
        });
      });
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('serves the kit’s client end to end: upload, create, reply, list, download', async () => {
      const client = createPortalClient({ baseUrl: base, getToken: () => gw.issueToken({ email: 'hono@example.com', name: 'Ho No' }) });
      const bytes = new TextEncoder().encode('%PDF-1.4 hono');
      const uploaded = await client.upload(new Blob([bytes], { type: 'application/pdf' }), { filename: 'hono.pdf' });
      const ticket = await client.createTicket({ title: 'Through Hono', body: 'Mounted on a route', attachmentIds: [uploaded.id] });
      expect((await client.addComment(ticket.id, 'Still here')).authorType).toBe('customer');
      expect((await client.listTickets()).tickets.map((t) => t.id)).toEqual([ticket.id]);
      const [file] = await client.listAttachments(ticket.id);
      const { downloadUrl } = await client.getAttachment(ticket.id, file!.id);
      expect(downloadUrl.startsWith(`${base}/files/`)).toBe(true);
      expect(new Uint8Array(await (await fetch(downloadUrl)).arrayBuffer())).toEqual(bytes);
      client.dispose();
    });
  });

  describe('blob stores', () => {
    it('the disk store sweeps files older than a day', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dt-gw-sweep-'));
      let now = Date.now();
      const blobs = diskBlobStore({ dir, now: () => now, maxAgeMs: 1000 });
      const one = new Blob(['old']).stream();
      await blobs.put('old', one, { maxBytes: 10 });
      now += 2 * 3600_000;
      // The sweep rides on the next write, at most hourly; file times are real, so age them by the clock we control.
      await blobs.put('new', new Blob(['new']).stream(), { maxBytes: 10 });
      await expect.poll(() => readdirSync(dir).sort()).toEqual(['new']);
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses more bytes than allowed while streaming, keeping nothing', async () => {
      for (const blobs of [memoryBlobStore(), diskBlobStore({ dir: mkdtempSync(join(tmpdir(), 'dt-gw-cap-')) })]) {
        await expect(blobs.put('k', new Blob(['0123456789']).stream(), { maxBytes: 5 })).rejects.toThrow(/more than 5 bytes/);
        expect(await blobs.get('k')).toBeNull();
      }
    });
  });
});

describe('customer actions are idempotent on retry', () => {
  it('replays close, reopen and rating for the same key instead of refusing the retry', async () => {
    const backend = memoryBackend();
    const gw = createPortalGateway({ backend, secret: SECRET });
    const { token } = await gw.issueToken({ email: 'ada@example.com' });
    const created = await (await post(gw, '/portal/tickets', token, { title: 'Printer jam' })).json();
    const close = () => post(gw, `/portal/tickets/${created.id}/close`, token, {}, { 'x-idempotency-key': 'close-1' });
    const first = await close();
    expect(first.status).toBe(200);
    const replay = await close();
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(await first.json());
    // A new key is a new request: the ticket is closed already.
    const fresh = await post(gw, `/portal/tickets/${created.id}/close`, token, {}, { 'x-idempotency-key': 'close-2' });
    expect(fresh.status).toBe(409);
    expect((await fresh.json()).code).toBe('ALREADY_CLOSED');

    const rate = () => post(gw, `/portal/tickets/${created.id}/rating`, token, { rating: 4, comment: 'Quick' }, { 'x-idempotency-key': 'rate-1' });
    expect((await rate()).status).toBe(201);
    const again = await rate();
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ rating: 4, comment: 'Quick' });
    const other = await post(gw, `/portal/tickets/${created.id}/rating`, token, { rating: 5 }, { 'x-idempotency-key': 'rate-2' });
    expect((await other.json()).code).toBe('ALREADY_RATED');

    const reopen = () => post(gw, `/portal/tickets/${created.id}/reopen`, token, {}, { 'x-idempotency-key': 'reopen-1' });
    expect((await reopen()).status).toBe(200);
    expect((await reopen()).status).toBe(200);
    expect(backend.calls.reopenTicket).toBe(1);
  });
});
