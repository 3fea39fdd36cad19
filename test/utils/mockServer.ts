// For browser tests: the real mock API over HTTP, started by
// test/setup/mock-server.ts and shared by every browser test file. Use a
// unique customer per test (data isolation) and path-scoped faults.
import { inject } from 'vitest';

export const mockBaseUrl = inject('mockBaseUrl');
export const mockUrl = inject('mockUrl');

/** A customer no other test uses. */
export const uniqueEmail = (tag: string) =>
  `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** A portal token for `email`, minted with the API key as a host backend would (admin A1). */
export const mintToken = (email: string) =>
  fetch(`${mockBaseUrl}/brands/${inject('mockBrandId')}/portal/token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${inject('mockApiKey')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  }).then((res) => json<{ token: string; expiresAt: string; customerId: string; email: string }>(res));

/** A `/__mock/*` switch (POST, or DELETE to clear). */
export const mockControl = (path: string, body?: unknown, method: 'POST' | 'DELETE' = 'POST') =>
  fetch(`${mockUrl}/__mock/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((res) => json<unknown>(res));

/** A portal API call with a customer's token. */
export const portalFetch = <T = Record<string, unknown>>(token: string, path: string, init: RequestInit = {}) =>
  fetch(`${mockBaseUrl}/${path.replace(/^\//, '')}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  }).then((res) => json<T>(res));

/** The staff side: an admin API call for the seed brand, with its API key. */
export const adminFetch = <T = Record<string, unknown>>(path: string, init: RequestInit = {}) =>
  fetch(`${mockBaseUrl}/brands/${inject('mockBrandId')}/${path.replace(/^\//, '')}`, {
    ...init,
    headers: { Authorization: `Bearer ${inject('mockApiKey')}`, 'Content-Type': 'application/json' },
  }).then((res) => json<T>(res));
