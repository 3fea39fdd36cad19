import { describe, expect, it } from 'vitest';
import type { BackendContext } from '../../../../src/server/gateway/backend';
import { S, serialise, stagedFile, useAdapter } from './helpers';

const h = useAdapter();

/** Everything the adapter hands the gateway for this customer, serialised. */
async function everything(ctx: BackendContext, extraSearches: string[]): Promise<string> {
  const out: unknown[] = [];
  const q = { statuses: [], search: null, sort: 'createdAt' as const, order: 'desc' as const, limit: 50, cursor: null };
  const list = await h.backend.listTickets(ctx, q);
  out.push(list);
  for (const search of extraSearches) out.push(await h.backend.listTickets(ctx, { ...q, search }));
  for (const t of list.tickets) {
    out.push(await h.backend.getTicket(ctx, t.id));
    out.push(await h.backend.getTicketDetail(ctx, t.id));
    out.push(await h.backend.listAttachments!(ctx, t));
    const { store } = h.server.mock;
    // Every file stored on this ticket's messages, visible or not.
    const onTicket = [...store.attachments.values()].filter((a) => store.messages.get(a.messageID)?.ticketID === Number(t.id));
    for (const a of onTicket) {
      const d = await h.backend.getDownload!(ctx, t, String(a.ticketMessageAttachmentID));
      if (d) out.push(d.attachment, Object.keys(d.download));
    }
  }
  out.push(await h.backend.capabilities({ signal: ctx.signal, requestId: 'r', state: ctx.state }));
  return serialise(out);
}

describe('answerPal(): nothing hidden reaches the gateway’s customer-facing records', () => {
  for (const model of ['combined', 'separate'] as const) {
    it(`${model} model: planted drafts, AI replies, prompts, forwards, notes, AI feedback and file links never appear anywhere`, async () => {
      h.server.mock.switches.messageModel = model;
      const ctx = await h.as(S.endUsers.eva.email);
      // Hidden content on an existing ticket and on one the customer files through the gateway.
      const planted = h.server.mock.fixture.plantHidden(S.tickets.rich);
      const mine = await h.backend.createTicket(ctx, { title: 'Fresh', body: 'Mine', priority: null, categoryId: null, customFields: {}, files: [stagedFile('mine.txt', 'mine')] });
      const planted2 = h.server.mock.fixture.plantHidden(mine.id);
      const reply = await h.backend.addMessage(ctx, mine, { body: 'A reply', files: [] });

      const output = serialise([mine, reply]) + (await everything(ctx, ['DRAFT', 'HIDDEN', 'CANARY', 'refund', 'accountant']));
      const forbidden = h.server.mock.fixture.forbiddenStrings();
      expect(forbidden.length).toBeGreaterThan(40);
      for (const s of [...forbidden, ...planted.canaries, ...planted2.canaries, ...planted.accessTokens, ...S.canaries]) expect(output).not.toContain(s);
      expect(output).not.toMatch(/api\/file/i);
      expect(output).not.toMatch(/accessToken|customFieldsData|aiFeedback|summary|topics|prompt|twilio|customerRepID|endUsers/i);
      // …while the visible conversation is all there.
      expect(output).toContain('we corrected the VAT');
      expect(output).toContain('Sent reply linking a hidden file');
    }, 60_000);
  }

  it('another customer’s content never comes back through this customer’s calls', async () => {
    const zoe = h.server.mock.fixture.addCustomer({ email: 'zoe@other.example', tickets: 2 });
    const ctx = await h.as(S.endUsers.eva.email);
    const output = await everything(ctx, ['zoe', 'Question']);
    for (const id of zoe.attachmentIds) expect(output).not.toContain(`"id":"${id}"`);
    expect(output).not.toContain('zoe@other.example');
    expect(output).not.toContain('Printer jam');
  }, 60_000);
});
