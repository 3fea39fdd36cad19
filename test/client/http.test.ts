import { describe, expect, it, vi } from 'vitest';
import { HttpResponse, delay } from 'msw';
import { PortalApiError, createPortalClient, isAbortError } from '../../src/client';
import { joinUrl } from '../../src/client/http';
import { BASE, calls, client, json, page, route, server, settle, ticket, useMsw } from './helpers';

useMsw();

const fail = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected a rejection');
  },
  (e: unknown) => e as PortalApiError,
);

const attachment = { id: 'att_1', filename: 'a.txt', contentType: 'text/plain', size: 3, status: 'UPLOADED', createdAt: 'x' };

describe('URLs', () => {
  it('keeps /v1 with or without a trailing slash, and drops empty query values', () => {
    expect(joinUrl('https://h/v1', 'portal/tickets')).toBe('https://h/v1/portal/tickets');
    expect(joinUrl('https://h/v1/', '/portal/tickets')).toBe('https://h/v1/portal/tickets');
    expect(joinUrl('/api/v1//', 'portal/x', { a: 1, b: undefined, c: null, d: '' })).toBe('/api/v1/portal/x?a=1');
  });

  it('calls the default base URL when none is given', async () => {
    server.use(route('get', 'https://dispatch-tickets-api.onrender.com/v1/portal/tickets', () => json(page([]))));
    await createPortalClient({ token: 't' }).listTickets();
    expect(calls[0]?.url.href).toBe('https://dispatch-tickets-api.onrender.com/v1/portal/tickets');
  });

  it('works with a trailing-slash base', async () => {
    server.use(route('get', 'portal/tickets', () => json(page([]))));
    await client({ baseUrl: `${BASE}/` }).listTickets();
    expect(calls[0]?.url.pathname).toBe('/v1/portal/tickets');
  });

  it('encodes path ids', async () => {
    server.use(route('get', 'portal/tickets/*', () => json({ ...ticket(), comments: [] })));
    await client().getTicket('a/b c?d');
    expect(calls[0]?.url.pathname).toBe('/v1/portal/tickets/a%2Fb%20c%3Fd');
  });

  it('sends list params, clamps limit to 50 and omits what is unset', async () => {
    server.use(route('get', 'portal/tickets', () => json(page([]))));
    const c = client();
    await c.listTickets({ status: 'open', sort: 'updatedAt', order: 'asc', limit: 80, cursor: 'cur_1' });
    await c.listTickets({ limit: 0 });
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({
      status: 'open',
      sort: 'updatedAt',
      order: 'asc',
      limit: '50',
      cursor: 'cur_1',
    });
    expect(calls[1]?.url.search).toBe('');
  });
});

