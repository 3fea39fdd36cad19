import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AttachmentUploader, type UploadItem } from '../../../src';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';
import { expectNoAxeViolations } from '../../utils/axe';
import { dropFiles, fileInput, pasteFiles, testFile } from './files';
import { flush } from '../../utils/settle';

const api = setupMockApi();

// jsdom has no object URLs; these stand in for the browser's (and let us count them).
const created: string[] = [];
const revoked: string[] = [];
beforeEach(() => {
  created.length = 0;
  revoked.length = 0;
  URL.createObjectURL = vi.fn(() => {
    const url = `blob:test/${created.length + 1}`;
    created.push(url);
    return url;
  });
  URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url));
});

const zone = () => screen.getByRole('group', { name: 'Attachments' });
const rows = () => within(screen.getByRole('list', { name: 'Files' })).getAllByRole('listitem');
const row = (name: string) => rows().find((r) => within(r).queryByText(name))!;
const status = () => screen.getAllByRole('status').map((s) => s.textContent).join(' | ');
const storedAttachments = () => [...api.mock.store.attachments.values()].filter((a) => a.uploaderCustomerId !== null && !a.id.startsWith('att_jane') && !a.id.startsWith('att_bob'));

describe('AttachmentUploader', () => {
  describe('adding files', () => {
    it('is a labelled drop zone with a visible button and its limits, and passes axe', async () => {
      const { container } = renderWithPortal(<AttachmentUploader accept={['image/*', '.log']} maxFiles={3} />, api);
      expect(zone()).toHaveAccessibleDescription('Up to 3 files, 10 MB each Allowed: image/*, .log');
      expect(screen.getByRole('button', { name: 'Choose files' })).toBeEnabled();
      expect(screen.getByText('Drag files here or paste a screenshot')).toBeInTheDocument();
      // The zone is not a second tab stop: the button is the control.
      expect(zone()).not.toHaveAttribute('tabindex');
      expect(fileInput(container)).toHaveAttribute('accept', 'image/*,.log');
      await expectNoAxeViolations(container);
    });

    it('uploads picked files and reports them through onValueChange', async () => {
      const onValueChange = vi.fn();
      const { container } = renderWithPortal(<AttachmentUploader onValueChange={onValueChange} />, api);
      await userEvent.upload(fileInput(container), [testFile('notes.txt', 5), testFile('trace.txt', 9)]);

      await waitFor(() => expect(within(row('trace.txt')).getByText(/Uploaded/)).toBeInTheDocument());
      await waitFor(() => expect(within(row('notes.txt')).getByText(/Uploaded/)).toBeInTheDocument());
      const last = onValueChange.mock.lastCall?.[0] as UploadItem[];
      expect(last.map((i) => i.status)).toEqual(['uploaded', 'uploaded']);
      const ids = last.flatMap((i) => (i.status === 'uploaded' ? [i.attachment.id] : []));
      for (const id of ids) expect(api.mock.store.attachments.get(id)).toMatchObject({ status: 'UPLOADED', flow: 'pending', ticketId: null });
      await waitFor(() => expect(status()).toMatch(/uploaded/));
      await expectNoAxeViolations(container);
    });

    it('shows the drag-over state while files are dragged over it', async () => {
      renderWithPortal(<AttachmentUploader />, api);
      const dataTransfer = { types: ['Files'], items: [{ kind: 'file', type: 'image/png' }], files: [] };
      expect(zone()).toHaveAttribute('data-state', 'idle');
      fireEvent.dragEnter(zone(), { dataTransfer });
      await waitFor(() => expect(zone()).toHaveAttribute('data-state', 'drag-active'));
      expect(screen.getByText('Drop files to attach them')).toBeInTheDocument();
      fireEvent.dragLeave(zone(), { dataTransfer });
      await waitFor(() => expect(zone()).toHaveAttribute('data-state', 'idle'));
    });

    it('refuses files one by one with a specific reason while the rest go through', async () => {
      const onFilesReject = vi.fn();
      renderWithPortal(
        <AttachmentUploader maxFiles={2} maxSize={1024} accept={['text/plain', 'image/*']} onFilesReject={onFilesReject} />,
        api,
      );
      dropFiles(zone(), [
        testFile('empty.txt', 0),
        testFile('huge.txt', 2048),
        testFile('setup.exe', 10, 'application/x-msdownload'),
        testFile('one.txt', 10),
        testFile('two.png', 10, 'image/png'),
        testFile('three.txt', 10),
      ]);

      const refusals = await screen.findByText('empty.txt is empty.');
      const notice = refusals.closest('.dt-notice') as HTMLElement;
      expect(within(notice).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        'empty.txt is empty.',
        'huge.txt is larger than 1 kB.',
        "setup.exe isn't an allowed file type.",
        'three.txt was not added: you can attach up to 2 files.',
      ]);
      // Announced: the notice sits in a live region that was there before it appeared.
      expect(notice.closest('[role="status"]')).not.toBeNull();
      expect(onFilesReject).toHaveBeenCalledWith(expect.arrayContaining([expect.objectContaining({ code: 'file-empty' })]));

      // The acceptable ones upload anyway.
      await waitFor(() => expect(rows().map((r) => r.getAttribute('data-status'))).toEqual(['uploaded', 'uploaded']));
      expect(rows().map((r) => within(r).getAllByText(/\./)[0]?.textContent)).toEqual(['one.txt', 'two.png']);

      await userEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
      expect(screen.queryByText('empty.txt is empty.')).not.toBeInTheDocument();
      // The button went away with the notice: focus goes back to the way in, not <body>.
      expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus();
    });

    it('adds pasted screenshots under a readable name', async () => {
      renderWithPortal(<AttachmentUploader />, api);
      pasteFiles(zone(), [testFile('image.png', 40, 'image/png')]);
      await waitFor(() => expect(rows()).toHaveLength(1));
      expect(rows()[0]).toHaveTextContent(/Screenshot \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png/);
      await waitFor(() => expect(rows()[0]).toHaveAttribute('data-status', 'uploaded'));
      expect(storedAttachments()[0]?.filename).toMatch(/^Screenshot .*\.png$/);
    });

    /** The uploader inside a form with a text field, as in NewTicketForm. */
    const renderInForm = () =>
      renderWithPortal(
        <form>
          <label>
            Message <textarea />
          </label>
          <AttachmentUploader />
        </form>,
        api,
      );

    it('takes pastes anywhere in the surrounding form, such as a text field', async () => {
      renderInForm();
      pasteFiles(screen.getByRole('textbox', { name: 'Message' }), [testFile('report.pdf', 40, 'application/pdf')]);
      // A pasted file with a real name keeps it.
      await waitFor(() => expect(rows()[0]).toHaveTextContent('report.pdf'));
    });

    it('leaves text copied from a spreadsheet to the text field, instead of attaching its picture', async () => {
      renderInForm();
      // Excel and Word put the cells as text and as an image on the clipboard.
      const notCancelled = pasteFiles(screen.getByRole('textbox', { name: 'Message' }), [testFile('image.png', 40, 'image/png')], ['text/plain', 'text/html', 'Files']);
      expect(notCancelled).toBe(true);
      // Taking the files would have queued them at once.
      await flush();
      expect(screen.queryByRole('list', { name: 'Files' })).not.toBeInTheDocument();
    });

    it('refuses everything when disabled', async () => {
      const { container } = renderWithPortal(<AttachmentUploader disabled />, api);
      expect(screen.getByRole('button', { name: 'Choose files' })).toBeDisabled();
      dropFiles(zone(), [testFile('a.txt')]);
      pasteFiles(zone(), [testFile('b.txt')]);
      // Disabled, the zone has no drop handler and the paste handler returns at once: nothing is pending.
      await flush();
      expect(screen.queryByRole('list', { name: 'Files' })).not.toBeInTheDocument();
      // Only the once-per-session capabilities read; no upload was started.
      expect(api.requests.filter((r) => !r.startsWith('GET /portal/capabilities'))).toEqual([]);
      await expectNoAxeViolations(container);
    });
  });

  describe('file rows', () => {
    it('shows a labelled progress bar while uploading', async () => {
      api.mock.faults.setLatency(400, { method: 'PUT', path: '/__storage/*' });
      const { container } = renderWithPortal(<AttachmentUploader />, api);
      await userEvent.upload(fileInput(container), testFile('big.log', 2048));
      const bar = await screen.findByRole('progressbar', { name: 'Uploading big.log' });
      expect(bar).toHaveAttribute('aria-valuemin', '0');
      expect(bar).toHaveAttribute('aria-valuemax', '100');
      expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
      expect(row('big.log')).toHaveTextContent('of 2 kB');
      await expectNoAxeViolations(container);
      await waitFor(() => expect(screen.queryByRole('progressbar')).not.toBeInTheDocument());
      expect(row('big.log')).toHaveAttribute('data-status', 'uploaded');
    });

    it('cancels an upload: the row goes, it is announced, focus moves on and nothing is confirmed', async () => {
      api.mock.faults.setLatency(5_000, { method: 'PUT', path: '/__storage/*' });
      const { container } = renderWithPortal(<AttachmentUploader />, api);
      await userEvent.upload(fileInput(container), [testFile('slow.txt', 64)]);
      const cancel = await screen.findByRole('button', { name: 'Cancel upload of slow.txt' });
      await screen.findByRole('progressbar', { name: 'Uploading slow.txt' });
      await userEvent.click(cancel);

      expect(screen.queryByText('slow.txt')).not.toBeInTheDocument();
      expect(status()).toContain('Upload of slow.txt cancelled');
      expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus();
      expect(api.requests.some((r) => r.endsWith('/confirm'))).toBe(false);
    });

    it('moves focus to the next row when one is removed', async () => {
      const { container } = renderWithPortal(<AttachmentUploader />, api);
      await userEvent.upload(fileInput(container), [testFile('a.txt'), testFile('b.txt')]);
      await waitFor(() => expect(rows().every((r) => r.dataset.status === 'uploaded')).toBe(true));
      await userEvent.click(screen.getByRole('button', { name: 'Remove a.txt' }));
      expect(screen.getByRole('button', { name: 'Remove b.txt' })).toHaveFocus();
    });

    it('retries a failed upload, showing a localised reason meanwhile', async () => {
      api.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500, count: 1 });
      const { container } = renderWithPortal(<AttachmentUploader />, api);
      await userEvent.upload(fileInput(container), testFile('flaky.txt'));

      await waitFor(() => expect(row('flaky.txt')).toHaveAttribute('data-status', 'failed'));
      expect(row('flaky.txt')).toHaveTextContent('Upload failed');
      expect(row('flaky.txt')).toHaveTextContent('Something went wrong on our side. Try again in a moment.');
      expect(row('flaky.txt')).not.toHaveTextContent(/Injected/);
      await waitFor(() => expect(status()).toContain('flaky.txt failed to upload'));
      await expectNoAxeViolations(container);

      const retry = screen.getByRole('button', { name: 'Retry upload of flaky.txt' });
      await userEvent.click(retry);
      // The same button now cancels (or removes): focus stays put.
      expect(retry).toHaveFocus();
      await waitFor(() => expect(row('flaky.txt')).toHaveAttribute('data-status', 'uploaded'));
      await waitFor(() => expect(status()).toContain('flaky.txt uploaded'));
    });

    it('removes a failed file without retrying it', async () => {
      api.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500, count: 1 });
      const { container } = renderWithPortal(<AttachmentUploader />, api);
      await userEvent.upload(fileInput(container), testFile('flaky.txt'));
      await userEvent.click(await screen.findByRole('button', { name: 'Remove flaky.txt' }));
      expect(screen.queryByRole('list', { name: 'Files' })).not.toBeInTheDocument();
    });

    it('previews images with object URLs and revokes them when rows go and on unmount', async () => {
      const { container, unmount } = renderWithPortal(<AttachmentUploader />, api);
      await userEvent.upload(fileInput(container), [testFile('a.png', 10, 'image/png'), testFile('b.png', 10, 'image/png'), testFile('c.txt')]);
      await waitFor(() => expect(rows().every((r) => r.dataset.status === 'uploaded')).toBe(true));
      const images = container.querySelectorAll('.dt-uploader-preview img');
      expect([...images].map((img) => img.getAttribute('src')).sort()).toEqual([...created].sort());
      expect(created).toHaveLength(2);
      // Decorative: the name is next to it.
      expect(images[0]).toHaveAttribute('alt', '');

      const firstUrl = row('a.png').querySelector('img')!.getAttribute('src')!;
      await userEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
      expect(revoked).toContain(firstUrl);
      unmount();
      expect([...revoked].sort()).toEqual([...created].sort());
    });
  });

  describe('modes', () => {
    it('uploads onto an existing ticket when given ticketId', async () => {
      const { container } = renderWithPortal(<AttachmentUploader ticketId="tkt_jane_01" />, api);
      await userEvent.upload(fileInput(container), testFile('log.txt'));
      await waitFor(() => expect(row('log.txt')).toHaveAttribute('data-status', 'uploaded'));
      expect(api.requests).toContain('POST /portal/tickets/tkt_jane_01/attachments');
      expect(storedAttachments().find((a) => a.filename === 'log.txt')).toMatchObject({ ticketId: 'tkt_jane_01', flow: 'ticket', status: 'UPLOADED' });
    });

    it('is controlled by value/onValueChange', async () => {
      function Host() {
        const [files, setFiles] = useState<UploadItem[]>([]);
        return (
          <>
            <AttachmentUploader value={files} onValueChange={setFiles} />
            <p>{files.filter((f) => f.status === 'uploaded').length} ready</p>
            <button type="button" onClick={() => setFiles([])}>
              Clear
            </button>
          </>
        );
      }
      const { container } = renderWithPortal(<Host />, api);
      await userEvent.upload(fileInput(container), [testFile('a.txt'), testFile('b.txt')]);
      await screen.findByText('2 ready');
      await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
      expect(screen.queryByRole('list', { name: 'Files' })).not.toBeInTheDocument();
    });

    it('stops uploads the controlling parent drops', async () => {
      // Long enough that the upload can't finish before the click, whatever the machine.
      api.mock.faults.setLatency(1500, { method: 'PUT', path: '/__storage/*' });
      function Host() {
        const [files, setFiles] = useState<UploadItem[]>([]);
        return (
          <>
            <AttachmentUploader value={files} onValueChange={setFiles} />
            <button type="button" onClick={() => setFiles([])}>
              Clear
            </button>
          </>
        );
      }
      const { container } = renderWithPortal(<Host />, api);
      await userEvent.upload(fileInput(container), testFile('a.txt'));
      await screen.findByRole('progressbar');
      const abort = vi.spyOn(AbortController.prototype, 'abort');
      await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
      // Its signal is aborted: the upload rejects instead of reaching the code that confirms.
      await waitFor(() => expect(abort).toHaveBeenCalled());
      expect(api.requests.some((r) => r.endsWith('/confirm'))).toBe(false);
    });

    it('starts from defaultValue when uncontrolled (files restored from a draft)', async () => {
      const restored: UploadItem = {
        id: 'local-1',
        name: 'screenshot.png',
        size: 2048,
        type: 'image/png',
        file: null,
        status: 'uploaded',
        attachment: { id: 'att_jane_screenshot', filename: 'screenshot.png', contentType: 'image/png', size: 2048, status: 'uploaded', createdAt: new Date().toISOString() },
      };
      const { container } = renderWithPortal(<AttachmentUploader defaultValue={[restored]} />, api);
      expect(row('screenshot.png')).toHaveTextContent('2 kB · Uploaded');
      // No file to read: an icon, not a preview.
      expect(row('screenshot.png').querySelector('svg')).not.toBeNull();
      expect(created).toHaveLength(0);
      await userEvent.click(screen.getByRole('button', { name: 'Remove screenshot.png' }));
      expect(screen.queryByText('screenshot.png')).not.toBeInTheDocument();
      await expectNoAxeViolations(container);
    });

    it('offers no retry for a failed row that has no file left to send', () => {
      const gone: UploadItem = { id: 'x', name: 'old.txt', size: 10, type: 'text/plain', file: null, status: 'failed', error: new Error('expired') };
      renderWithPortal(<AttachmentUploader defaultValue={[gone]} />, api);
      expect(screen.queryByRole('button', { name: 'Retry upload of old.txt' })).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Remove old.txt' })).toBeInTheDocument();
    });

    it('compact variant: an "Attach files" button, still a drop target', async () => {
      const { container } = renderWithPortal(<AttachmentUploader variant="compact" ticketId="tkt_jane_01" />, api);
      expect(screen.getByRole('button', { name: 'Attach files' })).toBeInTheDocument();
      expect(screen.queryByText('Drag files here or paste a screenshot')).not.toBeInTheDocument();
      dropFiles(zone(), [testFile('dropped.txt')]);
      await waitFor(() => expect(row('dropped.txt')).toHaveAttribute('data-status', 'uploaded'));
      await expectNoAxeViolations(container);
    });
  });
});

afterEach(() => vi.restoreAllMocks());
