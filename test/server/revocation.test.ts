// A token revoked before its expiry: the API answers 401, the kit asks again
// with reason 'rejected', and the handler skips its cache (?fresh=1) instead
// of handing back the revoked token. End to end over HTTP against the mock.
import { describe, expect, it } from 'vitest';
import { createPortalClient, type GetTokenContext } from '../../src/client';
import { createPortalTokenHandler } from '../../src/server';
import { SEED, useMockServer } from './helpers';

const mock = useMockServer();

function setup() {
  const handler = createPortalTokenHandler({
    apiKey: SEED.apiKey,
    brandId: SEED.brandId,
    baseUrl: mock.base,
    getCustomer: () => ({ email: 'revoked@example.com', name: 'Rev' }),
  });
  const reasons: GetTokenContext['reason'][] = [];
  const tokens: string[] = [];
  const getToken = async ({ reason }: GetTokenContext) => {
    reasons.push(reason);
    const res = await handler(new Request(`https://host.test/api/support/token${reason === 'rejected' ? '?fresh=1' : ''}`));
    const body = (await res.json()) as { token: string; expiresAt: string };
    tokens.push(body.token);
    return body;
  };
  return { handler, reasons, tokens, client: createPortalClient({ baseUrl: mock.base, getToken }) };
}

describe('a token revoked early', () => {
  it('is replaced through the handler without the user noticing', async () => {
    const { client, reasons, tokens } = setup();
    await client.listTickets();
    await mock.control('expire-tokens', {});

    // The next call gets a 401, renews with reason 'rejected' and is replayed once.
    const page = await client.listTickets();
    expect(Array.isArray(page.tickets)).toBe(true);
    expect(reasons).toEqual(['initial', 'rejected']);
    expect(new Set(tokens).size).toBe(2);
    expect(client.session.getSnapshot().status).toBe('ready');
    client.dispose();
  });

  it('without the fresh hint, the handler would serve the revoked token from its cache', async () => {
    const { handler } = setup();
    const first = await (await handler(new Request('https://host.test/api/support/token'))).json();
    await mock.control('expire-tokens', {});
    const cached = await (await handler(new Request('https://host.test/api/support/token'))).json();
    const fresh = await (await handler(new Request('https://host.test/api/support/token?fresh=1'))).json();
    expect(cached.token).toBe(first.token);
    expect(fresh.token).not.toBe(first.token);
    const res = await fetch(`${mock.base}/portal/tickets`, {
      headers: { Authorization: `Bearer ${fresh.token}`, 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
  });
});
