// Download URLs that expire 2 s after they are issued (the mock's urlTtlSeconds),
// so renewal can be watched in real time.
import { beforeEach, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useAttachmentUrl, type AttachmentDownload } from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';

const TTL_SECONDS = 2;
const api = setupMockApi({ urlTtlSeconds: TTL_SECONDS });
const RICH = 'tkt_jane_01';

beforeEach(() => sessionStorage.clear());

const status = async (url: string) => (await fetch(url)).status;

describe('useAttachmentUrl with short-lived URLs', () => {
  it('renews the URL while it is shown, so the one on screen is never expired for long', async () => {
    const { Wrapper } = portalWrapper(api);
    const { result } = renderHook(() => ({ ...useAttachmentUrl(RICH, 'att_jane_screenshot') }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.data).toBeDefined());
    const first = result.current.data as AttachmentDownload;
    const firstExpiry = Date.parse(first.expiresAt);
    expect(firstExpiry - Date.now()).toBeLessThanOrEqual(TTL_SECONDS * 1000);
    expect(await status(first.downloadUrl)).toBe(200);

    // Past the first URL's expiry, the hook holds a newer URL that still works.
    await waitFor(
      () => {
        expect(Date.now()).toBeGreaterThan(firstExpiry);
        expect(Date.parse(result.current.data?.expiresAt ?? '')).toBeGreaterThan(firstExpiry);
      },
      { timeout: 6_000, interval: 100 },
    );
    const renewed = result.current.data as AttachmentDownload;
    expect(renewed.downloadUrl).not.toBe(first.downloadUrl);
    // The server refuses the old one and serves the new one.
    expect(await status(first.downloadUrl)).toBe(403);
    await waitFor(async () => expect(await status(result.current.data?.downloadUrl ?? '')).toBe(200));
  });

  it('getFreshUrl() returns a new, valid URL once the cached one has expired', async () => {
    const { Wrapper } = portalWrapper(api);
    // Not shown (no background renewal): only getFreshUrl can renew it.
    const { result } = renderHook(() => useAttachmentUrl(RICH, 'att_staff_invoice_pdf', { enabled: false }), { wrapper: Wrapper });
    let first!: AttachmentDownload;
    await act(async () => {
      first = await result.current.getFreshUrl();
    });
    const expiry = Date.parse(first.expiresAt);
    await waitFor(() => expect(Date.now()).toBeGreaterThan(expiry + 50), { timeout: 4_000, interval: 100 });
    expect(await status(first.downloadUrl)).toBe(403);

    let fresh!: AttachmentDownload;
    await act(async () => {
      fresh = await result.current.getFreshUrl();
    });
    expect(fresh.downloadUrl).not.toBe(first.downloadUrl);
    expect(Date.parse(fresh.expiresAt)).toBeGreaterThan(Date.now());
    expect(await status(fresh.downloadUrl)).toBe(200);
  });
});
