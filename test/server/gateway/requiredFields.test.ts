import { afterEach, describe, expect, it } from 'vitest';
import { createPortalClient, isValidationError } from '../../../src/client';
import { createPortalGateway, dispatchAdmin, memoryBlobStore, type PortalGatewayOptions } from '../../../src/server';
import { SEED, useDispatchMock } from '../adapters/helpers';
import { SECRET, serveGateway } from './helpers';

/**
 * A custom field the team marks required in Dispatch's settings (the admin
 * API), through the gateway on `dispatchAdmin` over the mock, over real HTTP:
 * the form says so, a create without it is refused with an error on that
 * field before anything reaches the helpdesk, and one with it carries it.
 */

const h = useDispatchMock();
const ORDER = SEED.fields.orderId;
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Partial<PortalGatewayOptions> = {}) {
  const gw = createPortalGateway({
    backend: dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl }),
    secret: SECRET,
    blobs: memoryBlobStore(),
    ...options,
  });
  const server = await serveGateway(gw);
  servers.push(server);
  const email = `req-${Math.random().toString(36).slice(2, 8)}@customer.test`;
  const { token } = await gw.issueToken({ email, name: 'Rita Quired' });
  const call = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    fetch(`${server.base}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.key ? { 'x-idempotency-key': init.key } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const orderField = async () => ((await (await call('/portal/form')).json()) as { fields: { key: string; required: boolean }[] }).fields.find((f) => f.key === ORDER);
  /** What the team sees in Dispatch for this customer. */
  const filed = async () => ((await (await h.admin(`/tickets?email=${encodeURIComponent(email)}`)).json()) as { data: { id: string }[] }).data;
  return { gw, server, email, token, call, orderField, filed };
}

const markRequired = async (required = true) => {
  const res = await h.admin(`/fields/ticket/${ORDER}`, { method: 'PATCH', body: { required } });
  expect(res.status).toBe(200);
};

describe('a required custom field, through the gateway on Dispatch', () => {
  it('is required on the form; a create without it is refused on that field and files nothing; with it the ticket carries it', async () => {
    await markRequired();
    const { call, orderField, filed, server, token } = await start();
    expect(await orderField()).toMatchObject({ label: 'Order or invoice number', type: 'text', required: true, showOnCreate: true });

    const draft = { title: 'Charged twice', body: 'Two payments this month.', categoryId: SEED.categories.billing, priority: 'high', customFields: { [SEED.fields.plan]: 'Pro' } };
    for (const missing of [draft, { ...draft, customFields: { ...draft.customFields, [ORDER]: '   ' } }]) {
      const refused = await call('/portal/tickets', { method: 'POST', body: missing, key: 'draft-1' });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        code: 'VALIDATION_ERROR',
        errors: [{ field: `customFields.${ORDER}`, message: 'Order or invoice number is required.' }],
      });
    }
    // The kit's client reads it as a field error on that field.
    const client = createPortalClient({ baseUrl: server.base, getToken: async () => ({ token, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }) });
    const error = await client.createTicket(draft).catch((e: unknown) => e);
    expect(isValidationError(error) && error.fieldErrors).toEqual([{ field: `customFields.${ORDER}`, message: 'Order or invoice number is required.' }]);
    client.dispose();
    expect(await filed()).toEqual([]);

    // The same draft, fixed, under the same key: filed once, with everything the customer chose.
    const fixed = { ...draft, customFields: { ...draft.customFields, [ORDER]: 'INV-2024-0042' } };
    const created = await call('/portal/tickets', { method: 'POST', body: fixed, key: 'draft-1' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const tickets = await filed();
    expect(tickets.map((t) => t.id)).toEqual([id]);
    const upstream = (await (await h.admin(`/tickets/${id}`)).json()) as Record<string, unknown>;
    expect(upstream).toMatchObject({ categoryId: SEED.categories.billing, priority: 'high', customFields: { [ORDER]: 'INV-2024-0042', [SEED.fields.plan]: 'Pro' } });
    const detail = (await (await call(`/portal/tickets/${id}`)).json()) as { customFields: unknown };
    expect(JSON.stringify(detail.customFields)).toContain('INV-2024-0042');
  });

  it('a running gateway applies a field made required once `configTtlMs` has passed, serving the form it had until then', async () => {
    let t = Date.now();
    const { call, orderField, filed } = await start({ configTtlMs: 60_000, now: () => t });
    expect(await orderField()).toMatchObject({ required: false });
    await markRequired();
    t += 59_000;
    expect(await orderField()).toMatchObject({ required: false });
    t += 2_000;
    // Past the TTL the next request starts a re-read (and still gets the old form); the ones after get the new one.
    await expect.poll(async () => (await orderField())?.required).toBe(true);
    const refused = await call('/portal/tickets', { method: 'POST', body: { title: 'No order number' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([`customFields.${ORDER}`]);
    expect(await filed()).toEqual([]);
  });

  it('refuses a `configTtlMs` that is not a duration, saying which option', async () => {
    for (const configTtlMs of [-1, Number.NaN, Infinity]) {
      const gw = createPortalGateway({ backend: dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl }), secret: SECRET, configTtlMs });
      await expect(gw.start()).rejects.toThrow(/`configTtlMs` must be a number of milliseconds/);
    }
  });
});
