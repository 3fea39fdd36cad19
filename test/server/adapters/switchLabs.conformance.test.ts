import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwitchLabsMockServer, type SwitchLabsMockServer } from '../../../src/mock/node';
import { SWITCHLABS_SEED, type SwitchLabsSwitches } from '../../../src/mock/switchlabs';
import { switchLabs } from '../../../src/server/adapters/switchLabs';
import { redisStore } from '../../../src/server/gateway/redisStore';
import type { GatewayStore } from '../../../src/server/gateway/store';
import { runConformance, type ConformanceFixture } from '../../../src/server/testing';
import { startRedisServer, type RedisServer } from '../../utils/redisServer';

/**
 * The gateway's conformance and attack suite against `switchLabs` over the
 * Switch Labs mock (real HTTP): on the in-memory store, and on Redis with two
 * gateway instances taking turns. Hidden content is planted through the mock's
 * fixture, which puts the suite's marker in every kind of conversation and
 * agent-only field a customer must never see.
 */

let server: SwitchLabsMockServer;
let redis: RedisServer;
let store: GatewayStore | null = null;

beforeAll(async () => {
  [server, redis] = await Promise.all([startSwitchLabsMockServer({ port: 0, hostname: '127.0.0.1' }), startRedisServer()]);
});
afterAll(async () => {
  await store?.close?.();
  await Promise.all([server?.close(), redis?.stop()]);
});

function fixture(switches: Partial<SwitchLabsSwitches> = {}): ConformanceFixture {
  const { mock } = server;
  mock.reset(switches);
  // Drafts, articles in review, archived and deleted ones, all matching the suite's article query.
  const planted: string[] = [mock.fixture.plantArticles(undefined, 'password').marker];
  const ticket = (id: string) => {
    const t = mock.store.tickets.get(id);
    if (!t) throw new Error(`no ticket ${id}`);
    return t;
  };
  return {
    backend: switchLabs({
      baseUrl: server.baseUrl,
      apiKey: SWITCHLABS_SEED.apiKey,
      articleUrl: 'https://help.example.com/articles/{slug}',
    }),
    customers: [
      { email: 'ada@customer.test', name: 'Ada Lovelace' },
      { email: 'byte@customer.test', name: 'Bob Byte' },
    ],
    async plantInternalNote(ticketId, text) {
      // Every hidden kind at once: note, internal reply, system record, deleted reply, unknown type, missing flag.
      mock.fixture.plantHidden(ticketId, text);
      planted.push(mock.fixture.plantAgentFields(ticketId).marker);
    },
    async plantStaffReply(ticketId, text) {
      mock.fixture.staffReply(ticketId, text);
    },
    async plantSystemMessage(ticketId, text) {
      mock.store.addConversation({ ticket_id: ticketId, type: 'system', internal: false, content: text, author_id: null, author_kind: null });
    },
    async plantHiddenTicket(email, title) {
      // The API has no spam or merge state; a soft-deleted ticket is the one it can hide.
      const customer = mock.store.customersByEmail(email, false)[0];
      if (!customer) throw new Error(`no customer ${email}`);
      mock.store.addTicket({ subject: title, customer_id: customer.id, deleted_at: Date.now() });
    },
    async createForeignTicket(title) {
      const email = 'third@customer.test';
      const other = mock.store.customersByEmail(email, false)[0] ?? mock.store.addCustomer({ email, name: 'Third Party' });
      return mock.store.addTicket({ subject: title, description: 'Not yours.', status: 'open', customer_id: other.id }).id;
    },
    async setUpstreamStatus(ticketId, status) {
      ticket(ticketId).status = status as never;
    },
    statusCases: [
      { upstream: 'new', portal: 'open' },
      { upstream: 'in_progress', portal: 'open' },
      { upstream: 'pending', portal: 'pending' },
      { upstream: 'resolved', portal: 'resolved' },
      { upstream: 'closed', portal: 'closed' },
      { upstream: 'escalated_custom', portal: 'open' },
    ],
    async createTicketsWithSameTime(email, count, title) {
      const customer = mock.store.customersByEmail(email, false)[0];
      if (!customer) throw new Error(`no customer ${email}`);
      const at = Date.now() - 1000;
      return Array.from({ length: count }, (_, i) => mock.store.addTicket({ subject: `${title} ${i}`, customer_id: customer.id, created_at: at, updated_at: at }).id);
    },
    get secrets() {
      return [SWITCHLABS_SEED.apiKey, server.baseUrl, ...Object.values(SWITCHLABS_SEED.secrets), ...planted];
    },
  };
}

describe('switchLabs conformance and attacks', () => {
  it('one gateway, in-memory store: everything the adapter claims conforms, every attack is refused, nothing leaks', async () => {
    const report = await runConformance({ fixture: () => fixture() });
    expect(report.failures).toEqual([]);
    expect(report.leakDetails).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);

  it('two gateway instances sharing one Redis: the same, with retries and limits counted across both', async () => {
    store = redisStore({ url: redis.url, prefix: `slconf${Date.now()}:` });
    const report = await runConformance({ fixture: () => fixture(), store, instances: 2 });
    expect(report.failures).toEqual([]);
    expect(report.leakDetails).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);

  it('the API at its least helpful (filters ignored, tied cursors repeated, second precision, prefixed ids, every field): the same', async () => {
    const report = await runConformance({
      fixture: () =>
        fixture({
          internal_filter: 'ignored',
          cursor_mode: 'inclusive',
          cursor_precision: 'seconds',
          last_page_cursor: 'repeat',
          id_style: 'prefixed',
          conversation_types: 'mixed',
          rich_text: 'both',
          include_model_fields: 'on',
          initial_status: 'new',
        }),
    });
    expect(report.failures).toEqual([]);
    expect(report.leakDetails).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);
});