describe('headers and bodies', () => {
  it('GET carries Authorization, JSON Content-Type and Accept, and no body', async () => {
    server.use(route('get', 'portal/tickets', () => json(page([]))));
    await client().listTickets();
    const h = calls[0]!.headers;
    expect(h.get('authorization')).toBe('Bearer tok_static');
    expect(h.get('content-type')).toBe('application/json');
    expect(h.get('accept')).toBe('application/json');
    expect(h.get('x-idempotency-key')).toBeNull();
    expect(calls[0]!.body).toBe('');
  });

  it('confirm sends the text {}', async () => {
    server.use(
      route('post', 'portal/tickets/attachments/pending/:id/confirm', () => json(attachment)),
      route('post', 'portal/tickets/:t/attachments/:id/confirm', () => json(attachment)),
    );
    await client().confirmPendingUpload('att_1');
    await client().confirmUpload('tkt_1', 'att_1');
    expect(calls.map((c) => [c.url.pathname, c.body, c.headers.get('content-type')])).toEqual([
      ['/v1/portal/tickets/attachments/pending/att_1/confirm', '{}', 'application/json'],
      ['/v1/portal/tickets/tkt_1/attachments/att_1/confirm', '{}', 'application/json'],
    ]);
  });

  it('createTicket leaves out an empty body and attachment list', async () => {
    server.use(route('post', 'portal/tickets', () => json(ticket(), { status: 201 })));
    await client().createTicket({ title: 'Hi', body: '', attachmentIds: [] });
    await client().createTicket({ title: 'Hi', body: 'Text', attachmentIds: ['att_1'] });
    expect(JSON.parse(calls[0]!.body)).toEqual({ title: 'Hi' });
    expect(JSON.parse(calls[1]!.body)).toEqual({ title: 'Hi', body: 'Text', attachmentIds: ['att_1'] });
  });

  it('addComment and initiate send their JSON bodies', async () => {
    server.use(
      route('post', 'portal/tickets/:t/comments', () => json({ id: 'c', body: 'Hello', authorType: 'CUSTOMER', createdAt: 'x' })),
      route('post', 'portal/tickets/attachments/pending', () =>
        json({ attachment: { ...attachment, status: 'PENDING' }, uploadUrl: 'https://s/u', expiresAt: 'x' }, { status: 201 }),
      ),
      route('post', 'portal/tickets/:t/attachments', () =>
        json({ attachment: { ...attachment, status: 'PENDING' }, uploadUrl: 'https://s/u', expiresAt: 'x' }, { status: 201 }),
      ),
    );
    const c = client();
    await c.addComment('tkt_1', 'Hello');
    await c.initiatePendingUpload({ filename: 'a.txt', contentType: 'text/plain', size: 3 });
    const target = await c.initiateUpload('tkt_1', { filename: 'a.txt', contentType: 'text/plain', size: 3 });
    expect(calls.map((c) => JSON.parse(c.body))).toEqual([
      { body: 'Hello' },
      { filename: 'a.txt', contentType: 'text/plain', size: 3 },
      { filename: 'a.txt', contentType: 'text/plain', size: 3 },
    ]);
    expect(calls[2]?.url.pathname).toBe('/v1/portal/tickets/tkt_1/attachments');
    expect(target).toMatchObject({ uploadUrl: 'https://s/u', attachment: { id: 'att_1', status: 'pending' } });
  });
});

describe('2xx handling', () => {
  it('accepts any 2xx', async () => {
    server.use(route('get', 'portal/tickets', () => json(page([ticket()]), { status: 203 })));
    expect((await client().listTickets()).tickets).toHaveLength(1);
  });

  it('a 204 on confirm is a success', async () => {
    server.use(route('post', 'portal/tickets/attachments/pending/:id/confirm', () => new HttpResponse(null, { status: 204 })));
    expect(await client().confirmPendingUpload('att_9')).toMatchObject({ id: 'att_9', status: 'uploaded' });
  });

  it('a 2xx that is not JSON is an invalid_response error', async () => {
    server.use(route('get', 'portal/tickets', () => new HttpResponse('<html>login</html>', { headers: { 'Content-Type': 'text/html' } })));
    const e = await fail(client().listTickets());
    expect(e).toBeInstanceOf(PortalApiError);
    expect(e).toMatchObject({ kind: 'invalid_response', code: 'INVALID_RESPONSE' });
  });

  it('invalid JSON is an invalid_response error, never a raw SyntaxError', async () => {
    server.use(route('get', 'portal/tickets', () => new HttpResponse('{"data": [', { headers: { 'Content-Type': 'application/json' } })));
    const e = await fail(client().listTickets());
    expect(e).toMatchObject({ kind: 'invalid_response' });
    expect(e.cause).toBeInstanceOf(SyntaxError);
    expect(calls).toHaveLength(1);
  });

  it('an empty 2xx where an object is needed is an invalid_response error', async () => {
    server.use(route('get', 'portal/tickets/:id', () => new HttpResponse(null, { status: 200 })));
    expect(await fail(client().getTicket('t'))).toMatchObject({ kind: 'invalid_response' });
  });
});

