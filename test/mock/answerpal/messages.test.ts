import { describe, expect, it } from 'vitest';
import { createAnswerPalMock } from '../../../src/mock/answerpal/createAnswerPalMock';
import { createClock, json, S, useAnswerPalServer } from './helpers';

const h = useAnswerPalServer();

type Msg = {
  ticketMessageID: number;
  ticketID: number;
  isIncoming: boolean;
  body: string;
  responseText: string | null;
  isDraft: boolean;
  isSent: boolean;
  isForward: boolean;
  isAiGenerated: boolean;
  toAddress: string | null;
  uid: string | null;
};

const thread = async (ticketId: number, query = '') => (await json<{ items: Msg[]; totalCount: number }>(await h.api(`/api/TicketMessages?ticketId=${ticketId}&pageSize=100${query}`))).items;

describe('AnswerPal mock: messages', () => {
  describe('M1 in the combined model (default)', () => {
    it('folds a reply into the message it answers (responseText + its flags), oldest first', async () => {
      const items = await thread(S.tickets.rich);
      const first = items.find((m) => m.ticketMessageID === S.messages.richIncoming);
      expect(first).toMatchObject({ isIncoming: true, responseText: expect.stringContaining('we corrected the VAT'), isSent: true, isDraft: false });
      const withDraft = items.find((m) => m.ticketMessageID === S.messages.richIncomingWithLink);
      expect(withDraft).toMatchObject({ isIncoming: true, responseText: expect.stringContaining('DRAFT-CANARY'), isDraft: true, isSent: false });
      expect(items.map((m) => m.ticketMessageID)).not.toContain(S.messages.richSentReply);
      const dates = items.map((m) => m.ticketMessageID);
      expect(dates[0]).toBe(S.messages.richIncoming);
    });

    it('keeps a second reply to the same message (the AI draft), forwards and notes as their own records', async () => {
      const items = await thread(S.tickets.rich);
      expect(items.find((m) => m.ticketMessageID === S.messages.richAiDraft)).toMatchObject({ isIncoming: false, isDraft: true, isAiGenerated: true });
      expect(items.find((m) => m.ticketMessageID === S.messages.richForward)).toMatchObject({ isForward: true, isSent: true, toAddress: 'accountant@external-audit.example' });
      expect(items.find((m) => m.ticketMessageID === S.messages.richNote)).toMatchObject({ isIncoming: false, isSent: false, isDraft: false });
    });

    it('M2 answers a folded reply’s id with 404 (it has no record of its own on the wire)', async () => {
      expect((await h.api(`/api/TicketMessages/${S.messages.richSentReply}`)).status).toBe(404);
      expect(await json(await h.api(`/api/TicketMessages/${S.messages.richIncoming}`))).toMatchObject({ ticketMessageID: S.messages.richIncoming, responseText: expect.any(String) });
    });
  });

  it('M1 in the separate model: one record per direction, replies with isIncoming false and their text in body', async () => {
    await h.control('switches', { message_model: 'separate' });
    const items = await thread(S.tickets.rich);
    expect(items.every((m) => m.responseText === null)).toBe(true);
    expect(items.find((m) => m.ticketMessageID === S.messages.richSentReply)).toMatchObject({ isIncoming: false, isSent: true, body: expect.stringContaining('we corrected the VAT') });
    expect(items).toHaveLength(10);
  });

  it('M1 pages and sorts (sortOrder=desc: newest first)', async () => {
    const page = await json(await h.api(`/api/TicketMessages?ticketId=${S.tickets.rich}&pageSize=2&pageNumber=1`));
    expect(page.items).toHaveLength(2);
    expect(page.totalPages).toBe(Math.ceil(page.totalCount / 2));
    const desc = await thread(S.tickets.rich, '&sortOrder=desc');
    expect(desc[0]?.ticketMessageID).toBe(S.messages.richNote);
    expect((await h.api('/api/TicketMessages')).status).toBe(400);
  });

  describe('M3 create-new', () => {
    const createNew = (body: unknown) => h.api('/api/TicketMessages/create-new', { method: 'POST', body });

    it('without ticketID creates the ticket on the channel, linked to the end user, and returns the message with its ticketID (201)', async () => {
      const res = await createNew({ channelID: S.portalChannelId, uid: S.endUsers.tom.email, subject: 'New from portal', body: 'Hello', isIncoming: true });
      expect(res.status).toBe(201);
      const m = await json<Msg>(res);
      expect(m).toMatchObject({ isIncoming: true, body: 'Hello', uid: S.endUsers.tom.email });
      const t = await json(await h.api(`/api/Tickets/${m.ticketID}`));
      expect(t).toMatchObject({ subject: 'New from portal', channelID: S.portalChannelId, channelType: 'Chat', endUserID: S.endUsers.tom.id, isProcessed: true, status: 'Open' });
    });

    it('with ticketID adds an incoming message; requires subject for a new ticket, body, uid and a known channel', async () => {
      const res = await createNew({ ticketID: S.tickets.tom, channelID: S.portalChannelId, uid: S.endUsers.tom.email, body: 'Still jammed' });
      expect(res.status).toBe(201);
      expect((await thread(S.tickets.tom)).at(-1)).toMatchObject({ body: 'Still jammed', isIncoming: true });
      expect((await createNew({ channelID: S.portalChannelId, uid: S.endUsers.tom.email, body: 'x' })).status).toBe(400);
      expect((await createNew({ ticketID: S.tickets.tom, channelID: S.portalChannelId, uid: S.endUsers.tom.email, body: '' })).status).toBe(400);
      expect((await createNew({ ticketID: S.tickets.tom, channelID: S.channels.globexEmail, uid: S.endUsers.tom.email, body: 'x' })).status).toBe(400);
      expect((await createNew({ ticketID: S.tickets.globex, channelID: S.portalChannelId, uid: S.endUsers.tom.email, body: 'x' })).status).toBe(404);
    });

    it('pipeline=auto_reply adds a sent AI reply; mark_spam marks the ticket spam; auto_close closes it', async () => {
      await h.control('switches', { pipeline: 'auto_reply' });
      const m = await json<Msg>(await createNew({ channelID: S.portalChannelId, uid: S.endUsers.tom.email, subject: 'a', body: 'x' }));
      expect((await thread(m.ticketID))[0]).toMatchObject({ isIncoming: true, responseText: expect.stringContaining('Thank you'), isSent: true, isAiGenerated: true });
      await h.control('switches', { pipeline: 'mark_spam' });
      const spam = await json<Msg>(await createNew({ channelID: S.portalChannelId, uid: S.endUsers.tom.email, subject: 'b', body: 'x' }));
      expect((await json(await h.api(`/api/Tickets/${spam.ticketID}`))).isSpam).toBe(true);
      await h.control('switches', { pipeline: 'auto_close' });
      const closed = await json<Msg>(await createNew({ channelID: S.portalChannelId, uid: S.endUsers.tom.email, subject: 'c', body: 'x' }));
      expect(await json(await h.api(`/api/Tickets/${closed.ticketID}`))).toMatchObject({ isClosed: true, status: 'Closed' });
    });

    it('processed_delay_ms keeps a new ticket out of T1/E4 until the delay has passed (T2 reads it at once)', async () => {
      const clock = createClock();
      const mock = createAnswerPalMock({ now: clock.now, switches: { processedDelayMs: 30_000 } });
      const auth = { Authorization: `Bearer ${await mock.login()}`, 'Content-Type': 'application/json' };
      const res = await mock.fetch('/api/TicketMessages/create-new', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ channelID: S.portalChannelId, uid: S.endUsers.tom.email, subject: 'Delayed', body: 'x' }),
      });
      const { ticketID } = await json<Msg>(res);
      const listed = async () => ((await json(await mock.fetch(`/api/EndUsers/${S.endUsers.tom.id}/tickets`, { headers: auth }))).items as { ticketID: number }[]).map((t) => t.ticketID);
      expect(await listed()).not.toContain(ticketID);
      expect((await mock.fetch(`/api/Tickets/${ticketID}`, { headers: auth })).status).toBe(200);
      clock.advance(30_000);
      expect(await listed()).toContain(ticketID);
    });
  });

  it('M4 adds a raw message with the given flags', async () => {
    const res = await h.api('/api/TicketMessages', { method: 'POST', body: { ticketID: S.tickets.tom, body: 'internal', isIncoming: false, isDraft: true } });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ ticketID: S.tickets.tom, isDraft: true, isSent: false });
  });
});
