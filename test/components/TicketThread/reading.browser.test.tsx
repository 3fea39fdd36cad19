// Reading a thread in real Chromium against the shared mock server: message
// images, active file types, bubble alignment, tables, file names, and the
// portal's empty and expired states, with real layout and the real stylesheet.
import { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, render } from 'vitest-browser-react';
import { PortalProvider, SupportPortal, TicketThread } from '../../../src';
import { createPortalClient } from '../../../src/client';
import { replyBody } from '../../../src/hooks/replies';
import '../../../src/styles/index.css';
import { mintToken, mockBaseUrl as base, portalFetch, uniqueEmail } from '../../utils/mockServer';

/** A fresh customer's ticket, with files uploaded to it and replies posted as that customer. */
async function ticketOf(tag: string) {
  const email = uniqueEmail(tag);
  const { token } = await mintToken(email);
  const ticket = await portalFetch<{ id: string }>(token, 'portal/tickets', {
    method: 'POST',
    body: JSON.stringify({ title: `Reading ${tag}`, body: 'Original message' }),
  });
  const client = createPortalClient({ baseUrl: base, getToken: () => mintToken(email) });
  const upload = async (file: Blob, filename: string) => (await client.upload(file, { ticketId: ticket.id, filename })).id;
  const reply = (body: string) =>
    portalFetch(token, `portal/tickets/${ticket.id}/comments`, { method: 'POST', body: JSON.stringify({ body }) });
  return { email, ticketId: ticket.id, upload, reply, dispose: () => client.dispose() };
}

const png = () =>
  new Promise<Blob>((resolve) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1200;
    canvas.height = 900;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#c00';
    ctx.fillRect(0, 0, 1200, 900);
    canvas.toBlob((blob) => resolve(blob!), 'image/png');
  });
const svg = () =>
  new Blob(['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'], { type: 'image/svg+xml' });

function mount(email: string, children: ReactNode, { width = 420, locale = 'en' }: { width?: number; locale?: string } = {}) {
  return render(
    <PortalProvider locale={locale} baseUrl={base} getToken={() => mintToken(email)} queryClient={new QueryClient()} pollInterval={false} clientOptions={{ retry: false }}>
      <div style={{ blockSize: 640, inlineSize: width }}>
        {children}
      </div>
    </PortalProvider>,
  );
}

const article = (text: string) =>
  [...document.querySelectorAll<HTMLElement>('.dt-ticket-thread-item')].find((a) => a.textContent?.includes(text));

afterEach(() => cleanup());

