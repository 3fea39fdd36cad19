import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPortalTokenHandler, type PortalTokenHandlerOptions } from '../../src/server';
import {
  createClock,
  customerFromHeader,
  listTickets,
  recordingFetch,
  SEED,
  tokenRequest,
  useMockServer,
  type MockHarness,
  type TokenBody,
} from './helpers';

const { jane, bob } = SEED.customers;
const h = useMockServer();

function setup(h: MockHarness, options: Partial<PortalTokenHandlerOptions> = {}) {
  const rec = recordingFetch();
  const onError = vi.fn();
  const handler = createPortalTokenHandler({
    apiKey: SEED.apiKey,
    brandId: SEED.brandId,
    baseUrl: h.base,
    getCustomer: customerFromHeader,
    fetch: rec.fetch,
    onError,
    ...options,
  });
  return { handler, rec, onError };
}

const body = async (res: Response) => (await res.json()) as TokenBody;

afterEach(async () => {
  await h.control('reset', {});
});

describe('createPortalTokenHandler', () => {
  describe('a signed-in customer', () => {
    it('gets a working portal token with expiry and who it is for, not cacheable by anyone', async () => {
      const { handler, rec, onError } = setup(h);
      const res = await handler(tokenRequest());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const token = await body(res);
      expect(token).toEqual({
        token: expect.any(String),
        expiresAt: expect.any(String),
        customerId: jane.id,
        email: jane.email,
        name: jane.name,
      });
      expect(Date.parse(token.expiresAt) - Date.now()).toBeGreaterThan(55 * 60_000);

      const tickets = await listTickets(h.base, token.token);
      expect(tickets.status).toBe(200);
      const list = (await tickets.json()) as { data: { id: string }[] };
      expect(list.data.length).toBeGreaterThan(0);
      expect(list.data.every((t) => t.id.startsWith('tkt_jane_'))).toBe(true);

      expect(rec.mints).toBe(1);
      expect(onError).not.toHaveBeenCalled();
    });

    it('calls A1 with the API key, JSON and only the customer fields it has', async () => {
      const { handler, rec } = setup(h, {
        getCustomer: () => ({ email: '  Ann@Example.com ', name: 'Ann Lee', companyName: '', sourceOrgId: null }),
      });
      const token = await body(await handler(tokenRequest()));
      expect(token).toMatchObject({ email: 'ann@example.com', name: 'Ann Lee' });
      const [call] = rec.calls;
      expect(call?.url).toBe(`${h.base}/brands/${SEED.brandId}/portal/token`);
      expect(call?.method).toBe('POST');
      expect(call?.headers.get('authorization')).toBe(`Bearer ${SEED.apiKey}`);
      expect(call?.headers.get('content-type')).toBe('application/json');
      expect(call?.body).toEqual({ email: 'Ann@Example.com', name: 'Ann Lee' });
    });

    it('passes companyName and sourceOrgId through when given', async () => {
      const { handler, rec } = setup(h, {
        getCustomer: () => ({ email: 'ops@initech.example', name: 'Ops', companyName: 'Initech', sourceOrgId: 'org_42' }),
      });
      expect((await handler(tokenRequest())).status).toBe(200);
      expect(rec.calls[0]?.body).toEqual({ email: 'ops@initech.example', name: 'Ops', companyName: 'Initech', sourceOrgId: 'org_42' });
      const customer = h.server.mock.store.findCustomerByEmail(SEED.brandId, 'ops@initech.example');
      expect(customer).toMatchObject({ companyName: 'Initech', sourceOrgId: 'org_42' });
    });

    it('answers POST like GET', async () => {
      const { handler } = setup(h);
      const res = await handler(tokenRequest({ method: 'POST', body: '{}' }));
      expect(res.status).toBe(200);
      expect((await body(res)).email).toBe(jane.email);
    });

    it('hands getCustomer the request and the framework context', async () => {
      const getCustomer = vi.fn(() => ({ email: bob.email }));
      const { handler } = setup(h, { getCustomer });
      const request = tokenRequest();
      const context = { user: 'bob' };
      await handler(request, context);
      expect(getCustomer).toHaveBeenCalledWith(request, context);
    });
  });

  describe('methods', () => {
    it.each(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'])('%s → 405 with Allow, without asking anyone', async (method) => {
      const getCustomer = vi.fn(customerFromHeader);
      const { handler, rec, onError } = setup(h, { getCustomer });
      const res = await handler(tokenRequest({ method }));
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST');
      expect(res.headers.get('cache-control')).toBe('no-store');
      if (method !== 'HEAD') expect(await res.json()).toEqual({ code: 'METHOD_NOT_ALLOWED', message: expect.any(String) });
      expect(getCustomer).not.toHaveBeenCalled();
      expect(rec.calls).toHaveLength(0);
      expect(onError).not.toHaveBeenCalled();
    });
  });

  describe('caching', () => {
    it('reuses one token per customer', async () => {
      const { handler, rec } = setup(h);
      const first = await body(await handler(tokenRequest()));
      const second = await body(await handler(tokenRequest({ method: 'POST' })));
      const third = await body(await handler(tokenRequest({ as: 'JANE@example.com' })));
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(rec.mints).toBe(1);
    });

    it('gives different customers different tokens, each scoped to its customer', async () => {
      const { handler, rec } = setup(h);
      const janes = await body(await handler(tokenRequest({ as: jane.email })));
      const bobs = await body(await handler(tokenRequest({ as: bob.email })));
      expect(bobs.token).not.toBe(janes.token);
      expect(bobs.customerId).toBe(bob.id);
      const list = (await (await listTickets(h.base, bobs.token)).json()) as { data: { id: string }[] };
      expect(list.data.map((t) => t.id)).toContain(SEED.tickets.bob);
      expect(list.data.some((t) => t.id.startsWith('tkt_jane_'))).toBe(false);
      // Both stay cached.
      await handler(tokenRequest({ as: jane.email }));
      await handler(tokenRequest({ as: bob.email }));
      expect(rec.mints).toBe(2);
    });

    it('mints again when the customer details change (so the API learns the new name)', async () => {
      let name = 'Jane Cooper';
      const { handler, rec } = setup(h, { getCustomer: () => ({ email: jane.email, name }) });
      await handler(tokenRequest());
      name = 'Jane Cooper-Smith';
      const renamed = await body(await handler(tokenRequest()));
      expect(renamed.name).toBe('Jane Cooper-Smith');
      expect(rec.mints).toBe(2);
    });

    it('makes one upstream call for many simultaneous requests of one customer', async () => {
      await h.control('latency', { ms: 150, path: '/brands/:brandId/portal/token' });
      const { handler, rec } = setup(h);
      const responses = await Promise.all(Array.from({ length: 12 }, () => handler(tokenRequest())));
      const tokens = await Promise.all(responses.map(body));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
      expect(rec.mints).toBe(1);
    });

    it('does not make simultaneous requests of different customers wait on each other’s call', async () => {
      await h.control('latency', { ms: 100, path: '/brands/:brandId/portal/token' });
      const { handler, rec } = setup(h);
      const emails = [jane.email, bob.email, jane.email, bob.email, SEED.customers.newcomer.email];
      const tokens = await Promise.all(emails.map(async (as) => body(await handler(tokenRequest({ as })))));
      expect(tokens.map((t) => t.email)).toEqual(emails);
      expect(tokens[0]?.token).toBe(tokens[2]?.token);
      expect(tokens[1]?.token).toBe(tokens[3]?.token);
      expect(new Set(tokens.map((t) => t.token)).size).toBe(3);
      expect(rec.mints).toBe(3);
    });

    it('keeps at most maxCacheEntries customers, dropping the least recently used', async () => {
      const { handler, rec } = setup(h, { maxCacheEntries: 2 });
      const get = async (as: string) => body(await handler(tokenRequest({ as })));
      const a = await get('a@example.com');
      await get('b@example.com');
      await get('a@example.com'); // a is now the most recently used
      await get('c@example.com'); // evicts b
      expect(rec.mints).toBe(3);
      expect((await get('a@example.com')).token).toBe(a.token);
      expect(rec.mints).toBe(3);
      await get('b@example.com');
      expect(rec.mints).toBe(4);
    });

    it('cacheSeconds: 0 turns caching off', async () => {
      const { handler, rec } = setup(h, { cacheSeconds: 0 });
      const first = await body(await handler(tokenRequest()));
      const second = await body(await handler(tokenRequest()));
      expect(second.token).not.toBe(first.token);
      expect(rec.mints).toBe(2);
    });

    it('invalidate() forgets one customer, or everyone', async () => {
      const { handler, rec } = setup(h);
      const janes = await body(await handler(tokenRequest({ as: jane.email })));
      await handler(tokenRequest({ as: bob.email }));
      handler.invalidate({ email: 'Jane@Example.com ' });
      expect((await body(await handler(tokenRequest({ as: jane.email })))).token).not.toBe(janes.token);
      await handler(tokenRequest({ as: bob.email }));
      expect(rec.mints).toBe(3);
      handler.invalidate();
      await handler(tokenRequest({ as: jane.email }));
      await handler(tokenRequest({ as: bob.email }));
      expect(rec.mints).toBe(5);
    });

    it('invalidate() during a call lets it finish without caching its result', async () => {
      await h.control('latency', { ms: 100, path: '/brands/:brandId/portal/token' });
      const { handler, rec } = setup(h);
      const pending = handler(tokenRequest());
      // The mint is on its way (the mock holds it 100 ms).
      await vi.waitFor(() => expect(rec.mints).toBe(1));
      handler.invalidate({ email: jane.email });
      expect((await pending).status).toBe(200);
      await handler(tokenRequest());
      expect(rec.mints).toBe(2);
    });
  });
});

