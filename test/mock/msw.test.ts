import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockPortal } from '../../src/mock';
import { createMockHandlers } from '../../src/mock/msw';
import { SEED } from './helpers';

// The same Hono app, answering through MSW (what Storybook and jsdom tests use).
const BASE = 'https://api.dispatch.test/v1';
const mock = createMockPortal();
const storybookMock = createMockPortal();
const handlers = createMockHandlers(mock, { baseUrl: BASE });
const server = setupServer(...handlers, ...createMockHandlers(storybookMock, { baseUrl: 'https://storybook.test/mock-api/' }));
let token = '';

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  token = (await mock.issuePortalToken({ email: SEED.customers.jane.email })).token;
});
afterEach(() => mock.faults.reset());
afterAll(() => server.close());

const headers = () => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' });

describe('createMockHandlers (MSW, setupServer from msw/node)', () => {
  it('intercepts only the API base and the storage/__mock paths of its origin', () => {
    expect(handlers.map((h) => h.info.path)).toEqual([`${BASE}/*`, 'https://api.dispatch.test/__storage/*', 'https://api.dispatch.test/__mock/*']);
  });

  it('answers portal requests from the same app and store', async () => {
    const res = await fetch(`${BASE}/portal/tickets?limit=5`, { headers: headers() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const body = await res.json();
    expect(body.data).toHaveLength(5);
    expect(body.pagination.hasMore).toBe(true);
    mock.store.tickets.get(SEED.tickets.richContent)!.title = 'Changed in the store';
    const detail = await (await fetch(`${BASE}/portal/tickets/${SEED.tickets.richContent}`, { headers: headers() })).json();
    expect(detail.title).toBe('Changed in the store');
  });

  it('runs the whole upload flow through presigned storage on the same origin', async () => {
    const init = await (
      await fetch(`${BASE}/portal/tickets/attachments/pending`, { method: 'POST', headers: headers(), body: JSON.stringify({ filename: 'a.txt', contentType: 'text/plain', size: 5 }) })
    ).json();
    expect(init.uploadUrl.startsWith('https://api.dispatch.test/__storage/')).toBe(true);
    expect((await fetch(init.uploadUrl, { method: 'PUT', body: 'hello', headers: { 'Content-Type': 'text/plain' } })).status).toBe(200);
    const confirm = await fetch(`${BASE}/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', headers: headers() });
    expect((await confirm.json()).status).toBe('UPLOADED');
  });

  it('turns drop-after-commit and outages into network errors', async () => {
    mock.faults.dropAfterCommit({ method: 'POST', path: '/portal/tickets' });
    const before = mock.store.tickets.size;
    await expect(fetch(`${BASE}/portal/tickets`, { method: 'POST', headers: headers(), body: JSON.stringify({ title: 'x' }) })).rejects.toThrow(TypeError);
    expect(mock.store.tickets.size).toBe(before + 1);
    mock.faults.setOutage(true);
    await expect(fetch(`${BASE}/portal/tickets`, { headers: headers() })).rejects.toThrow(TypeError);
    const health = await fetch('https://api.dispatch.test/__mock/health');
    expect((await health.json()).outage).toBe(true);
  });

  it('maps a base URL with another path onto the API', async () => {
    const { token: t } = await storybookMock.issuePortalToken({ email: SEED.customers.jane.email });
    const res = await fetch('https://storybook.test/mock-api/portal/tickets', { headers: { Authorization: `Bearer ${t}` } });
    expect(res.status).toBe(200);
    const created = await fetch('https://storybook.test/mock-api/portal/tickets', {
      method: 'POST',
      headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Via a rewritten base' }),
    });
    expect(created.status).toBe(201);
    expect((await created.json()).title).toBe('Via a rewritten base');
  });
});
