import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { ReplyComposer } from '../src';
import type { MockPortal } from '../src/mock';
import { portal, TIMEOUT } from './support/story';

const width: Decorator = (Story) => (
  <div style={{ maxInlineSize: 640 }}>
    <Story />
  </div>
);
const TICKET = 'tkt_jane_02';
const mockOf = (loaded: Record<string, unknown>) => loaded.mock as MockPortal;
const fileInput = (root: HTMLElement) => root.querySelector<HTMLInputElement>('input[type="file"]')!;
const reason = (root: HTMLElement) => root.querySelector('.dt-reply-composer-reason');

const meta = {
  title: 'Components/ReplyComposer',
  component: ReplyComposer,
  decorators: [width],
  args: { ticketId: TICKET, onReplySend: fn() },
  // Unsent replies and drafts persist in sessionStorage (by design): start every story clean.
  beforeEach: () => sessionStorage.clear(),
} satisfies Meta<typeof ReplyComposer>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Write, then send with Ctrl/⌘+Enter or the button; the reply is sent once and announced. */
export const Default: Story = {
  play: async ({ canvas, canvasElement, args, loaded }) => {
    const input = await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    await expect(input).toHaveAccessibleDescription(/Press (Ctrl|⌘)\+Enter to send/);
    await userEvent.type(input, 'Thanks, that worked!');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect(input).toHaveValue('');
    await waitFor(() => expect(args.onReplySend).toHaveBeenCalledOnce(), TIMEOUT);
    await waitFor(() => expect(canvasElement.querySelector('.dt-reply-composer > [role="status"]')).toHaveTextContent('Reply sent'));
    const stored = mockOf(loaded).store.commentsOf(TICKET).filter((c) => c.body === 'Thanks, that worked!');
    await expect(stored).toHaveLength(1);
  },
};

/** An empty reply isn't sent, and the composer says why (the button stays focusable). */
export const EmptyRefused: Story = {
  play: async ({ canvas, canvasElement, loaded }) => {
    await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    const before = mockOf(loaded).store.commentsOf(TICKET).length;
    const send = canvas.getByRole('button', { name: 'Send' });
    await expect(send).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(send);
    await expect(reason(canvasElement)).toHaveTextContent('Write a message before sending.');
    await expect(send).toHaveAccessibleDescription('Write a message before sending.');
    await expect(mockOf(loaded).store.commentsOf(TICKET).length).toBe(before);
  },
};

/** Files upload onto the ticket as soon as they are added; sending waits for them, and says so. */
export const Uploading: Story = {
  parameters: portal({ setup: (mock) => mock.faults.setLatency(3_600_000, { method: 'PUT', path: '/__storage/*' }) }),
  play: async ({ canvas, canvasElement }) => {
    const input = await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    await userEvent.type(input, 'Screenshot attached');
    await userEvent.upload(fileInput(canvasElement), new File(['x'.repeat(2048)], 'screenshot.png', { type: 'image/png' }));
    await waitFor(() => expect(reason(canvasElement)).toHaveTextContent('Wait for your files to finish uploading.'), TIMEOUT);
    await expect(canvas.getByRole('button', { name: 'Send' })).toHaveAttribute('aria-disabled', 'true');
  },
};

/** A failed upload blocks sending until it is retried or removed. */
export const UploadFailed: Story = {
  parameters: portal({
    provider: { clientOptions: { retry: false } },
    setup: (mock) => void mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500 }),
  }),
  play: async ({ canvas, canvasElement }) => {
    await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    await userEvent.upload(fileInput(canvasElement), new File(['log'], 'server.log', { type: 'text/plain' }));
    await waitFor(() => expect(reason(canvasElement)).toHaveTextContent('Remove or retry the files that failed to upload.'), TIMEOUT);
    await userEvent.click(canvas.getByRole('button', { name: /Remove server\.log/ }));
    await waitFor(() => expect(reason(canvasElement)).toBeNull());
  },
};

/** On a closed ticket the composer is disabled, with the reason. */
export const ClosedTicket: Story = {
  args: { ticketId: 'tkt_jane_04' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Replies are closed for this ticket.', {}, TIMEOUT)).toBeVisible();
    await expect(canvas.getByRole('textbox', { name: 'Your reply' })).toBeDisabled();
  },
};

let minted = 0;
/** The session ended and can't be renewed: the text stays, sending is refused with the reason. */
export const SessionExpired: Story = {
  parameters: portal({
    provider: { clientOptions: { retry: false } },
    getToken: (mock) => () => {
      minted += 1;
      if (minted > 1) return Promise.reject(new Error('login required'));
      return mock.issuePortalToken({ email: 'jane@example.com' });
    },
  }),
  beforeEach: () => {
    minted = 0;
  },
  play: async ({ canvas, canvasElement, loaded }) => {
    const input = await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    // Wait until the first token has been issued (a token issued after the revocation would still be valid), then revoke it.
    await waitFor(() => expect(minted).toBe(1), TIMEOUT);
    mockOf(loaded).faults.expireAllTokens();
    await userEvent.type(input, 'Are you there?');
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(reason(canvasElement)).toHaveTextContent('Sign in again to reply.'), TIMEOUT);
    await expect(input).toBeEnabled();
  },
};

/** A host can disable sending with its own reason. */
export const DisabledByHost: Story = {
  args: { disabled: true, disabledReason: 'Replies are paused during maintenance.' },
  play: async ({ canvas, canvasElement }) => {
    await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    await expect(reason(canvasElement)).toHaveTextContent('Replies are paused during maintenance.');
    await expect(canvas.getByRole('button', { name: 'Send' })).toHaveAccessibleDescription('Replies are paused during maintenance.');
  },
};
