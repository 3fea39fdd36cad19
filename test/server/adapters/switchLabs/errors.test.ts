import { describe, expect, it } from 'vitest';
import { BackendError } from '../../../../src/server/gateway/backend';
import { switchLabs } from '../../../../src/server/adapters/switchLabs';
import { failure, listQuery, SWITCHLABS_SEED, useAdapterHarness } from './helpers';

const h = useAdapterHarness();
const seed = () => h.server.mock.seed;
const list = (options = {}) => h.adapter(options).listTickets(h.ctx(h.jordan()), listQuery());

/** Everything about an error that could travel anywhere: message, code, field errors and cause. */
const everything = (e: BackendError) => JSON.stringify({ message: e.message, code: e.code, fieldErrors: e.fieldErrors, cause: e.cause, stack: e.stack });

describe('switchLabs upstream failures → BackendError kinds', () => {
  it('a revoked key is unauthorized (the gateway answers 502 UPSTREAM_AUTH, never 401 to the customer)', async () => {
    h.server.mock.revokeApiKey();
    const e = await failure<BackendError>(list());
    expect(e).toBeInstanceOf(BackendError);
    expect(e.kind).toBe('unauthorized');
  });

  it('a missing scope is misconfigured', async () => {
    h.server.mock.setSwitches({ scopes: 'enforce' });
    const e = await failure<BackendError>(h.adapter({ apiKey: SWITCHLABS_SEED.readOnlyApiKey }).getTicketDetail(h.ctx(h.jordan()), seed().tickets.thread));
    expect(e.kind).toBe('misconfigured');
  });

  it('429 is rate_limited, with the upstream Retry-After when sent and without when not', async () => {
    h.server.mock.faults.failRoute({ method: 'GET', path: '/tickets', status: 429, retryAfterSeconds: 7, count: 1 });
    const with_ = await failure<BackendError>(list());
    expect([with_.kind, with_.retryAfter, with_.safeToRetry]).toEqual(['rate_limited', 7, true]);
    h.server.mock.faults.failRoute({ method: 'GET', path: '/tickets', status: 429, retryAfterSeconds: null, count: 1 });
    const without = await failure<BackendError>(list());
    expect([without.kind, without.retryAfter]).toEqual(['rate_limited', null]);
  });

  it('reads survive transient 500s (retried); persistent ones are unavailable', async () => {
    h.server.mock.faults.failRoute({ method: 'GET', path: '/tickets', status: 500, count: 2 });
    expect((await list({ retries: 2 })).tickets.length).toBe(8);
    h.server.mock.faults.failRoute({ method: 'GET', path: '/tickets', status: 500 });
    expect((await failure<BackendError>(list({ retries: 1 }))).kind).toBe('unavailable');
  });

  it('a proxy’s HTML 502 and a truncated JSON body are unavailable', async () => {
    h.server.mock.faults.spoilBody('html_502', { path: '/tickets/:id' });
    expect((await failure<BackendError>(h.adapter().getTicket(h.ctx(h.jordan()), seed().tickets.thread))).kind).toBe('unavailable');
    h.server.mock.faults.spoilBody('truncated_json', { path: '/conversations' }, null);
    expect((await failure<BackendError>(h.adapter().getTicketDetail(h.ctx(h.jordan()), seed().tickets.thread))).kind).toBe('unavailable');
  });

  it('a slow upstream times out as unavailable', async () => {
    h.server.mock.faults.setLatency(500, { path: '/tickets' });
    expect((await failure<BackendError>(list({ timeoutMs: 50 }))).kind).toBe('unavailable');
  });

  it('a base URL without /v1 (the app’s tRPC surface, or nothing) is misconfigured, not "no tickets"', async () => {
    for (const baseUrl of [`${h.server.url}/api/trpc`, `${h.server.url}/api`]) {
      const e = await failure<BackendError>(h.adapter({ baseUrl }).listTickets(h.ctx(h.jordan()), listQuery()));
      expect(e.kind, baseUrl).toBe('misconfigured');
    }
  });

  it('a missing ticket is null; a missing record on write is not_found', async () => {
    expect(await h.adapter().getTicket(h.ctx(h.jordan()), 'nope')).toBeNull();
    const ghost = { ...(await h.adapter().getTicket(h.ctx(h.jordan()), seed().tickets.tieA))!, id: 'nope' };
    expect((await failure<BackendError>(h.adapter().closeTicket!(h.ctx(h.jordan()), ghost))).kind).toBe('not_found');
  });

  it('the API key appears in no error, message or warning, and the adapter object does not expose it', async () => {
    const key = SWITCHLABS_SEED.apiKey;
    const errors: BackendError[] = [];
    h.server.mock.revokeApiKey();
    errors.push(await failure(list()));
    h.server.mock.reset();
    h.server.mock.faults.failRoute({ path: '*', status: 500, message: "upstream said: internal detail" });
    errors.push(await failure(list()));
    errors.push(await failure(h.adapter().createTicket(h.ctx(h.jordan()), { title: 't', body: '', priority: null, categoryId: null, customFields: {}, files: [] })));
    for (const e of errors) {
      expect(everything(e)).not.toContain(key.slice(8));
      expect(e.message).not.toContain('upstream said');
    }
    const backend = h.adapter();
    expect(JSON.stringify(backend)).not.toContain(key);
    expect(Object.values(backend).some((v) => typeof v === 'string' && v.includes(key))).toBe(false);
    expect(JSON.stringify(h.warnings)).not.toContain(key);
  });

  it('sends the key only as a Bearer header to the configured base URL', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const backend = switchLabs({
      baseUrl: h.server.baseUrl,
      apiKey: SWITCHLABS_SEED.apiKey,
      fetch: async (input, init) => {
        seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
        return fetch(input, init);
      },
    });
    await backend.getTicketDetail(h.ctx(h.jordan()), seed().tickets.thread);
    expect(seen.length).toBe(2);
    for (const s of seen) {
      expect(s.url.startsWith(`${h.server.baseUrl}/`)).toBe(true);
      expect(s.url).not.toContain(SWITCHLABS_SEED.apiKey);
      expect(s.auth).toBe(`Bearer ${SWITCHLABS_SEED.apiKey}`);
    }
  });

  it('refuses bad configuration at construction', () => {
    expect(() => switchLabs({ baseUrl: 'ftp://x', apiKey: 'k' })).toThrow(/baseUrl/);
    expect(() => switchLabs({ baseUrl: 'https://x/api/v1', apiKey: '' })).toThrow(/apiKey/);
    expect(() => switchLabs({ baseUrl: 'https://x/api/v1', apiKey: 'k', pageSize: 101 })).toThrow(/pageSize/);
    expect(() => switchLabs({ baseUrl: 'https://x/api/v1', apiKey: 'k', articleUrl: '/help/{id}' })).toThrow(/articleUrl/);
  });
});
