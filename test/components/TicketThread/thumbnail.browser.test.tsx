// Real Chromium against the shared mock server: a thumbnail whose image request
// fails (a network blip at storage) is fetched again with a fresh URL, once on
// its own and then when the customer asks. Faults target this test's own files.
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createPortalClient, PortalProvider, TicketThread } from '../../../src';
import '../../../src/styles/index.css';
import { mintToken, mockBaseUrl as base, mockControl, uniqueEmail } from '../../utils/mockServer';

/** A small real PNG, so a loaded thumbnail has a natural size. */
async function png(): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = 8;
  canvas.height = 8;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#c00';
  ctx.fillRect(0, 0, 8, 8);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
}

/** A ticket of a fresh customer with one image attached, and the image's storage path pattern. */
async function ticketWithImage() {
  const email = uniqueEmail('thumb');
  const filename = `shot-${crypto.randomUUID()}.png`;
  const client = createPortalClient({ baseUrl: base, getToken: () => mintToken(email) });
  const ticket = await client.createTicket({ title: 'Screenshot attached', body: 'See the file' });
  await client.upload(await png(), { ticketId: ticket.id, filename, contentType: 'image/png' });
  client.dispose();
  return { email, ticketId: ticket.id, filename, storage: `/__storage/*/${filename}` };
}

function mount(email: string, ticketId: string) {
  return render(
    <PortalProvider baseUrl={base} getToken={() => mintToken(email)} queryClient={new QueryClient()} pollInterval={false} clientOptions={{ retry: false }}>
      <TicketThread ticketId={ticketId} />
    </PortalProvider>,
  );
}

const thumbnail = () => document.querySelector<HTMLImageElement>('.dt-ticket-thread-file-preview img');
const loaded = () => {
  const img = thumbnail();
  return !!img && img.complete && img.naturalWidth === 8;
};

afterEach(() => mockControl('failures', undefined, 'DELETE'));

describe('a thumbnail broken by a network blip', () => {
  it('gets a fresh URL and loads again by itself once', async () => {
    const { email, ticketId, filename, storage } = await ticketWithImage();
    await mockControl('failures', { method: 'GET', path: storage, status: 503, count: 1 });
    const screen = await mount(email, ticketId);
    await expect.element(screen.getByRole('link', { name: new RegExp(filename) })).toBeVisible();
    await expect.poll(loaded, { timeout: 10_000 }).toBe(true);
    expect(document.body.textContent).not.toContain(`Reload ${filename}`);
  });

  it('after a second failure offers Reload, which loads it', async () => {
    const { email, ticketId, filename, storage } = await ticketWithImage();
    await mockControl('failures', { method: 'GET', path: storage, status: 503, count: 2 });
    const screen = await mount(email, ticketId);
    const reload = screen.getByRole('button', { name: `Reload ${filename}` });
    await expect.element(reload).toBeVisible();
    // The card still downloads the file meanwhile.
    await expect.element(screen.getByRole('link', { name: new RegExp(filename) })).toBeVisible();
    await userEvent.click(reload);
    await expect.poll(loaded, { timeout: 10_000 }).toBe(true);
    await expect.element(screen.getByRole('button', { name: `Reload ${filename}` })).not.toBeInTheDocument();
  });
});
