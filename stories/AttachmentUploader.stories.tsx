import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { AttachmentUploader, type UploadItem } from '../src';
import { dropFiles, makeFile, makeImage, pasteFiles, rowOf, zoneOf } from './support/files';
import { box, MB, portal, TIMEOUT } from './support/story';



const meta = {
  title: 'Components/AttachmentUploader',
  component: AttachmentUploader,
  decorators: [box(560)],
  args: { onValueChange: fn(), onFilesReject: fn() },
} satisfies Meta<typeof AttachmentUploader>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Nothing attached yet: the drop zone, its button (the keyboard way in) and the limits. */
export const Empty: Story = {
  args: { accept: ['image/*', 'application/pdf', '.log'] },
  play: async ({ canvas, canvasElement }) => {
    const zone = zoneOf(canvasElement);
    await expect(zone).toHaveAccessibleDescription('Up to 5 files, 10 MB each Allowed: image/*, application/pdf, .log');
    await expect(zone).toHaveAttribute('data-state', 'idle');
    await userEvent.tab();
    await expect(canvas.getByRole('button', { name: 'Choose files' })).toHaveFocus();
    await expect(canvas.queryByRole('list', { name: 'Files' })).not.toBeInTheDocument();
  },
};

/** Files dropped on the zone upload at once (storage is slowed down here to watch it). */
export const Uploading: Story = {
  parameters: portal({ setup: (mock) => mock.faults.setLatency(1200, { method: 'PUT', path: '/__storage/*' }) }),
  play: async ({ canvas, canvasElement, args }) => {
    dropFiles(zoneOf(canvasElement), [makeFile('network-trace.har', 3 * MB, 'application/json'), makeImage('checkout.png')]);
    const bar = await canvas.findByRole('progressbar', { name: 'Uploading network-trace.har' }, TIMEOUT);
    await expect(bar).toHaveAttribute('aria-valuemin', '0');
    await expect(bar).toHaveAttribute('aria-valuemax', '100');
    await expect(canvas.getByRole('button', { name: 'Cancel upload of network-trace.har' })).toBeInTheDocument();
    // Images get a preview.
    await expect(rowOf(canvasElement, 'checkout.svg').querySelector('img')).not.toBeNull();
    await waitFor(() => expect(rowOf(canvasElement, 'network-trace.har')).toHaveAttribute('data-status', 'uploaded'), TIMEOUT);
    // Announced politely.
    await waitFor(() => expect(canvasElement.querySelector('[aria-live="polite"]')).toHaveTextContent(/uploaded/), TIMEOUT);
    await expect(args.onValueChange).toHaveBeenCalled();
  },
};

/** Part-way through a 6 MB file (a snapshot of the list, passed as `value`). */
export const UploadProgress: Story = {
  render: function Render(args) {
    const [files, setFiles] = useState<UploadItem[]>([
      { id: 'a', name: 'network-trace.har', size: 6 * MB, type: 'application/json', file: makeFile('network-trace.har', 16), status: 'uploading', loaded: 2.4 * MB },
      {
        id: 'b',
        name: 'console.log',
        size: 48 * 1024,
        type: 'text/plain',
        file: null,
        status: 'uploaded',
        attachment: { id: 'att_story_log', filename: 'console.log', contentType: 'text/plain', size: 48 * 1024, status: 'uploaded', createdAt: '2026-01-01T00:00:00.000Z' },
      },
    ]);
    return <AttachmentUploader {...args} value={files} onValueChange={setFiles} />;
  },
  play: async ({ canvas }) => {
    const bar = canvas.getByRole('progressbar', { name: 'Uploading network-trace.har' });
    await expect(bar).toHaveAttribute('aria-valuenow', '40');
    await expect(canvas.getByText('2.4 MB of 6 MB')).toBeInTheDocument();
    await expect(canvas.getByText('48 kB · Uploaded')).toBeInTheDocument();
  },
};

/** The storage refused the first attempt: a localised reason and Retry, which then succeeds. */
export const UploadFailed: Story = {
  parameters: portal({ setup: (mock) => void mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500, count: 1 }) }),
  play: async ({ canvas, canvasElement }) => {
    dropFiles(zoneOf(canvasElement), [makeFile('invoice.pdf', 200 * 1024, 'application/pdf')]);
    await waitFor(() => expect(rowOf(canvasElement, 'invoice.pdf')).toHaveAttribute('data-status', 'failed'), TIMEOUT);
    await expect(rowOf(canvasElement, 'invoice.pdf')).toHaveTextContent('Something went wrong on our side. Try again in a moment.');
    const retry = canvas.getByRole('button', { name: 'Retry upload of invoice.pdf' });
    await userEvent.click(retry);
    await waitFor(() => expect(rowOf(canvasElement, 'invoice.pdf')).toHaveAttribute('data-status', 'uploaded'), TIMEOUT);
    await expect(retry).toHaveFocus();
  },
};