describe('reading a thread in Chromium', () => {
  it('shows an image attached to a reply as a thumbnail with the message, opening large in a dialog', async () => {
    const t = await ticketOf('image');
    const id = await t.upload(await png(), 'screenshot.png');
    await t.reply(replyBody('Here is what I see.', [{ id, name: 'screenshot.png' }]));
    t.dispose();
    await mount(t.email, <TicketThread ticketId={t.ticketId} />);

    await vi.waitFor(() => expect(article('Here is what I see.')).toBeTruthy(), { timeout: 10_000 });
    const message = article('Here is what I see.')!;
    const thumb = await vi.waitFor(
      () => {
        const button = [...message.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'View image screenshot.png');
        expect(button?.querySelector('img')?.complete && button.querySelector('img')!.naturalWidth).toBe(1200);
        return button!;
      },
      { timeout: 10_000 },
    );
    // No bulleted filename link any more: the file is the thumbnail.
    expect(message.querySelector('.dt-message-body li')).toBeNull();
    expect(message.querySelector('[aria-label="1 attached file"]')).toBeTruthy();

    // Keyboard: focus the thumbnail, Enter opens the image large, Escape returns to it.
    thumb.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = await vi.waitFor(() => {
      const d = document.querySelector<HTMLElement>('dialog[open], [role="dialog"]');
      expect(d).toBeTruthy();
      return d!;
    });
    expect(dialog).toHaveAccessibleName('screenshot.png');
    const large = dialog.querySelector('img')!;
    expect(large).toHaveAccessibleName('Image: screenshot.png');
    // As wide as the dialog allows (the thumbnail is a small crop).
    await vi.waitFor(() => expect(large.complete && large.naturalWidth).toBe(1200));
    const content = large.parentElement!;
    const room = content.clientWidth - parseFloat(getComputedStyle(content).paddingInlineStart) * 2;
    expect(large.getBoundingClientRect().width).toBeGreaterThan(room - 2);
    expect(large.getBoundingClientRect().width).toBeGreaterThan(thumb.querySelector('img')!.getBoundingClientRect().width);
    expect(dialog.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    await vi.waitFor(() => expect(document.querySelector('dialog[open], [role="dialog"]')).toBeNull());
    expect(document.activeElement).toBe(thumb);
  });

  it('never previews or opens an SVG inline: it is offered as a download', async () => {
    const t = await ticketOf('svg');
    const id = await t.upload(svg(), 'diagram.svg');
    await t.reply(`Inline: ![diagram](attachment:${id})`);
    await t.reply(replyBody('As a file.', [{ id, name: 'diagram.svg' }]));
    t.dispose();
    await mount(t.email, <TicketThread ticketId={t.ticketId} />, { width: 700 });

    const links = await vi.waitFor(
      () => {
        const found = [...document.querySelectorAll<HTMLAnchorElement>('a')].filter((a) => a.href.includes('/__storage/'));
        // The ticket's file list, the inline reference and the reply's file card.
        expect(found).toHaveLength(3);
        return found;
      },
      { timeout: 10_000 },
    );
    for (const link of links) {
      expect(link).toHaveAttribute('download');
      expect(link).not.toHaveAttribute('target');
    }
    const images = [...document.querySelectorAll('img')].map((img) => img.src);
    expect(images.filter((src) => src.includes('/__storage/'))).toEqual([]);
  });

  it("puts the customer's own short reply at the customer's side, in both directions", async () => {
    const t = await ticketOf('align');
    await t.reply('Ok');
    t.dispose();
    for (const dir of [undefined, 'rtl'] as const) {
      const screen = await mount(t.email, <TicketThread ticketId={t.ticketId} />, { width: 800, locale: dir === 'rtl' ? 'ar' : 'en' });
      await vi.waitFor(() => expect(article('Ok')).toBeTruthy(), { timeout: 10_000 });
      expect(article('Ok')!.closest('[dir]')).toHaveAttribute('dir', dir ?? 'ltr');
      const bubble = article('Ok')!.querySelector('.dt-message-bubble')!.getBoundingClientRect();
      const feed = document.querySelector('.dt-ticket-thread-feed')!.getBoundingClientRect();
      if (dir === 'rtl') expect(bubble.left - feed.left).toBeLessThan(2);
      else expect(feed.right - bubble.right).toBeLessThan(2);
      expect(bubble.width).toBeLessThan(feed.width / 3);
      await screen.unmount();
    }
  });

  it('pads the cells of a markdown table', async () => {
    const t = await ticketOf('table');
    await t.reply('| Plan | Seats |\n| --- | --- |\n| Team | 10 |');
    t.dispose();
    await mount(t.email, <TicketThread ticketId={t.ticketId} />);
    const cell = await vi.waitFor(() => {
      const td = document.querySelector<HTMLElement>('.dt-message-body td');
      expect(td).toBeTruthy();
      return td!;
    }, { timeout: 10_000 });
    const style = getComputedStyle(cell);
    expect(parseFloat(style.paddingInlineStart)).toBeGreaterThanOrEqual(4);
    expect(parseFloat(style.paddingBlockStart)).toBeGreaterThanOrEqual(2);
  });

  it('shows a file name whole in a card with room to spare', async () => {
    const t = await ticketOf('names');
    await t.upload(new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'invoice-INV-2024-0042-final.pdf');
    t.dispose();
    await mount(t.email, <TicketThread ticketId={t.ticketId} />, { width: 900 });
    const name = await vi.waitFor(() => {
      const el = document.querySelector<HTMLElement>('.dt-ticket-thread-file-name');
      expect(el).toBeTruthy();
      return el!;
    }, { timeout: 10_000 });
    expect(name.scrollWidth).toBeLessThanOrEqual(name.clientWidth);
    expect(name.getBoundingClientRect().width).toBeGreaterThan(0);
  });
});

describe('the portal in Chromium', () => {
  it('gives a customer with no tickets one call to action, not two buttons and an empty pane', async () => {
    await mount(uniqueEmail('empty'), <SupportPortal />, { width: 960 });
    await vi.waitFor(() => expect(document.querySelector('.dt-empty')).toBeTruthy(), { timeout: 10_000 });
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null;
    const buttons = [...document.querySelectorAll('button')].filter((b) => b.textContent === 'New ticket' && visible(b));
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.closest('.dt-empty')).toBeTruthy();
    const placeholder = document.querySelector('.dt-support-portal-placeholder');
    expect(placeholder && visible(placeholder)).toBeFalsy();
    // The empty state takes the portal's width, not a 22rem column.
    expect(document.querySelector('.dt-empty')!.getBoundingClientRect().width).toBeGreaterThan(600);
  });

  it('indents the session-expired heading once, like the text under it', async () => {
    // A token the API rejects (its signature broken), and the same again on renewal: the session is over.
    const { token, expiresAt } = await mintToken(uniqueEmail('expired'));
    const broken = { token: `${token.slice(0, -6)}AAAAAA`, expiresAt };
    await render(
      <PortalProvider baseUrl={base} getToken={() => broken} queryClient={new QueryClient()} pollInterval={false}>
        <div style={{ blockSize: 640, inlineSize: 600 }}>
          <SupportPortal />
        </div>
      </PortalProvider>,
    );
    const alert = await vi.waitFor(() => {
      const el = document.querySelector<HTMLElement>('[role="alert"]');
      expect(el?.querySelector('h3')).toBeTruthy();
      return el!;
    }, { timeout: 10_000 });
    // Where the text itself starts (padding moves the text, not the box).
    const textLeft = (el: Element) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return range.getBoundingClientRect().left;
    };
    expect(Math.abs(textLeft(alert.querySelector('h3')!) - textLeft(alert.querySelector('p')!))).toBeLessThan(1);
  });
});
