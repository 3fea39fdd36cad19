// Server rendering: the headless entry imports and renders in plain Node (no
// DOM), and the modules Next.js must treat as client-only say so.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { dehydrate, QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMockPortal } from '../../src/mock';

const API = 'https://api.dispatch.test/v1';
const root = join(import.meta.dirname, '../../src');

const directiveOf = (file: string) => {
  const first = readFileSync(file, 'utf8').split('\n').find((line) => line.trim() !== '');
  return first?.trim().replace(/;$/, '');
};
const filesIn = (dir: string, ext: RegExp) =>
  readdirSync(join(root, dir))
    .filter((name) => ext.test(name))
    .map((name) => join(root, dir, name));

afterEach(() => {
  vi.useRealTimers();
});

describe('server rendering', () => {
  it('runs without a DOM', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('imports the headless entry without touching window or document', async () => {
    const headless = await import('../../src/headless');
    expect(typeof headless.PortalProvider).toBe('function');
    expect(typeof headless.useTickets).toBe('function');
    expect(typeof window).toBe('undefined');
  });

  it('renders a component using useTickets inside PortalProvider with renderToString', async () => {
    const { PortalProvider, useTickets, usePortalSession } = await import('../../src/headless');
    const getToken = vi.fn(async () => ({ token: 'never-called', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
    function TicketCount() {
      const { data, isPending } = useTickets({ status: 'open' });
      const session = usePortalSession();
      return createElement('p', null, isPending ? `loading (${session.status})` : `${data?.pages[0]?.tickets.length ?? 0} tickets`);
    }
    const html = renderToString(
      createElement(PortalProvider, { getToken, baseUrl: API, children: createElement(TicketCount) }),
    );
    expect(html).toBe('<p>loading (idle)</p>');
    // Nothing runs on the server: no token fetch, no request.
    expect(getToken).not.toHaveBeenCalled();
    expect(typeof window).toBe('undefined');
  });

  it('renders prefetched data from a shared queryClient (prefetch on the server, then render)', async () => {
    const { PortalProvider, createPortalClient, ticketsQueryOptions, useTickets } = await import('../../src/headless');
    const mock = createMockPortal();
    const { token } = await mock.issuePortalToken({ email: 'jane@example.com' });
    const client = createPortalClient({ baseUrl: API, token, fetch: mock.fetch });
    const queryClient = new QueryClient();
    await queryClient.prefetchInfiniteQuery(ticketsQueryOptions(client, { limit: 3 }));
    client.dispose();
    expect(dehydrate(queryClient).queries).toHaveLength(1);

    function Titles() {
      const { data } = useTickets({ limit: 3 });
      return createElement('ul', null, data?.pages[0]?.tickets.map((t) => createElement('li', { key: t.id }, t.label)));
    }
    const wrap = (children: ReactNode) => createElement(PortalProvider, { token, baseUrl: API, queryClient, children });
    const html = renderToString(wrap(createElement(Titles)));
    expect(html.match(/<li>/g)).toHaveLength(3);
    expect(html).toContain('ACME-');
  });

  it('leaves no timers behind on the server, even with a static token', async () => {
    const { PortalProvider, useTickets } = await import('../../src/headless');
    const mock = createMockPortal();
    const { token } = await mock.issuePortalToken({ email: 'jane@example.com' });
    function List() {
      useTickets();
      return null;
    }
    vi.useFakeTimers();
    for (let i = 0; i < 3; i++) {
      renderToString(createElement(PortalProvider, { token, baseUrl: API, children: createElement(List) }));
    }
    // A renewal timer per server render would keep every request's client alive for most of an hour.
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('"use client" directives (Next.js App Router)', () => {
  it('marks the provider and every hook module as client-only', () => {
    const files = [...filesIn('provider', /\.tsx$/), join(root, 'provider/context.ts'), ...filesIn('hooks', /^use.*\.ts$/)];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect([file, directiveOf(file)]).toEqual([file, "'use client'"]);
  });

  it('leaves the framework-free client and query factories usable on the server', () => {
    const files = [...filesIn('client', /\.ts$/), ...filesIn('queries', /\.ts$/)];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect([file, readFileSync(file, 'utf8')]).not.toEqual([file, expect.stringMatching(/^\s*['"]use client['"]/)]);
  });

  it('keeps React out of the hooks helpers that carry no directive', () => {
    // draftStore / idempotency are plain functions shared by the hooks: no
    // directive needed, as long as they stay free of React.
    const helpers = filesIn('hooks', /^(?!use|index).*\.ts$/);
    expect(helpers.length).toBeGreaterThan(0);
    for (const file of helpers) expect([file, readFileSync(file, 'utf8')]).not.toEqual([file, expect.stringMatching(/from 'react'/)]);
  });
});