describe('refresh before expiry (clock shared with the mock)', () => {
  const clock = createClock();
  const m = useMockServer({ now: clock.now, tokenTtlSeconds: 3600 });

  it('reuses a one-hour token for 48 minutes (80 %), then mints a fresh one that works', async () => {
    const { handler, rec } = setup(m, { now: clock.now });
    const first = await body(await handler(tokenRequest()));
    expect(Date.parse(first.expiresAt)).toBe(clock.t + 3600_000);

    clock.advance(47 * 60_000);
    expect((await body(await handler(tokenRequest()))).token).toBe(first.token);
    expect(rec.mints).toBe(1);
    // Still valid when handed out late: the browser gets at least 12 minutes.
    expect((await listTickets(m.base, first.token)).status).toBe(200);

    clock.advance(60_000 + 1);
    const second = await body(await handler(tokenRequest()));
    expect(rec.mints).toBe(2);
    expect(second.token).not.toBe(first.token);
    expect(Date.parse(second.expiresAt)).toBe(Math.floor(clock.t / 1000) * 1000 + 3600_000);
    expect((await listTickets(m.base, second.token)).status).toBe(200);
  });

  it('refreshMarginSeconds wins when it is earlier than 80 %', async () => {
    const { handler, rec } = setup(m, { now: clock.now, refreshMarginSeconds: 20 * 60 });
    const first = await body(await handler(tokenRequest({ as: bob.email })));
    clock.advance(39 * 60_000);
    expect((await body(await handler(tokenRequest({ as: bob.email })))).token).toBe(first.token);
    clock.advance(61_000);
    expect((await body(await handler(tokenRequest({ as: bob.email })))).token).not.toBe(first.token);
    expect(rec.mints).toBe(2);
  });

  it('a host clock running 15 minutes behind the API does not stretch reuse past 48 minutes', async () => {
    const behind = () => clock.now() - 15 * 60_000;
    const { handler, rec } = setup(m, { now: behind });
    const first = await body(await handler(tokenRequest({ as: 'skew@example.com' })));
    clock.advance(47 * 60_000);
    expect((await body(await handler(tokenRequest({ as: 'skew@example.com' })))).token).toBe(first.token);
    clock.advance(60_000 + 1_000);
    expect((await body(await handler(tokenRequest({ as: 'skew@example.com' })))).token).not.toBe(first.token);
    expect(rec.mints).toBe(2);
  });

  it('cacheSeconds caps reuse below the refresh rule', async () => {
    const { handler, rec } = setup(m, { now: clock.now, cacheSeconds: 5 * 60 });
    await handler(tokenRequest());
    clock.advance(4 * 60_000);
    await handler(tokenRequest());
    expect(rec.mints).toBe(1);
    clock.advance(61_000);
    await handler(tokenRequest());
    expect(rec.mints).toBe(2);
  });
});

