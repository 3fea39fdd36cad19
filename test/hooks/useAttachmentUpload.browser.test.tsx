// Real Chromium, real XMLHttpRequest, the real mock server over HTTP (shared
// by every browser test file: this file only adds its own data and never
// flips global switches). jsdom cannot show upload progress or carry file
// bytes through MSW, so those are checked here.
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { renderHook } from 'vitest-browser-react';
import { PortalProvider, useAttachmentUpload, type UploadItem } from '../../src/headless';
import { mintToken, mockBaseUrl as base, mockControl, portalFetch, uniqueEmail } from '../utils/mockServer';

/**
 * Storage waits before reading this one file's body, then reads it at a capped
 * rate (a slow line, as far as the browser can tell), so progress comes in
 * steps. The rules match only this file name: other tests are unaffected.
 */
async function slowStorageFor(filename: string, ms: number, bytesPerSecond = 8 * 1024 * 1024) {
  await mockControl('latency', { ms, method: 'PUT', path: `/__storage/*${filename}` });
  await mockControl('storage-bandwidth', { bytesPerSecond, path: `/__storage/*${filename}` });
}

function wrapperFor(email: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const getToken = () => mintToken(email);
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <PortalProvider baseUrl={base} getToken={getToken} queryClient={queryClient} pollInterval={false}>
        {children}
      </PortalProvider>
    );
  };
}

/** Deterministic bytes, so the stored copy can be compared. */
function payload(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 251;
  return bytes;
}

const until = async (check: () => boolean, timeout = 20_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('useAttachmentUpload in Chromium', () => {
  it('reports upload progress from 0 to the file size and stores the exact bytes on the ticket', async () => {
    const email = uniqueEmail('upload-progress');
    const { token } = await mintToken(email);
    const ticket = await portalFetch(token, 'portal/tickets', { method: 'POST', body: JSON.stringify({ title: 'Progress test' }) });
    const ticketId = String(ticket.id);

    const size = 9 * 1024 * 1024;
    const bytes = payload(size);
    const filename = `${uniqueEmail('big').split('@')[0]}.bin`;
    await slowStorageFor(filename, 1_000);
    const renders: UploadItem[][] = [];
    const { result, act } = await renderHook(
      () => {
        const uploads = useAttachmentUpload({ ticketId });
        renders.push(uploads.items);
        return uploads;
      },
      { wrapper: wrapperFor(email) },
    );
    await act(() => {
      result.current.add([new File([bytes as BlobPart], filename, { type: 'application/octet-stream' })]);
    });
    await until(() => result.current.items[0]?.status === 'uploaded' || result.current.items[0]?.status === 'failed');
    const item = result.current.items[0];
    expect(item?.status).toBe('uploaded');

    const progress = renders.flatMap((items) => items.flatMap((i) => (i.status === 'uploading' ? [i.loaded] : [])));
    expect(progress[0]).toBe(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(Math.max(...progress)).toBeLessThanOrEqual(size);
    // Real progress in between, not just "started" and "done".
    expect(progress.some((n) => n > 0 && n < size)).toBe(true);

    // The server has the file on the ticket, byte for byte.
    const id = item?.status === 'uploaded' ? item.attachment.id : '';
    const download = await portalFetch(token, `portal/tickets/${ticketId}/attachments/${id}`);
    const stored = new Uint8Array(await (await fetch(String(download.downloadUrl))).arrayBuffer());
    expect(stored.length).toBe(size);
    expect(stored.every((b, i) => b === bytes[i])).toBe(true);
  });

  it('cancels a real upload in flight: the attachment is never confirmed', async () => {
    const email = uniqueEmail('upload-cancel');
    const { token } = await mintToken(email);
    const ticket = await portalFetch(token, 'portal/tickets', { method: 'POST', body: JSON.stringify({ title: 'Cancel test' }) });
    const ticketId = String(ticket.id);
    const filename = `${uniqueEmail('cancel').split('@')[0]}.bin`;
    await slowStorageFor(filename, 2_000);
    const { result, act } = await renderHook(() => useAttachmentUpload({ ticketId }), { wrapper: wrapperFor(email) });
    await act(() => {
      result.current.add([new File([payload(1024 * 1024) as BlobPart], filename, { type: 'application/octet-stream' })]);
    });
    await until(() => result.current.items[0]?.status === 'uploading');
    const abort = vi.spyOn(AbortController.prototype, 'abort');
    await act(() => result.current.cancel(result.current.items[0]?.id ?? ''));
    expect(result.current.items).toEqual([]);
    // Its signal is aborted: the upload rejects instead of reaching the code that confirms.
    await until(() => abort.mock.calls.length > 0);
    abort.mockRestore();
    const list = await fetch(`${base}/portal/tickets/${ticketId}/attachments`, {
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    expect(await list.json()).toEqual([]);
  });
});