describe('fetch', () => {
  it('calls a custom fetch as a plain function (no "Illegal invocation")', async () => {
    const thisValues: unknown[] = [];
    const custom = function (this: unknown, _input: RequestInfo | URL, _init?: RequestInit) {
      thisValues.push(this);
      return Promise.resolve(new Response(JSON.stringify(page([])), { headers: { 'Content-Type': 'application/json' } }));
    };
    await client({ fetch: custom as typeof fetch }).listTickets();
    expect(thisValues).toEqual([undefined]);
  });

  it('looks up the global fetch at call time', async () => {
    const c = client();
    const spy = vi.fn(async () => new Response(JSON.stringify(page([])), { headers: { 'Content-Type': 'application/json' } }));
    const original = globalThis.fetch;
    globalThis.fetch = spy as typeof fetch;
    try {
      await c.listTickets();
    } finally {
      globalThis.fetch = original;
    }
    expect(spy).toHaveBeenCalledOnce();
  });
});

describe('retries', () => {
  const flaky = (path: string, method: 'get' | 'post', failures: (() => Response)[], ok: () => Response) =>
    route(method, path, ({ n }) => failures[n - 1]?.() ?? ok());

  it.each([429, 502, 503, 504])('retries a GET after %i', async (status) => {
    server.use(flaky('portal/tickets', 'get', [() => json({ message: 'x' }, { status })], () => json(page([]))));
    await client().listTickets();
    expect(calls).toHaveLength(2);
  });

  it('does not retry a GET after 500 (or any other status)', async () => {
    server.use(flaky('portal/tickets', 'get', [() => json({ message: 'boom' }, { status: 500 })], () => json(page([]))));
    expect(await fail(client().listTickets())).toMatchObject({ status: 500 });
    expect(calls).toHaveLength(1);
  });

  it('retries network errors, and gives up after `retries` (default 2) with the last error', async () => {
    server.use(route('get', 'portal/tickets', () => HttpResponse.error()));
    expect(await fail(client().listTickets())).toMatchObject({ kind: 'network' });
    expect(calls).toHaveLength(3);
  });

  it('honours a custom retry count and retry: false', async () => {
    server.use(route('get', 'portal/tickets', () => json({}, { status: 503 })));
    await fail(client({ retry: { retries: 4, baseDelayMs: 1, maxDelayMs: 1 } }).listTickets());
    expect(calls).toHaveLength(5);
    calls.length = 0;
    await fail(client({ retry: false }).listTickets());
    expect(calls).toHaveLength(1);
  });

  it('does not retry a POST without an idempotency key', async () => {
    server.use(route('post', 'portal/tickets/attachments/pending/:id/confirm', () => json({}, { status: 503 })));
    expect(await fail(client().confirmPendingUpload('a'))).toMatchObject({ status: 503 });
    expect(calls).toHaveLength(1);
  });

  it('retries a keyed send after a burst of 500s, three times with growing jittered backoff, under one key', async () => {
    vi.useFakeTimers();
    const times: number[] = [];
    const boom = () => {
      times.push(Date.now());
      return json({ message: 'boom' }, { status: 500 });
    };
    server.use(flaky('portal/tickets/:t/comments', 'post', [boom, boom, boom], () => {
      times.push(Date.now());
      return json({ id: 'c', body: 'b', authorType: 'CUSTOMER' });
    }));
    const sent = client({ retry: {} }).addComment('tkt_1', 'b', { idempotencyKey: 'reply-1' });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(settle(sent)).resolves.toMatchObject({ id: 'c' });
    expect(calls.map((c) => c.headers.get('x-idempotency-key'))).toEqual(['reply-1', 'reply-1', 'reply-1', 'reply-1']);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Caps 500, 1000, 2000 ms; each delay lies in [cap/2, cap].
    [500, 1_000, 2_000].forEach((cap, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(cap / 2);
      expect(gaps[i]).toBeLessThanOrEqual(cap);
    });
  });

  it('gives a keyed send up after a fourth 500 with the error, and never retries a keyless POST on 500', async () => {
    vi.useFakeTimers();
    server.use(
      route('post', 'portal/tickets', () => json({ message: 'boom' }, { status: 500 })),
      route('post', 'portal/tickets/attachments/pending/:id/confirm', () => json({}, { status: 500 })),
    );
    const created = fail(client().createTicket({ title: 'T' }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await created).toMatchObject({ status: 500, code: 'SERVER_ERROR' });
    expect(calls).toHaveLength(4);
    calls.length = 0;
    expect(await fail(client().confirmPendingUpload('a'))).toMatchObject({ status: 500 });
    expect(calls).toHaveLength(1);
  });

  it('retries createTicket and addComment with one generated key for all attempts', async () => {
    server.use(
      flaky('portal/tickets', 'post', [() => json({}, { status: 503 }), () => HttpResponse.error()], () => json(ticket(), { status: 201 })),
      flaky('portal/tickets/:t/comments', 'post', [() => json({}, { status: 502 })], () => json({ id: 'c', body: 'b', authorType: 'CUSTOMER' })),
    );
    const c = client();
    await c.createTicket({ title: 'T' });
    await c.addComment('tkt_1', 'b');
    const keys = calls.map((call) => call.headers.get('x-idempotency-key'));
    expect(keys).toHaveLength(5);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys[4]).toBe(keys[3]);
  });

  it("uses the caller's idempotency key", async () => {
    server.use(flaky('portal/tickets', 'post', [() => json({}, { status: 503 })], () => json(ticket(), { status: 201 })));
    await client().createTicket({ title: 'T' }, { idempotencyKey: 'draft-42' });
    expect(calls.map((c) => c.headers.get('x-idempotency-key'))).toEqual(['draft-42', 'draft-42']);
  });

  it('a new call gets a new generated key', async () => {
    server.use(route('post', 'portal/tickets', () => json(ticket(), { status: 201 })));
    const c = client();
    await c.createTicket({ title: 'T' });
    await c.createTicket({ title: 'T' });
    expect(calls[0]!.headers.get('x-idempotency-key')).not.toBe(calls[1]!.headers.get('x-idempotency-key'));
  });

  it('waits for Retry-After before retrying', async () => {
    vi.useFakeTimers();
    server.use(
      flaky('portal/tickets', 'get', [() => json({ message: 'slow' }, { status: 429, headers: { 'Retry-After': '2' } })], () => json(page([]))),
    );
    const result = client({ retry: { baseDelayMs: 1 } }).listTickets();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(1_900);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(2);
    await expect(settle(result)).resolves.toMatchObject({ tickets: [] });
  });

  it('throws at once when Retry-After exceeds the cap, keeping retryAfter', async () => {
    // Fake timers that never advance: the call can only settle if it does not wait.
    vi.useFakeTimers();
    server.use(route('get', 'portal/tickets', () => json({ message: 'slow' }, { status: 429, headers: { 'Retry-After': '120' } })));
    const e = await fail(client().listTickets());
    expect(e).toMatchObject({ status: 429, retryAfter: 120, code: 'RATE_LIMITED' });
    expect(calls).toHaveLength(1);
  });

  it('a lower maxRetryAfterMs applies too', async () => {
    server.use(route('get', 'portal/tickets', () => json({}, { status: 429, headers: { 'Retry-After': '3' } })));
    expect(await fail(client({ retry: { maxRetryAfterMs: 2_000 } }).listTickets())).toMatchObject({ retryAfter: 3 });
    expect(calls).toHaveLength(1);
  });

  it('backs off exponentially with jitter, capped at maxDelayMs', async () => {
    vi.useFakeTimers();
    const times: number[] = [];
    server.use(
      route('get', 'portal/tickets', () => {
        times.push(Date.now());
        return json({}, { status: 503 });
      }),
    );
    const result = fail(client({ retry: { retries: 3, baseDelayMs: 1_000, maxDelayMs: 3_000 } }).listTickets());
    await vi.advanceTimersByTimeAsync(20_000);
    await result;
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toHaveLength(3);
    // Delays lie in [cap/2, cap] for caps 1000, 2000, 3000 (capped from 4000).
    expect(gaps[0]).toBeGreaterThanOrEqual(500);
    expect(gaps[0]).toBeLessThanOrEqual(1_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_000);
    expect(gaps[1]).toBeLessThanOrEqual(2_000);
    expect(gaps[2]).toBeGreaterThanOrEqual(1_500);
    expect(gaps[2]).toBeLessThanOrEqual(3_000);
  });
});

