import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPortalClient, type PortalClient, type UploadProgress } from '../../src/client';
import { mintToken, mockBaseUrl as base, mockControl } from '../utils/mockServer';

// Runs in real Chromium against the real mock server (test/setup/mock-server.ts):
// XMLHttpRequest upload progress, real presigned-storage PUTs, real CORS.
const MB = 1024 * 1024;

/** A client for a new customer; records the API calls it makes (the storage PUT goes through XHR). */
function newClient() {
  const email = `upload-${crypto.randomUUID()}@example.com`;
  const apiCalls: string[] = [];
  const recording: typeof fetch = (input, init) => {
    apiCalls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname.replace(/^\/v1\/portal\/tickets/, '')}`);
    return fetch(input, init);
  };
  const client = createPortalClient({ baseUrl: base, getToken: () => mintToken(email), fetch: recording });
  clients.push(client);
  return { client, apiCalls };
}

const clients: PortalClient[] = [];
afterEach(() => {
  clients.splice(0).forEach((c) => c.dispose());
  vi.restoreAllMocks();
});


const bytes = (size: number, type = 'application/pdf') => new Blob([new Uint8Array(size).fill(65)], { type });

describe('upload in a real browser', () => {
  it('reports real XHR progress (several increasing values, ending at total) and streams the Blob', async () => {
    // A slow link for this file, so progress comes in steps however fast this machine is.
    const filename = `progress-${crypto.randomUUID()}.pdf`;
    await mockControl('storage-bandwidth', { bytesPerSecond: 24 * MB, path: `/__storage/*/${filename}` });
    const readers = [
      vi.spyOn(Blob.prototype, 'arrayBuffer'),
      vi.spyOn(Blob.prototype, 'text'),
      vi.spyOn(Blob.prototype, 'stream'),
      vi.spyOn(FileReader.prototype, 'readAsArrayBuffer'),
    ];
    const { client, apiCalls } = newClient();
    const size = 32 * MB;
    const events: UploadProgress[] = [];
    const attachment = await client.upload(bytes(size), { filename, onProgress: (p) => events.push(p) });

    expect(attachment).toMatchObject({ filename, contentType: 'application/pdf', size, status: 'uploaded' });
    expect(apiCalls).toEqual(['POST /attachments/pending', `POST /attachments/pending/${attachment.id}/confirm`]);
    const loaded = events.map((e) => e.loaded);
    expect(events.every((e) => e.total === size)).toBe(true);
    expect(loaded.at(-1)).toBe(size);
    expect(loaded.filter((n) => n > 0 && n < size).length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < loaded.length; i++) expect(loaded[i]).toBeGreaterThan(loaded[i - 1]!);
    for (const spy of readers) expect(spy).not.toHaveBeenCalled();
  }, 60_000);

  it('aborting mid-upload rejects with kind "aborted" and never confirms', async () => {
    const filename = `abort-${crypto.randomUUID()}.pdf`;
    await mockControl('storage-bandwidth', { bytesPerSecond: 8 * MB, path: `/__storage/*/${filename}` });
    const { client, apiCalls } = newClient();
    const size = 32 * MB;
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await client
      .upload(bytes(size), {
        filename,
        signal: controller.signal,
        onProgress: ({ loaded }) => {
          seen.push(loaded);
          if (loaded > 0) controller.abort();
        },
      })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'PortalApiError', kind: 'aborted', code: 'ABORTED' });
    // Aborted mid-upload: after some bytes went, before all of them did.
    expect(seen.at(-1)).toBeGreaterThan(0);
    expect(seen.at(-1)).toBeLessThan(size);
    // upload() has returned: a confirm could only have been sent before that, and none was.
    expect(apiCalls).toEqual(['POST /attachments/pending']);
  }, 60_000);

  it('an abort between initiate and the PUT sends no bytes', async () => {
    const { client, apiCalls } = newClient();
    const send = vi.spyOn(XMLHttpRequest.prototype, 'send');
    const controller = new AbortController();
    const error = await client
      .upload(bytes(MB), {
        signal: controller.signal,
        // The first progress event comes after initiate, just before the PUT starts.
        onProgress: () => controller.abort(),
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PortalApiError', kind: 'aborted' });
    expect(send).not.toHaveBeenCalled();
    expect(apiCalls).toEqual(['POST /attachments/pending']);
  }, 60_000);

  it('a confirmed pending upload can be attached to a new ticket, and downloaded', async () => {
    const { client } = newClient();
    const file = new File(['hello from the browser'], 'notes.txt', { type: 'text/plain' });
    const pending = await client.upload(file);
    expect(pending.status).toBe('uploaded');

    const ticket = await client.createTicket({ title: 'With a file', body: 'See attached', attachmentIds: [pending.id] });
    expect(ticket).toMatchObject({ title: 'With a file', status: 'open' });
    expect(ticket.label).toMatch(/^ACME-\d+$/);

    const list = await client.listAttachments(ticket.id);
    expect(list.map((a) => [a.id, a.filename, a.status])).toEqual([[pending.id, 'notes.txt', 'uploaded']]);
    const download = await client.getAttachment(ticket.id, pending.id);
    expect(Date.parse(download.expiresAt)).toBeGreaterThan(Date.now());
    expect(await (await fetch(download.downloadUrl)).text()).toBe('hello from the browser');
  }, 60_000);

  it('uploads onto an existing ticket (per-ticket flow)', async () => {
    const { client, apiCalls } = newClient();
    const ticket = await client.createTicket({ title: 'Needs a screenshot' });
    const attachment = await client.upload(bytes(2 * MB, 'image/png'), { ticketId: ticket.id, filename: 'shot.png', accept: ['image/*'] });
    expect(attachment).toMatchObject({ filename: 'shot.png', contentType: 'image/png', status: 'uploaded' });
    expect(apiCalls.slice(1)).toEqual([`POST /${ticket.id}/attachments`, `POST /${ticket.id}/attachments/${attachment.id}/confirm`]);
    expect((await client.listAttachments(ticket.id)).map((a) => a.id)).toEqual([attachment.id]);
  }, 60_000);
});
