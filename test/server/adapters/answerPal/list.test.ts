import { describe, expect, it } from 'vitest';
import type { BackendContext, BackendTicket, JsonValue, ListTicketsQuery } from '../../../../src/server/gateway/backend';
import { S, stagedFile, useAdapter } from './helpers';

const clock = { t: Date.parse('2024-04-10T12:00:00.000Z'), now: () => clock.t };
const h = useAdapter({ now: clock.now }, { now: clock.now });

const EVA_VISIBLE = [S.tickets.rich, S.tickets.closed, S.tickets.escalated, S.tickets.followUp, S.tickets.otherRep, S.tickets.secondaryEmail, S.tickets.phone].map(String);
const query = (q: Partial<ListTicketsQuery> = {}): ListTicketsQuery => ({ statuses: [], search: null, sort: 'createdAt', order: 'desc', limit: 20, cursor: null, ...q });
const ids = (tickets: BackendTicket[]) => tickets.map((t) => t.id);

/** Walks every page; `between` runs after each page (drift). */
async function walk(ctx: BackendContext, q: Partial<ListTicketsQuery>, between?: (page: number) => void | Promise<void>) {
  const all: string[] = [];
  let cursor: JsonValue | null = null;
  for (let page = 0; page < 100; page++) {
    const res = await h.backend.listTickets(ctx, query({ ...q, cursor }));
    expect(res.tickets.length).toBeLessThanOrEqual(q.limit ?? 20);
    all.push(...ids(res.tickets));
    // The gateway round-trips the state through JSON (signed), never as live objects.
    cursor = res.next === null ? null : (JSON.parse(JSON.stringify(res.next)) as JsonValue);
    if (cursor === null) return all;
    await between?.(page);
  }
  throw new Error('walk did not end');
}

