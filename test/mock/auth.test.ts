import { describe, expect, it } from 'vitest';
import { signJwt } from '../../src/mock/crypto';
import { createClock, json, SEED, sdk, useMockServer } from './helpers';

const clock = createClock();
const h = useMockServer({ now: clock.now, tokenTtlSeconds: 600 });

const expect401 = async (res: Response, reason: string) => {
  expect(res.status).toBe(401);
  const body = await json(res);
  expect(body).toMatchObject({ code: 'UNAUTHORIZED', details: { reason } });
  expect(typeof body.message).toBe('string');
};

describe('portal auth', () => {
  describe('A1: admin issues a portal token', () => {
    it('returns a PortalTokenResponse bound to the customer, 1 token lifetime ahead', async () => {
      const res = await h.admin(`/brands/${SEED.brandId}/portal/token`, { method: 'POST', body: { email: 'Jane@Example.com', name: 'Jane Cooper' } });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body).toEqual({
        token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresAt: new Date(clock.t + 600_000).toISOString(),
        customerId: SEED.customers.jane.id,
        email: 'jane@example.com',
        name: 'Jane Cooper',
      });
      const list = await sdk(h.base, '/portal/tickets', { token: body.token });
      expect(list.status).toBe(200);
    });

    it('creates the customer when the email is unknown (with companyName and sourceOrgId)', async () => {
      const res = await h.admin(`/brands/${SEED.brandId}/portal/token`, {
        method: 'POST',
        body: { email: 'fresh@newco.example', name: 'Fresh Person', companyName: 'NewCo', sourceOrgId: 'org_1' },
      });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.customerId).toMatch(/^cus_/);
      const customer = h.server.mock.store.customers.get(body.customerId);
      expect(customer).toMatchObject({ email: 'fresh@newco.example', companyName: 'NewCo', sourceOrgId: 'org_1' });
      const list = await json(await sdk(h.base, '/portal/tickets', { token: body.token }));
      expect(list).toEqual({ data: [], pagination: { hasMore: false, nextCursor: null } });
    });

    it('omits name when none is known', async () => {
      const body = await json(await h.admin(`/brands/${SEED.brandId}/portal/token`, { method: 'POST', body: { email: SEED.customers.newcomer.email } }));
      expect(body).not.toHaveProperty('name');
    });

    it('validates the email', async () => {
      const res = await h.admin(`/brands/${SEED.brandId}/portal/token`, { method: 'POST', body: { email: 'not-an-email' } });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'email' }] });
    });
  });

  describe('401 for every bad token', () => {
    it('missing', async () => {
      await expect401(await sdk(h.base, '/portal/tickets'), 'missing');
    });

    it('malformed (and an API key is not a portal token)', async () => {
      await expect401(await sdk(h.base, '/portal/tickets', { token: 'not.a.jwt' }), 'malformed');
      await expect401(await sdk(h.base, '/portal/tickets', { token: SEED.apiKey }), 'malformed');
    });

    it('tampered payload or signed with another secret', async () => {
      const token = await h.token();
      const [head, payload, sig] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: SEED.customers.bob.id })).toString('base64url');
      await expect401(await sdk(h.base, '/portal/tickets', { token: `${head}.${forged}.${sig}` }), 'invalid_signature');
      const foreign = await signJwt({ ...claims }, 'some-other-secret');
      await expect401(await sdk(h.base, '/portal/tickets', { token: foreign }), 'invalid_signature');
    });

    it('refuses alg:none tokens', async () => {
      const token = await h.token();
      const [, payload] = token.split('.') as [string, string];
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
      await expect401(await sdk(h.base, '/portal/tickets', { token: none }), 'invalid_signature');
    });

    it('expired (injectable clock) — and refresh is refused once expired', async () => {
      const token = await h.token();
      clock.advance(601_000);
      try {
        await expect401(await sdk(h.base, '/portal/tickets', { token }), 'expired');
        await expect401(await sdk(h.base, '/portal/refresh', { method: 'POST', token }), 'expired');
      } finally {
        clock.advance(-601_000);
      }
    });

    it('foreign brand: a customer of another brand, or an unknown brand', async () => {
      const token = await h.token();
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
      const secret = 'dispatch-mock-portal-jwt-secret';
      const crossed = await signJwt({ ...claims, brandId: SEED.otherBrandId }, secret);
      await expect401(await sdk(h.base, '/portal/tickets', { token: crossed }), 'unknown_customer');
      const unknown = await signJwt({ ...claims, brandId: 'br_nope' }, secret);
      await expect401(await sdk(h.base, '/portal/tickets', { token: unknown }), 'unknown_customer');
    });

    it('revoked by "expire all tokens now"; tokens issued afterwards work', async () => {
      const before = await h.token();
      expect((await h.control('expire-tokens', {})).status).toBe(200);
      await expect401(await sdk(h.base, '/portal/tickets', { token: before }), 'revoked');
      const after = await h.token();
      expect((await sdk(h.base, '/portal/tickets', { token: after })).status).toBe(200);
    });

    it('sends WWW-Authenticate and the JSON content type on 401', async () => {
      const res = await sdk(h.base, '/portal/tickets', { token: 'x' });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });
  });

  describe('refresh', () => {
    it('returns 200 with a new token for the same customer (body-less POST under a JSON content type)', async () => {
      const token = await h.token();
      clock.advance(5_000);
      const res = await sdk(h.base, '/portal/refresh', { method: 'POST', token });
      clock.advance(-5_000);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.token).not.toBe(token);
      expect(body.customerId).toBe(SEED.customers.jane.id);
      expect(Date.parse(body.expiresAt)).toBe(clock.t + 5_000 + 600_000);
    });
  });

  describe('magic links (sent, then verified)', () => {
    const send = (email: string, portalUrl = 'https://support.acme.example/help?tab=tickets#top') =>
      h.admin(`/brands/${SEED.brandId}/portal/magic-link`, { method: 'POST', body: { email, portalUrl } });

    it('answers { success: true } for known and unknown emails and records the full link', async () => {
      expect(await json(await send('jane@example.com'))).toEqual({ success: true });
      expect(await json(await send('nobody@nowhere.example'))).toEqual({ success: true });
      const outbox = await json(await h.control('outbox'));
      const [latest, previous] = outbox.data;
      expect(latest.to).toBe('nobody@nowhere.example');
      expect(previous.to).toBe('jane@example.com');
      const link = new URL(previous.url);
      expect(link.origin + link.pathname).toBe('https://support.acme.example/help');
      expect(link.searchParams.get('tab')).toBe('tickets');
      expect(link.searchParams.get('token')).toBe(previous.token);
      expect(link.hash).toBe('#top');
      expect(Date.parse(previous.expiresAt) - Date.parse(previous.sentAt)).toBe(15 * 60_000);
      const filtered = await json(await h.control('outbox?email=jane@example.com'));
      expect(filtered.data.every((m: { to: string }) => m.to === 'jane@example.com')).toBe(true);
    });

    it('verify swaps the link token for a portal token exactly once', async () => {
      await send('jane@example.com');
      const { data } = await json(await h.control('outbox'));
      const magic = new URL(data[0].url).searchParams.get('token');
      const first = await sdk(h.base, '/portal/verify', { method: 'POST', body: { token: magic } });
      expect(first.status).toBe(200);
      const session = await json(first);
      expect(session).toMatchObject({ customerId: SEED.customers.jane.id, email: 'jane@example.com', name: 'Jane Cooper' });
      expect((await sdk(h.base, `/portal/tickets/${SEED.tickets.richContent}`, { token: session.token })).status).toBe(200);
      const again = await sdk(h.base, '/portal/verify', { method: 'POST', body: { token: magic } });
      expect(again.status).toBe(401);
      expect(await json(again)).toMatchObject({ code: 'INVALID_MAGIC_LINK', details: { reason: 'used' } });
    });

    it('creates the customer on first sign-in from an unknown email', async () => {
      await send('self-service@example.com');
      const { data } = await json(await h.control('outbox'));
      const res = await sdk(h.base, '/portal/verify', { method: 'POST', body: { token: data[0].token } });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ email: 'self-service@example.com', customerId: expect.stringMatching(/^cus_/) });
    });

    it('expires after 15 minutes', async () => {
      await send('jane@example.com');
      const { data } = await json(await h.control('outbox'));
      clock.advance(15 * 60_000);
      try {
        const res = await sdk(h.base, '/portal/verify', { method: 'POST', body: { token: data[0].token } });
        expect(res.status).toBe(401);
        expect(await json(res)).toMatchObject({ details: { reason: 'expired' } });
      } finally {
        clock.advance(-15 * 60_000);
      }
    });

    it('refuses unknown tokens and a missing token', async () => {
      expect((await sdk(h.base, '/portal/verify', { method: 'POST', body: { token: 'nope' } })).status).toBe(401);
      const missing = await sdk(h.base, '/portal/verify', { method: 'POST', body: {} });
      expect(missing.status).toBe(400);
      expect(await json(missing)).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'token' }] });
    });

    it('validates portalUrl', async () => {
      const res = await send('jane@example.com', 'javascript:alert(1)');
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ errors: [{ field: 'portalUrl' }] });
    });
  });

  describe('paths', () => {
    it('answers older SDKs that drop /v1', async () => {
      const token = await h.token();
      const res = await sdk(h.url, '/portal/tickets?limit=1', { token });
      expect(res.status).toBe(200);
      expect((await json(res)).data).toHaveLength(1);
    });
  });
});
