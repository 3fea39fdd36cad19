import { describe, expect, it } from 'vitest';
import type { BackendMessage } from '../../../../src/server/gateway/backend';
import { S, useAdapter } from './helpers';

const h = useAdapter();
const rich = String(S.tickets.rich);
const publicOnly = (messages: BackendMessage[]) => messages.filter((m) => m.visibility === 'public');

describe('answerPal(): getTicket and getTicketDetail', () => {
  it('combined model: the customer’s messages and sent replies are public; drafts, AI drafts, forwards, third parties and notes are internal with no text', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const detail = await h.backend.getTicketDetail(ctx, rich);
    expect(detail?.ticket).toMatchObject({ id: rich, customerId: ctx.customer.id, status: 'open' });
    expect(detail?.body).toBe('');
    const shown = publicOnly(detail!.messages);
    expect(shown.map((m) => [m.id, m.author, m.authorName])).toEqual([
      [String(S.messages.richIncoming), 'customer', null],
      [`${S.messages.richIncoming}-reply`, 'staff', 'Anna'],
      [String(S.messages.richIncomingWithLink), 'customer', null],
      [String(S.messages.richSentWithLinks), 'staff', 'Anna'],
      [String(S.messages.richAiSent), 'staff', null],
    ]);
    for (const m of detail!.messages.filter((x) => x.visibility === 'internal')) expect(m.body).toBe('');
    const internalIds = detail!.messages.filter((m) => m.visibility === 'internal').map((m) => m.id);
    expect(internalIds).toEqual(
      expect.arrayContaining([`${S.messages.richIncomingWithLink}-reply`, String(S.messages.richAiDraft), String(S.messages.richForward), String(S.messages.richThirdParty), String(S.messages.richNote)]),
    );
    expect(detail!.messages.every((m) => m.ticketId === rich)).toBe(true);
  });

  it('files: the customer’s on their message, staff files on the sent reply; the draft’s file is on nothing', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const detail = await h.backend.getTicketDetail(ctx, rich);
    const files = (id: string) => detail!.messages.find((m) => m.id === id)?.attachments?.map((a) => a.filename) ?? [];
    expect(files(String(S.messages.richIncoming))).toEqual(['invoice-INV-2024-118.pdf']);
    expect(files(`${S.messages.richIncoming}-reply`)).toEqual(['corrected-invoice.pdf']);
    expect(files(String(S.messages.richIncomingWithLink))).toEqual(['screenshot.png']);
    const all = detail!.messages.flatMap((m) => m.attachments ?? []);
    expect(all.map((a) => a.id)).not.toContain(String(S.attachments.draftCreditNote));
    expect(all.every((a) => a.visibility === 'public' && !('accessToken' in a))).toBe(true);
  });

  it('bodies: /api/File links to visible files become attachment: references, to hidden files vanish; cid: images mapped; tracking pixels gone', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const detail = await h.backend.getTicketDetail(ctx, rich);
    const body = (id: number) => detail!.messages.find((m) => m.id === String(id))!.body;
    const email = body(S.messages.richIncomingWithLink);
    expect(email).toContain(`<a href="attachment:${S.attachments.evaScreenshot}">the screenshot</a>`);
    expect(email).toContain(`<img src="attachment:${S.attachments.evaScreenshot}" alt="screenshot">`);
    expect(email).not.toContain('track.example');
    const reply = body(S.messages.richSentWithLinks);
    expect(reply).toContain(`[corrected-invoice.pdf](attachment:${S.attachments.correctedInvoice})`);
    expect(reply).toContain('Credit note');
    expect(reply).not.toMatch(/api\/File/i);
  });

  it('separate model: one record per direction, the same allowlist', async () => {
    h.server.mock.switches.messageModel = 'separate';
    const ctx = await h.as(S.endUsers.eva.email);
    const detail = await h.backend.getTicketDetail(ctx, rich);
    expect(publicOnly(detail!.messages).map((m) => m.id)).toEqual(
      [S.messages.richIncoming, S.messages.richSentReply, S.messages.richIncomingWithLink, S.messages.richSentWithLinks, S.messages.richAiSent].map(String),
    );
    const files = detail!.messages.flatMap((m) => (m.attachments ?? []).map((a) => `${m.id}:${a.filename}`));
    expect(files.sort()).toEqual([`${S.messages.richIncoming}:invoice-INV-2024-118.pdf`, `${S.messages.richSentReply}:corrected-invoice.pdf`, `${S.messages.richIncomingWithLink}:screenshot.png`].sort());
  });

  it('orders the conversation oldest first, also when a folded reply was sent after later messages', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    // Anna's reply to Eva's first message goes out only after Eva's second message arrived.
    const sent = h.server.mock.store.messages.get(S.messages.richSentReply)!;
    sent.dateSent = h.server.mock.store.messages.get(S.messages.richIncomingWithLink)!.dateCreated + 60_000;
    const shown = publicOnly((await h.backend.getTicketDetail(ctx, rich))!.messages);
    expect(shown.slice(0, 3).map((m) => m.id)).toEqual([String(S.messages.richIncoming), String(S.messages.richIncomingWithLink), `${S.messages.richIncoming}-reply`]);
    const times = shown.map((m) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('signs staff replies by the agent-name policy', async () => {
    for (const [agentName, expected] of [['full', 'Anna de Vries'], ['none', null], ['first', 'Anna']] as const) {
      const backend = h.make({ agentName });
      const ctx = await h.as(S.endUsers.eva.email);
      const detail = await backend.getTicketDetail(ctx, rich);
      expect(detail!.messages.find((m) => m.id === String(S.messages.richSentWithLinks))?.authorName).toBe(expected);
    }
  });

  it('reports another person’s ticket with its real owner (the gateway answers 404) and reads nothing more of it', async () => {
    const ctx = await h.as(S.endUsers.tom.email);
    const ticket = await h.backend.getTicket(ctx, rich);
    expect(ticket?.id).toBe(rich);
    expect(ticket?.customerId).not.toBe(ctx.customer.id);
    h.calls.length = 0;
    const detail = await h.backend.getTicketDetail(ctx, rich);
    expect(detail?.messages).toEqual([]);
    expect(h.calls.filter((c) => c.path.includes('/attachments'))).toEqual([]);
    expect((await h.backend.getTicket(ctx, String(S.tickets.stranger)))?.customerId).not.toBe(ctx.customer.id);
  });

  it('null for spam, missing, other tenants’ and malformed ids (no upstream call for those)', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    expect(await h.backend.getTicket(ctx, String(S.tickets.spam))).toBeNull();
    expect(await h.backend.getTicketDetail(ctx, String(S.tickets.spam))).toBeNull();
    expect(await h.backend.getTicket(ctx, '999999')).toBeNull();
    expect(await h.backend.getTicket(ctx, String(S.tickets.globex))).toBeNull();
    h.calls.length = 0;
    for (const id of ['../1001', '1001/../1002', '1001 OR 1=1', '', '-1', '1e3']) expect(await h.backend.getTicketDetail(ctx, id)).toBeNull();
    expect(h.calls.filter((c) => c.path.startsWith('Tickets'))).toEqual([]);
  });

  it('a ticket the service account may not read (403 or 404 upstream) is null, not an error', async () => {
    h.server.mock.switches.role = 'Restricted';
    const ctx = await h.as(S.endUsers.eva.email);
    expect(await h.backend.getTicket(ctx, rich)).toBeNull();
    h.server.mock.switches.forbiddenAs = 403;
    expect(await h.backend.getTicket(ctx, rich)).toBeNull();
    expect(await h.backend.getTicketDetail(ctx, rich)).toBeNull();
  });

  it('reads dates without an offset as UTC, and PascalCase payloads', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const z = await h.backend.getTicket(ctx, rich);
    h.server.mock.switches.dateFormat = 'no_offset';
    h.server.mock.switches.casing = 'pascal';
    expect(await h.backend.getTicket(ctx, rich)).toEqual(z);
    const detail = await h.backend.getTicketDetail(ctx, rich);
    expect(publicOnly(detail!.messages)).toHaveLength(5);
  });
});
