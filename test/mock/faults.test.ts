import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClock, json, SEED, sdk, useMockServer } from './helpers';

const clock = createClock();
const h = useMockServer({ now: clock.now });
let jane = '';

beforeAll(async () => {
  jane = await h.token();
});

afterEach(async () => {
  expect((await h.control('reset', {})).status).toBe(200);
});

const tickets = (token = jane) => sdk(h.base, '/portal/tickets', { token });

describe('/__mock basics', () => {
  it('GET /__mock/health', async () => {
    const res = await h.control('health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json(res)).toMatchObject({ status: 'ok', brands: [SEED.brandId, SEED.otherBrandId], outage: false });
  });

  it('refuses bad control input with a 400 field error', async () => {
    for (const [path, body] of [
      ['latency', {}],
      ['failures', { status: 500 }],
      ['failures', { path: '/portal/tickets', status: 200 }],
      ['outage', { down: 'yes' }],
      ['variants', { errorBody: 'V9' }],
      ['variants', { colour: 'red' }],
      ['rate-limit-storm', {}],
    ] as const) {
      const res = await h.control(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(await json(res)).toMatchObject({ code: 'VALIDATION_ERROR', errors: [expect.objectContaining({ field: expect.any(String) })] });
    }
  });

  it('reset restores the seed data and clears every fault', async () => {
    await h.admin(`/brands/${SEED.brandId}/tickets/${SEED.tickets.richContent}`, { method: 'PATCH', body: { status: 'closed' } });
    await h.control('latency', { ms: 5 });
    await h.control('variants', { ticketNumber: 'number' });
    await h.control('reset', {});
    const state = await json(await h.control('state'));
    expect(state).toMatchObject({ latency: { globalMs: 0, rules: [] }, failures: [], drops: [], storm: null, outage: null, variants: { ticketNumber: 'string' } });
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}`, { token: jane }));
    expect(t.status).toBe('open');
    expect(t.ticketNumber).toBe('ACME-1001');
  });

  it('mock.faults and /__mock are the same switches', async () => {
    h.server.mock.faults.setVariants({ authorType: 'AGENT' });
    expect((await json(await h.control('variants'))).authorType).toBe('AGENT');
    await h.control('variants', { errorBody: 'V3' });
    expect(h.server.mock.faults.variants.errorBody).toBe('V3');
  });
});

describe('latency', () => {
  it('delays every API request, or only a chosen route', async () => {
    const elapsed = async (fn: () => Promise<unknown>) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    await h.control('latency', { ms: 400 });
    expect(await elapsed(() => tickets())).toBeGreaterThanOrEqual(390);
    await h.control('latency', {}, 'DELETE');
    await h.control('latency', { ms: 400, method: 'GET', path: '/portal/tickets/:id' });
    expect(await elapsed(() => sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}`, { token: jane }))).toBeGreaterThanOrEqual(390);
    // "Not delayed" is read from the switch the pipeline consults, not timed: a busy CI machine can be slow anyway.
    const { faults } = h.server.mock;
    expect(faults.latencyFor('GET', '/portal/tickets', true)).toBe(0);
    expect(faults.latencyFor('POST', `/portal/tickets/${SEED.tickets.richContent}`, true)).toBe(0);
    expect(faults.latencyFor('GET', `/portal/tickets/${SEED.tickets.richContent}`, true)).toBe(400);
  });
});

describe('storage bandwidth', () => {
  it('reads uploads to matching storage paths no faster than the cap, and reset lifts it', async () => {
    const upload = async (filename: string) => {
      const init = await json(
        await sdk(h.base, '/portal/tickets/attachments/pending', {
          method: 'POST',
          token: jane,
          body: { filename, contentType: 'application/octet-stream', size: 96 * 1024 },
        }),
      );
      const start = performance.now();
      const res = await fetch(init.uploadUrl, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: new Uint8Array(96 * 1024),
      });
      expect(res.status).toBe(200);
      return performance.now() - start;
    };
    await h.control('storage-bandwidth', { bytesPerSecond: 64 * 1024, path: '/__storage/*/slow.bin' });
    expect((await json(await h.control('state'))).storageBandwidth).toBeNull();
    // 96 KB at 64 KB/s: at least ~1.5 s (a lower bound, so a slow machine can't fail it).
    expect(await upload('slow.bin')).toBeGreaterThanOrEqual(1200);
    await h.control('reset', {});
    await h.control('storage-bandwidth', { bytesPerSecond: 64 * 1024 });
    expect((await json(await h.control('state'))).storageBandwidth).toBe(64 * 1024);
    expect(await upload('any.bin')).toBeGreaterThanOrEqual(1200);
  });

  it('refuses a cap below 1 KB/s', async () => {
    expect((await h.control('storage-bandwidth', { bytesPerSecond: 10 })).status).toBe(400);
  });
});

