import { describe, expect, inject, it } from 'vitest';

// Real Chromium against the shared mock server from test/setup/mock-server.ts.
// This file only reads and adds its own data: other browser tests share the server,
// so it never flips global switches (outage, variants, reset).
const base = inject('mockBaseUrl');
const apiKey = inject('mockApiKey');
const brandId = inject('mockBrandId');

async function portalToken(email: string): Promise<string> {
  const res = await fetch(`${base}/brands/${brandId}/portal/token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(res.status).toBe(200);
  return (await res.json()).token as string;
}

describe('mock server from a real browser page', () => {
  it('passes CORS (preflighted, Authorization + JSON) and exposes the request-id and rate-limit headers', async () => {
    const token = await portalToken('browser-cors@example.com');
    const res = await fetch(`${base}/portal/tickets`, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    expect(await res.json()).toEqual({ data: [], pagination: { hasMore: false, nextCursor: null } });
  });

  it('lets the browser read a 401 body', async () => {
    const res = await fetch(`${base}/portal/tickets`, { headers: { Authorization: 'Bearer nope', 'Content-Type': 'application/json' } });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('UNAUTHORIZED');
  });

  it('uploads to the presigned URL with XHR and reports progress', async () => {
    const token = await portalToken('browser-upload@example.com');
    const size = 4 * 1024 * 1024;
    const init = await (
      await fetch(`${base}/portal/tickets/attachments/pending`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ filename: 'big.bin', contentType: 'application/octet-stream', size }),
      })
    ).json();
    const progress: number[] = [];
    const status = await new Promise<number>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', init.uploadUrl);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => progress.push(e.loaded);
      xhr.onload = () => resolve(xhr.status);
      xhr.onerror = () => reject(new Error('XHR upload failed'));
      xhr.send(new Blob([new Uint8Array(size)]));
    });
    expect(status).toBe(200);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(size);
    const confirm = await fetch(`${base}/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    expect((await confirm.json()).status).toBe('UPLOADED');
  });
});
