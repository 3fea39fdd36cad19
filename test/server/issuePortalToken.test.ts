import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BASE_URL, issuePortalToken, PortalTokenError } from '../../src/server';
import { listTickets, recordingFetch, SEED, useMockServer } from './helpers';

const h = useMockServer();

afterEach(async () => {
  await h.control('reset', {});
});

describe('issuePortalToken', () => {
  it('returns a working token with the documented fields only', async () => {
    const unknownField: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const data = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...data, internalScore: 42 }), { status: res.status, headers: res.headers });
    };
    const result = await issuePortalToken({
      apiKey: SEED.apiKey,
      brandId: SEED.brandId,
      baseUrl: `${h.base}/`,
      email: SEED.customers.bob.email,
      fetch: unknownField,
    });
    expect(Object.keys(result).sort()).toEqual(['customerId', 'email', 'expiresAt', 'name', 'token']);
    expect(result).toMatchObject({ customerId: SEED.customers.bob.id, name: SEED.customers.bob.name });
    expect((await listTickets(h.base, result.token)).status).toBe(200);
  });

  it('does not cache: every call mints', async () => {
    const rec = recordingFetch();
    const options = { apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, email: 'new@example.com', fetch: rec.fetch };
    const a = await issuePortalToken(options);
    const b = await issuePortalToken(options);
    expect(a.token).not.toBe(b.token);
    expect(rec.mints).toBe(2);
    expect(a).not.toHaveProperty('name'); // the seed customer has none
  });

  it('sends optional fields only when they hold text', async () => {
    const rec = recordingFetch();
    const common = { apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, fetch: rec.fetch };
    await issuePortalToken({ ...common, email: 'x@example.com', name: ' ', companyName: undefined, sourceOrgId: null });
    await issuePortalToken({ ...common, email: 'y@example.com', name: ' Y ', companyName: 'Globex Corp', sourceOrgId: 'org_1' });
    expect(rec.calls.map((c) => c.body)).toEqual([
      { email: 'x@example.com' },
      { email: 'y@example.com', name: 'Y', companyName: 'Globex Corp', sourceOrgId: 'org_1' },
    ]);
  });

  it('calls the vendor’s default base URL when none is given, and encodes the brand id', async () => {
    const seen: string[] = [];
    const offline: typeof fetch = async (input) => {
      seen.push(String(input));
      throw new TypeError('fetch failed');
    };
    await expect(issuePortalToken({ apiKey: SEED.apiKey, brandId: 'br/../x', email: 'a@example.com', fetch: offline })).rejects.toMatchObject({
      kind: 'network',
    });
    expect(DEFAULT_BASE_URL).toBe('https://dispatch-tickets-api.onrender.com/v1');
    expect(seen).toEqual([`${DEFAULT_BASE_URL}/brands/br%2F..%2Fx/portal/token`]);
  });

  it('without a global fetch and no `fetch` option → config error', async () => {
    vi.stubGlobal('fetch', undefined);
    try {
      await expect(issuePortalToken({ apiKey: SEED.apiKey, brandId: SEED.brandId, email: 'a@example.com' })).rejects.toMatchObject({
        kind: 'config',
        message: expect.stringContaining('no `fetch` is available'),
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('rejects a missing email as invalid_input before calling anyone', async () => {
    const rec = recordingFetch();
    const error = await issuePortalToken({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, email: '', fetch: rec.fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalTokenError);
    expect(error).toMatchObject({ kind: 'invalid_input', status: 400 });
    expect(rec.calls).toHaveLength(0);
  });

  it('a foreign brand → upstream 403 with the request id', async () => {
    const error = await issuePortalToken({ apiKey: SEED.apiKey, brandId: SEED.otherBrandId, baseUrl: h.base, email: 'a@example.com' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'upstream', upstreamStatus: 403, upstreamCode: 'FORBIDDEN', requestId: expect.any(String) });
  });
});
