import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import {
  useAttachmentUpload,
  useAttachmentUrl,
  useAttachments,
  type UploadItem,
  type UseAttachmentUploadOptions,
} from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';
import { countRequests } from './helpers';
import { idle } from '../utils/settle';

const api = setupMockApi();
const TICKET = 'tkt_jane_06';
const STORAGE_PUT = { method: 'PUT', path: '/__storage/*' };

beforeEach(() => sessionStorage.clear());
afterEach(() => vi.restoreAllMocks());

/** Uploads the kit stops: each has its own AbortController, aborted when it is cancelled. */
const stopped = () => vi.spyOn(AbortController.prototype, 'abort');

// jsdom's File bodies do not survive the trip through MSW (the mock stores a
// placeholder; files of a few bytes even hang), so these tests check the queue
// and the server's records; useAttachmentUpload.browser.test.tsx checks bytes
// and real progress in Chromium.
const file = (name: string, type: string, size = 64) => new File(['x'.repeat(size)], name, { type });
const confirms = () => countRequests(api.requests, /\/confirm$/);

function setup(options: UseAttachmentUploadOptions = {}) {
  const { Wrapper } = portalWrapper(api);
  const renders: UploadItem[][] = [];
  const hook = renderHook(
    (props: UseAttachmentUploadOptions) => {
      const uploads = useAttachmentUpload(props);
      renders.push(uploads.items);
      return uploads;
    },
    { wrapper: Wrapper, initialProps: options },
  );
  return { ...hook, renders };
}

const statuses = (items: UploadItem[]) => items.map((i) => `${i.name}:${i.status}`);

