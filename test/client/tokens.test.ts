import { describe, expect, it, vi } from 'vitest';
import { delay } from 'msw';
import { PortalApiError, createPortalClient, isSessionExpiredError, type TokenResult } from '../../src/client';
import { BASE, bearer, calls, client, json, jwt, page, route, server, settle, useMsw } from './helpers';

useMsw();

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T12:00:00.000Z');

/** An API whose tickets endpoint accepts only the tokens in `valid`. */
function api(valid: Set<string>) {
  server.use(
    route('get', 'portal/tickets', ({ request }) =>
      valid.has(request.headers.get('authorization')?.slice(7) ?? '')
        ? json(page([]))
        : json({ message: 'Invalid or expired token', code: 'UNAUTHORIZED' }, { status: 401 }),
    ),
  );
}

/** A getToken that hands out tok_1, tok_2, … (each valid on the API), living `lifetimeMs`. */
function tokenSource(valid: Set<string>, lifetimeMs = 60 * MIN, opts: { wait?: number } = {}) {
  let n = 0;
  return vi.fn(async (): Promise<TokenResult> => {
    if (opts.wait) await delay(opts.wait);
    const token = `tok_${++n}`;
    valid.add(token);
    return { token, expiresAt: new Date(Date.now() + lifetimeMs).toISOString(), customerId: 'cus_1', email: 'a@b.c', name: 'Ann' };
  });
}

const fail = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected a rejection');
  },
  (e: unknown) => e as PortalApiError,
);

const ticketCalls = () => calls.filter((c) => c.url.pathname === '/v1/portal/tickets');

describe('options', () => {
  it('requires exactly one of token and getToken', () => {
    // The types refuse both misuses too; JavaScript callers get a clear error.
    // @ts-expect-error neither token nor getToken
    expect(() => createPortalClient({})).toThrow(/either `token`.*or `getToken`/);
    expect(() => createPortalClient({ token: '' })).toThrow(TypeError);
    // @ts-expect-error both token and getToken
    expect(() => createPortalClient({ token: 't', getToken: () => 't' })).toThrow(/not both/);
  });
});