describe('timeouts and aborts', () => {
  it('times out each attempt and retries a GET', async () => {
    // Fake timers: the timeout is measured in virtual time, however slow the machine.
    vi.useFakeTimers();
    server.use(
      route('get', 'portal/tickets', async ({ n }) => {
        if (n === 1) await delay(5_000);
        return json(page([]));
      }),
    );
    await settle(client({ timeoutMs: 300 }).listTickets());
    expect(calls).toHaveLength(2);
  });

  it('a timeout is kind timeout (and a POST without key is not retried)', async () => {
    server.use(
      route('post', 'portal/tickets/attachments/pending/:id/confirm', async () => {
        await delay(1_000);
        return json(attachment);
      }),
    );
    const e = await fail(client({ timeoutMs: 50 }).confirmPendingUpload('a'));
    expect(e).toMatchObject({ kind: 'timeout', code: 'TIMEOUT', status: null });
    expect(calls).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    server.use(route('get', 'portal/tickets', () => json(page([]))));
    const e = await fail(client().listTickets({}, { signal: AbortSignal.abort() }));
    expect(isAbortError(e)).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it('an abort in flight rejects as aborted and is never retried', async () => {
    // Fake timers: after the abort, running every pending timer (a backoff, the
    // handler's delay) proves no retry follows, without a wall-clock wait.
    vi.useFakeTimers();
    server.use(
      route('get', 'portal/tickets', async () => {
        await delay(1_000);
        return json(page([]));
      }),
    );
    const controller = new AbortController();
    const result = fail(client().listTickets({}, { signal: controller.signal }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.abort();
    expect(await result).toMatchObject({ kind: 'aborted', code: 'ABORTED' });
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(1);
  });

  it('an abort during backoff rejects at once', async () => {
    // Fake timers that never advance: the 30 s backoff can only end through the abort.
    vi.useFakeTimers();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    server.use(route('get', 'portal/tickets', () => json({}, { status: 429, headers: { 'Retry-After': '30' } })));
    const controller = new AbortController();
    const result = fail(client({ timeoutMs: 10_000 }).listTickets({}, { signal: controller.signal }));
    // Abort once the client sleeps on the Retry-After (its only 30 s timer).
    await vi.waitFor(() => expect(timers.mock.calls.some(([, ms]) => ms === 30_000)).toBe(true));
    controller.abort();
    expect(await result).toMatchObject({ kind: 'aborted' });
    expect(calls).toHaveLength(1);
  });

  it('timeout, network failure and abort are distinguishable', async () => {
    server.use(
      route('get', 'portal/tickets/slow', async () => {
        await delay(1_000);
        return json({});
      }),
      route('get', 'portal/tickets/down', () => HttpResponse.error()),
    );
    const c = client({ timeoutMs: 30, retry: false });
    const kinds = await Promise.all([
      fail(c.getTicket('slow')),
      fail(c.getTicket('down')),
      fail(client({ retry: false }).getTicket('slow', { signal: AbortSignal.timeout(5) })),
    ]);
    expect(kinds.map((e) => e.kind)).toEqual(['timeout', 'network', 'aborted']);
  });
});
