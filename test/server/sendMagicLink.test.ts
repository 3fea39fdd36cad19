import { afterEach, describe, expect, it } from 'vitest';
import { isPortalTokenError, sendMagicLink, type PortalTokenError } from '../../src/server';
import { listTickets, recordingFetch, SEED, useMockServer } from './helpers';

const h = useMockServer();
const portalUrl = 'https://app.acme.example/support?tab=tickets';

interface OutboxEntry {
  to: string;
  url: string;
  token: string;
  portalUrl: string;
}

const outbox = async (email: string) =>
  ((await (await fetch(`${h.url}/__mock/outbox?email=${encodeURIComponent(email)}`)).json()) as { data: OutboxEntry[] }).data;

const verify = (token: string) =>
  fetch(`${h.base}/portal/verify`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ token }),
  });

async function rejection(promise: Promise<unknown>): Promise<PortalTokenError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!isPortalTokenError(error)) throw error;
  return error;
}

afterEach(async () => {
  await h.control('reset', {});
});

describe('sendMagicLink', () => {
  it('sends a link to the portal page whose token the portal accepts, once', async () => {
    const rec = recordingFetch();
    const email = SEED.customers.jane.email;
    await expect(sendMagicLink({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, email, portalUrl, fetch: rec.fetch })).resolves.toEqual({
      success: true,
    });
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0]).toMatchObject({ url: `${h.base}/brands/${SEED.brandId}/portal/magic-link`, method: 'POST', body: { email, portalUrl } });
    expect(rec.calls[0]?.headers.get('authorization')).toBe(`Bearer ${SEED.apiKey}`);

    const [mail] = await outbox(email);
    expect(mail).toMatchObject({ to: email, portalUrl });
    const link = new URL(mail!.url);
    expect(`${link.origin}${link.pathname}`).toBe('https://app.acme.example/support');
    expect(link.searchParams.get('tab')).toBe('tickets');
    expect(link.searchParams.get('token')).toBe(mail!.token);

    const verified = await verify(mail!.token);
    expect(verified.status).toBe(200);
    const session = (await verified.json()) as { token: string; email: string; customerId: string };
    expect(session).toMatchObject({ email, customerId: SEED.customers.jane.id });
    expect((await listTickets(h.base, session.token)).status).toBe(200);
    // Single use.
    expect((await verify(mail!.token)).ok).toBe(false);
  });

  it('succeeds for an email the brand does not know (no account enumeration)', async () => {
    const email = 'stranger@example.org';
    await expect(sendMagicLink({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, email, portalUrl })).resolves.toEqual({ success: true });
    expect(await outbox(email)).toHaveLength(1);
  });

  it.each(['/support', 'support.acme.example/portal', 'javascript:alert(1)', 'ftp://files.example/portal', '', undefined])(
    'refuses portalUrl %j before sending anything (config)',
    async (bad) => {
      const rec = recordingFetch();
      const error = await rejection(
        sendMagicLink({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, email: 'a@example.com', portalUrl: bad as string, fetch: rec.fetch }),
      );
      expect(error).toMatchObject({ kind: 'config', status: 500, message: expect.stringMatching(/^sendMagicLink: `portalUrl` must be an absolute http\(s\) URL/) });
      expect(rec.calls).toHaveLength(0);
    },
  );

  it.each(['', '   ', 'jane', 'jane@', 'jane example.com', undefined])('refuses email %j as invalid_input (400)', async (bad) => {
    const rec = recordingFetch();
    const error = await rejection(
      sendMagicLink({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, email: bad as string, portalUrl, fetch: rec.fetch }),
    );
    expect(error).toMatchObject({ kind: 'invalid_input', status: 400 });
    expect(rec.calls).toHaveLength(0);
  });

  it('throws config errors for a missing key or brand', async () => {
    await expect(sendMagicLink({ apiKey: '', brandId: SEED.brandId, email: 'a@example.com', portalUrl })).rejects.toMatchObject({ kind: 'config' });
    await expect(sendMagicLink({ apiKey: SEED.apiKey, brandId: '', email: 'a@example.com', portalUrl })).rejects.toMatchObject({
      kind: 'config',
      message: expect.not.stringContaining(SEED.apiKey),
    });
  });

  it('a bad key → typed upstream error without the key in it', async () => {
    const apiKey = 'sk_test_nope_nope';
    const error = await rejection(sendMagicLink({ apiKey, brandId: SEED.brandId, baseUrl: h.base, email: 'a@example.com', portalUrl }));
    expect(error).toMatchObject({ kind: 'upstream', status: 502, upstreamStatus: 401, upstreamCode: 'UNAUTHORIZED' });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(apiKey);
    expect(error.message).not.toContain('a@example.com');
  });

  it('API down → network error', async () => {
    await h.control('outage', { down: true });
    const error = await rejection(sendMagicLink({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, email: 'a@example.com', portalUrl }));
    expect(error).toMatchObject({ kind: 'network', status: 503 });
  });

  it('an explicit `success: false` is an upstream error', async () => {
    const fakeUpstream: typeof fetch = async () => new Response('{"success":false}', { status: 200, headers: { 'content-type': 'application/json' } });
    const error = await rejection(
      sendMagicLink({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.base, email: 'a@example.com', portalUrl, fetch: fakeUpstream }),
    );
    expect(error.kind).toBe('upstream');
  });
});