/** A mixed selection: each refused file says why, the acceptable one still uploads. */
export const RejectedFiles: Story = {
  args: { maxFiles: 2, maxSize: 1 * MB, accept: ['image/*', 'application/pdf'] },
  play: async ({ canvas, canvasElement, args }) => {
    dropFiles(zoneOf(canvasElement), [
      makeFile('empty.pdf', 0, 'application/pdf'),
      makeFile('video.mp4', 2 * MB, 'video/mp4'),
      makeFile('huge.pdf', 3 * MB, 'application/pdf'),
      makeFile('setup.exe', 1024, 'application/x-msdownload'),
      makeFile('receipt.pdf', 1024, 'application/pdf'),
    ]);
    const notice = (await canvas.findByText('empty.pdf is empty.', {}, TIMEOUT)).closest('.dt-notice') as HTMLElement;
    await expect(within(notice).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'empty.pdf is empty.',
      'video.mp4 is larger than 1 MB.',
      'huge.pdf is larger than 1 MB.',
      "setup.exe isn't an allowed file type.",
    ]);
    await expect(args.onFilesReject).toHaveBeenCalled();
    await waitFor(() => expect(rowOf(canvasElement, 'receipt.pdf')).toHaveAttribute('data-status', 'uploaded'), TIMEOUT);
    await userEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    await expect(canvas.queryByText('empty.pdf is empty.')).not.toBeInTheDocument();
  },
};

/** A pasted screenshot gets a readable name. */
export const Pasted: Story = {
  play: async ({ canvasElement }) => {
    pasteFiles(zoneOf(canvasElement), [new File([makeImage()], 'image.png', { type: 'image/png' })]);
    await waitFor(() => expect(rowOf(canvasElement, 'Screenshot')).toHaveTextContent(/Screenshot \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png/), TIMEOUT);
    await waitFor(() => expect(rowOf(canvasElement, 'Screenshot')).toHaveAttribute('data-status', 'uploaded'), TIMEOUT);
  },
};

/** Everything uploaded (e.g. restored from a draft: no file in memory, so an icon instead of a preview). */
export const Uploaded: Story = {
  args: {
    defaultValue: [
      {
        id: 'restored',
        name: 'screenshot.png',
        size: 182_000,
        type: 'image/png',
        file: null,
        status: 'uploaded',
        attachment: { id: 'att_jane_screenshot', filename: 'screenshot.png', contentType: 'image/png', size: 182_000, status: 'uploaded', createdAt: '2026-01-01T00:00:00.000Z' },
      },
    ],
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(rowOf(canvasElement, 'screenshot.png')).toHaveTextContent('177.7 kB · Uploaded');
    await userEvent.click(canvas.getByRole('button', { name: 'Remove screenshot.png' }));
    await expect(canvas.queryByRole('list', { name: 'Files' })).not.toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Choose files' })).toHaveFocus();
  },
};

/** The compact variant for a reply composer: a button and the rows; drops still land. */
export const Compact: Story = {
  args: { variant: 'compact', ticketId: 'tkt_jane_01' },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('button', { name: 'Attach files' })).toBeInTheDocument();
    dropFiles(zoneOf(canvasElement), [makeFile('steps.txt', 300, 'text/plain')]);
    await waitFor(() => expect(rowOf(canvasElement, 'steps.txt')).toHaveAttribute('data-status', 'uploaded'), TIMEOUT);
  },
};

/** Disabled (e.g. while the host form sends): no way to add or change files. */
export const Disabled: Story = {
  args: { disabled: true },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('button', { name: 'Choose files' })).toBeDisabled();
    dropFiles(zoneOf(canvasElement), [makeFile('late.txt', 10, 'text/plain')]);
    // Disabled, the zone has no drop handler: nothing is pending after the next frame.
    await new Promise(requestAnimationFrame);
    await expect(canvas.queryByRole('list', { name: 'Files' })).not.toBeInTheDocument();
  },
};
