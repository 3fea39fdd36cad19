import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fireEvent, fn, userEvent, waitFor, within } from 'storybook/test';
import { NewTicketForm } from '../src';
import { clearDrafts, dropFiles, makeFile, makeImage, rowOf, zoneOf } from './support/files';
import { box, MB, noClientRetry, portal, TIMEOUT } from './support/story';



const meta = {
  title: 'Components/NewTicketForm',
  component: NewTicketForm,
  decorators: [box(640)],
  // Drafts are kept in sessionStorage, shared by every story in the tab.
  beforeEach: clearDrafts,
  args: { onTicketCreate: fn(), accept: ['image/*', 'application/pdf', 'text/plain', '.log', '.har'] },
} satisfies Meta<typeof NewTicketForm>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A fresh form: labelled fields, the subject counter, the attachment zone. */
export const Empty: Story = {
  args: { onCancel: fn() },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByRole('heading', { name: 'New ticket' })).toBeInTheDocument();
    const subject = canvas.getByRole('textbox', { name: 'Subject' });
    await expect(subject).toHaveAccessibleDescription('0 of 200 characters');
    await userEvent.type(subject, 'Export fails');
    await expect(subject).toHaveAccessibleDescription('12 of 200 characters');
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(args.onCancel).toHaveBeenCalledOnce();
  },
};

/** Submitted with problems: each message is tied to its field, focus goes to the first. */
export const Invalid: Story = {
  args: { subjectMaxLength: 20 },
  play: async ({ canvas, args }) => {
    const subject = canvas.getByRole('textbox', { name: 'Subject' });
    await userEvent.click(canvas.getByRole('button', { name: 'Create ticket' }));
    await expect(subject).toHaveFocus();
    await expect(subject).toHaveAttribute('aria-invalid', 'true');
    await expect(subject).toHaveAccessibleDescription('Enter a subject. 0 of 20 characters');

    await userEvent.type(subject, 'A subject that is far too long');
    await userEvent.tab();
    await expect(subject).toHaveAccessibleDescription('Keep the subject under 20 characters. 30 of 20 characters');
    await expect(args.onTicketCreate).not.toHaveBeenCalled();
  },
};

/** Files uploading with progress; sending waits for them and says so. */
export const UploadingWithProgress: Story = {
  parameters: portal({ setup: (mock) => mock.faults.setLatency(2500, { method: 'PUT', path: '/__storage/*' }) }),
  play: async ({ canvas, canvasElement, args }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'Checkout page freezes');
    dropFiles(zoneOf(canvasElement), [makeFile('network-trace.har', 4 * MB, 'application/json'), makeImage('checkout.png')]);
    await expect(await canvas.findByRole('progressbar', { name: 'Uploading network-trace.har' }, TIMEOUT)).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Create ticket' }));
    await expect(await canvas.findByText(/Waiting for \d files? to finish uploading…/)).toBeInTheDocument();
    await expect(args.onTicketCreate).not.toHaveBeenCalled();
    // It sends by itself once they are done.
    await waitFor(() => expect(args.onTicketCreate).toHaveBeenCalledOnce(), { timeout: 15_000 });
  },
};

/** An upload failed: sending asks whether to retry it or go without it. */
export const UploadFailed: Story = {
  parameters: portal({ setup: (mock) => void mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500, count: 1 }) }),
  play: async ({ canvas, canvasElement, args }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'Invoice attached');
    dropFiles(zoneOf(canvasElement), [makeFile('invoice.pdf', 120 * 1024, 'application/pdf')]);
    await waitFor(() => expect(rowOf(canvasElement, 'invoice.pdf')).toHaveAttribute('data-status', 'failed'), TIMEOUT);
    await userEvent.click(canvas.getByRole('button', { name: 'Create ticket' }));
    const alert = await canvas.findByRole('alert');
    await expect(alert).toHaveTextContent('1 file failed to upload.');
    await expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    await expect(within(alert).getByRole('button', { name: 'Create without them' })).toBeInTheDocument();
    await expect(args.onTicketCreate).not.toHaveBeenCalled();
  },
};

