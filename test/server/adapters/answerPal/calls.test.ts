import { describe, expect, it } from 'vitest';
import { S, stagedFile, useAdapter } from './helpers';

const h = useAdapter();

/** Upstream calls of one operation, as `METHOD path` with ids replaced by `:id`. */
async function callsOf(run: () => Promise<unknown>): Promise<string[]> {
  h.calls.length = 0;
  await run();
  return h.calls.map((c) => `${c.method} ${c.path.replace(/File\/[0-9a-f-]+/, 'File/:token').replace(/\/\d+/g, '/:id')}`).sort();
}

// Upstream calls per portal operation, at the minimum AnswerPal allows (printed; asserted so an N+1 can't creep in).
describe('answerPal(): upstream calls per operation', () => {
  it('reads', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    const rich = String(S.tickets.rich);
    const q = { statuses: [], search: null, sort: 'createdAt' as const, order: 'desc' as const, limit: 20, cursor: null };
    const table: Record<string, string[]> = {
      'resolveCustomer (known)': await callsOf(() => h.backend.resolveCustomer({ signal: ctx.signal, requestId: 'r', state: ctx.state }, { email: S.endUsers.eva.email, name: null })),
      listTickets: await callsOf(() => h.backend.listTickets(ctx, q)),
      getTicket: await callsOf(() => h.backend.getTicket(ctx, rich)),
      'getTicketDetail (10 records, 4 with visible parts)': await callsOf(() => h.backend.getTicketDetail(ctx, rich)),
    };
    const ticket = (await h.backend.getTicket(ctx, rich))!;
    table.listAttachments = await callsOf(() => h.backend.listAttachments!(ctx, ticket));
    table['getDownload (after a listing) + open'] = await callsOf(async () => {
      const d = await h.backend.getDownload!(ctx, ticket, String(S.attachments.correctedInvoice));
      await new Response(await (d!.download as { open: (s: AbortSignal) => Promise<ReadableStream<Uint8Array>> }).open(new AbortController().signal)).arrayBuffer();
    });
    console.table(Object.fromEntries(Object.entries(table).map(([k, v]) => [k, `${v.length}: ${v.join(', ')}`])));
    expect(table['resolveCustomer (known)']).toEqual(['GET EndUsers/byUid']);
    expect(table.listTickets).toEqual(['GET EndUsers/:id/tickets']);
    expect(table.getTicket).toEqual(['GET Tickets/:id']);
    expect(table['getTicketDetail (10 records, 4 with visible parts)']).toEqual(['GET TicketMessages', 'GET Tickets/:id', ...Array(4).fill('GET TicketMessages/:id/attachments')].sort());
    // Both right after getTicket in the same request, as the gateway calls them: its read is reused.
    expect(table.listAttachments).toEqual(['GET TicketMessages', ...Array(4).fill('GET TicketMessages/:id/attachments')].sort());
    expect(table['getDownload (after a listing) + open']).toEqual(['GET File/:token', 'GET TicketMessages/:id', 'GET TicketMessages/:id/attachments'].sort());
  });

  it('one gateway request reads the ticket once: the ownership check’s read serves the file listing and the download', async () => {
    const eva = await h.as(S.endUsers.eva.email);
    const rich = String(S.tickets.rich);
    const inRequest = (requestId: string) => ({ ...eva, requestId });
    const listing = await callsOf(async () => {
      const ctx = inRequest('req_list');
      await h.backend.listAttachments!(ctx, (await h.backend.getTicket(ctx, rich))!);
    });
    expect(listing.filter((c) => c === 'GET Tickets/:id')).toHaveLength(1);
    const download = await callsOf(async () => {
      const ctx = inRequest('req_download');
      const d = await h.backend.getDownload!(ctx, (await h.backend.getTicket(ctx, rich))!, String(S.attachments.correctedInvoice));
      expect(d).not.toBeNull();
    });
    expect(download.filter((c) => c === 'GET Tickets/:id')).toHaveLength(1);
    // Another request reads it afresh.
    const again = await callsOf(() => h.backend.getTicket(inRequest('req_other'), rich));
    expect(again).toEqual(['GET Tickets/:id']);
  });

  it('writes', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    let id = '';
    const create = await callsOf(async () => {
      id = (await h.backend.createTicket(ctx, { title: 't', body: 'b', priority: null, categoryId: null, customFields: {}, files: [stagedFile('a.txt', 'a'), stagedFile('b.txt', 'b')] })).id;
    });
    const ticket = (await h.backend.getTicket(ctx, id))!;
    const reply = await callsOf(() => h.backend.addMessage(ctx, ticket, { body: 'r', files: [] }));
    const close = await callsOf(() => h.backend.closeTicket!(ctx, ticket));
    console.table({ 'createTicket (2 files)': `${create.length}: ${create.join(', ')}`, addMessage: reply.join(', '), closeTicket: close.join(', ') });
    expect(create).toEqual(['GET Tickets/:id', 'POST TicketMessages/:id/attachments', 'POST TicketMessages/:id/attachments', 'POST TicketMessages/create-new'].sort());
    expect(reply).toEqual(['POST TicketMessages/create-new']);
    expect(close).toEqual(['GET Tickets/:id', 'PUT Tickets/bulk']);
  });
});