describe('answerPal(): listTickets', () => {
  it('lists the customer’s tickets through every UID (second email, phone), follow-ups included; no spam, no one else’s', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const res = await h.backend.listTickets(ctx, query());
    expect(ids(res.tickets).sort()).toEqual([...EVA_VISIBLE].sort());
    expect(res.next).toBeNull();
    expect(res.tickets.every((t) => t.customerId === ctx.customer.id)).toBe(true);
    const rich = res.tickets.find((t) => t.id === String(S.tickets.rich));
    expect(rich).toEqual({
      id: String(S.tickets.rich),
      customerId: String(S.endUsers.eva.id),
      number: S.tickets.rich,
      title: 'Invoice shows the wrong VAT rate',
      status: 'open',
      priority: null,
      messageCount: null,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    const e4 = h.calls.find((c) => c.path.endsWith('/tickets'));
    expect(e4?.path).toBe(`EndUsers/${S.endUsers.eva.id}/tickets`);
  });

  it('re-checks the owner of every row: Tom’s listing (which AnswerPal pads with Eva’s tickets via his customerRef) shows only his', async () => {
    const ctx = await h.as(S.endUsers.tom.email);
    expect(ids((await h.backend.listTickets(ctx, query())).tickets)).toEqual([String(S.tickets.tom)]);
  });

  it('maps statuses: Escalated is open, closed is closed; filters by status keys, unknown keys match nothing', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const all = (await h.backend.listTickets(ctx, query())).tickets;
    expect(all.find((t) => t.id === String(S.tickets.escalated))?.status).toBe('open');
    expect(ids((await h.backend.listTickets(ctx, query({ statuses: ['closed'] }))).tickets)).toEqual([String(S.tickets.closed)]);
    expect((await h.backend.listTickets(ctx, query({ statuses: ['open'] }))).tickets).toHaveLength(EVA_VISIBLE.length - 1);
    expect((await h.backend.listTickets(ctx, query({ statuses: ['open', 'closed'] }))).tickets).toHaveLength(EVA_VISIBLE.length);
    expect((await h.backend.listTickets(ctx, query({ statuses: ['pending'] }))).tickets).toEqual([]);
  });

  it('sorts by createdAt or updatedAt, either way', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const byCreated = (await h.backend.listTickets(ctx, query({ order: 'asc' }))).tickets.map((t) => Date.parse(t.createdAt));
    expect(byCreated).toEqual([...byCreated].sort((a, b) => a - b));
    const byUpdated = (await h.backend.listTickets(ctx, query({ sort: 'updatedAt' }))).tickets.map((t) => Date.parse(t.updatedAt));
    expect(byUpdated).toEqual([...byUpdated].sort((a, b) => b - a));
  });

  it('search: matches visible text only — a word only in a draft finds nothing, though AnswerPal’s search matched it', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    expect(ids((await h.backend.listTickets(ctx, query({ search: 'vat rate' }))).tickets)).toEqual([String(S.tickets.rich)]);
    expect(ids((await h.backend.listTickets(ctx, query({ search: 'personal address' }))).tickets)).toEqual([String(S.tickets.secondaryEmail)]);
    expect((await h.backend.listTickets(ctx, query({ search: 'DRAFT-CANARY' }))).tickets).toEqual([]);
    expect((await h.backend.listTickets(ctx, query({ search: 'goodwill' }))).tickets).toEqual([]);
    expect((await h.backend.listTickets(ctx, query({ search: 'exemption is valid' }))).tickets).toEqual([]);
  });

  describe('paging', () => {
    it('walks every ticket exactly once in small pages', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const all = await walk(ctx, { limit: 2 });
      expect(all.sort()).toEqual([...EVA_VISIBLE].sort());
    });

    it('arrivals between pages (more than a page of them) cause no duplicates, skip nothing, and wait for a refresh', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      for (let i = 0; i < 30; i++) h.server.mock.fixture.addTicket(S.endUsers.eva.email, { createdAt: clock.t - 40 * 86_400_000 - i * 1000 });
      const before = await walk(ctx, { limit: 20 });
      let n = 0;
      const during = await walk(ctx, { limit: 7 }, () => {
        // 25 new tickets land on top between every two pages (the upstream page size is 20).
        for (let i = 0; i < 25; i++) h.server.mock.fixture.addTicket(S.endUsers.eva.email, { createdAt: clock.t + ++n * 1000 });
      });
      expect(new Set(during).size).toBe(during.length);
      expect(during).toEqual(before);
      // A refresh (a new walk) shows them first.
      expect((await h.backend.listTickets(ctx, query({ limit: 1 }))).tickets[0]?.createdAt).toBe(new Date(clock.t + n * 1000).toISOString());
    });

    it('ties across pages plus arrivals at the same instant: no duplicates (seenIds settle what the sort key can’t)', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const instant = clock.t - 50 * 86_400_000;
      for (let i = 0; i < 30; i++) h.server.mock.fixture.addTicket(S.endUsers.eva.email, { createdAt: instant });
      const during = await walk(ctx, { limit: 6 }, () => {
        for (let i = 0; i < 4; i++) h.server.mock.fixture.addTicket(S.endUsers.eva.email, { createdAt: instant });
      });
      expect(new Set(during).size).toBe(during.length);
      expect(during.length).toBeGreaterThanOrEqual(EVA_VISIBLE.length + 30);
    });

    it('departures between pages cause no duplicates (skips are accepted; a refresh starts over)', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      for (let i = 0; i < 12; i++) h.server.mock.fixture.addTicket(S.endUsers.eva.email, { createdAt: clock.t - 40 * 86_400_000 - i * 1000 });
      const first = (await h.backend.listTickets(ctx, query({ limit: 5 }))).tickets;
      const during = await walk(ctx, { limit: 5 }, () => h.server.mock.fixture.updateTicket(first[0]!.id, { deleted: true }));
      expect(new Set(during).size).toBe(during.length);
    });

    it('tops up a page whose rows were mostly someone else’s from the next upstream page', async () => {
      // 25 new tickets of Eva's fill Tom's first upstream page (his customerRef is her email).
      for (let i = 0; i < 25; i++) h.server.mock.fixture.addTicket(S.endUsers.eva.email, { createdAt: clock.t + i * 1000 });
      const ctx = await h.as(S.endUsers.tom.email);
      h.calls.length = 0;
      const res = await h.backend.listTickets(ctx, query({ limit: 5 }));
      expect(ids(res.tickets)).toEqual([String(S.tickets.tom)]);
      expect(res.next).toBeNull();
      expect(h.calls.filter((c) => c.path.endsWith('/tickets')).length).toBe(2);
    });
  });

  describe('created, not yet listed', () => {
    it('a ticket this gateway just created shows on the first page while AnswerPal still processes it, once', async () => {
      h.server.mock.switches.processedDelayMs = 120_000;
      const ctx = await h.as(S.endUsers.eva.email);
      const created = await h.backend.createTicket(ctx, { title: 'Just filed', body: 'Hello', priority: null, categoryId: null, customFields: {}, files: [] });
      const page = await h.backend.listTickets(ctx, query({ limit: 3 }));
      expect(ids(page.tickets)[0]).toBe(created.id);
      // Processed now: listed by AnswerPal too, still exactly once in a walk.
      clock.t += 120_000;
      const all = await walk(ctx, { limit: 3 });
      expect(all.filter((id) => id === created.id)).toHaveLength(1);
    });

    it('more just-created tickets than fit on a page: each shows once, newest first, and the walk still reaches every older ticket', async () => {
      h.server.mock.switches.processedDelayMs = 120_000;
      const ctx = await h.as(S.endUsers.eva.email);
      const created: string[] = [];
      for (let i = 0; i < 5; i++) {
        clock.t += 1000;
        created.push((await h.backend.createTicket(ctx, { title: `Filed ${i}`, body: 'x', priority: null, categoryId: null, customFields: {}, files: [] })).id);
      }
      const all = await walk(ctx, { limit: 2 });
      expect(all.slice(0, 5)).toEqual([...created].reverse());
      expect(all.slice(5).sort()).toEqual([...EVA_VISIBLE].sort());
      // Half of them processed mid-walk: still each once.
      const again: string[] = [];
      let cursor: JsonValue | null = null;
      for (let page = 0; page < 20; page++) {
        const res = await h.backend.listTickets(ctx, query({ limit: 2, cursor }));
        again.push(...ids(res.tickets));
        if (page === 0) clock.t += 120_000 - 3000;
        if (res.next === null) break;
        cursor = JSON.parse(JSON.stringify(res.next)) as JsonValue;
      }
      expect(new Set(again).size).toBe(again.length);
      expect(again.sort()).toEqual([...created, ...EVA_VISIBLE].sort());
    });

    it('in ascending order it comes last; after 10 minutes the merge stops', async () => {
      h.server.mock.switches.processedDelayMs = 3_600_000;
      const ctx = await h.as(S.endUsers.eva.email);
      const created = await h.backend.createTicket(ctx, { title: 'Later', body: 'x', priority: null, categoryId: null, customFields: {}, files: [stagedFile('a.txt', 'a')] });
      const asc = await walk(ctx, { limit: 4, order: 'asc' });
      expect(asc.at(-1)).toBe(created.id);
      expect(asc.filter((id) => id === created.id)).toHaveLength(1);
      clock.t += 10 * 60_000 + 1;
      expect(await walk(ctx, { limit: 20 })).not.toContain(created.id);
    });
  });
});
