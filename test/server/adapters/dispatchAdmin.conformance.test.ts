import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAdmin } from '../../../src/server/adapters/dispatchAdmin';
import { redisStore } from '../../../src/server/gateway/redisStore';
import type { GatewayStore } from '../../../src/server/gateway/store';
import { runConformance, type ConformanceFixture } from '../../../src/server/testing';
import { startRedisServer, type RedisServer } from '../../utils/redisServer';
import { SEED, useDispatchMock } from './helpers';

/**
 * The gateway's conformance and attack suite against `dispatchAdmin` over the
 * mock Dispatch API (real HTTP): on the in-memory store, and on Redis with two
 * gateway instances taking turns.
 */

const h = useDispatchMock();
const WEBHOOK_SECRET = 'whsec_conformance_0123456789';
let redis: RedisServer;
let store: GatewayStore | null = null;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await store?.close?.();
  await redis?.stop();
});

async function adminJson(path: string, method = 'GET', body?: unknown) {
  const res = await h.admin(path, { method, body });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Everything planted goes in through the admin API, as a helpdesk agent (or integration) would. */
function fixture(): ConformanceFixture {
  const { store } = h.server.mock;
  return {
    backend: dispatchAdmin({ apiKey: SEED.apiKey, brandId: SEED.brandId, baseUrl: h.server.baseUrl, webhookSecret: WEBHOOK_SECRET }),
    customers: [
      { email: 'ada@customer.test', name: 'Ada Lovelace' },
      { email: 'byte@customer.test', name: 'Bob Byte' },
    ],
    async plantInternalNote(ticketId, text) {
      await adminJson(`/tickets/${ticketId}/comments`, 'POST', { body: text, metadata: { isInternal: true }, authorName: 'Sam Rivera' });
    },
    async plantStaffReply(ticketId, text) {
      await adminJson(`/tickets/${ticketId}/comments`, 'POST', { body: text, authorName: 'Sam Rivera' });
    },
    async plantSystemMessage(ticketId, text) {
      await adminJson(`/tickets/${ticketId}/comments`, 'POST', { body: text, authorType: 'SYSTEM' });
    },
    async plantInternalAttachment(ticketId, filename) {
      const note = await adminJson(`/tickets/${ticketId}/comments`, 'POST', { body: `Log for the team: ${filename}`, internal: true });
      const bytes = new TextEncoder().encode('internal log');
      const init = await adminJson(`/tickets/${ticketId}/attachments`, 'POST', { filename, contentType: 'text/plain', size: bytes.length, commentId: note.id });
      const put = await fetch(init.uploadUrl, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: bytes });
      if (!put.ok) throw new Error(`PUT ${put.status}`);
      await adminJson(`/tickets/${ticketId}/attachments/${init.attachmentId}/confirm`, 'POST');
      return init.attachmentId as string;
    },
    async plantHiddenTicket(email, title) {
      const spam = await adminJson('/tickets', 'POST', { title, customerEmail: email });
      await adminJson(`/tickets/${spam.id}`, 'PATCH', { status: 'spam' });
      const merged = await adminJson('/tickets', 'POST', { title: `${title} (merged)`, customerEmail: email });
      store.tickets.get(merged.id)!.mergedIntoId = spam.id;
      const deleted = await adminJson('/tickets', 'POST', { title: `${title} (deleted)`, customerEmail: email });
      await adminJson(`/tickets/${deleted.id}`, 'DELETE');
    },
    async createForeignTicket(title) {
      return (await adminJson('/tickets', 'POST', { title, body: 'Not yours.', customerEmail: 'third@customer.test' })).id;
    },
    async setUpstreamStatus(ticketId, status) {
      await adminJson(`/tickets/${ticketId}`, 'PATCH', { status });
    },
    statusCases: [
      { upstream: 'pending', portal: 'pending' },
      { upstream: 'waiting_on_customer', portal: 'waiting_on_customer' },
      { upstream: 'resolved', portal: 'resolved' },
      { upstream: 'closed', portal: 'closed' },
      { upstream: 'brand_new_status', portal: 'open' },
    ],
    async createTicketsWithSameTime(email, count, title) {
      const customer = store.upsertCustomer(SEED.brandId, { email });
      const at = Date.now() - 1000;
      return Array.from({ length: count }, (_, i) => store.createTicket({ customerId: customer.id, title: `${title} ${i}`, createdAt: at }).id);
    },
    // The mock's own signed deliveries, straight into the gateway under test.
    webhooks: {
      connect: ({ url, deliver }) => h.server.mock.webhooks.configure({ url, secret: WEBHOOK_SECRET, fetch: deliver }),
      settled: () => h.server.mock.webhooks.idle(),
    },
    secrets: [SEED.apiKey, h.server.baseUrl, WEBHOOK_SECRET],
  };
}

describe('dispatchAdmin conformance and attacks', () => {
  afterEach(() => h.server.mock.webhooks.configure(null));

  it('one gateway, in-memory store: everything the adapter claims conforms, every attack is refused, nothing leaks', async () => {
    const report = await runConformance({ fixture });
    expect(report.failures).toEqual([]);
    expect(report.leakDetails).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);

  it('catches a parseWebhook that calls internal notes public, or announces a ticket to the wrong customer', async () => {
    const leaky = await runConformance({
      fixture: () => {
        const f = fixture();
        const b = f.backend;
        return {
          ...f,
          backend: {
            ...b,
            parseWebhook: async (ctx, request) =>
              (await b.parseWebhook!(ctx, request)).map((e) => (e.type === 'comment.created' ? { ...e, message: { ...e.message, visibility: 'public' as const } } : e)),
          },
        };
      },
      log: null,
    });
    expect(leaky.failures.map((f) => f.name)).toContain('events: an internal note planted upstream, and its webhook, produce nothing');
    expect(leaky.ok).toBe(false);

    const misrouted = await runConformance({
      fixture: () => {
        const f = fixture();
        const b = f.backend;
        let victim: string | null = null;
        return {
          ...f,
          backend: {
            ...b,
            // Every comment event goes to the most recently seen other customer.
            parseWebhook: async (ctx, request) =>
              (await b.parseWebhook!(ctx, request)).map((e) => {
                if (e.type !== 'comment.created') return e;
                const owner = e.customerId;
                const to = victim && victim !== owner ? victim : owner;
                victim = owner;
                return { ...e, customerId: to };
              }),
          },
        };
      },
      log: null,
    });
    expect(misrouted.failures.filter((f) => f.name.startsWith('events:')).length).toBeGreaterThan(0);
    expect(misrouted.ok).toBe(false);
  }, 180_000);

  it('two gateway instances sharing one Redis: the same, with retries and limits counted across both', async () => {
    store = redisStore({ url: redis.url, prefix: `conf${Date.now()}:` });
    const report = await runConformance({ fixture, store, instances: 2 });
    expect(report.failures).toEqual([]);
    expect(report.leakDetails).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);
});
