import { describe, expect, it } from 'vitest';
import type { BackendTicket } from '../../../../src/server/gateway/backend';
import { failure, S, stagedFile, useAdapter } from './helpers';

const h = useAdapter();
const create = (title: string, body: string, files: ReturnType<typeof stagedFile>[] = []) => ({ title, body, priority: null, categoryId: null, customFields: {}, files });
const bytesOf = (id: string) => {
  const a = h.server.mock.store.attachments.get(Number(id))!;
  return new TextDecoder().decode(Uint8Array.from(a.chunks.flatMap((c) => [...c])));
};

describe('answerPal(): writes', () => {
  describe('createTicket', () => {
    it('files the ticket with its first message in one call (M3, the portal channel, the customer’s email), then reads it back', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      h.calls.length = 0;
      const t = await h.backend.createTicket(ctx, create('Cannot export PDF', 'The export button does nothing.'));
      expect(t).toMatchObject({ customerId: ctx.customer.id, title: 'Cannot export PDF', status: 'open' });
      expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST TicketMessages/create-new', `GET Tickets/${t.id}`]);
      expect(h.calls[0]?.body).toEqual({ channelID: S.portalChannelId, uid: S.endUsers.eva.email, subject: 'Cannot export PDF', body: 'The export button does nothing.', isIncoming: true });
      const stored = h.server.mock.store.tickets.get(Number(t.id))!;
      expect(stored).toMatchObject({ channelID: S.portalChannelId, channelType: 'Chat', uid: S.endUsers.eva.email, endUserID: S.endUsers.eva.id });
    });

    it('an empty description repeats the title (AnswerPal requires a body)', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const t = await h.backend.createTicket(ctx, create('Only a title', ''));
      expect(h.server.mock.store.messagesOf(Number(t.id))[0]?.body).toBe('Only a title');
    });

    it('streams each file to the first message; the customer’s files stay visible when a draft reply later lands on that message', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const a = stagedFile('error.log', 'line 1\nline 2\n');
      const b = stagedFile('photo.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]), 'image/png');
      const t = await h.backend.createTicket(ctx, create('With files', 'See attached', [a, b]));
      const listed = await h.backend.listAttachments!(ctx, t);
      expect(listed.map((x) => [x.filename, x.contentType, x.size])).toEqual([
        ['error.log', 'text/plain', 14],
        ['photo.png', 'image/png', 7],
      ]);
      expect(bytesOf(listed[0]!.id)).toBe('line 1\nline 2\n');
      // AnswerPal's AI drafts a reply onto the customer's message (combined model): her uploads are still hers.
      h.server.mock.fixture.plantHidden(t.id);
      const detail = await h.backend.getTicketDetail(ctx, t.id);
      const first = detail!.messages[0]!;
      expect(first.attachments?.map((x) => x.filename)).toEqual(['error.log', 'photo.png']);
      expect((await h.backend.listAttachments!(ctx, t)).map((x) => x.id).sort()).toEqual(listed.map((x) => x.id).sort());
    });

    it('pipeline automation: auto_close returns the ticket closed; mark_spam still returns the customer’s ticket (which the portal then hides)', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      h.server.mock.switches.pipeline = 'auto_close';
      expect((await h.backend.createTicket(ctx, create('a', 'b'))).status).toBe('closed');
      h.server.mock.switches.pipeline = 'mark_spam';
      const spam = await h.backend.createTicket(ctx, create('c', 'd'));
      expect(spam.customerId).toBe(ctx.customer.id);
      expect(await h.backend.getTicket(ctx, spam.id)).toBeNull();
    });

    it('an upload that fails twice leaves a retryable error; retrying the same create resumes (no second ticket, no duplicate file)', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const file = stagedFile('notes.txt', 'x'.repeat(200_000));
      const before = h.server.mock.store.tickets.size;
      h.server.mock.cutUploads(64 * 1024, 2);
      const e = await failure(h.backend.createTicket(ctx, create('Resume me', 'body', [file])));
      expect(e).toMatchObject({ kind: 'unavailable', code: 'ATTACHMENT_UPLOAD_FAILED' });
      expect(h.server.mock.store.tickets.size).toBe(before + 1);
      const t = await h.backend.createTicket(ctx, create('Resume me', 'body', [file]));
      expect(h.server.mock.store.tickets.size).toBe(before + 1);
      expect((await h.backend.listAttachments!(ctx, t)).map((a) => a.filename)).toEqual(['notes.txt']);
    });
  });

  describe('a lost answer (AnswerPal stored it, the response never came back)', () => {
    it('create: the same request again finds the ticket instead of filing a second one', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const before = h.server.mock.store.tickets.size;
      h.server.mock.faults.dropAfterCommit({ method: 'POST', path: '/api/TicketMessages/create-new' });
      expect(await failure(h.backend.createTicket(ctx, create('Lost', 'Where did it go?')))).toMatchObject({ kind: 'unavailable' });
      expect(h.server.mock.store.tickets.size).toBe(before + 1);
      const t = await h.backend.createTicket(ctx, create('Lost', 'Where did it go?'));
      expect(h.server.mock.store.tickets.size).toBe(before + 1);
      expect(h.server.mock.store.tickets.get(Number(t.id))?.subject).toBe('Lost');
      // Done: the same text later is a new ticket, not a replay.
      await h.backend.createTicket(ctx, create('Lost', 'Where did it go?'));
      expect(h.server.mock.store.tickets.size).toBe(before + 2);
    });

    it('reply: the same request again finds the message, and still sends its files once', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const ticket = (await h.backend.getTicket(ctx, String(S.tickets.rich)))!;
      const count = () => h.server.mock.store.messagesOf(S.tickets.rich).length;
      const before = count();
      const file = stagedFile('proof.txt', 'proof');
      h.server.mock.faults.dropAfterCommit({ method: 'POST', path: '/api/TicketMessages/create-new' });
      await failure(h.backend.addMessage(ctx, ticket, { body: 'Did you get this?', files: [file] }));
      const m = await h.backend.addMessage(ctx, ticket, { body: 'Did you get this?', files: [file] });
      expect(count()).toBe(before + 1);
      expect(m.attachments?.map((a) => a.filename)).toEqual(['proof.txt']);
      expect(h.server.mock.store.attachmentsOf(Number(m.id))).toHaveLength(1);
    });

    it('a refusal (nothing stored) leaves nothing behind: the same request again is sent again', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const ticket = (await h.backend.getTicket(ctx, String(S.tickets.rich)))!;
      const before = h.server.mock.store.messagesOf(S.tickets.rich).length;
      h.server.mock.faults.failRoute({ method: 'POST', path: '/api/TicketMessages/create-new', status: 429, count: 1 });
      expect(await failure(h.backend.addMessage(ctx, ticket, { body: 'Once', files: [] }))).toMatchObject({ kind: 'rate_limited' });
      await h.backend.addMessage(ctx, ticket, { body: 'Once', files: [] });
      expect(h.server.mock.store.messagesOf(S.tickets.rich)).toHaveLength(before + 1);
    });
  });

  describe('uploads', () => {
    it('a connection cut mid-upload: checked, then retried once with a re-opened stream; the file lands once', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const file = stagedFile('big.txt', 'y'.repeat(300_000));
      h.server.mock.cutUploads(100_000, 1);
      const t = await h.backend.createTicket(ctx, create('Cut once', 'b', [file]));
      expect(file.opens).toBe(2);
      expect((await h.backend.listAttachments!(ctx, t)).map((a) => a.size)).toEqual([300_000]);
    });

    it('an upload stored but whose answer was lost is found, not sent twice', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const file = stagedFile('once.txt', 'once');
      h.server.mock.faults.dropAfterCommit({ method: 'POST', path: '/api/TicketMessages/:id/attachments' });
      const t = await h.backend.createTicket(ctx, create('Lost answer', 'b', [file]));
      expect(file.opens).toBe(1);
      expect((await h.backend.listAttachments!(ctx, t)).map((a) => a.filename)).toEqual(['once.txt']);
    });

    it('a token refused mid-upload (a stream can’t be replayed by the client): re-login, then the upload is sent again', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const file = stagedFile('auth.txt', 'auth');
      h.server.mock.faults.failRoute({ path: '/api/TicketMessages/:id/attachments', status: 401, count: 1 });
      const t = await h.backend.createTicket(ctx, create('Auth', 'b', [file]));
      expect((await h.backend.listAttachments!(ctx, t)).map((a) => a.filename)).toEqual(['auth.txt']);
      expect(h.calls.filter((c) => c.path === 'Auth/login')).toHaveLength(2);
    });

    it('over 50 MB: refused before any byte is sent; AnswerPal’s 413 maps to FILE_TOO_LARGE', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const t = await h.backend.createTicket(ctx, create('Limits', 'b'));
      const huge = { ...stagedFile('huge.bin', 'x'), size: 50 * 1024 * 1024 + 1 };
      expect(await failure(h.backend.addMessage(ctx, t, { body: 'big', files: [huge] }))).toMatchObject({ kind: 'invalid', code: 'FILE_TOO_LARGE' });
      expect(huge.opens).toBe(0);
      h.server.mock.faults.failRoute({ path: '/api/TicketMessages/:id/attachments', status: 413 });
      expect(await failure(h.backend.addMessage(ctx, t, { body: 'again', files: [stagedFile('a.txt', 'a')] }))).toMatchObject({ kind: 'invalid', code: 'FILE_TOO_LARGE' });
    });
  });

  describe('addMessage', () => {
    it('adds the customer’s reply (M3 with the ticket id) and returns it public, with its files', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const ticket = (await h.backend.getTicket(ctx, String(S.tickets.rich))) as BackendTicket;
      h.calls.length = 0;
      const m = await h.backend.addMessage(ctx, ticket, { body: 'Any news?', files: [stagedFile('more.txt', 'more')] });
      expect(m).toMatchObject({ ticketId: ticket.id, visibility: 'public', author: 'customer', authorName: null, body: 'Any news?', attachments: [expect.objectContaining({ filename: 'more.txt' })] });
      expect(h.calls[0]?.body).toEqual({ ticketID: S.tickets.rich, channelID: S.portalChannelId, uid: S.endUsers.eva.email, body: 'Any news?', isIncoming: true });
      const detail = await h.backend.getTicketDetail(ctx, ticket.id);
      expect(detail!.messages.filter((x) => x.visibility === 'public').at(-1)).toMatchObject({ id: m.id, body: 'Any news?' });
    });

    it('refuses a reply on a closed ticket with TICKET_CLOSED and writes nothing; reopenOnReply reopens it first', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const closed = (await h.backend.getTicket(ctx, String(S.tickets.closed))) as BackendTicket;
      const count = h.server.mock.store.messagesOf(S.tickets.closed).length;
      expect(await failure(h.backend.addMessage(ctx, closed, { body: 'hello?', files: [] }))).toMatchObject({ kind: 'refused', code: 'TICKET_CLOSED' });
      expect(h.server.mock.store.messagesOf(S.tickets.closed)).toHaveLength(count);
      const reopening = h.make({ reopenOnReply: true });
      await reopening.addMessage(ctx, closed, { body: 'hello?', files: [] });
      expect(h.server.mock.store.tickets.get(S.tickets.closed)).toMatchObject({ isClosed: false, status: 'Open' });
      expect(h.server.mock.store.messagesOf(S.tickets.closed)).toHaveLength(count + 1);
    });
  });

  it('delivers a rating to the team as a note (M4, never sent), which the customer’s conversation doesn’t show', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const ticket = (await h.backend.getTicket(ctx, String(S.tickets.closed)))!;
    h.calls.length = 0;
    await h.backend.deliverRating!(ctx, ticket, { scale: 'scale5', rating: 4, comment: 'Quick and kind', createdAt: new Date().toISOString() });
    expect(h.calls.map((c) => [c.method, c.path])).toEqual([['POST', 'TicketMessages']]);
    const note = h.server.mock.store.messagesOf(S.tickets.closed).at(-1)!;
    expect(note).toMatchObject({ isIncoming: false, isSent: false, body: expect.stringContaining('4/5') });
    expect(note.body).toContain('Quick and kind');
    const detail = await h.backend.getTicketDetail(ctx, ticket.id);
    expect(detail!.messages.find((m) => m.id === String(note.ticketMessageID))).toMatchObject({ visibility: 'internal', body: '' });
  });

  describe('close and reopen', () => {
    it('closes through the bulk endpoint with exactly one id and action close, then reads the ticket back', async () => {
      const ctx = await h.as(S.endUsers.eva.email);
      const ticket = (await h.backend.getTicket(ctx, String(S.tickets.rich))) as BackendTicket;
      h.calls.length = 0;
      const closed = await h.backend.closeTicket!(ctx, ticket);
      expect(closed.status).toBe('closed');
      expect(h.calls.map((c) => [c.method, c.path, c.body])).toEqual([
        ['PUT', 'Tickets/bulk', { ticketIDs: [S.tickets.rich], action: 'close' }],
        ['GET', `Tickets/${S.tickets.rich}`, undefined],
      ]);
      expect(await failure(h.backend.closeTicket!(ctx, closed))).toMatchObject({ kind: 'conflict', code: 'ALREADY_CLOSED' });
      const reopened = await h.backend.reopenTicket!(ctx, closed);
      expect(reopened.status).toBe('open');
      expect(h.calls.at(-2)?.body).toEqual({ ticketIDs: [S.tickets.rich], action: 'open' });
      expect(await failure(h.backend.reopenTicket!(ctx, reopened))).toMatchObject({ kind: 'conflict', code: 'NOT_CLOSED' });
    });

    it('never acts on a ticket that isn’t the customer’s, whatever it is handed', async () => {
      const ctx = await h.as(S.endUsers.tom.email);
      const eva = await h.backend.getTicket(ctx, String(S.tickets.rich));
      h.calls.length = 0;
      expect(await failure(h.backend.closeTicket!(ctx, eva!))).toMatchObject({ kind: 'not_found' });
      expect(await failure(h.backend.addMessage(ctx, eva!, { body: 'x', files: [] }))).toMatchObject({ kind: 'not_found' });
      expect(h.calls).toEqual([]);
    });
  });
});