describe('getToken', () => {
  it('is called lazily, once, and fills the session snapshot (without the token)', async () => {
    const valid = new Set<string>();
    api(valid);
    const getToken = tokenSource(valid);
    const c = client({ getToken });
    expect(getToken).not.toHaveBeenCalled();
    expect(c.session.getSnapshot()).toMatchObject({ status: 'idle', customer: null, expiresAt: null });
    await c.listTickets();
    await c.listTickets();
    expect(getToken).toHaveBeenCalledOnce();
    const snap = c.session.getSnapshot();
    expect(snap).toMatchObject({ status: 'ready', customer: { id: 'cus_1', email: 'a@b.c', name: 'Ann' }, error: null });
    expect(snap.expiresAt).toBeGreaterThan(Date.now() + 59 * MIN);
    expect(JSON.stringify(snap)).not.toContain('tok_1');
    expect(bearer(calls[0])).toBe('tok_1');
  });

  it('ten concurrent first requests share one getToken call', async () => {
    const valid = new Set<string>();
    api(valid);
    const getToken = tokenSource(valid, 60 * MIN, { wait: 30 });
    const c = client({ getToken });
    await Promise.all(Array.from({ length: 10 }, () => c.listTickets()));
    expect(getToken).toHaveBeenCalledOnce();
    expect(ticketCalls().map(bearer)).toEqual(Array(10).fill('tok_1'));
  });

  it('ten concurrent requests near expiry share one renewal and all use the new token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const valid = new Set<string>();
    api(valid);
    const getToken = tokenSource(valid, 60 * MIN, { wait: 30 });
    const c = client({ getToken });
    await c.listTickets();
    vi.setSystemTime(T0 + 50 * MIN);
    calls.length = 0;
    await Promise.all(Array.from({ length: 10 }, () => c.listTickets()));
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(ticketCalls().map(bearer)).toEqual(Array(10).fill('tok_2'));
  });

  it('a failed first getToken rejects the call without expiring a session that never began', async () => {
    const onSessionExpired = vi.fn();
    const getToken = vi.fn().mockRejectedValueOnce(new Error('backend down')).mockResolvedValue('tok_ok');
    api(new Set(['tok_ok']));
    const c = client({ getToken, onSessionExpired });
    const e = await fail(c.listTickets());
    expect(e).toMatchObject({ kind: 'session', code: 'TOKEN_RENEWAL_FAILED' });
    expect((e.cause as Error).message).toBe('backend down');
    expect(isSessionExpiredError(e)).toBe(false);
    expect(c.session.getSnapshot()).toMatchObject({ status: 'idle', error: e });
    expect(onSessionExpired).not.toHaveBeenCalled();
    await c.listTickets();
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('a getToken that never settles times out', async () => {
    const c = client({ getToken: () => new Promise<string>(() => {}), timeoutMs: 30 });
    expect(await fail(c.listTickets())).toMatchObject({ kind: 'timeout' });
  });

  it('a getToken that returns no token is an error, not a "Bearer undefined"', async () => {
    const c = client({ getToken: () => ({}) as never });
    expect(await fail(c.listTickets())).toMatchObject({ code: 'INVALID_TOKEN' });
    expect(calls).toHaveLength(0);
  });

  it('an abort while waiting for a renewal rejects only that caller', async () => {
    const valid = new Set<string>();
    api(valid);
    const c = client({ getToken: tokenSource(valid, 60 * MIN, { wait: 100 }) });
    const controller = new AbortController();
    const waiting = fail(c.listTickets({}, { signal: controller.signal }));
    const other = c.listTickets();
    controller.abort();
    expect(await waiting).toMatchObject({ kind: 'aborted' });
    await expect(other).resolves.toBeDefined();
    expect(ticketCalls()).toHaveLength(1);
  });
});

describe('401 handling', () => {
  it('renews once and replays the request once', async () => {
    const valid = new Set<string>();
    api(valid);
    const getToken = tokenSource(valid);
    const c = client({ getToken });
    await c.listTickets();
    valid.delete('tok_1'); // revoked server-side
    await c.listTickets();
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(ticketCalls().map(bearer)).toEqual(['tok_1', 'tok_1', 'tok_2']);
  });

  it('the replay reuses the idempotency key', async () => {
    const valid = new Set<string>();
    const getToken = tokenSource(valid);
    server.use(
      route('post', 'portal/tickets', ({ request }) =>
        valid.has(bearer({ headers: request.headers } as never) ?? '') && request.headers.get('authorization') !== 'Bearer tok_1'
          ? json({ id: 't' }, { status: 201 })
          : json({ message: 'expired' }, { status: 401 }),
      ),
    );
    await client({ getToken }).createTicket({ title: 'x' });
    expect(calls.map(bearer)).toEqual(['tok_1', 'tok_2']);
    expect(calls[0]!.headers.get('x-idempotency-key')).toBeTruthy();
    expect(calls[1]!.headers.get('x-idempotency-key')).toBe(calls[0]!.headers.get('x-idempotency-key'));
  });

  it('ten concurrent 401s cause one renewal and one replay each', async () => {
    const valid = new Set<string>();
    api(valid);
    const getToken = tokenSource(valid, 60 * MIN, { wait: 20 });
    const c = client({ getToken });
    await c.listTickets();
    valid.clear();
    calls.length = 0;
    await Promise.all(Array.from({ length: 10 }, () => c.listTickets()));
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(ticketCalls().filter((x) => bearer(x) === 'tok_1')).toHaveLength(10);
    expect(ticketCalls().filter((x) => bearer(x) === 'tok_2')).toHaveLength(10);
  });

  it('a 401 arriving after another request already renewed just replays with the new token', async () => {
    const valid = new Set<string>();
    const getToken = tokenSource(valid);
    server.use(
      route('get', 'portal/tickets/:id', async ({ request, params }) => {
        if (params.id === 'slow') await delay(500);
        return valid.has(request.headers.get('authorization')?.slice(7) ?? '')
          ? json({ id: params.id, comments: [] })
          : json({ message: 'expired' }, { status: 401 });
      }),
    );
    const c = client({ getToken });
    await c.session.renew();
    valid.clear();
    const slow = c.getTicket('slow');
    await c.getTicket('fast'); // 401 → renewal → replay, while "slow" is still in flight
    await slow;
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(calls.map((x) => `${x.url.pathname.split('/').pop()} ${bearer(x)}`)).toEqual([
      'slow tok_1',
      'fast tok_1',
      'fast tok_2',
      'slow tok_2',
    ]);
  });

  describe('a second 401', () => {
    async function expiredClient() {
      const onSessionExpired = vi.fn();
      let n = 0;
      const getToken = vi.fn(async () => `tok_${++n}`);
      server.use(route('get', 'portal/tickets', () => json({ message: 'no' }, { status: 401 })));
      const c = client({ getToken, onSessionExpired });
      const errors = await Promise.all([fail(c.listTickets()), fail(c.listTickets()), fail(c.listTickets())]);
      return { c, onSessionExpired, getToken, errors };
    }

    it('expires the session: typed error, onSessionExpired once, status expired', async () => {
      const { c, onSessionExpired, errors } = await expiredClient();
      for (const e of errors) {
        expect(e).toMatchObject({ kind: 'session', code: 'SESSION_EXPIRED', status: 401 });
        expect(isSessionExpiredError(e)).toBe(true);
      }
      expect(onSessionExpired).toHaveBeenCalledOnce();
      expect(onSessionExpired).toHaveBeenCalledWith(errors[0]);
      expect(c.session.getSnapshot()).toMatchObject({ status: 'expired', error: errors[0] });
    });

    it('then fails fast: no requests, no renewals', async () => {
      const { c, onSessionExpired, getToken } = await expiredClient();
      const before = { calls: calls.length, getToken: getToken.mock.calls.length };
      const e = await fail(c.getTicket('t'));
      expect(isSessionExpiredError(e)).toBe(true);
      expect(calls.length).toBe(before.calls);
      expect(getToken.mock.calls.length).toBe(before.getToken);
      expect(onSessionExpired).toHaveBeenCalledOnce();
    });

    it('recovers through session.renew(), and a later expiry is a new episode', async () => {
      const { c, onSessionExpired, getToken } = await expiredClient();
      const valid = new Set<string>();
      api(valid);
      getToken.mockImplementation(async () => {
        valid.add('tok_fresh');
        return 'tok_fresh';
      });
      await c.session.renew();
      expect(c.session.getSnapshot()).toMatchObject({ status: 'ready', error: null });
      await c.listTickets();
      expect(bearer(calls.at(-1))).toBe('tok_fresh');
      valid.clear();
      getToken.mockResolvedValue('tok_dead');
      expect(isSessionExpiredError(await fail(c.listTickets()))).toBe(true);
      expect(onSessionExpired).toHaveBeenCalledTimes(2);
    });

    it('recovers through session.setToken()', async () => {
      const { c } = await expiredClient();
      api(new Set(['tok_new']));
      c.session.setToken({ token: 'tok_new', customerId: 'cus_9', email: 'z@z.z' });
      expect(c.session.getSnapshot()).toMatchObject({ status: 'ready', customer: { id: 'cus_9' } });
      await c.listTickets();
      expect(bearer(calls.at(-1))).toBe('tok_new');
    });

    it('a failed session.renew() stays expired and rejects with the session error', async () => {
      const { c, getToken, onSessionExpired } = await expiredClient();
      getToken.mockRejectedValue(new Error('still down'));
      const e = await fail(c.session.renew());
      expect(isSessionExpiredError(e)).toBe(true);
      expect(c.session.getSnapshot().status).toBe('expired');
      expect(onSessionExpired).toHaveBeenCalledOnce();
    });
  });

  it('a renewal that fails after a 401 expires the session', async () => {
    const onSessionExpired = vi.fn();
    const getToken = vi.fn().mockResolvedValueOnce('tok_1').mockRejectedValue(new Error('backend down'));
    api(new Set());
    const c = client({ getToken, onSessionExpired });
    const e = await fail(c.listTickets());
    expect(e).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect((e.cause as Error).message).toBe('backend down');
    expect(onSessionExpired).toHaveBeenCalledOnce();
    expect(ticketCalls()).toHaveLength(1);
  });

  it('a throwing onSessionExpired does not change the rejection', async () => {
    const thrown: unknown[] = [];
    const onError = (e: unknown) => thrown.push(e);
    process.on('uncaughtException', onError);
    try {
      api(new Set());
      const c = client({ onSessionExpired: () => {
        throw new Error('bad callback');
      } });
      server.use(route('post', 'portal/refresh', () => json({ message: 'no' }, { status: 401 })));
      const e = await fail(c.listTickets());
      expect(isSessionExpiredError(e)).toBe(true);
      await vi.waitFor(() => expect(thrown).toHaveLength(1));
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});

describe('static token and POST /portal/refresh', () => {
  const refreshed = (token: string, lifetimeMs = 60 * MIN) => ({
    token,
    expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    customerId: 'cus_1',
    email: 'a@b.c',
    name: null,
  });

  it('on 401, refreshes with the current token and replays', async () => {
    const valid = new Set(['tok_new']);
    api(valid);
    server.use(route('post', 'portal/refresh', () => json(refreshed('tok_new'), { status: 201 })));
    const c = client({ token: 'tok_old' });
    await c.listTickets();
    expect(calls.map((x) => [x.method, x.url.pathname, bearer(x)])).toEqual([
      ['GET', '/v1/portal/tickets', 'tok_old'],
      ['POST', '/v1/portal/refresh', 'tok_old'],
      ['GET', '/v1/portal/tickets', 'tok_new'],
    ]);
    expect(calls[1]!.body).toBe('');
    expect(c.session.getSnapshot().customer).toEqual({ id: 'cus_1', email: 'a@b.c', name: null });
  });

  it('renews ahead of the JWT exp through /portal/refresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const first = jwt({ sub: 'cus_1', iat: T0 / 1000, exp: T0 / 1000 + 3600 });
    api(new Set([first, 'tok_2']));
    server.use(route('post', 'portal/refresh', () => json(refreshed('tok_2'))));
    const c = client({ token: first });
    expect(c.session.getSnapshot()).toMatchObject({ status: 'ready', expiresAt: T0 + 60 * MIN });
    vi.setSystemTime(T0 + 47 * MIN);
    await c.listTickets();
    vi.setSystemTime(T0 + 49 * MIN);
    await c.listTickets();
    expect(calls.map((x) => `${x.method} ${x.url.pathname} ${bearer(x) === first ? 'jwt' : bearer(x)}`)).toEqual([
      'GET /v1/portal/tickets jwt',
      'POST /v1/portal/refresh jwt',
      'GET /v1/portal/tickets tok_2',
    ]);
  });

  it('client.refresh() returns the new token response and switches to it', async () => {
    api(new Set(['tok_2']));
    server.use(route('post', 'portal/refresh', () => json(refreshed('tok_2'), { status: 201 })));
    const c = client({ token: 'tok_1' });
    const result = await c.refresh();
    expect(result).toMatchObject({ token: 'tok_2', customerId: 'cus_1', email: 'a@b.c', name: null });
    await c.listTickets();
    expect(bearer(calls.at(-1))).toBe('tok_2');
  });

  it('after sleeping past expiry a static token cannot be refreshed: the session expires cleanly', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const onSessionExpired = vi.fn();
    const token = jwt({ iat: T0 / 1000, exp: T0 / 1000 + 3600 });
    api(new Set([token]));
    server.use(route('post', 'portal/refresh', () => json({ message: 'Token expired' }, { status: 401 })));
    const c = client({ token, onSessionExpired });
    vi.setSystemTime(T0 + 3 * 60 * MIN);
    const e = await fail(c.listTickets());
    expect(isSessionExpiredError(e)).toBe(true);
    expect(onSessionExpired).toHaveBeenCalledOnce();
    // The refresh was attempted first; the stale token never hit the API.
    expect(calls.map((x) => x.url.pathname)).toEqual(['/v1/portal/refresh']);
  });
});

describe('renewal ahead of expiry', () => {
  async function at(minutes: number[], result: (n: number) => TokenResult) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    api(new Set(['tok_1', 'tok_2', 'tok_3', result(1) as string, result(2) as string].filter((x) => typeof x === 'string')));
    let n = 0;
    const getToken = vi.fn(async () => result(++n));
    const c = client({ getToken });
    await c.listTickets();
    const counts: number[] = [];
    for (const m of minutes) {
      vi.setSystemTime(T0 + m * MIN);
      await c.listTickets();
      counts.push(getToken.mock.calls.length);
    }
    return { counts, c };
  }

  it('at 80 % of an hour-long token, using expiresAt', async () => {
    const { counts } = await at([47, 49], (n) => ({ token: `tok_${n}`, expiresAt: new Date(T0 + 60 * MIN).toISOString() }));
    expect(counts).toEqual([1, 2]);
  });

  it('when less than 5 minutes are left, if that comes first', async () => {
    // 10-minute token: 80 % is minute 8, but "5 minutes left" is minute 5.
    const { counts } = await at([4.9, 5.1], (n) => ({ token: `tok_${n}`, expiresAt: new Date(T0 + 10 * MIN).toISOString() }));
    expect(counts).toEqual([1, 2]);
  });

  it('not before half-life, so tokens shorter than 5 minutes cause no renewal storm', async () => {
    const { counts } = await at([0.9, 1.1], (n) => ({ token: `tok_${n}`, expiresAt: T0 + (n === 1 ? 2 : 60) * MIN }));
    expect(counts).toEqual([1, 2]);
  });

  it('keeps renewing 2-minute tokens once a minute in the background, not continuously', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    api(new Set());
    let n = 0;
    const getToken = vi.fn(async () => ({ token: `tok_${++n}`, expiresAt: Date.now() + 2 * MIN }));
    const c = client({ getToken });
    await c.session.renew();
    await vi.advanceTimersByTimeAsync(10 * MIN + 1);
    expect(getToken).toHaveBeenCalledTimes(11);
  });

  it('from the JWT exp when there is no expiresAt', async () => {
    const token = (n: number) => jwt({ n, exp: T0 / 1000 + 3600 });
    const { counts } = await at([47, 49], token);
    expect(counts).toEqual([1, 2]);
  });

  it('accepts expiresAt as epoch ms, epoch seconds or a Date', async () => {
    for (const expiresAt of [T0 + 60 * MIN, T0 / 1000 + 3600, new Date(T0 + 60 * MIN)]) {
      const { counts } = await at([47, 49], (n) => ({ token: `tok_${n}`, expiresAt }));
      expect(counts).toEqual([1, 2]);
    }
  });

  it('a token with no expiry information is only renewed after a 401', async () => {
    const { counts } = await at([600], (n) => `tok_${n}`);
    expect(counts).toEqual([1]);
  });

  it('an optional renewal that fails keeps the still-valid token, and is not retried on every call', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    api(new Set(['tok_1']));
    const onSessionExpired = vi.fn();
    const getToken = vi
      .fn()
      .mockResolvedValueOnce({ token: 'tok_1', expiresAt: T0 + 60 * MIN })
      .mockRejectedValue(new Error('backend down'));
    const c = client({ getToken, onSessionExpired });
    await c.listTickets();
    vi.setSystemTime(T0 + 50 * MIN);
    await c.listTickets();
    await c.listTickets();
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(ticketCalls().map(bearer)).toEqual(['tok_1', 'tok_1', 'tok_1']);
    expect(c.session.getSnapshot()).toMatchObject({ status: 'ready', error: { code: 'TOKEN_RENEWAL_FAILED' } });
    vi.setSystemTime(T0 + 51 * MIN);
    await c.listTickets();
    expect(getToken).toHaveBeenCalledTimes(3);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('a backend that hands back the same cached token is asked at most every 30 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    api(new Set(['tok_cached']));
    const getToken = vi.fn(async () => ({ token: 'tok_cached', expiresAt: T0 + 60 * MIN }));
    const c = client({ getToken });
    await c.listTickets();
    vi.setSystemTime(T0 + 59.5 * MIN);
    for (let i = 0; i < 5; i++) await c.listTickets();
    vi.setSystemTime(T0 + 59.8 * MIN);
    for (let i = 0; i < 5; i++) await c.listTickets();
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('a call past expiry renews first even while an earlier failed renewal is backing off', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const valid = new Set(['tok_1']);
    api(valid);
    const getToken = vi
      .fn()
      .mockResolvedValueOnce({ token: 'tok_1', expiresAt: T0 + 60 * MIN })
      .mockRejectedValueOnce(new Error('blip'))
      .mockImplementation(async () => {
        valid.add('tok_2');
        return { token: 'tok_2', expiresAt: Date.now() + 60 * MIN };
      });
    const c = client({ getToken });
    await c.listTickets();
    vi.setSystemTime(T0 + 59.9 * MIN); // renewal fails: retry not before +30 s
    await c.listTickets();
    vi.setSystemTime(T0 + 60.1 * MIN); // past expiry, still inside that 30 s
    valid.delete('tok_1');
    await c.listTickets();
    expect(getToken).toHaveBeenCalledTimes(3);
    expect(ticketCalls().map(bearer)).toEqual(['tok_1', 'tok_1', 'tok_2']);
  });
});

describe('clock skew', () => {
  const skewed = async (skewMs: number, result: (serverNow: number, n: number) => TokenResult) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const local = T0 + skewMs;
    vi.setSystemTime(local);
    const valid = new Set<string>();
    server.use(route('get', 'portal/tickets', () => json(page([]))));
    let n = 0;
    const getToken = vi.fn(async () => {
      const r = result(T0 + (Date.now() - local), ++n);
      valid.add(typeof r === 'string' ? r : r.token);
      return r;
    });
    const c = client({ getToken });
    const counts: number[] = [];
    for (const m of [0, 10, 47, 49]) {
      vi.setSystemTime(local + m * MIN);
      await c.listTickets();
      counts.push(getToken.mock.calls.length);
    }
    return counts;
  };
  const jwtResult = (serverNow: number, n: number) => ({
    token: jwt({ n, iat: serverNow / 1000, exp: serverNow / 1000 + 3600 }),
    expiresAt: new Date(serverNow + 60 * MIN).toISOString(),
  });

  it('local clock 2 h fast: no renewal storm, renews at 48 min from the JWT lifetime', async () => {
    expect(await skewed(2 * 60 * MIN, jwtResult)).toEqual([1, 1, 1, 2]);
  });

  it('local clock 2 h slow: still renews at 48 min, not hours too late', async () => {
    expect(await skewed(-2 * 60 * MIN, jwtResult)).toEqual([1, 1, 1, 2]);
  });

  it('opaque token, clock 2 h fast: an impossible expiresAt falls back to an hour instead of renewing per call', async () => {
    const opaque = (serverNow: number, n: number) => ({ token: `tok_${n}`, expiresAt: new Date(serverNow + 60 * MIN).toISOString() });
    expect(await skewed(2 * 60 * MIN, opaque)).toEqual([1, 1, 1, 2]);
  });

  it('a token the host backend cached for 50 minutes is renewed when its real remainder runs low', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    server.use(route('get', 'portal/tickets', () => json(page([]))));
    const mintedAt = T0 - 50 * MIN;
    const getToken = vi.fn(async () => ({
      token: jwt({ iat: mintedAt / 1000, exp: mintedAt / 1000 + 3600 }),
      expiresAt: new Date(mintedAt + 60 * MIN).toISOString(),
    }));
    const c = client({ getToken });
    await c.listTickets();
    expect(c.session.getSnapshot().expiresAt).toBe(T0 + 10 * MIN);
    vi.setSystemTime(T0 + 6 * MIN);
    await c.listTickets();
    expect(getToken).toHaveBeenCalledTimes(2);
  });
});