describe('useAttachmentUpload', () => {
  it('uploads through the pending flow, reports progress, and returns the confirmed ids', async () => {
    const { result, renders } = setup();
    let rejected: unknown[] = [];
    act(() => {
      rejected = result.current.add([file('screenshot.png', 'image/png', 4_000), file('log.txt', 'text/plain', 200)]);
    });
    expect(rejected).toEqual([]);
    expect(result.current.isUploading).toBe(true);
    await waitFor(() => expect(statuses(result.current.items)).toEqual(['screenshot.png:uploaded', 'log.txt:uploaded']));
    expect(result.current.isUploading).toBe(false);
    expect(result.current.hasFailed).toBe(false);

    const ids = result.current.attachmentIds;
    expect(ids).toHaveLength(2);
    for (const [i, id] of ids.entries()) {
      const stored = api.mock.store.attachments.get(id);
      expect(stored).toMatchObject({ status: 'UPLOADED', flow: 'pending', ticketId: null, filename: result.current.items[i]?.name });
    }
    // Every file went queued → uploading (from 0, never past its size) → uploaded.
    // (jsdom's XHR reports no real upload progress; the browser test checks that.)
    const progress = renders.flatMap((items) => items.flatMap((i) => (i.status === 'uploading' && i.name === 'screenshot.png' ? [i.loaded] : [])));
    expect(progress[0]).toBe(0);
    expect(progress.every((n) => n <= 4_000)).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(renders.some((items) => items[0]?.status === 'queued')).toBe(true);
  });

  it('uploads onto an existing ticket (per-ticket flow): the file ends on the ticket and in its attachment list', async () => {
    const { Wrapper } = portalWrapper(api);
    const { result } = renderHook(
      () => ({ uploads: useAttachmentUpload({ ticketId: TICKET }), list: { ...useAttachments(TICKET) } }),
      { wrapper: Wrapper },
    );
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    expect(result.current.list.data).toEqual([]);
    act(() => {
      result.current.uploads.add([file('trace.har', 'application/json', 300)]);
    });
    await waitFor(() => expect(result.current.uploads.items[0]?.status).toBe('uploaded'));
    const id = result.current.uploads.attachmentIds[0] ?? '';
    expect(api.mock.store.attachments.get(id)).toMatchObject({ ticketId: TICKET, flow: 'ticket', status: 'UPLOADED' });
    expect(api.requests).toContain(`POST /portal/tickets/${TICKET}/attachments`);
    expect(api.requests).toContain(`POST /portal/tickets/${TICKET}/attachments/${id}/confirm`);
    // The ticket's attachment list is refreshed to show it.
    await waitFor(() => expect(result.current.list.data?.map((a) => a.id)).toEqual([id]));
  });

  it('refreshes the ticket\'s attachment list after an upload, without re-fetching the download URLs on screen', async () => {
    const RICH = 'tkt_jane_01';
    const SHOWN = 'att_jane_screenshot';
    const { Wrapper, queryClient } = portalWrapper(api);
    const { result } = renderHook(
      () => ({
        uploads: useAttachmentUpload({ ticketId: RICH }),
        list: { ...useAttachments(RICH) },
        url: { ...useAttachmentUrl(RICH, SHOWN) },
      }),
      { wrapper: Wrapper },
    );
    await waitFor(() => expect(result.current.list.isSuccess && result.current.url.isSuccess).toBe(true));
    const shownUrl = result.current.url.data?.downloadUrl;
    const urlRequests = () => countRequests(api.requests, new RegExp(`^GET /portal/tickets/${RICH}/attachments/${SHOWN}$`));
    expect(urlRequests()).toBe(1);
    act(() => {
      result.current.uploads.add([file('more.txt', 'text/plain', 300)]);
    });
    await waitFor(() => expect(result.current.uploads.items[0]?.status).toBe('uploaded'));
    const id = result.current.uploads.attachmentIds[0] ?? '';
    await waitFor(() => expect(result.current.list.data?.map((a) => a.id)).toContain(id));
    // A refetch of the URL would have started with the list's: nothing may be in flight.
    await idle(queryClient);
    // The image on screen keeps its still-valid URL: no new request, no reload.
    expect(urlRequests()).toBe(1);
    expect(result.current.url.data?.downloadUrl).toBe(shownUrl);
  });

  it('rejects files with a reason code each and still accepts the rest', async () => {
    const { result } = setup({ maxFiles: 2, maxSize: 1_000, accept: ['image/*', '.pdf'] });
    let rejected: Array<{ file: File; code: string }> = [];
    const big = file('huge.png', 'image/png', 2_000);
    const exe = file('setup.exe', 'application/x-msdownload');
    const empty = new File([], 'empty.png', { type: 'image/png' });
    const third = file('third.png', 'image/png');
    act(() => {
      rejected = result.current.add([big, exe, file('photo.png', 'image/png'), empty, file('invoice.pdf', ''), third]);
    });
    expect(rejected.map((r) => [r.file.name, r.code])).toEqual([
      ['huge.png', 'file-too-large'],
      ['setup.exe', 'file-invalid-type'],
      ['empty.png', 'file-empty'],
      ['third.png', 'too-many-files'],
    ]);
    expect(result.current.items.map((i) => i.name)).toEqual(['photo.png', 'invoice.pdf']);
    // No browser type: declared as octet-stream, accepted by extension.
    expect(result.current.items[1]?.type).toBe('application/octet-stream');
    await waitFor(() => expect(result.current.attachmentIds).toHaveLength(2));

    // The queue is full: one more is refused until one is removed.
    act(() => {
      rejected = result.current.add([file('later.png', 'image/png')]);
    });
    expect(rejected.map((r) => r.code)).toEqual(['too-many-files']);
    act(() => result.current.remove(result.current.items[0]?.id ?? ''));
    act(() => {
      rejected = result.current.add([file('later.png', 'image/png')]);
    });
    expect(rejected).toEqual([]);
    await waitFor(() => expect(statuses(result.current.items)).toEqual(['invoice.pdf:uploaded', 'later.png:uploaded']));
  });

  it('never runs more uploads at once than the concurrency limit', async () => {
    api.mock.faults.setLatency(60, STORAGE_PUT);
    const { result, renders } = setup({ concurrency: 2, maxFiles: 6 });
    act(() => {
      result.current.add(['a', 'b', 'c', 'd', 'e'].map((n) => file(`${n}.png`, 'image/png')));
    });
    await waitFor(() => expect(result.current.attachmentIds).toHaveLength(5), { timeout: 5_000 });
    const running = renders.map((items) => items.filter((i) => i.status === 'uploading').length);
    expect(Math.max(...running)).toBe(2);
    // In queue order.
    const startedOrder = renders
      .flatMap((items) => items.filter((i) => i.status === 'uploading').map((i) => i.name))
      .filter((name, i, all) => all.indexOf(name) === i);
    expect(startedOrder).toEqual(['a.png', 'b.png', 'c.png', 'd.png', 'e.png']);
  });

  it('cancels an upload in flight: dropped from the queue, never confirmed', async () => {
    api.mock.faults.setLatency(300, STORAGE_PUT);
    const { result } = setup();
    act(() => {
      result.current.add([file('slow.png', 'image/png'), file('fast.png', 'image/png')]);
    });
    await waitFor(() => expect(result.current.items[0]?.status).toBe('uploading'));
    await waitFor(() => expect(countRequests(api.requests, /attachments\/pending$/)).toBe(2));
    const pendingIds = () => [...api.mock.store.attachments.values()].filter((a) => a.flow === 'pending' && a.uploaderCustomerId === 'cus_jane_cooper' && a.ticketId === null);
    const abort = stopped();
    act(() => result.current.cancel(result.current.items[0]?.id ?? ''));
    expect(result.current.items.map((i) => i.name)).toEqual(['fast.png']);
    // Its signal is aborted: the upload rejects instead of reaching the code that confirms.
    await waitFor(() => expect(abort).toHaveBeenCalled());
    await waitFor(() => expect(result.current.items[0]?.status).toBe('uploaded'));
    expect(confirms()).toBe(1);
    expect(result.current.attachmentIds).toHaveLength(1);
    const slow = pendingIds().find((a) => a.filename === 'slow.png');
    expect(slow?.status).toBe('PENDING');
  });

  it('shows a failed upload with its error, and retry uploads it again', async () => {
    api.mock.faults.failRoute({ method: 'POST', path: '/portal/tickets/attachments/pending', status: 400, count: 1, message: 'bad' });
    const { result } = setup();
    act(() => {
      result.current.add([file('retry-me.pdf', 'application/pdf')]);
    });
    await waitFor(() => expect(result.current.items[0]?.status).toBe('failed'));
    const failed = result.current.items[0];
    expect(failed?.status === 'failed' && failed.error.message).toBe('bad');
    expect(result.current.hasFailed).toBe(true);
    expect(result.current.isUploading).toBe(false);
    expect(result.current.attachmentIds).toEqual([]);

    act(() => result.current.retry(failed?.id ?? ''));
    await waitFor(() => expect(result.current.items[0]?.status).toBe('uploaded'));
    expect(result.current.items[0]?.id).toBe(failed?.id);
    expect(result.current.hasFailed).toBe(false);
    expect(result.current.attachmentIds).toHaveLength(1);
  });

  it('fails on a storage error and recovers on retry', async () => {
    api.mock.faults.failRoute({ ...STORAGE_PUT, status: 500, count: 1 });
    const { result } = setup();
    act(() => {
      result.current.add([file('flaky.png', 'image/png')]);
    });
    await waitFor(() => expect(result.current.items[0]?.status).toBe('failed'));
    act(() => result.current.retry(result.current.items[0]?.id ?? ''));
    await waitFor(() => expect(result.current.items[0]?.status).toBe('uploaded'));
  });

  it('remove and clear drop rows (and their ids)', async () => {
    const { result } = setup();
    act(() => {
      result.current.add([file('one.png', 'image/png'), file('two.png', 'image/png')]);
    });
    await waitFor(() => expect(result.current.attachmentIds).toHaveLength(2));
    const [first, second] = result.current.items;
    act(() => result.current.remove(first?.id ?? ''));
    expect(result.current.attachmentIds).toEqual([second?.status === 'uploaded' ? second.attachment.id : 'x']);
    act(() => result.current.clear());
    expect(result.current.items).toEqual([]);
    expect(result.current.attachmentIds).toEqual([]);
  });

  it('works controlled (value + onValueChange), e.g. to keep the queue in a parent', async () => {
    const { Wrapper } = portalWrapper(api);
    const { result } = renderHook(
      () => {
        const [value, setValue] = useState<UploadItem[]>([]);
        const uploads = useAttachmentUpload({ value, onValueChange: setValue });
        return { value, uploads };
      },
      { wrapper: Wrapper },
    );
    act(() => {
      result.current.uploads.add([file('controlled.png', 'image/png')]);
    });
    await waitFor(() => expect(result.current.value[0]?.status).toBe('uploaded'));
    expect(result.current.uploads.attachmentIds).toHaveLength(1);
  });

  describe('restarting after an unmount (StrictMode, a dialog that closes)', () => {
    function controlled(initial: UploadItem[], options: UseAttachmentUploadOptions = {}) {
      const { Wrapper } = portalWrapper(api);
      const renders: UploadItem[][] = [];
      const hook = renderHook(
        () => {
          const [value, setValue] = useState<UploadItem[]>(initial);
          const uploads = useAttachmentUpload({ ...options, value, onValueChange: setValue });
          renders.push(value);
          return uploads;
        },
        { wrapper: Wrapper, reactStrictMode: true },
      );
      return { ...hook, renders };
    }
    const queued = (name: string): UploadItem => ({ id: `local-${name}`, name, size: 64, type: 'image/png', file: file(name, 'image/png'), status: 'queued' });

    it('keeps the concurrency limit when queued files start on mount', async () => {
      api.mock.faults.setLatency(60, STORAGE_PUT);
      const { result, renders } = controlled([queued('a.png'), queued('b.png'), queued('c.png')], { concurrency: 1 });
      await waitFor(() => expect(result.current.attachmentIds).toHaveLength(3), { timeout: 5_000 });
      const running = renders.map((items) => items.filter((i) => i.status === 'uploading').length);
      expect(Math.max(...running)).toBe(1);
      expect(confirms()).toBe(3);
    });

    it('can still cancel an upload that was restarted', async () => {
      api.mock.faults.setLatency(300, STORAGE_PUT);
      const { result } = controlled([queued('cancel-me.png')]);
      await waitFor(() => expect(result.current.items[0]?.status).toBe('uploading'));
      const abort = stopped();
      act(() => result.current.cancel('local-cancel-me.png'));
      expect(result.current.items).toEqual([]);
      // The restarted attempt's signal is aborted: it rejects instead of reaching the code that confirms.
      await waitFor(() => expect(abort).toHaveBeenCalled());
      expect(confirms()).toBe(0);
      expect([...api.mock.store.attachments.values()].filter((a) => a.filename === 'cancel-me.png' && a.status === 'UPLOADED')).toEqual([]);
    });
  });
});
