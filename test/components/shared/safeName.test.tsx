import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AttachmentUploader, TicketList, TicketThread } from '../../../src';
import { SEED } from '../../../src/mock';
import { safeName, safeTitle } from '../../../src/shared/safeName';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';
import { fileInput, testFile } from '../AttachmentUploader/files';

const api = setupMockApi();

describe('safeName', () => {
  it('shows bidi controls as U+FFFD, so an extension cannot be disguised', () => {
    expect(safeName('invoice\u202Efdp.exe')).toBe('invoice\uFFFDfdp.exe');
    expect(safeName('a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl')).toBe(
      'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFDi\uFFFDj\uFFFDk\uFFFDl',
    );
  });

  it('removes zero-width characters but keeps joiners that join letters or emoji', () => {
    expect(safeName('re\u200Bport\uFEFF.pdf\u2060')).toBe('report.pdf');
    expect(safeName('\u200Dreport\u200C.pdf')).toBe('report.pdf');
    // Persian uses ZWNJ inside words; a family emoji is joined by ZWJ.
    expect(safeName('می\u200Cخواهم.txt')).toBe('می\u200Cخواهم.txt');
    expect(safeName('👩\u200D👩\u200D👧.png')).toBe('👩\u200D👩\u200D👧.png');
  });

  it('leaves ordinary names alone', () => {
    expect(safeName('Screenshot 2024-06-03 at 10.02.png')).toBe('Screenshot 2024-06-03 at 10.02.png');
    expect(safeName('تقرير.pdf')).toBe('تقرير.pdf');
  });

  it('is what the uploader shows and names its controls with, while the upload keeps the original name', async () => {
    const { container } = renderWithPortal(<AttachmentUploader />, api);
    await userEvent.upload(fileInput(container), testFile('invoice\u202Efdp.exe', 8));
    const row = within(screen.getByRole('list', { name: 'Files' })).getByRole('listitem');
    expect(row).toHaveTextContent('invoice\uFFFDfdp.exe');
    expect(row.textContent).not.toContain('\u202E');
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'uploaded'));
    expect(within(row).getByRole('button').getAttribute('aria-label')).toContain('invoice\uFFFDfdp.exe');
    const stored = [...api.mock.store.attachments.values()].find((a) => a.filename.includes('\u202E'));
    expect(stored?.filename).toBe('invoice\u202Efdp.exe');
  });

  it('is what a ticket’s file card shows, in its text, tooltip and accessible name', async () => {
    const ticketId = SEED.tickets.richContent;
    api.mock.store.addAttachment({
      brandId: SEED.brandId,
      ticketId,
      uploaderCustomerId: SEED.customers.jane.id,
      flow: 'ticket',
      filename: 'invoice\u202Efdp.exe',
      contentType: 'application/octet-stream',
      size: 8,
      status: 'UPLOADED',
      bytes: new Uint8Array(8),
    });
    renderWithPortal(<TicketThread ticketId={ticketId} />, api);
    const files = await screen.findByRole('region', { name: 'Attachments' }, { timeout: 3000 });
    const card = within(files).getByText('invoice\uFFFDfdp.exe').closest('a')!;
    expect(card.textContent).not.toContain('\u202E');
    expect(card.getAttribute('title')).toContain('invoice\uFFFDfdp.exe');
    expect(card.getAttribute('title')).not.toContain('\u202E');
    expect(within(files).getByRole('link', { name: /invoice\uFFFDfdp\.exe/ })).toBe(card);
  });

  it('cleans ticket titles in the list and the thread heading, keeping the stored title', async () => {
    expect(safeTitle('Refund \u202Eexe.pdf\u200B')).toBe('Refund exe.pdf');
    const ticketId = SEED.tickets.richContent;
    const ticket = api.mock.store.tickets.get(ticketId)!;
    ticket.title = 'Invoice \u202Efdp.exe';
    renderWithPortal(
      <>
        <TicketList />
        <TicketThread ticketId={ticketId} />
      </>,
      api,
    );
    const heading = await screen.findByRole('heading', { name: 'Invoice fdp.exe' }, { timeout: 3000 });
    expect(heading.textContent).not.toContain('\u202E');
    const row = await screen.findByText('Invoice fdp.exe', { selector: '.dt-ticket-list-title' }, { timeout: 3000 });
    expect(row.textContent).toBe('Invoice fdp.exe');
    expect(api.mock.store.tickets.get(ticketId)!.title).toBe('Invoice \u202Efdp.exe');
  });
});
