import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { PortalProvider, TicketList, type TicketListProps } from '../../../src';
import '../../../src/styles/index.css';
import { mintToken } from '../../utils/mockServer';

// Real Chromium, real layout, the shared mock server. Only reads data (the bulk
// customer's 2,000 tickets) and never flips the server's global switches.
const base = inject('mockBaseUrl');
const BULK = 'bulk@example.com';

const getToken = (email: string) => () => mintToken(email);

/**
 * Forwards to the real server but holds next-page requests (those with a
 * cursor) until released, so a test decides when "more" arrives.
 */
function gatedFetch() {
  let open = true;
  const waiting: Array<() => void> = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!open && url.includes('cursor=')) await new Promise<void>((resolve) => waiting.push(resolve));
    return fetch(input, init);
  };
  return {
    fetch: fetchFn,
    hold: () => void (open = false),
    release: () => {
      open = true;
      waiting.splice(0).forEach((resume) => resume());
    },
    held: () => waiting.length,
  };
}

async function renderList(props: TicketListProps, { inlineSize = 360, blockSize = 480, fetchFn = fetch } = {}) {
  const screen = await render(
    <PortalProvider
      baseUrl={base}
      getToken={getToken(BULK)}
      queryClient={new QueryClient()}
      pollInterval={false}
      clientOptions={{ fetch: fetchFn }}
    >
      <div style={{ inlineSize, blockSize }}>
        <TicketList {...props} />
      </div>
    </PortalProvider>,
  );
  const viewport = () => screen.container.querySelector<HTMLElement>('.dt-ticket-list-viewport')!;
  const items = () => [...screen.container.querySelectorAll<HTMLLIElement>('.dt-ticket-list-item')];
  const positions = () => items().map((item) => Number(item.getAttribute('aria-posinset')));
  await expect.poll(() => items().length, { timeout: 10_000 }).toBeGreaterThan(0);
  return { screen, viewport, items, positions };
}

const posOfActive = () => Number(document.activeElement?.closest('li')?.getAttribute('aria-posinset') ?? NaN);

beforeEach(() => sessionStorage.clear());

describe('TicketList in Chromium (bulk customer, 2,000 tickets)', () => {
  it('renders only what is on screen however many tickets are loaded, and scrolling renders later rows', async () => {
    const { screen, viewport, items, positions } = await renderList({ pageSize: 50, getTicketHref: (t) => `#${t.id}` });
    const live = () => screen.container.querySelector('[aria-live="polite"]')?.textContent ?? '';

    // Infinite scroll: reaching the end of the list loads the next page, ten times over.
    for (let loaded = 50; loaded < 500; loaded += 50) {
      viewport().scrollTop = viewport().scrollHeight;
      await expect.poll(() => Math.max(...positions()), { timeout: 10_000 }).toBeGreaterThan(loaded);
    }
    await expect.poll(live, { timeout: 10_000 }).toMatch(/^500 tickets/);

    // 500 loaded, a screenful (plus overscan) in the DOM.
    expect(items().length).toBeLessThan(40);
    expect(positions()).not.toContain(1);
    expect(Math.max(...positions())).toBeGreaterThan(450);

    // Scrolling back renders the first rows again, and only around them.
    viewport().scrollTop = 0;
    await expect.poll(() => positions()[0]).toBe(1);
    expect(items().length).toBeLessThan(40);
    expect(Math.max(...positions())).toBeLessThan(40);
  });

  it('measures wrapped rows in a narrow panel so they never overlap', async () => {
    const { items, viewport } = await renderList({ pageSize: 50 }, { inlineSize: 300 });
    viewport().scrollTop = 1500;
    await expect
      .poll(() => {
        const rects = items().map((item) => item.getBoundingClientRect());
        return rects.every((rect, i) => i === 0 || rect.top >= rects[i - 1]!.bottom - 1);
      })
      .toBe(true);
    // The metadata wraps under the title at this width: rows are taller than the estimate of one line.
    const heights = items().map((item) => item.getBoundingClientRect().height);
    expect(Math.min(...heights)).toBeGreaterThan(40);
  });

  it('lets the keyboard Tab through rows in order, reach "Load more", and continue into the new rows', async () => {
    const gate = gatedFetch();
    const { screen } = await renderList(
      { pageSize: 10, getTicketHref: (t) => `#${t.id}`, onTicketSelect: () => {} },
      { fetchFn: gate.fetch },
    );
    gate.hold();
    screen.container.querySelector<HTMLElement>('.dt-ticket-list-row')!.focus();
    expect(posOfActive()).toBe(1);

    for (let n = 2; n <= 10; n++) {
      await userEvent.tab();
      await expect.poll(posOfActive).toBe(n);
    }
    await userEvent.tab();
    await expect.poll(() => document.activeElement?.classList.contains('dt-ticket-list-load-more')).toBe(true);
    expect(document.activeElement?.textContent).toMatch(/Load more|Loading more tickets/);

    // The page arrives: focus moves on to the first new row, where the customer was heading.
    gate.release();
    await expect.poll(posOfActive, { timeout: 10_000 }).toBe(11);
    await userEvent.tab();
    await expect.poll(posOfActive).toBe(12);
    await userEvent.tab({ shift: true });
    await expect.poll(posOfActive).toBe(11);
  });

  it('keeps the focused row mounted when it is scrolled far away', async () => {
    const { screen, viewport } = await renderList({ pageSize: 50, getTicketHref: (t) => `#${t.id}` });
    const first = screen.container.querySelector<HTMLElement>('.dt-ticket-list-row')!;
    first.focus();
    viewport().scrollTop = 2500;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(document.activeElement).toBe(first);
    expect(posOfActive()).toBe(1);
    await userEvent.tab();
    await expect.poll(posOfActive).toBe(2);
  });
});
