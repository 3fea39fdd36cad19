import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { json, multipart, S, useAnswerPalServer } from './helpers';

const h = useAnswerPalServer();
const MB = 1024 * 1024;

type Att = { ticketMessageAttachmentID: number; messageID: number; fileName: string | null; contentType: string | null; fileSizeBytes: number; accessToken: string; isEndUserProvided: boolean; isCustomerRepProvided: boolean };

/** A multipart body streamed in 64 KiB chunks: `size` bytes of a repeating pattern in the `file` part. */
function streamedUpload(size: number, boundary = 'streamboundary42', opts: { truncateAt?: number } = {}) {
  const enc = new TextEncoder();
  const head = enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = enc.encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(64 * 1024).map((_, i) => i % 251);
  const hash = createHash('sha256');
  let sent = 0;
  let phase = 0;
  const total = head.length + size + tail.length;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (phase === 0) {
        phase = 1;
        controller.enqueue(head);
        return;
      }
      if (phase === 1 && sent < size) {
        const n = Math.min(chunk.length, size - sent);
        const part = chunk.subarray(0, n);
        hash.update(part);
        sent += n;
        if (opts.truncateAt !== undefined && sent >= opts.truncateAt) {
          controller.enqueue(part);
          controller.close();
          return;
        }
        controller.enqueue(part);
        return;
      }
      controller.enqueue(tail);
      controller.close();
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, total, digest: () => hash.digest('hex') };
}