describe('short-lived tokens', () => {
  const m = useMockServer({ tokenTtlSeconds: 120 });

  it('never caches a token that is already inside the refresh margin', async () => {
    const { handler, rec } = setup(m);
    const first = await body(await handler(tokenRequest()));
    const second = await body(await handler(tokenRequest()));
    expect(second.token).not.toBe(first.token);
    expect(rec.mints).toBe(2);
  });

  it('with a small margin, caches for 80 % of the lifetime', async () => {
    const clock = createClock(Date.now());
    const { handler, rec } = setup(m, { refreshMarginSeconds: 10, now: clock.now });
    await handler(tokenRequest());
    clock.advance(90_000);
    await handler(tokenRequest());
    expect(rec.mints).toBe(1);
    clock.advance(7_000);
    await handler(tokenRequest());
    expect(rec.mints).toBe(2);
  });
});

describe('?fresh=1 (after the API rejected a token)', () => {
  const clock = createClock();
  const m = useMockServer({ now: clock.now });
  const fresh = (as: string = jane.email) => new Request('https://host.example/api/support/token?fresh=1', { headers: { 'x-test-user': as } });

  it('skips the cache once: the customer gets a new token even if the cached one was minted a second ago', async () => {
    const { handler, rec } = setup(m, { now: clock.now });
    const first = await body(await handler(tokenRequest()));
    const renewed = await body(await handler(fresh()));
    expect(renewed.token).not.toBe(first.token);
    expect(rec.mints).toBe(2);
  });

  it('is honoured at most once per customer per 10 s: 200 in a row cost one upstream call, not 200', async () => {
    const { handler, rec } = setup(m, { now: clock.now });
    await handler(tokenRequest());
    const answers = [];
    for (let i = 0; i < 200; i++) answers.push(await body(await handler(fresh())));
    expect(rec.mints).toBe(2);
    // Everyone inside the window gets the token that first fresh request minted.
    expect(new Set(answers.map((a) => a.token)).size).toBe(1);

    clock.advance(9_999);
    await handler(fresh());
    expect(rec.mints).toBe(2);
    clock.advance(1);
    const later = await body(await handler(fresh()));
    expect(rec.mints).toBe(3);
    expect(later.token).not.toBe(answers[0]?.token);
    expect((await listTickets(m.base, later.token)).status).toBe(200);
  });

  it('one customer looping does not hold back another customer’s fresh request', async () => {
    const { handler, rec } = setup(m, { now: clock.now });
    for (let i = 0; i < 5; i++) await handler(fresh(jane.email));
    expect(rec.mints).toBe(1);
    await handler(fresh(bob.email));
    expect(rec.mints).toBe(2);
  });

  it('freshIntervalSeconds sets the window; invalidate() (sign-out) resets it', async () => {
    const { handler, rec } = setup(m, { now: clock.now, freshIntervalSeconds: 60 });
    await handler(fresh());
    clock.advance(30_000);
    await handler(fresh());
    expect(rec.mints).toBe(1);
    handler.invalidate({ email: jane.email });
    await handler(fresh());
    expect(rec.mints).toBe(2);
    clock.advance(60_000);
    await handler(fresh());
    expect(rec.mints).toBe(3);
  });
});

describe('getCustomer accepts the session types apps have', () => {
  const m = useMockServer();

  it('a user whose email is null (Auth.js `string | null | undefined`) is refused with customer_lookup, never sent upstream', async () => {
    const { handler, rec, onError } = setup(m, { getCustomer: () => ({ email: null, name: 'No Email' }) });
    const res = await handler(tokenRequest());
    expect(res.status).toBe(500);
    expect(rec.mints).toBe(0);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ kind: 'customer_lookup', message: expect.stringMatching(/without a valid `email`/) });
  });

  it('null names and undefined optional fields are fine', async () => {
    const { handler } = setup(m, { getCustomer: () => ({ email: 'nameless@example.com', name: null, companyName: undefined }) });
    const token = await body(await handler(tokenRequest()));
    expect(token.email).toBe('nameless@example.com');
    expect(token.name).toBeUndefined();
  });
});