describe('machine sleep', () => {
  it('a call after waking past expiry renews first (no 401 round-trip)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const valid = new Set<string>();
    api(valid);
    const getToken = tokenSource(valid);
    const c = client({ getToken });
    await c.listTickets();
    // Timers do not run while the machine sleeps; only the wall clock jumps.
    vi.setSystemTime(T0 + 5 * 60 * MIN);
    valid.delete('tok_1');
    await c.listTickets();
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(ticketCalls().map(bearer)).toEqual(['tok_1', 'tok_2']);
  });

  it('if the renewal on waking fails, the session expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    api(new Set(['tok_1']));
    const onSessionExpired = vi.fn();
    const getToken = vi.fn().mockResolvedValueOnce({ token: 'tok_1', expiresAt: T0 + 60 * MIN }).mockRejectedValue(new Error('401 from host'));
    const c = client({ getToken, onSessionExpired });
    await c.listTickets();
    vi.setSystemTime(T0 + 2 * 60 * MIN);
    expect(isSessionExpiredError(await fail(c.listTickets()))).toBe(true);
    expect(onSessionExpired).toHaveBeenCalledOnce();
    expect(ticketCalls()).toHaveLength(1);
  });

  it('waking before the network is back fails the call as a network error, not a lost session', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const valid = new Set<string>();
    api(valid);
    const onSessionExpired = vi.fn();
    const online = tokenSource(valid);
    let offline = false;
    const getToken = vi.fn(() => (offline ? Promise.reject(new TypeError('Failed to fetch')) : online()));
    const c = client({ getToken, onSessionExpired });
    await c.listTickets();

    vi.setSystemTime(T0 + 3 * 60 * MIN);
    offline = true;
    const error = await fail(c.listTickets());
    expect(error.kind).toBe('network');
    expect(c.session.getSnapshot().status).not.toBe('expired');
    expect(onSessionExpired).not.toHaveBeenCalled();

    // The network returns: the next call renews and goes through.
    offline = false;
    await c.listTickets();
    expect(ticketCalls().map(bearer)).toEqual(['tok_1', 'tok_2']);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });
});