describe('AnswerPal mock: attachments', () => {
  it('F1 lists a message’s attachments with their public accessToken (GUID) and provenance flags', async () => {
    await h.control('switches', { message_model: 'separate' });
    const list = await json<Att[]>(await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`));
    expect(list).toEqual([
      expect.objectContaining({
        ticketMessageAttachmentID: S.attachments.evaInvoice,
        messageID: S.messages.richIncoming,
        fileName: 'invoice-INV-2024-118.pdf',
        contentType: 'application/pdf',
        isEndUserProvided: true,
        isCustomerRepProvided: false,
        accessToken: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      }),
    ]);
  });

  it('F1 in the combined model lists a folded reply’s files under the message it answers (the draft’s file sits with Eva’s)', async () => {
    const list = await json<Att[]>(await h.api(`/api/TicketMessages/${S.messages.richIncomingWithLink}/attachments`));
    expect(list.map((a) => a.ticketMessageAttachmentID).sort()).toEqual([S.attachments.evaScreenshot, S.attachments.draftCreditNote]);
    expect(list.every((a) => a.messageID === S.messages.richIncomingWithLink)).toBe(true);
  });

  describe('F2 upload', () => {
    it('stores the multipart `file` part, recorded as representative-provided, 201 with the DTO', async () => {
      const { body, contentType } = multipart([{ name: 'file', filename: 'notes.txt', contentType: 'text/plain', data: 'hello world' }]);
      const res = await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', rawBody: body, headers: { 'Content-Type': contentType } });
      expect(res.status).toBe(201);
      const a = await json<Att>(res);
      expect(a).toMatchObject({ fileName: 'notes.txt', contentType: 'text/plain', fileSizeBytes: 11, isCustomerRepProvided: true, isEndUserProvided: false });
      const file = await h.api(`/api/File/${a.accessToken}`, { token: null });
      expect(await file.text()).toBe('hello world');
    });

    it('streams a large file through (bytes intact) and refuses a file over 50 MB with 413, storing nothing', async () => {
      const ok = streamedUpload(5 * MB);
      const res = await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', rawBody: ok.body, headers: { 'Content-Type': ok.contentType } });
      expect(res.status).toBe(201);
      const a = await json<Att>(res);
      const stored = await json(await h.control(`attachments/${a.ticketMessageAttachmentID}`));
      expect(stored).toMatchObject({ size: 5 * MB, sha256: ok.digest() });

      const before = h.server.mock.store.attachments.size;
      const big = streamedUpload(50 * MB + 1);
      const refused = await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', rawBody: big.body, headers: { 'Content-Type': big.contentType } });
      expect(refused.status).toBe(413);
      expect(h.server.mock.store.attachments.size).toBe(before);
    }, 60_000);

    it('counts the whole request while streaming: past 60 MB it is 413 even when the file part is small', async () => {
      const enc = new TextEncoder();
      const head = enc.encode('--b60\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nsmall\r\n--b60\r\nContent-Disposition: form-data; name="extra"; filename="padding.bin"\r\n\r\n');
      const chunk = new Uint8Array(1024 * 1024);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent === 0) c.enqueue(head);
          if (sent >= 61) {
            c.enqueue(enc.encode('\r\n--b60--\r\n'));
            return c.close();
          }
          sent++;
          c.enqueue(chunk);
        },
      });
      const before = h.server.mock.store.attachments.size;
      const res = await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', rawBody: body, headers: { 'Content-Type': 'multipart/form-data; boundary=b60' } });
      expect(res.status).toBe(413);
      expect(h.server.mock.store.attachments.size).toBe(before);
    }, 60_000);

    it('refuses a request declaring more than 60 MB with 413 before reading it', async () => {
      const { body, contentType } = multipart([{ name: 'file', filename: 'a.txt', data: 'x' }]);
      const res = await fetch(`${h.url}/api/TicketMessages/${S.messages.richIncoming}/attachments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await h.login()}`, 'Content-Type': contentType, 'Content-Length': String(61 * MB) },
        body: new ReadableStream({
          start(c) {
            c.enqueue(body);
          },
        }),
        duplex: 'half',
      } as RequestInit).catch((e: unknown) => e);
      // Like Kestrel, the mock answers before the body arrives; the client sees the 413 (or, if it was still sending, a reset).
      if (res instanceof Error) expect(String(res)).toMatch(/fetch failed|other side closed|socket/i);
      else expect((res as Response).status).toBe(413);
    });

    it('refuses a body cut before its closing boundary (truncated multipart) with 400, and a missing `file` part with 400', async () => {
      const cut = streamedUpload(256 * 1024, 'cutboundary', { truncateAt: 128 * 1024 });
      const res = await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', rawBody: cut.body, headers: { 'Content-Type': cut.contentType } });
      expect(res.status).toBe(400);
      const noFile = multipart([{ name: 'other', data: 'x' }]);
      const res2 = await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', rawBody: noFile.body, headers: { 'Content-Type': noFile.contentType } });
      expect(res2.status).toBe(400);
      expect(Object.keys((await json(res2)).errors)).toEqual(['file']);
      expect((await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', body: { file: 'x' } })).status).toBe(415);
    });

    it('cut-uploads fault: the connection drops mid-upload and nothing is stored', async () => {
      await h.control('cut-uploads', { afterBytes: 64 * 1024 });
      const before = h.server.mock.store.attachments.size;
      const up = streamedUpload(1 * MB);
      const err = await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', rawBody: up.body, headers: { 'Content-Type': up.contentType } }).then(
        (r) => r.status,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TypeError);
      expect(h.server.mock.store.attachments.size).toBe(before);
      const again = multipart([{ name: 'file', filename: 'a.txt', data: 'x' }]);
      expect((await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`, { method: 'POST', rawBody: again.body, headers: { 'Content-Type': again.contentType } })).status).toBe(201);
    });
  });

  it('F3 deletes an attachment of that message (204), 404 for another message’s', async () => {
    expect((await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments/${S.attachments.evaScreenshot}`, { method: 'DELETE' })).status).toBe(404);
    expect((await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments/${S.attachments.evaInvoice}`, { method: 'DELETE' })).status).toBe(204);
    const left = await json<Att[]>(await h.api(`/api/TicketMessages/${S.messages.richIncoming}/attachments`));
    expect(left.map((a) => a.ticketMessageAttachmentID)).toEqual([S.attachments.correctedInvoice]);
  });

  describe('F4 public download', () => {
    const tokenOf = (id: number) => h.server.mock.store.attachments.get(id)?.accessToken ?? '';

    it('serves the bytes to anyone with the token: inline types without a filename, others as a named download', async () => {
      const pdf = await h.api(`/api/File/${tokenOf(S.attachments.evaInvoice)}`, { token: null });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toBe('inline');
      expect(new TextDecoder().decode(await pdf.arrayBuffer())).toMatch(/^%PDF/);
      const svg = await h.api(`/api/File/${tokenOf(S.attachments.diagramSvg)}`, { token: null });
      expect(svg.headers.get('content-disposition')).toBe('inline');
      const docx = await h.api(`/api/File/${tokenOf(S.attachments.exportDocx)}`, { token: null });
      expect(docx.headers.get('content-disposition')).toBe(`attachment; filename="export-settings.docx"; filename*=UTF-8''export-settings.docx`);
    });

    it('falls back to application/octet-stream and download.bin without metadata', async () => {
      const res = await h.api(`/api/File/${tokenOf(S.attachments.unnamed)}`, { token: null });
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toMatch(/filename="download\.bin"/);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]));
    });

    it('404 for a non-GUID path and an unknown token; the F4 404 fault hides a known one', async () => {
      expect((await h.api('/api/File/not-a-guid', { token: null })).status).toBe(404);
      expect((await h.api('/api/File/00000000-0000-4000-8000-000000000000', { token: null })).status).toBe(404);
      await h.control('failures', { path: '/api/File/*', status: 404, count: 1 });
      expect((await h.api(`/api/File/${tokenOf(S.attachments.evaInvoice)}`, { token: null })).status).toBe(404);
      expect((await h.api(`/api/File/${tokenOf(S.attachments.evaInvoice)}`, { token: null })).status).toBe(200);
    });
  });
});
