import { describe, expect, it } from 'vitest';
import { createPortalClient } from '../../src/client';
import { SEED, useMockServer } from './helpers';

// The kit's own client (src/client) against the mock over real HTTP: the
// contract seen from both sides. Kept to the client's core surface.
const h = useMockServer();

describe('src/client against the mock server', () => {
  it('walks all 2,000 bulk tickets with listAllTickets', async () => {
    const client = createPortalClient({ baseUrl: h.base, token: await h.token(SEED.customers.bulk.email), retry: false });
    const ids: string[] = [];
    for await (const page of client.listAllTickets({ limit: 50 })) ids.push(...page.tickets.map((t) => t.id));
    expect(ids).toHaveLength(SEED.bulkTicketCount);
    expect(new Set(ids).size).toBe(SEED.bulkTicketCount);
    client.dispose();
  });

  it('reads the rich-content ticket and its files', async () => {
    const client = createPortalClient({ baseUrl: h.base, token: await h.token(), retry: false });
    const t = await client.getTicket(SEED.tickets.richContent);
    expect(t.label).toBe('ACME-1001');
    expect(t.comments).toHaveLength(4);
    const files = await client.listAttachments(SEED.tickets.richContent);
    expect(files.map((f) => f.id)).toEqual([SEED.attachments.screenshot, SEED.attachments.importDialog, SEED.attachments.invoicePdf]);
    const pdf = await client.getAttachment(SEED.tickets.richContent, SEED.attachments.invoicePdf);
    expect((await fetch(pdf.downloadUrl)).status).toBe(200);
    client.dispose();
  });

  it('uploads, creates a ticket and replies; an idempotent retry survives a dropped response', async () => {
    const client = createPortalClient({ baseUrl: h.base, token: await h.token(), retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    const file = new Blob(['hello from the client'], { type: 'text/plain' });
    const attachment = await client.upload(Object.assign(file, { name: 'hello.txt' }));
    expect(attachment.status).toBe('uploaded');
    h.server.mock.faults.dropAfterCommit({ method: 'POST', path: '/portal/tickets' });
    const before = h.server.mock.store.tickets.size;
    const ticket = await client.createTicket({ title: 'From the client', body: 'Body', attachmentIds: [attachment.id] }, { idempotencyKey: 'client-draft-1' });
    expect(h.server.mock.store.tickets.size).toBe(before + 1);
    expect(ticket.title).toBe('From the client');
    const comment = await client.addComment(ticket.id, 'A reply');
    expect(comment.body).toBe('A reply');
    expect((await client.listAttachments(ticket.id)).map((a) => a.id)).toEqual([attachment.id]);
    client.dispose();
  });

  it('re-mints through getToken after "expire all tokens now" and replays the request', async () => {
    let mints = 0;
    const client = createPortalClient({
      baseUrl: h.base,
      retry: false,
      getToken: async () => {
        mints++;
        return h.server.mock.issuePortalToken({ email: SEED.customers.jane.email });
      },
    });
    await client.listTickets();
    h.server.mock.faults.expireAllTokens();
    const page = await client.listTickets();
    expect(page.tickets.length).toBeGreaterThan(0);
    expect(mints).toBe(2);
    client.dispose();
  });
});
