import { describe, expect, it } from 'vitest';
import { createAnswerPalMock } from '../../../src/mock/answerpal/createAnswerPalMock';
import { claimsOf, createClock, json, S, useAnswerPalServer } from './helpers';

const h = useAnswerPalServer();

const login = (body: unknown) => h.api('/api/Auth/login', { method: 'POST', token: null, body });

describe('AnswerPal mock: A1 login and the bearer check', () => {
  it('returns an HS256 JWT whose exp is token_ttl_s after iat, naming the representative and tenant', async () => {
    const res = await login(S.service);
    expect(res.status).toBe(200);
    const { token } = await json<{ token: string }>(res);
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(header.alg).toBe('HS256');
    const claims = claimsOf(token);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(claims).toMatchObject({ sub: String(S.serviceRepId), tenantId: S.tenant.id, role: 'Administrator' });

    await h.control('switches', { token_ttl_s: 5 });
    const short = claimsOf(await h.login());
    expect(Number(short.exp) - Number(short.iat)).toBe(5);
  });

  it('refuses bad credentials with 401, a missing field with 400 naming it, an inactive representative with 401', async () => {
    expect((await login({ ...S.service, password: 'wrong' })).status).toBe(401);
    const missing = await login({ username: S.service.username, password: S.service.password });
    expect(missing.status).toBe(400);
    expect((await json(missing)).errors).toHaveProperty('hostname');
    expect((await login({ ...S.reps.olga, hostname: S.tenant.hostname })).status).toBe(401);
  });

  it('reads the login body case-insensitively, as ASP.NET binds JSON', async () => {
    expect((await login({ UserName: S.service.username, Password: S.service.password, HostName: S.service.hostname })).status).toBe(200);
  });

  it('scopes the representative lookup to the hostname’s tenant; "localhost" bypasses it', async () => {
    const globex = { username: S.reps.globex.username, password: S.reps.globex.password };
    expect((await login({ ...globex, hostname: S.tenant.hostname })).status).toBe(401);
    expect((await login({ ...globex, hostname: S.otherTenant.hostname })).status).toBe(200);
    const bypass = await login({ ...globex, hostname: 'localhost' });
    expect(bypass.status).toBe(200);
    expect(claimsOf((await json(bypass)).token).tenantId).toBe(S.otherTenant.id);
  });

  it('answers protected routes without a token, with a forged or alg:none token, with an empty 401 and WWW-Authenticate: Bearer', async () => {
    const none = await h.api(`/api/Tickets/${S.tickets.rich}`, { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await none.text()).toBe('');
    const token = await h.login();
    const [, payload] = token.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await h.api(`/api/Tickets/${S.tickets.rich}`, { token: unsigned })).status).toBe(401);
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect((await h.api(`/api/Tickets/${S.tickets.rich}`, { token: tampered })).status).toBe(401);
  });

  it('refuses a token whose exp has passed (no refresh endpoint: log in again)', async () => {
    const clock = createClock();
    const mock = createAnswerPalMock({ now: clock.now, switches: { tokenTtlS: 5 } });
    const token = await mock.login();
    const get = () => mock.fetch(`/api/Tickets/${S.tickets.rich}`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await get()).status).toBe(200);
    clock.advance(5_000);
    const expired = await get();
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/error="invalid_token".*expired/);
  });

  it('revocation fault: a valid, unexpired token gets 401; a fresh login works', async () => {
    const token = await h.login();
    expect((await h.api(`/api/Tickets/${S.tickets.rich}`, { token })).status).toBe(200);
    await h.control('revoke-tokens', {});
    expect((await h.api(`/api/Tickets/${S.tickets.rich}`, { token })).status).toBe(401);
    expect((await h.api(`/api/Tickets/${S.tickets.rich}`, { token: await h.login() })).status).toBe(200);
  });

  it('answers 429 with Retry-After and the documented { status, error, message } body once the tenant’s quota is spent', async () => {
    await h.control('rate-limit', { limit: 2, windowSeconds: 60 });
    const token = await h.login();
    for (let i = 0; i < 2; i++) expect((await h.api(`/api/Tickets/${S.tickets.rich}`, { token })).status).toBe(200);
    const limited = await h.api(`/api/Tickets/${S.tickets.rich}`, { token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(limited)).toEqual({ status: 429, error: 'Too Many Requests', message: expect.any(String) });
  });
});
