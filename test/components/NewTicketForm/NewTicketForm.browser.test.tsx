import { afterAll, describe, expect, inject, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { NewTicketForm, PortalProvider, type Ticket } from '../../../src';
import '../../../src/styles/index.css';
import { adminFetch, mintToken, mockControl } from '../../utils/mockServer';

// Real Chromium, real files, the real mock HTTP server and its presigned storage.
// The server is shared with other browser test files: every fault here is
// scoped to this test's own file names and switched off afterwards.
const base = inject('mockBaseUrl');

const run = `dt-form-${Date.now().toString(36)}`;
const email = `${run}@example.com`;
const names = { progress: `${run}-progress.bin`, cancel: `${run}-cancel.bin`, retry: `${run}-retry.bin` };
const MB = 1024 * 1024;

/** Drops files the way a user's drag and drop does: a DataTransfer through dragenter, dragover and drop. */
function dropFiles(target: Element, files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
  }
}

const storagePath = (name: string) => `/__storage/*/${name}`;

afterAll(async () => {
  // Last rule wins: these paths get no delay again. The failure rule was used up (count 1).
  for (const name of [names.progress, names.cancel]) await mockControl('latency', { ms: 0, method: 'PUT', path: storagePath(name) });
});

describe('NewTicketForm in Chromium against the mock server', () => {
  it('keeps its status region rendered while empty (so what appears there is announced), without taking room', async () => {
    const screen = await render(
      <PortalProvider baseUrl={base} getToken={() => mintToken(`${run}-status@example.com`)} pollInterval={false}>
        <NewTicketForm />
      </PortalProvider>,
    );
    await expect.element(screen.getByRole('textbox', { name: 'Subject' })).toBeVisible();
    const region = screen.container.querySelector<HTMLElement>('.dt-new-ticket-status')!;
    expect(region).toHaveAttribute('role', 'status');
    expect(region).toBeEmptyDOMElement();
    // A live region hidden with display: none is not in the accessibility tree: its first message would go unread.
    expect(getComputedStyle(region).display).not.toBe('none');
    // And the empty region adds no second gap between the files and the buttons.
    const form = region.parentElement!;
    const uploader = screen.container.querySelector('.dt-uploader')!.getBoundingClientRect();
    const actions = screen.container.querySelector('.dt-new-ticket-actions')!.getBoundingClientRect();
    expect(actions.top - uploader.bottom).toBeCloseTo(parseFloat(getComputedStyle(form).rowGap), 0);
  });

  it('drops real files, shows real progress, cancels one, retries another, and creates the ticket with the rest', async () => {
    // Slow enough storage to watch: the server waits before reading the body,
    // so the browser's upload progress stops part-way, then completes.
    await mockControl('latency', { ms: 1500, method: 'PUT', path: storagePath(names.progress) });
    // And a slow link for it, so the bar moves in steps however fast the machine is.
    await mockControl('storage-bandwidth', { bytesPerSecond: 4 * 1024 * 1024, path: storagePath(names.progress) });
    await mockControl('latency', { ms: 5_000, method: 'PUT', path: storagePath(names.cancel) });
    await mockControl('failures', { method: 'PUT', path: storagePath(names.retry), status: 500, count: 1 });

    const created: Ticket[] = [];
    const screen = await render(
      <PortalProvider baseUrl={base} getToken={() => mintToken(email)} pollInterval={false}>
        <NewTicketForm onTicketCreate={(ticket) => created.push(ticket)} />
      </PortalProvider>,
    );
    const zone = screen.getByRole('group', { name: 'Attachments' });
    await expect.element(zone).toBeVisible();

    // Record every progress value the bar shows, without sampling on a timer.
    const seen: number[] = [];
    const observer = new MutationObserver(() => {
      const bar = document.querySelector(`[role="progressbar"][aria-label="Uploading ${names.progress}"]`);
      const value = Number(bar?.getAttribute('aria-valuenow') ?? NaN);
      if (!Number.isNaN(value) && seen.at(-1) !== value) seen.push(value);
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });

    const bytes = (size: number) => new Uint8Array(size).fill(7);
    dropFiles(zone.element(), [
      new File([bytes(8 * MB)], names.progress, { type: 'application/octet-stream' }),
      new File([bytes(2 * MB)], names.cancel, { type: 'application/octet-stream' }),
      new File([bytes(1 * MB)], names.retry, { type: 'application/octet-stream' }),
    ]);

    const row = (name: string) => screen.getByRole('listitem').filter({ hasText: name });

    // Real progress from presigned storage: a labelled bar whose value rises.
    await expect.element(screen.getByRole('progressbar', { name: `Uploading ${names.progress}` })).toBeVisible();
    // Cancel one while it is uploading.
    await expect.element(screen.getByRole('progressbar', { name: `Uploading ${names.cancel}` })).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: `Cancel upload of ${names.cancel}` }));
    await expect.element(row(names.cancel)).not.toBeInTheDocument();

    // The other one failed on its first PUT: retry it.
    await expect.element(row(names.retry), { timeout: 10_000 }).toHaveAttribute('data-status', 'failed');
    await expect.element(row(names.retry)).toHaveTextContent('Something went wrong on our side.');
    await userEvent.click(screen.getByRole('button', { name: `Retry upload of ${names.retry}` }));

    await expect.element(row(names.progress), { timeout: 15_000 }).toHaveAttribute('data-status', 'uploaded');
    await expect.element(row(names.retry), { timeout: 15_000 }).toHaveAttribute('data-status', 'uploaded');
    observer.disconnect();
    expect(seen.some((v) => v > 0 && v < 100), `progress values seen: ${seen.join(', ')}`).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    await userEvent.fill(screen.getByRole('textbox', { name: 'Subject' }), 'Upload from Chromium');
    await userEvent.fill(screen.getByRole('textbox', { name: 'Description' }), 'Two files attached.');
    await userEvent.click(screen.getByRole('button', { name: 'Create ticket' }));
    await expect.poll(() => created.length, { timeout: 10_000 }).toBe(1);
    const ticket = created[0]!;

    // On the mock: the ticket (admin API) and exactly the files that were kept (portal API).
    const adminTicket = await adminFetch(`tickets/${ticket.id}`);
    expect(adminTicket.title).toBe('Upload from Chromium');

    const { token } = await mintToken(email);
    const res = await fetch(`${base}/portal/tickets/${ticket.id}/attachments`, { headers: { Authorization: `Bearer ${token}` } });
    const attachments = (await res.json()) as Array<{ filename: string; size: number; status: string }>;
    expect(attachments.map((a) => [a.filename, a.size]).sort()).toEqual(
      [
        [names.progress, 8 * MB],
        [names.retry, 1 * MB],
      ].sort(),
    );
    expect(attachments.every((a) => a.status === 'UPLOADED')).toBe(true);
  });
});
