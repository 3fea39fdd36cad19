import { describe, expect, it } from 'vitest';
import { createAnswerPalMock } from '../../../../src/mock/answerpal/createAnswerPalMock';
import { answerPal } from '../../../../src/server/adapters/answerPal';
import { memoryState, S, stagedFile } from './helpers';

// What a host's own tests do: the adapter against the in-process mock (`mock.fetch`), no port.
describe('answerPal() with createAnswerPalMock().fetch', () => {
  it('signs in, files a ticket with a file, lists and reads it, downloads the file', async () => {
    const mock = createAnswerPalMock({ switches: { messageModel: 'separate' } });
    const backend = answerPal({ baseUrl: 'https://api.answerpal.test', ...S.service, channelId: S.portalChannelId, fetch: mock.fetch });
    const state = memoryState();
    const signal = new AbortController().signal;
    const customer = await backend.resolveCustomer({ signal, requestId: 'r', state }, { email: S.endUsers.tom.email, name: null });
    const ctx = { customer, signal, requestId: 'r', state };
    const t = await backend.createTicket(ctx, { title: 'In process', body: 'hi', priority: null, categoryId: null, customFields: {}, files: [stagedFile('x.txt', 'xyz')] });
    const list = await backend.listTickets(ctx, { statuses: ['open'], search: null, sort: 'createdAt', order: 'desc', limit: 5, cursor: null });
    expect(list.tickets.map((x) => x.id)).toContain(t.id);
    const detail = await backend.getTicketDetail(ctx, t.id);
    const file = detail!.messages[0]!.attachments![0]!;
    const download = await backend.getDownload!(ctx, t, file.id);
    const stream = await (download!.download as { open: (s: AbortSignal) => Promise<ReadableStream<Uint8Array>> }).open(signal);
    expect(await new Response(stream).text()).toBe('xyz');
  });
});
