import { describe, expect, it } from 'vitest';
import type { BackendContext, BackendTicket } from '../../../../src/server/gateway/backend';
import { failure, S, serialise, useAdapter } from './helpers';

const h = useAdapter();

async function eva(): Promise<{ ctx: BackendContext; ticket: BackendTicket }> {
  const ctx = await h.as(S.endUsers.eva.email);
  return { ctx, ticket: (await h.backend.getTicket(ctx, String(S.tickets.rich)))! };
}

const read = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

describe('answerPal(): listAttachments and getDownload', () => {
  it('lists the files of customer-visible messages only (not the draft’s, not the forward’s)', async () => {
    const { ctx, ticket } = await eva();
    const files = await h.backend.listAttachments!(ctx, ticket);
    expect(files.map((f) => f.id).sort()).toEqual([S.attachments.evaInvoice, S.attachments.correctedInvoice, S.attachments.evaScreenshot].map(String).sort());
    expect(files.every((f) => f.visibility === 'public')).toBe(true);
    expect(serialise(files)).not.toMatch(/accessToken|api\/File/i);
  });

  it('downloads as a stream the gateway proxies: the bytes, never AnswerPal’s link or token', async () => {
    const { ctx, ticket } = await eva();
    const found = await h.backend.getDownload!(ctx, ticket, String(S.attachments.correctedInvoice));
    expect(found?.attachment).toMatchObject({ id: String(S.attachments.correctedInvoice), filename: 'corrected-invoice.pdf', contentType: 'application/pdf' });
    expect(found?.download.kind).toBe('stream');
    const stored = h.server.mock.store.attachments.get(S.attachments.correctedInvoice)!;
    const bytes = await read(await (found!.download as { open: (s: AbortSignal) => Promise<ReadableStream<Uint8Array>> }).open(new AbortController().signal));
    expect(bytes).toEqual(Uint8Array.from(stored.chunks.flatMap((c) => [...c])));
    expect(serialise(found)).not.toContain(stored.accessToken);
    expect(h.calls.at(-1)?.path).toBe(`File/${stored.accessToken}`);
  });

  it('null for a hidden message’s file, another customer’s file, a file of another ticket, and malformed ids', async () => {
    const { ctx, ticket } = await eva();
    for (const id of [S.attachments.draftCreditNote, S.attachments.forwardCertificate, S.attachments.tomPhoto, 424242]) {
      expect(await h.backend.getDownload!(ctx, ticket, String(id))).toBeNull();
    }
    const escalated = (await h.backend.getTicket(ctx, String(S.tickets.escalated)))!;
    expect(await h.backend.getDownload!(ctx, escalated, String(S.attachments.evaInvoice))).toBeNull();
    for (const id of ['../9001', '9001?x=1', '', 'abc']) expect(await h.backend.getDownload!(ctx, ticket, id)).toBeNull();
  });

  it('another customer’s attachment id through their own ticket object is still null for this customer', async () => {
    const tom = await h.as(S.endUsers.tom.email);
    const tomTicket = (await h.backend.getTicket(tom, String(S.tickets.tom)))!;
    expect(await h.backend.getDownload!(tom, tomTicket, String(S.attachments.tomPhoto))).not.toBeNull();
    const { ctx } = await eva();
    expect(await h.backend.getDownload!(ctx, tomTicket, String(S.attachments.tomPhoto))).toBeNull();
    expect(await h.backend.listAttachments!(ctx, tomTicket)).toEqual([]);
  });

  it('a file that moved to a hidden message since it was listed is refused (the hint from the listing is re-checked)', async () => {
    const { ctx, ticket } = await eva();
    await h.backend.listAttachments!(ctx, ticket);
    // The upstream attachment is now on the draft.
    h.server.mock.store.attachments.get(S.attachments.correctedInvoice)!.messageID = S.messages.richDraft;
    expect(await h.backend.getDownload!(ctx, ticket, String(S.attachments.correctedInvoice))).toBeNull();
  });

  it('a file AnswerPal no longer serves (F4 404) fails the download as not_found', async () => {
    const { ctx, ticket } = await eva();
    const found = await h.backend.getDownload!(ctx, ticket, String(S.attachments.evaInvoice));
    h.server.mock.faults.failRoute({ path: '/api/File/*', status: 404 });
    const e = await failure((found!.download as { open: (s: AbortSignal) => Promise<unknown> }).open(new AbortController().signal));
    expect(e).toMatchObject({ kind: 'not_found' });
  });

  it('planted hidden files (fixture) are never listed nor served', async () => {
    const { ctx, ticket } = await eva();
    const planted = h.server.mock.fixture.plantHidden(ticket.id);
    const listed = (await h.backend.listAttachments!(ctx, ticket)).map((f) => f.id);
    for (const id of planted.attachmentIds) {
      expect(listed).not.toContain(id);
      expect(await h.backend.getDownload!(ctx, ticket, id)).toBeNull();
    }
  });
});