describe('injected failures', () => {
  it('an injected 429 always says when to come back (Retry-After)', async () => {
    await h.control('failures', { path: '/portal/tickets', method: 'GET', status: 429, count: 1 });
    const res = await tickets();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('fails a chosen route with a status, for a number of requests, without committing', async () => {
    const { id } = await json(await h.control('failures', { method: 'POST', path: '/portal/tickets', status: 503, count: 2, retryAfterSeconds: 2 }));
    expect(id).toMatch(/^fail_/);
    const before = h.server.mock.store.tickets.size;
    for (let i = 0; i < 2; i++) {
      const res = await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: 'x' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(await json(res)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    }
    expect(h.server.mock.store.tickets.size).toBe(before);
    expect((await tickets()).status).toBe(200);
    expect((await sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: 'x' } })).status).toBe(201);
  });

  it('rate 0 never fails; rate 1 always fails; wildcards match /v1-less paths too', async () => {
    await h.control('failures', { path: '/portal/*', status: 500, rate: 0 });
    expect((await tickets()).status).toBe(200);
    await h.control('failures', {}, 'DELETE');
    await h.control('failures', { path: '/v1/portal/*', status: 502, code: 'UPSTREAM', message: 'Bad gateway (injected)' });
    const res = await sdk(h.url, '/portal/tickets', { token: jane });
    expect(res.status).toBe(502);
    expect(await json(res)).toEqual({ message: 'Bad gateway (injected)', code: 'UPSTREAM' });
  });

  it('can fail storage PUTs (XML, like R2)', async () => {
    await h.control('failures', { method: 'PUT', path: '/__storage/*', status: 500, count: 1 });
    const init = await json(await sdk(h.base, '/portal/tickets/attachments/pending', { method: 'POST', token: jane, body: { filename: 'a.txt', contentType: 'text/plain', size: 1 } }));
    const failed = await fetch(init.uploadUrl, { method: 'PUT', body: 'a', headers: { 'Content-Type': 'text/plain' } });
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toBe('application/xml');
    expect((await fetch(init.uploadUrl, { method: 'PUT', body: 'a', headers: { 'Content-Type': 'text/plain' } })).status).toBe(200);
  });
});

describe('commit then drop the response', () => {
  it('commits the ticket, kills the connection, and an idempotent retry gets the original', async () => {
    await h.control('drop', { method: 'POST', path: '/portal/tickets', count: 1 });
    const before = h.server.mock.store.tickets.size;
    const send = () => sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: 'Lost response' }, headers: { 'X-Idempotency-Key': 'lost-1' } });
    await expect(send()).rejects.toThrow(TypeError);
    expect(h.server.mock.store.tickets.size).toBe(before + 1);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    const ticket = await json(retry);
    expect(ticket.title).toBe('Lost response');
    expect(h.server.mock.store.tickets.size).toBe(before + 1);
  });

  it('drops comments too (count consumed, then normal)', async () => {
    await h.control('drop', { path: '/portal/tickets/:id/comments', count: 2 });
    const reply = () => sdk(h.base, `/portal/tickets/${SEED.tickets.pending}/comments`, { method: 'POST', token: jane, body: { body: 'dropped' } });
    await expect(reply()).rejects.toThrow();
    await expect(reply()).rejects.toThrow();
    expect((await reply()).status).toBe(201);
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.pending}`, { token: jane }));
    expect(t.comments.filter((c: { body: string }) => c.body === 'dropped')).toHaveLength(3);
  });
});

describe('429 storm', () => {
  it('refuses the next N API requests with 429 and Retry-After, then recovers', async () => {
    await h.control('rate-limit-storm', { requests: 2, retryAfterSeconds: 3 });
    for (let i = 0; i < 2; i++) {
      const res = await tickets();
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(await json(res)).toMatchObject({ code: 'RATE_LIMITED' });
    }
    expect((await tickets()).status).toBe(200);
  });

  it('or for a duration (injectable clock); /__mock stays reachable', async () => {
    await h.control('rate-limit-storm', { durationMs: 10_000 });
    expect((await tickets()).status).toBe(429);
    expect((await tickets()).status).toBe(429);
    expect((await h.control('health')).status).toBe(200);
    clock.advance(10_000);
    try {
      expect((await tickets(await h.token())).status).toBe(200);
    } finally {
      clock.advance(-10_000);
    }
  });
});

describe('outage', () => {
  it('drops every API request (a network error) until switched back; storage and /__mock stay up', async () => {
    const { downloadUrl } = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.screenshot}`, { token: jane }));
    await h.control('outage', { down: true });
    await expect(tickets()).rejects.toThrow(TypeError);
    await expect(sdk(h.url, '/portal/tickets', { token: jane })).rejects.toThrow(TypeError);
    await expect(fetch(`${h.base}/portal/tickets`, { method: 'OPTIONS', headers: { Origin: 'https://x.example', 'Access-Control-Request-Method': 'GET' } })).rejects.toThrow();
    expect((await json(await h.control('health'))).outage).toBe(true);
    expect((await fetch(downloadUrl)).status).toBe(200);
    await h.control('outage', { down: false });
    expect((await tickets()).status).toBe(200);
  });

  it('or answers 503 JSON', async () => {
    await h.control('outage', { down: true, mode: '503' });
    const res = await tickets();
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json(res)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});

