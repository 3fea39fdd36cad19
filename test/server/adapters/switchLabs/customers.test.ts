import { describe, expect, it } from 'vitest';
import { BackendError } from '../../../../src/server/gateway/backend';
import { failure, SWITCHLABS_SEED, useAdapterHarness } from './helpers';

const h = useAdapterHarness();
const ctx = () => ({ signal: new AbortController().signal, requestId: 'req_test', state: h.state });
const calls = () => h.calls.map((c) => `${c.method} ${c.path}${c.query.size ? `?${c.query}` : ''}`);

describe('switchLabs resolveCustomer', () => {
  it('finds an existing customer by the normalised email in one call', async () => {
    const c = await h.adapter().resolveCustomer(ctx(), { email: '  Jordan.Lee@EXAMPLE.com ', name: 'ignored' });
    expect(c).toEqual({ id: h.server.mock.seed.customers.jordan, email: SWITCHLABS_SEED.customers.jordan.email, name: 'Jordan Lee' });
    expect(calls()).toEqual([`GET /customers?email=jordan.lee%40example.com&limit=25`]);
  });

  it('creates a new customer on first sign-in (lookup, search, create) and finds them afterwards', async () => {
    const backend = h.adapter();
    const created = await backend.resolveCustomer(ctx(), { email: 'New.Person@Example.com', name: 'New Person' });
    expect(created).toMatchObject({ email: 'new.person@example.com', name: 'New Person' });
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /customers', 'GET /customers', 'POST /customers']);
    expect(h.calls[2]?.body).toEqual({ email: 'new.person@example.com', name: 'New Person' });
    h.resetCalls();
    expect((await backend.resolveCustomer(ctx(), { email: 'new.person@example.com', name: null })).id).toBe(created.id);
    expect(h.calls).toHaveLength(1);
    expect(h.server.mock.store.customersByEmail('new.person@example.com', false)).toHaveLength(1);
  });

  it('finds a customer stored with capitals on an install that matches emails exactly', async () => {
    h.server.mock.setSwitches({ email_match: 'exact' });
    const c = await h.adapter().resolveCustomer(ctx(), { email: 'casey.mixed@example.com', name: null });
    expect(c.id).toBe(h.server.mock.seed.customers.mixedCase);
    expect(h.calls.some((x) => x.method === 'POST')).toBe(false);
  });

  it.each(['400', '409', 'return_existing'] as const)('a customer created meanwhile (duplicate_customer=%s): uses the existing one, never a second', async (mode) => {
    h.server.mock.setSwitches({ duplicate_customer: mode });
    const email = 'race@example.com';
    // Another sign-in creates the customer between this one's lookup and its create.
    const backend = h.adapter({
      fetch: async (input, init) => {
        if (init?.method === 'POST' && String(input).endsWith('/customers') && h.server.mock.store.customersByEmail(email, false).length === 0) {
          h.server.mock.store.addCustomer({ email, name: 'First' });
        }
        return fetch(input, init);
      },
    });
    const c = await backend.resolveCustomer(ctx(), { email, name: 'Second' });
    expect(h.server.mock.store.customersByEmail(email, false)).toHaveLength(1);
    expect(c.id).toBe(h.server.mock.store.customersByEmail(email, false)[0]?.id);
  });

  it('refuses when several customers share the email (conflict, reported)', async () => {
    h.server.mock.store.addCustomer({ email: 'JORDAN.LEE@example.com', name: 'Jordan (duplicate)' });
    const e = await failure<BackendError>(h.adapter().resolveCustomer(ctx(), { email: SWITCHLABS_SEED.customers.jordan.email, name: null }));
    expect(e).toBeInstanceOf(BackendError);
    expect(e.kind).toBe('conflict');
    expect(h.warnings.map((w) => w.code)).toEqual(['SWITCHLABS_DUPLICATE_CUSTOMER']);
  });

  it('refuses a blocked customer (forbidden) without creating anything', async () => {
    const e = await failure<BackendError>(h.adapter().resolveCustomer(ctx(), { email: SWITCHLABS_SEED.customers.blocked.email, name: null }));
    expect(e.kind).toBe('forbidden');
    expect(e.code).toBe('CUSTOMER_BLOCKED');
    expect(h.calls.some((x) => x.method === 'POST')).toBe(false);
  });

  it('remembers the customer’s login user id (when the API shows it) to recognise their messages', async () => {
    h.server.mock.setSwitches({ include_model_fields: 'on' });
    const c = await h.adapter().resolveCustomer(ctx(), { email: SWITCHLABS_SEED.customers.jordan.email, name: null });
    expect(await h.state.get(`user:${c.id}`)).toBe(h.server.mock.store.customers.get(c.id)?.user_id);
  });
});
