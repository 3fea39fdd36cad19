import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../../src/mock/assets';
import { ANSWERPAL_SEED, type AnswerPalSwitches } from '../../../src/mock/answerpal';
import { startAnswerPalMockServer, type AnswerPalMockServer } from '../../../src/mock/answerpal/node';
import { answerPal } from '../../../src/server/adapters/answerPal';
import { redisStore } from '../../../src/server/gateway/redisStore';
import type { GatewayStore } from '../../../src/server/gateway/store';
import { runConformance, type ConformanceFixture } from '../../../src/server/testing';
import { startRedisServer, type RedisServer } from '../../utils/redisServer';

/**
 * The gateway's conformance and attack suite against `answerPal` over the
 * AnswerPal mock (real HTTP): on the in-memory store, and on Redis with two
 * gateway instances taking turns. The mock's fixture plants drafts, unsent AI
 * replies and their prompts, forwards, third-party answers, notes and AI
 * feedback (with files behind public `/api/File/…` links) on the customer's
 * ticket; `forbiddenStrings()` lists every such text, every access token and
 * the `/api/File/` path itself, and the suite finds none of them in any
 * response. Another customer's files, created upstream, answer 404.
 */

let server: AnswerPalMockServer;
let redis: RedisServer;
let store: GatewayStore | null = null;

beforeAll(async () => {
  [server, redis] = await Promise.all([startAnswerPalMockServer({ port: 0, hostname: '127.0.0.1' }), startRedisServer()]);
});
afterAll(async () => {
  await store?.close?.();
  await Promise.all([server?.close(), redis?.stop()]);
});

const THIRD = 'third@customer.test';

function fixture(switches: Partial<AnswerPalSwitches> = {}): ConformanceFixture {
  const { mock } = server;
  mock.reset();
  Object.assign(mock.switches, switches);
  const { fixture: fx, store: data } = mock;
  const ticket = (id: string) => {
    const t = data.tickets.get(Number(id));
    if (!t) throw new Error(`no ticket ${id}`);
    return t;
  };
  /** A message on the ticket as an agent would leave it in AnswerPal (not sent unless `sent`). */
  const message = (ticketId: string, body: string, flags: { isDraft?: boolean; isAiGenerated?: boolean; isSent?: boolean } = {}) => {
    const now = Date.now();
    return data.addMessage(ticket(ticketId), { isIncoming: false, dateCreated: now, ...(flags.isSent ? { dateSent: now } : {}), ...flags, body });
  };
  return {
    backend: answerPal({ baseUrl: server.url, ...ANSWERPAL_SEED.service, channelId: ANSWERPAL_SEED.portalChannelId }),
    customers: [
      { email: 'ada@customer.test', name: 'Ada Lovelace' },
      { email: 'byte@customer.test', name: 'Bob Byte' },
    ],
    async plantInternalNote(ticketId, text) {
      // An agent's note (never sent), and everything else hidden the fixture knows: AI feedback, summary, topics, forwards, prompts.
      message(ticketId, text);
      fx.plantHidden(ticketId);
    },
    async plantStaffReply(ticketId, text) {
      fx.addStaffReply(ticketId, text);
    },
    async plantDraft(ticketId, text) {
      fx.addStaffReply(ticketId, text, { draft: true });
      message(ticketId, `AI ${text}`, { isDraft: true, isAiGenerated: true });
      message(ticketId, `AI unsent ${text}`, { isAiGenerated: true });
    },
    async plantInternalAttachment(ticketId, filename) {
      const note = message(ticketId, `Log for the team: ${filename}`);
      const own = data.addAttachment(note, { fileName: filename, contentType: 'text/plain', bytes: new TextEncoder().encode('internal log') });
      const draft = message(ticketId, 'Draft with a file', { isDraft: true });
      const drafted = data.addAttachment(draft, { fileName: 'draft.pdf', contentType: 'application/pdf', bytes: makePdf(['draft']) });
      return [own, drafted].map((a) => String(a.ticketMessageAttachmentID));
    },
    async plantHiddenTicket(email, title) {
      const spam = fx.addTicket(email, { subject: title, staffReply: null, attachment: false });
      fx.updateTicket(spam.ticketId, { spam: true });
      const deleted = fx.addTicket(email, { subject: `${title} (deleted)`, staffReply: null, attachment: false });
      fx.updateTicket(deleted.ticketId, { deleted: true });
    },
    async createForeignTicket(title) {
      return fx.addTicket(THIRD, { subject: title, body: 'Not yours.' }).ticketId;
    },
    async createForeignAttachments() {
      const made = fx.addTicket(THIRD, { subject: 'Third party files' });
      return made.attachmentIds.map((attachmentId) => ({ ticketId: made.ticketId, attachmentId }));
    },
    gatewayDownloads: true,
    async setUpstreamStatus(ticketId, status) {
      const t = ticket(ticketId);
      t.status = status;
      t.isClosed = status === 'Closed';
      t.closeDate = t.isClosed ? Date.now() : null;
    },
    // AnswerPal knows open, escalated and closed only; there is no waiting or resolved state to map.
    statusCases: [
      { upstream: 'Open', portal: 'open' },
      { upstream: 'Escalated', portal: 'open' },
      { upstream: 'Closed', portal: 'closed' },
      { upstream: 'SomethingNew', portal: 'open' },
    ],
    async createTicketsWithSameTime(email, count, title) {
      const at = Date.now() - 1000;
      return Array.from({ length: count }, (_, i) => fx.addTicket(email, { subject: `${title} ${i}`, createdAt: at, staffReply: null, attachment: false }).ticketId);
    },
    get secrets() {
      return [ANSWERPAL_SEED.service.password, server.url, ...ANSWERPAL_SEED.canaries, ...fx.forbiddenStrings()];
    },
  };
}

describe('answerPal conformance and attacks', () => {
  it('one gateway, in-memory store: everything the adapter claims conforms, every attack is refused, nothing leaks', async () => {
    const report = await runConformance({ fixture: () => fixture() });
    expect(report.failures).toEqual([]);
    expect(report.leakDetails).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);

  it('two gateway instances sharing one Redis: the same, with retries and limits counted across both', async () => {
    store = redisStore({ url: redis.url, prefix: `apconf${Date.now()}:` });
    const report = await runConformance({ fixture: () => fixture(), store, instances: 2 });
    expect(report.failures).toEqual([]);
    expect(report.leakDetails).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);

  it('the API in its other shapes (one record per direction, PascalCase, offset-less dates, slow processing, short logins): the same', async () => {
    const report = await runConformance({
      fixture: () =>
        fixture({ messageModel: 'separate', casing: 'pascal', pagedFields: 5, dateFormat: 'no_offset', processedDelayMs: 60_000, tokenTtlS: 2, createStatus: 200, errorStyle: 'empty' }),
    });
    expect(report.failures).toEqual([]);
    expect(report.leakDetails).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);
});
