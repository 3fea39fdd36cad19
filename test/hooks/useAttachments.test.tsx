import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, renderHook, waitFor } from '@testing-library/react';
import { useAttachments, useAttachmentUrl, type Attachment, type AttachmentDownload } from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';
import { countRequests, watchFetch, type WatchedRequest } from './helpers';
import { elapse, fakeClock, idle } from '../utils/settle';

const api = setupMockApi();
const RICH = 'tkt_jane_01';
const FILES = ['att_jane_screenshot', 'att_staff_import_dialog', 'att_staff_invoice_pdf'];

afterEach(() => vi.useRealTimers());

beforeEach(() => sessionStorage.clear());

const isUrlRequest = (r: WatchedRequest) => r.method === 'GET' && /\/attachments\/att_[^/]+$/.test(r.url.pathname);
const urlRequests = () => countRequests(api.requests, /^GET \/portal\/tickets\/[^/]+\/attachments\/att_/);

describe('useAttachments', () => {
  it("lists a ticket's uploaded files in one request (internal-only and pending files left out)", async () => {
    const { Wrapper } = portalWrapper(api);
    const { result } = renderHook(() => ({ ...useAttachments(RICH) }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.map((a) => a.id).sort()).toEqual([...FILES].sort());
    expect(countRequests(api.requests, /^GET \/portal\/tickets\/tkt_jane_01\/attachments$/)).toBe(1);
    // Metadata only: no download URL fetched just for listing.
    expect(urlRequests()).toBe(0);
  });

  it('waits without a ticket id', async () => {
    const { Wrapper, queryClient } = portalWrapper(api);
    const { result } = renderHook(() => ({ ...useAttachments(null) }), { wrapper: Wrapper });
    await idle(queryClient);
    expect(result.current.fetchStatus).toBe('idle');
    expect(api.requests.filter((r) => r.includes('/attachments'))).toEqual([]);
  });
});

describe('useAttachmentUrl', () => {
  function FileRow({ attachment, shown, onUrl }: { attachment: Attachment; shown: boolean; onUrl: (id: string, url: string) => void }) {
    const { data } = useAttachmentUrl(RICH, attachment.id, { enabled: shown });
    if (data) onUrl(attachment.id, data.downloadUrl);
    return <li>{attachment.filename}</li>;
  }
  function Gallery({ shown, onUrl }: { shown: string[]; onUrl: (id: string, url: string) => void }) {
    const { data = [] } = useAttachments(RICH);
    return (
      <ul>
        {data.map((a) => (
          <FileRow key={a.id} attachment={a} shown={shown.includes(a.id)} onUrl={onUrl} />
        ))}
      </ul>
    );
  }

  it('fetches URLs in parallel, and only for the files being shown', async () => {
    const watched = watchFetch();
    const { Wrapper } = portalWrapper(api, { provider: { clientOptions: { fetch: watched.fetch } } });
    // Hold every URL request: if they were sent one after another, the second
    // would never start while the first is held.
    const hold = watched.hold(isUrlRequest);
    const urls = new Map<string, string>();
    const onUrl = (id: string, url: string) => urls.set(id, url);
    const shown = ['att_jane_screenshot', 'att_staff_invoice_pdf'];
    const view = render(<Gallery shown={shown} onUrl={onUrl} />, { wrapper: Wrapper });
    await waitFor(() => expect(hold.held()).toBe(2));
    expect(watched.inFlight()).toBe(2);
    hold.release();
    await waitFor(() => expect([...urls.keys()].sort()).toEqual([...shown].sort()));
    expect(urlRequests()).toBe(2);
    expect(countRequests(api.requests, /^GET \/portal\/tickets\/tkt_jane_01\/attachments$/)).toBe(1);

    // The URL works: it serves the file.
    const res = await fetch(urls.get('att_jane_screenshot') ?? '');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');

    // Showing the third file fetches its URL, and only its.
    view.rerender(<Gallery shown={FILES} onUrl={onUrl} />);
    await waitFor(() => expect(urls.has('att_staff_import_dialog')).toBe(true));
    expect(urlRequests()).toBe(3);
  });

  it('getFreshUrl() answers from the cache while the URL is fresh', async () => {
    const { Wrapper } = portalWrapper(api);
    const { result } = renderHook(() => useAttachmentUrl(RICH, 'att_jane_screenshot'), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.data?.downloadUrl).toBeTruthy());
    let fresh: AttachmentDownload | undefined;
    await act(async () => {
      fresh = await result.current.getFreshUrl();
    });
    expect(fresh?.downloadUrl).toBe(result.current.data?.downloadUrl);
    expect(urlRequests()).toBe(1);
  });

  it('getFreshUrl() fetches for a file not shown yet (a download click)', async () => {
    const { Wrapper, queryClient } = portalWrapper(api);
    const { result } = renderHook(() => useAttachmentUrl(RICH, 'att_staff_invoice_pdf', { enabled: false }), { wrapper: Wrapper });
    await idle(queryClient);
    expect(urlRequests()).toBe(0);
    let fresh: AttachmentDownload | undefined;
    await act(async () => {
      fresh = await result.current.getFreshUrl();
    });
    expect(fresh).toMatchObject({ id: 'att_staff_invoice_pdf', contentType: 'application/pdf' });
    expect(Date.parse(fresh?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(urlRequests()).toBe(1);
  });

  it('reports a 404 for an attachment of another ticket, without polling it', async () => {
    fakeClock();
    const { Wrapper, queryClient } = portalWrapper(api);
    const { result } = renderHook(() => ({ ...useAttachmentUrl('tkt_bob_01', 'att_bob_upload') }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    // Well past a download URL's lifetime: a poll for it would have run by now.
    await elapse(20 * 60_000, queryClient);
    expect(urlRequests()).toBe(1);
  });
});