describe('getToken reason', () => {
  it('says why a token is wanted: initial, expiring, or rejected after a 401', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const valid = new Set<string>();
    api(valid);
    const source = tokenSource(valid);
    const reasons: string[] = [];
    const c = client({
      getToken: ({ reason }) => {
        reasons.push(reason);
        return source();
      },
    });
    await c.listTickets();
    vi.setSystemTime(T0 + 50 * MIN); // past 80 % of the hour
    await c.listTickets();
    valid.clear(); // revoked server-side
    await c.listTickets();
    expect(reasons).toEqual(['initial', 'expiring', 'rejected']);
  });
});

describe('background renewal timer', () => {
  it('renews an idle session ahead of expiry, and dispose() stops it', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const valid = new Set<string>();
    api(valid);
    const getToken = tokenSource(valid);
    const c = client({ getToken });
    await settle(c.listTickets());
    await vi.advanceTimersByTimeAsync(47 * MIN);
    expect(getToken).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2 * MIN);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(c.session.getSnapshot().status).toBe('ready');
    c.dispose();
    await vi.advanceTimersByTimeAsync(120 * MIN);
    expect(getToken).toHaveBeenCalledTimes(2);
  });
});

describe('session store', () => {
  it('keeps the snapshot identity until something changes and notifies subscribers', async () => {
    const valid = new Set<string>();
    api(valid);
    const c = client({ getToken: tokenSource(valid, 60 * MIN, { wait: 10 }) });
    const first = c.session.getSnapshot();
    expect(c.session.getSnapshot()).toBe(first);
    const statuses: string[] = [];
    const unsubscribe = c.session.subscribe(() => statuses.push(c.session.getSnapshot().status));
    await c.listTickets();
    expect(statuses).toEqual(['renewing', 'ready']);
    const ready = c.session.getSnapshot();
    await c.listTickets();
    expect(c.session.getSnapshot()).toBe(ready);
    unsubscribe();
    c.session.setToken('tok_x');
    expect(statuses).toEqual(['renewing', 'ready']);
    expect(c.session.getSnapshot()).not.toBe(ready);
    expect(c.session.getSnapshot().customer).toBeNull();
  });

  it('setToken during a renewal wins over the renewal', async () => {
    const valid = new Set(['tok_manual']);
    api(valid);
    const c = client({ getToken: tokenSource(valid, 60 * MIN, { wait: 50 }) });
    const renewal = c.session.renew();
    c.session.setToken('tok_manual');
    await renewal;
    await c.listTickets();
    expect(bearer(calls.at(-1))).toBe('tok_manual');
  });

  it('setToken during the renewal a 401 waits on: the request replays with the new token, the session does not expire', async () => {
    const valid = new Set(['tok_1']);
    api(valid);
    const onSessionExpired = vi.fn();
    let failRenewal!: (e: Error) => void;
    const getToken = vi
      .fn()
      .mockResolvedValueOnce('tok_1')
      .mockImplementationOnce(() => new Promise<string>((_, reject) => (failRenewal = reject)));
    const c = client({ getToken, onSessionExpired });
    await c.listTickets();
    valid.clear(); // tok_1 revoked: the next call gets a 401 and waits on a renewal
    const result = c.listTickets();
    await vi.waitFor(() => expect(getToken).toHaveBeenCalledTimes(2));
    // Meanwhile the host signs the customer in again (e.g. a new magic link)...
    valid.add('tok_new');
    c.session.setToken('tok_new');
    // ...and the renewal it no longer needs fails.
    failRenewal(new Error('backend down'));
    await expect(result).resolves.toMatchObject({ tickets: [] });
    expect(ticketCalls().map(bearer)).toEqual(['tok_1', 'tok_1', 'tok_new']);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(c.session.getSnapshot().status).toBe('ready');
  });

  it('setToken rejects junk', () => {
    const c = client();
    expect(() => c.session.setToken('')).toThrow(PortalApiError);
  });
});

describe('token hygiene', () => {
  it('never puts a token in a URL and never logs', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const secret = jwt({ exp: Date.now() / 1000 + 3600, secret: 'SEKRIT' });
    server.use(
      route('get', 'portal/tickets', ({ n }) => (n === 1 ? json({ message: 'x' }, { status: 401 }) : json(page([])))),
      route('post', 'portal/refresh', () => json({ token: `${secret}2`, expiresAt: new Date(Date.now() + 3600e3).toISOString() })),
    );
    const c = createPortalClient({ baseUrl: BASE, token: secret });
    await c.listTickets();
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call.url.href).not.toContain(secret.slice(0, 20));
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(JSON.stringify(c.session.getSnapshot())).not.toContain(secret.slice(0, 20));
    c.dispose();
  });
});
