// Real Chromium against the shared mock server (test/setup/mock-server.ts): real
// layout, so virtualisation, scroll pinning and focus are what a user gets.
// Other browser tests share the server: this file only reads the seed and adds
// data of its own customers, and its one fault rule targets its own ticket.
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { PortalProvider, TicketThread } from '../../../src';
import '../../../src/styles/index.css';
import { adminFetch, mintToken } from '../../utils/mockServer';

const base = inject('mockBaseUrl');
const mockUrl = inject('mockUrl');
const run = Math.random().toString(36).slice(2, 8);

async function json(res: Response) {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
}

/** A ticket of a fresh customer with `count` comments, alternating customer and staff. */
async function threadWith(count: number) {
  const email = `thread-${run}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const { token } = await mintToken(email);
  const portal = (path: string, body: unknown) =>
    fetch(`${base}/portal/${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(json);
  const ticket = (await portal('tickets', { title: 'Scrolling test', body: 'Original message' })) as { id: string };
  for (let i = 1; i <= count; i++) {
    if (i % 2) await portal(`tickets/${ticket.id}/comments`, { body: `Customer message ${i}\nwith a second line` });
    else await staffReply(ticket.id, `Staff reply ${i}`);
  }
  return { email, ticketId: ticket.id };
}
const staffReply = (ticketId: string, body: string) =>
  adminFetch(`tickets/${ticketId}/comments`, { method: 'POST', body: JSON.stringify({ body }) });

function mount(email: string, ticketId: string, pollInterval: number | false = false) {
  const queryClient = new QueryClient();
  return render(
    <PortalProvider
      baseUrl={base}
      getToken={() => mintToken(email)}
      queryClient={queryClient}
      pollInterval={pollInterval}
      clientOptions={{ retry: false }}
    >
      <div style={{ blockSize: 600, inlineSize: 420 }}>
        <TicketThread ticketId={ticketId} />
      </div>
    </PortalProvider>,
  );
}

const scroller = () => document.querySelector<HTMLElement>('.dt-ticket-thread-scroll')!;
const articles = () => [...document.querySelectorAll<HTMLElement>('[role="feed"] > article')];
const positions = () => articles().map((a) => Number(a.getAttribute('aria-posinset')));
const distanceToEnd = () => {
  const el = scroller();
  return el.scrollHeight - el.scrollTop - el.clientHeight;
};
/** Articles on screen inside the scroll container. */
function onScreen() {
  const box = scroller().getBoundingClientRect();
  return articles().filter((a) => {
    const r = a.getBoundingClientRect();
    return r.bottom > box.top && r.top < box.bottom;
  });
}
const settle = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('TicketThread in Chromium', () => {
  it('renders only a window of a 1,000-comment thread, from the latest, and reveals older ones on scroll', async () => {
    mount('bulk@example.com', 'tkt_bulk_0001');
    await vi.waitFor(() => expect(positions()).toContain(1000), { timeout: 15_000 });
    await vi.waitFor(() => expect(distanceToEnd()).toBeLessThan(2));
    expect(articles().length).toBeLessThan(40);
    expect(articles().every((a) => a.getAttribute('aria-setsize') === '1000')).toBe(true);
    expect(onScreen().map((a) => a.getAttribute('aria-posinset'))).toContain('1000');
    // Articles stay in order in the DOM, for reading order.
    expect(positions()).toEqual([...positions()].sort((a, b) => a - b));

    const lowest = Math.min(...positions());
    scroller().scrollTop -= 3000;
    await vi.waitFor(() => expect(Math.min(...positions())).toBeLessThan(lowest));
    expect(articles().length).toBeLessThan(40);

    scroller().scrollTop = 0;
    await vi.waitFor(() => expect(positions()).toContain(1));
    expect(articles().length).toBeLessThan(40);
    expect(document.querySelector('.dt-ticket-thread-original')).toBeVisible();
    expect(positions()).not.toContain(1000);
  });

  it('scrolls with the keyboard: the conversation is a focusable, named region', async () => {
    mount('bulk@example.com', 'tkt_bulk_0001');
    await vi.waitFor(() => expect(positions()).toContain(1000), { timeout: 15_000 });
    const region = scroller();
    expect(region).toHaveAttribute('role', 'region');
    expect(region).toHaveAccessibleName('Conversation');
    region.focus();
    await settle();
    const before = region.scrollTop;
    await userEvent.keyboard('{PageUp}');
    await vi.waitFor(() => expect(region.scrollTop).toBeLessThan(before));
  });

  it('keeps the reading position when a staff reply arrives while scrolled up, then offers it', async () => {
    const { email, ticketId } = await threadWith(30);
    mount(email, ticketId, 250);
    await vi.waitFor(() => expect(positions()).toContain(30), { timeout: 10_000 });
    await vi.waitFor(() => expect(distanceToEnd()).toBeLessThan(2));

    scroller().scrollTop = Math.floor(scroller().scrollTop / 2);
    await settle();
    const anchor = onScreen()[0]!;
    const anchorTop = anchor.getBoundingClientRect().top;
    const scrollTop = scroller().scrollTop;

    await staffReply(ticketId, 'A reply while you were reading');
    const button = await vi.waitFor(() => {
      const b = [...document.querySelectorAll('button')].find((el) => el.textContent === 'Show new replies');
      expect(b).toBeDefined();
      return b!;
    });
    expect(articles()[0]!.getAttribute('aria-setsize')).toBe('31');
    expect(scroller().scrollTop).toBe(scrollTop);
    expect(anchor.isConnected && anchor.getBoundingClientRect().top).toBe(anchorTop);
    expect(document.querySelector('[role="status"][aria-live="polite"]:not(:empty)')?.textContent).toContain('New reply from Acme Cloud Support');

    await userEvent.click(button);
    await vi.waitFor(() => expect(distanceToEnd()).toBeLessThan(2));
    expect(onScreen().at(-1)).toHaveTextContent('A reply while you were reading');
    expect(document.activeElement).toBe(scroller());
    expect([...document.querySelectorAll('button')].some((el) => el.textContent === 'Show new replies')).toBe(false);
  });

  it('stays pinned to the bottom when a staff reply arrives there', async () => {
    const { email, ticketId } = await threadWith(20);
    mount(email, ticketId, 250);
    await vi.waitFor(() => expect(positions()).toContain(20), { timeout: 10_000 });
    await vi.waitFor(() => expect(distanceToEnd()).toBeLessThan(2));
    await staffReply(ticketId, 'Fresh at the bottom\nwith\nseveral\nlines');
    await vi.waitFor(() => expect(positions()).toContain(21));
    await vi.waitFor(() => expect(distanceToEnd()).toBeLessThan(2));
    expect(onScreen().at(-1)).toHaveTextContent('Fresh at the bottom');
    expect([...document.querySelectorAll('button')].some((el) => el.textContent === 'Show new replies')).toBe(false);
  });

  it('sends with Ctrl+Enter and follows the reply down', async () => {
    const { email, ticketId } = await threadWith(12);
    mount(email, ticketId);
    await vi.waitFor(() => expect(positions()).toContain(12), { timeout: 10_000 });
    scroller().scrollTop = 0;
    await settle();
    const input = document.querySelector<HTMLTextAreaElement>('textarea')!;
    await userEvent.click(input);
    await userEvent.keyboard('Sent from the keyboard');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    expect(input.value).toBe('');
    await vi.waitFor(() => expect(positions()).toContain(13));
    await vi.waitFor(() => expect(onScreen().at(-1)).toHaveTextContent('Sent from the keyboard'));
    await vi.waitFor(() => expect(onScreen().at(-1)!.querySelector('[data-delivery]')).toBeNull());
    expect(document.activeElement).toBe(input);
  });

  it('reaches Retry on a failed reply with Tab, and retrying sends it once', async () => {
    const { email, ticketId } = await threadWith(4);
    // Scoped to this test's own ticket, and used up by one request.
    await fetch(`${mockUrl}/__mock/failures`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: `/portal/tickets/${ticketId}/comments`, status: 503, count: 1 }),
    }).then(json);
    mount(email, ticketId);
    await vi.waitFor(() => expect(positions()).toContain(4), { timeout: 10_000 });
    const input = document.querySelector<HTMLTextAreaElement>('textarea')!;
    await userEvent.click(input);
    await userEvent.keyboard('Please work');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await vi.waitFor(() => expect(document.querySelector('[data-action="retry"]')).not.toBeNull());

    // From the top of the conversation, Tab walks into the messages and reaches Retry.
    scroller().focus();
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await userEvent.keyboard('{Tab}');
      reached = document.activeElement?.getAttribute('data-action') === 'retry';
    }
    expect(reached).toBe(true);
    expect(document.activeElement).toHaveAccessibleName('Retry');
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => expect(document.querySelector('[data-action="retry"]')).toBeNull());
    await vi.waitFor(() => expect(positions()).toContain(5));
    const { token } = await mintToken(email);
    const detail = await fetch(`${base}/portal/tickets/${ticketId}`, { headers: { Authorization: `Bearer ${token}` } }).then(json);
    expect((detail.comments as { body: string }[]).filter((c) => c.body === 'Please work')).toHaveLength(1);
  });
});