/** Refused files say why; the rest of the selection is attached. */
export const RejectedFiles: Story = {
  args: { maxSize: 1 * MB, maxFiles: 3 },
  play: async ({ canvas, canvasElement }) => {
    dropFiles(zoneOf(canvasElement), [
      makeFile('screen-recording.mov', 200 * 1024, 'video/quicktime'),
      makeFile('dump.pdf', 2 * MB, 'application/pdf'),
      makeFile('blank.txt', 0, 'text/plain'),
      makeFile('steps.txt', 400, 'text/plain'),
    ]);
    await expect(await canvas.findByText("screen-recording.mov isn't an allowed file type.", {}, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByText('dump.pdf is larger than 1 MB.')).toBeInTheDocument();
    await expect(canvas.getByText('blank.txt is empty.')).toBeInTheDocument();
    await waitFor(() => expect(rowOf(canvasElement, 'steps.txt')).toHaveAttribute('data-status', 'uploaded'), TIMEOUT);
  },
};

/** The server is down: a localised message (never its text) with a retry; nothing typed is lost. */
export const ServerError: Story = {
  parameters: portal({
    provider: noClientRetry,
    setup: (mock) => void mock.faults.failRoute({ method: 'POST', path: '/portal/tickets', status: 503, count: 1, message: 'upstream timeout' }),
  }),
  play: async ({ canvas, args }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'Cannot log in');
    await userEvent.type(canvas.getByRole('textbox', { name: 'Description' }), 'Since this morning.');
    await userEvent.click(canvas.getByRole('button', { name: 'Create ticket' }));
    const alert = await canvas.findByRole('alert', {}, TIMEOUT);
    await expect(alert).toHaveTextContent('Something went wrong on our side. Try again in a moment.');
    await expect(alert).not.toHaveTextContent('upstream');
    await expect(canvas.getByRole('textbox', { name: 'Subject' })).toHaveValue('Cannot log in');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(args.onTicketCreate).toHaveBeenCalledOnce(), TIMEOUT);
  },
};

/** The server refused the subject (its limit is lower than ours here): the message sits on the field. */
export const ServerFieldError: Story = {
  args: { subjectMaxLength: 400 },
  parameters: portal({ provider: noClientRetry }),
  play: async ({ canvas }) => {
    const subject = canvas.getByRole('textbox', { name: 'Subject' });
    fireEvent.change(subject, { target: { value: 'Everything about the export is wrong, '.repeat(7) } });
    await userEvent.click(canvas.getByRole('button', { name: 'Create ticket' }));
    await waitFor(() => expect(subject).toHaveAttribute('aria-invalid', 'true'), TIMEOUT);
    await expect(subject).toHaveFocus();
    await expect(subject).toHaveAccessibleDescription(/Support didn't accept this subject/);
    await expect(canvas.getByRole('alert')).toHaveTextContent('Fix the highlighted fields.');
  },
};

/** Created: the host is told, the form empties and confirms with the ticket number. */
export const Success: Story = {
  play: async ({ canvas, canvasElement, args }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'CSV export garbles umlauts');
    await userEvent.type(canvas.getByRole('textbox', { name: 'Description' }), 'Ä becomes ?');
    dropFiles(zoneOf(canvasElement), [makeFile('export.csv.txt', 2048, 'text/plain')]);
    await waitFor(() => expect(rowOf(canvasElement, 'export.csv.txt')).toHaveAttribute('data-status', 'uploaded'), TIMEOUT);
    await userEvent.click(canvas.getByRole('button', { name: 'Create ticket' }));
    await expect(await canvas.findByText(/^Ticket ACME-\d+ created$/, {}, TIMEOUT)).toBeInTheDocument();
    await expect(args.onTicketCreate).toHaveBeenCalledWith(expect.objectContaining({ title: 'CSV export garbles umlauts' }));
    await expect(canvas.getByRole('textbox', { name: 'Subject' })).toHaveValue('');
  },
};

/** A draft left from before (e.g. a reload) comes back, with a way to discard it. */
export const RestoredDraft: Story = {
  beforeEach: () => {
    clearDrafts();
    sessionStorage.setItem(
      'dt:draft:cus_jane_cooper:new-ticket',
      JSON.stringify({ subject: 'Half-written question', description: 'About the invoice from', attachments: [] }),
    );
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('We restored your unsent draft.', {}, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByRole('textbox', { name: 'Subject' })).toHaveValue('Half-written question');
    await userEvent.click(canvas.getByRole('button', { name: 'Discard draft' }));
    await expect(canvas.getByRole('textbox', { name: 'Subject' })).toHaveValue('');
    await expect(canvas.queryByText('We restored your unsent draft.')).not.toBeInTheDocument();
  },
};