describe('expire all tokens now', () => {
  it('401s tokens issued before the switch', async () => {
    const token = await h.token();
    await h.control('expire-tokens', {});
    expect((await tickets(token)).status).toBe(401);
    jane = await h.token();
    expect((await tickets()).status).toBe(200);
    expect((await json(await h.control('state'))).tokensExpiredAt).toBe(new Date(clock.t).toISOString());
  });
});

describe('variants', () => {
  const notFound = () => sdk(h.base, '/portal/tickets/tkt_nope', { token: jane });
  const invalid = () => sdk(h.base, '/portal/tickets', { method: 'POST', token: jane, body: { title: '' } });

  it('V2 names the default flat envelope', async () => {
    await h.control('variants', { errorBody: 'V1' });
    expect((await json(await h.control('variants', { errorBody: 'V2' }))).errorBody).toBe('default');
    expect(await json(await notFound())).toEqual({ message: 'Ticket tkt_nope was not found.', code: 'TICKET_NOT_FOUND' });
  });

  it('error body default / V1 / V3 / V5', async () => {
    expect(await json(await notFound())).toEqual({ message: 'Ticket tkt_nope was not found.', code: 'TICKET_NOT_FOUND' });
    await h.control('variants', { errorBody: 'V1' });
    expect(await json(await notFound())).toEqual({ error: { code: 'TICKET_NOT_FOUND', message: 'Ticket tkt_nope was not found.', details: null } });
    expect(await json(await invalid())).toEqual({
      error: { code: 'VALIDATION_ERROR', message: 'Title is required.', details: { errors: [{ field: 'title', message: 'Title is required.' }] } },
    });
    await h.control('variants', { errorBody: 'V3' });
    expect(await json(await notFound())).toEqual({ statusCode: 404, message: 'Ticket tkt_nope was not found.', error: 'Not Found' });
    await h.control('variants', { errorBody: 'V5' });
    expect(await json(await invalid())).toEqual({ statusCode: 400, message: ['Title is required.'], error: 'Bad Request' });
    const unauthorized = await sdk(h.base, '/portal/tickets');
    expect(unauthorized.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json(unauthorized)).toMatchObject({ statusCode: 401, message: [expect.any(String)] });
  });

  it('ticketNumber as a number', async () => {
    await h.control('variants', { ticketNumber: 'number' });
    const { data } = await json(await tickets());
    expect(data.every((t: { ticketNumber: unknown }) => typeof t.ticketNumber === 'number')).toBe(true);
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}`, { token: jane }));
    expect(t.ticketNumber).toBe(1001);
  });

  it('authorType AGENT', async () => {
    await h.control('variants', { authorType: 'AGENT' });
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}`, { token: jane }));
    expect(new Set(t.comments.map((c: { authorType: string }) => c.authorType))).toEqual(new Set(['AGENT', 'CUSTOMER']));
  });

  it('attachment-with-URL shapes: flat and nested', async () => {
    const get = async () => json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}/attachments/${SEED.attachments.screenshot}`, { token: jane }));
    await h.control('variants', { attachmentShape: 'flat' });
    const flat = await get();
    expect(flat).not.toHaveProperty('attachment');
    expect(flat).toMatchObject({ id: SEED.attachments.screenshot, downloadUrl: expect.any(String), expiresAt: expect.any(String) });
    await h.control('variants', { attachmentShape: 'nested' });
    const nested = await get();
    expect(Object.keys(nested).sort()).toEqual(['attachment', 'downloadUrl']);
    expect(nested.attachment.id).toBe(SEED.attachments.screenshot);
  });

  it('show SYSTEM comments (and count them)', async () => {
    await h.control('variants', { showSystemComments: true });
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}`, { token: jane }));
    expect(t.comments.map((c: { authorType: string }) => c.authorType)).toContain('SYSTEM');
    expect(t.commentCount).toBe(5);
    // Internal and ticket-body comments stay hidden.
    expect(JSON.stringify(t)).not.toContain('ENG-4821');
    expect(JSON.stringify(t)).not.toContain('cmt_jane_01_body');
  });

  it('reply on closed: allow (reopens)', async () => {
    await h.control('variants', { replyOnClosed: 'allow' });
    const res = await sdk(h.base, `/portal/tickets/${SEED.tickets.closed}/comments`, { method: 'POST', token: jane, body: { body: 'One more thing' } });
    expect(res.status).toBe(201);
    const t = await json(await sdk(h.base, `/portal/tickets/${SEED.tickets.closed}`, { token: jane }));
    expect(t.status).toBe('open');
  });
});
