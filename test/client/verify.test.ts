import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { PortalApiError, verifyMagicLink } from '../../src/client';
import { BASE, calls, json, route, server, useMsw } from './helpers';

useMsw();

const response = { token: 'portal_tok', expiresAt: '2026-01-01T01:00:00Z', customerId: 'cus_1', email: 'a@b.c', name: 'Ann' };
const fail = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected a rejection');
  },
  (e: unknown) => e as PortalApiError,
);

describe('verifyMagicLink', () => {
  it('POSTs the magic token without Authorization and returns the token response', async () => {
    server.use(route('post', 'portal/verify', () => json(response, { status: 201 })));
    expect(await verifyMagicLink('magic_1', { baseUrl: `${BASE}/` })).toEqual(response);
    const call = calls[0]!;
    expect(call.url.href).toBe(`${BASE}/portal/verify`);
    expect(call.headers.get('authorization')).toBeNull();
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(call.body)).toEqual({ token: 'magic_1' });
    expect(call.url.search).toBe('');
  });

  it('uses the default base URL', async () => {
    server.use(route('post', 'https://dispatch-tickets-api.onrender.com/v1/portal/verify', () => json(response)));
    await verifyMagicLink('m');
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['503', () => json({ message: 'down' }, { status: 503 })],
    ['network error', () => HttpResponse.error()],
  ])('is never retried (%s): the link token is single-use', async (_, respond) => {
    server.use(route('post', 'portal/verify', respond));
    await fail(verifyMagicLink('m', { baseUrl: BASE }));
    expect(calls).toHaveLength(1);
  });

  it('parses errors tolerantly', async () => {
    server.use(route('post', 'portal/verify', () => json({ error: { code: 'LINK_USED', message: 'Link already used' } }, { status: 400 })));
    const e = await fail(verifyMagicLink('m', { baseUrl: BASE }));
    expect(e).toBeInstanceOf(PortalApiError);
    expect(e).toMatchObject({ kind: 'http', status: 400, code: 'LINK_USED', message: 'Link already used' });
  });

  it('rejects an empty token without a request, and honours abort', async () => {
    server.use(route('post', 'portal/verify', () => json(response)));
    expect(await fail(verifyMagicLink(''))).toMatchObject({ kind: 'invalid_input' });
    expect(await fail(verifyMagicLink('m', { baseUrl: BASE, signal: AbortSignal.abort() }))).toMatchObject({ kind: 'aborted' });
    expect(calls).toHaveLength(0);
  });
});
