import { describe, expect, it } from 'vitest';
import { answerPal } from '../../../../src/server/adapters/answerPal';
import { BackendError } from '../../../../src/server/gateway/backend';
import { failure, S, serialise, useAdapter } from './helpers';

const clock = { t: Date.parse('2024-04-10T12:00:00.000Z'), now: () => clock.t };
const h = useAdapter({ now: clock.now }, { now: clock.now });
const rich = String(S.tickets.rich);
const logins = () => h.calls.filter((c) => c.path === 'Auth/login').length;

describe('answerPal(): the service login', () => {
  it('logs in once and reuses the JWT for every call', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    await h.backend.getTicket(ctx, rich);
    await h.backend.listTickets(ctx, { statuses: [], search: null, sort: 'createdAt', order: 'desc', limit: 10, cursor: null });
    await h.backend.getTicketDetail(ctx, rich);
    expect(logins()).toBe(1);
    expect(h.calls.filter((c) => c.status === 401)).toEqual([]);
  });

  it('renews before the token’s exp (read from the JWT), without ever being refused', async () => {
    h.server.mock.switches.tokenTtlS = 5;
    const ctx = await h.as(S.endUsers.eva.email);
    await h.backend.getTicket(ctx, rich);
    clock.t += 4_500;
    await h.backend.getTicket(ctx, rich);
    clock.t += 4_500;
    await h.backend.getTicket(ctx, rich);
    expect(logins()).toBe(3);
    expect(h.calls.filter((c) => c.status === 401)).toEqual([]);
  });

  it('expiry mid-session it could not foresee: the 401 triggers one re-login and the call is replayed', async () => {
    h.server.mock.switches.tokenTtlS = 5;
    // The adapter's clock stands still while AnswerPal's moves on: its token expires unannounced.
    const adapterNow = clock.t;
    const backend = h.make({ now: () => adapterNow });
    const ctx = h.ctx(await backend.resolveCustomer({ signal: new AbortController().signal, requestId: 'r', state: h.state }, { email: S.endUsers.eva.email, name: null }));
    clock.t += 6_000;
    const t = await backend.getTicket(ctx, rich);
    expect(t?.id).toBe(rich);
    expect(logins()).toBe(2);
    expect(h.calls.filter((c) => c.status === 401)).toHaveLength(1);
  });

  it('revocation (401 on a valid token): concurrent calls share one re-login (single flight) and all succeed', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    await h.backend.getTicket(ctx, rich);
    h.server.mock.faults.expireAllTokens();
    const results = await Promise.all(Array.from({ length: 8 }, () => h.backend.getTicket(ctx, rich)));
    expect(results.every((t) => t?.id === rich)).toBe(true);
    expect(logins()).toBe(2);
    expect(h.server.mock.logins).toBe(2);
  });

  it('a credential AnswerPal keeps refusing: one re-login, then unauthorized (502 UPSTREAM_AUTH), never a loop', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    h.server.mock.faults.failRoute({ path: '/api/Tickets/:id', status: 401 });
    const e = await failure(h.backend.getTicket(ctx, rich));
    expect(e).toBeInstanceOf(BackendError);
    expect(e.kind).toBe('unauthorized');
    expect(logins()).toBe(2);
  });

  it('a wrong password fails as unauthorized, with no credential in the error, its cause or its stack', async () => {
    const backend = h.make({ password: 'hunter2-wrong-password' });
    const e = await failure(backend.resolveCustomer({ signal: new AbortController().signal, requestId: 'r', state: h.state }, { email: S.endUsers.eva.email, name: null }));
    expect(e).toMatchObject({ kind: 'unauthorized', code: 'UPSTREAM_LOGIN_FAILED' });
    const text = serialise(e) + String(e) + (e.stack ?? '');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(S.service.username);
    // Nor does the adapter object carry them where a log could print it.
    expect(serialise(backend)).not.toContain('hunter2');
  });

  it('a login refused with 429 is rate_limited with the Retry-After', async () => {
    h.server.mock.faults.failRoute({ path: '/api/Auth/login', status: 429, retryAfterSeconds: 9, count: 5 });
    const e = await failure(h.as(S.endUsers.eva.email));
    expect(e).toMatchObject({ kind: 'rate_limited', retryAfter: 9 });
  });

  it('refuses hostname "localhost" (it skips AnswerPal’s tenant match) unless allowed for development', async () => {
    expect(() => answerPal({ baseUrl: h.server.url, username: 'u', password: 'p', hostname: 'localhost', channelId: 2 })).toThrow(/localhost/);
    const dev = h.make({ username: S.reps.globex.username, password: S.reps.globex.password, hostname: 'localhost', allowLocalhostHostname: true });
    const customer = await dev.resolveCustomer({ signal: new AbortController().signal, requestId: 'r', state: h.state }, { email: S.endUsers.eva.email, name: null });
    expect(customer.id).toBe(String(S.endUsers.evaAtGlobex.id));
  });

  it('validates its configuration with messages that name no secret', () => {
    expect(() => answerPal({ baseUrl: 'ftp://x', username: 'u', password: 'secret-pw', hostname: 'h', channelId: 2 })).toThrow(/baseUrl/);
    expect(() => answerPal({ baseUrl: 'https://x', username: 'u', password: '', hostname: 'h', channelId: 2 })).toThrow(/required/);
    expect(() => answerPal({ baseUrl: 'https://x', username: 'u', password: 'secret-pw', hostname: 'h', channelId: 0 })).toThrow(/channelId/);
  });
});
