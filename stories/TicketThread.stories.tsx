import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { TicketThread } from '../src';
import type { MockPortal } from '../src/mock';
import { box, noClientRetry, portal, TIMEOUT } from './support/story';


const COMMENTS = '/portal/tickets/:id/comments';

const articles = (canvasElement: HTMLElement) => [...canvasElement.querySelectorAll<HTMLElement>('[role="feed"] > article')];
const positions = (canvasElement: HTMLElement) => articles(canvasElement).map((a) => Number(a.getAttribute('aria-posinset')));
const mockOf = (loaded: Record<string, unknown>) => loaded.mock as MockPortal;

const meta = {
  title: 'Components/TicketThread',
  component: TicketThread,
  decorators: [box(880, 640)],
  args: { ticketId: 'tkt_jane_01', onBack: fn(), onNewTicket: fn() },
  // Unsent replies and drafts persist in sessionStorage (by design): start every story clean.
  beforeEach: () => sessionStorage.clear(),
} satisfies Meta<typeof TicketThread>;
export default meta;
type Story = StoryObj<typeof meta>;

/**
 * ACME-1001: markdown with code, an HTML email with a table and a collapsed
 * quote, `attachment:` image and PDF links, the ticket's files. Internal notes
 * never show.
 */
export const RichContent: Story = {
  play: async ({ canvas, canvasElement, args }) => {
    await expect(await canvas.findByRole('heading', { level: 2, name: 'Exported invoices CSV shows garbled characters' }, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByText('ACME-1001')).toBeInTheDocument();
    await waitFor(() => expect(articles(canvasElement)).toHaveLength(4), TIMEOUT);
    await expect(articles(canvasElement).map((a) => a.getAttribute('aria-label'))).toEqual([
      'Message from Sam Rivera',
      'Message from You',
      'Message from Sam Rivera',
      'Message from You',
    ]);
    await expect(canvasElement.textContent).not.toMatch(/ENG-4821|Billing confirmed/);
    // Inline images load when their message scrolls into view.
    articles(canvasElement)[0]!.scrollIntoView();
    const image = await canvas.findByRole('img', { name: 'Import dialog' }, TIMEOUT);
    await waitFor(() => expect((image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth).toBeGreaterThan(0), TIMEOUT);
    const files = canvas.getByRole('region', { name: 'Attachments' });
    await expect(within(files).getAllByRole('link').length).toBeGreaterThanOrEqual(3);
    await userEvent.click(canvas.getByRole('button', { name: 'Back to tickets' }));
    await expect(args.onBack).toHaveBeenCalledOnce();
  },
};

/** ACME-1007: a long thread with an HTML email (style block, tracking pixel): opens at the latest message. */
export const LongThread: Story = {
  args: { ticketId: 'tkt_jane_07' },
  play: async ({ canvas, canvasElement }) => {
    await canvas.findByRole('feed', {}, TIMEOUT);
    const scroller = canvasElement.querySelector<HTMLElement>('.dt-ticket-thread-scroll')!;
    await waitFor(() => expect(scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight).toBeLessThan(2), TIMEOUT);
    const total = Number(articles(canvasElement)[0]!.getAttribute('aria-setsize'));
    await expect(positions(canvasElement)).toContain(total);
    // The tracking pixel is dropped without a trace.
    await expect(canvasElement.querySelector('img[src*="mail-tracker"]')).toBeNull();
  },
};

/** 1,000 comments: virtualised, so only a window of them is in the DOM; opens at the latest. */
export const ThousandComments: Story = {
  args: { ticketId: 'tkt_bulk_0001' },
  parameters: portal({ email: 'bulk@example.com' }),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(positions(canvasElement)).toContain(1000), { timeout: 15_000 });
    await expect(articles(canvasElement).length).toBeLessThan(40);
    const scroller = canvasElement.querySelector<HTMLElement>('.dt-ticket-thread-scroll')!;
    scroller.scrollTop = 0;
    await waitFor(() => expect(positions(canvasElement)).toContain(1), TIMEOUT);
    await expect(articles(canvasElement).length).toBeLessThan(40);
  },
};

/** A slow network: a skeleton, marked busy, with "Loading…" for screen readers. */
export const Loading: Story = {
  parameters: portal({ setup: (mock) => mock.faults.setLatency(3_600_000, { method: 'GET', path: '/portal/tickets/:id' }) }),
  play: async ({ canvas, canvasElement }) => {
    const root = canvasElement.querySelector('.dt-ticket-thread')!;
    await expect(root).toHaveAttribute('aria-busy', 'true');
    await expect(root).toHaveAttribute('data-state', 'loading');
    await expect(canvas.getByRole('status')).toHaveTextContent('Loading…');
    await expect(canvasElement.querySelectorAll('.dt-skeleton').length).toBeGreaterThan(0);
  },
};

/** Someone else's (or a deleted) ticket: a final state with a way back, no retry loop. */
export const NotFound: Story = {
  args: { ticketId: 'tkt_bob_01' },
  play: async ({ canvas, args }) => {
    await expect(await canvas.findByRole('heading', { name: 'Ticket not found' }, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByText("This ticket doesn't exist, or you don't have access to it.")).toBeInTheDocument();
    await expect(canvas.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Back to tickets' }));
    await expect(args.onBack).toHaveBeenCalledOnce();
  },
};

/** The ticket fails to load once: a localised error (never the server's text) and a retry that works. */
export const ErrorWithRetry: Story = {
  parameters: portal({
    provider: noClientRetry,
    setup: (mock) => void mock.faults.failRoute({ method: 'GET', path: '/portal/tickets/:id', status: 500, count: 1 }),
  }),
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('heading', { name: "We couldn't load this ticket." }, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByText('Something went wrong on our side. Try again in a moment.')).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    await expect(await canvas.findByRole('heading', { name: /garbled characters/ }, TIMEOUT)).toBeInTheDocument();
  },
};

/** ACME-1004 is closed: the composer gives way to a clear message and a way to open a new ticket. */
export const Closed: Story = {
  args: { ticketId: 'tkt_jane_04' },
  play: async ({ canvas, args }) => {
    await expect(await canvas.findByText('This ticket is closed.', {}, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.queryByRole('textbox', { name: 'Your reply' })).not.toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'New ticket' }));
    await expect(args.onNewTicket).toHaveBeenCalledOnce();
  },
};

/** A custom status (`waiting_on_customer`) takes replies, like every status but closed and spam. */
export const CustomStatus: Story = {
  args: { ticketId: 'tkt_jane_05' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Waiting on customer', {}, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByRole('textbox', { name: 'Your reply' })).toBeEnabled();
  },
};

/** A reply on its way: dimmed, marked "Sending…", then replaced by the server's comment. */
export const Sending: Story = {
  args: { ticketId: 'tkt_jane_02' },
  parameters: portal({ setup: (mock) => mock.faults.setLatency(3_600_000, { method: 'POST', path: COMMENTS }) }),
  play: async ({ canvas, canvasElement }) => {
    const input = await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    await userEvent.type(input, 'On its way');
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await expect(input).toHaveValue('');
    await expect(await canvas.findByText('Sending…')).toBeInTheDocument();
    await expect(canvasElement.querySelector('[data-delivery="sending"]')).toHaveTextContent('On its way');
  },
};

/** Sends that fail keep their text: Edit brings it back to the composer, Retry sends it (once). */
export const FailedWithRetryAndEdit: Story = {
  args: { ticketId: 'tkt_jane_02' },
  parameters: portal({
    provider: noClientRetry,
    setup: (mock) => void mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 503, count: 2 }),
  }),
  play: async ({ canvas, canvasElement, loaded }) => {
    const input = await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    await userEvent.type(input, 'First try');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect(await canvas.findByRole('button', { name: 'Retry' }, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByText('Something went wrong on our side. Try again in a moment.')).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    await expect(input).toHaveValue('First try');
    await expect(input).toHaveFocus();
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    const retry = await canvas.findByRole('button', { name: 'Retry' }, TIMEOUT);
    await userEvent.click(retry);
    await waitFor(() => expect(canvasElement.querySelector('[data-delivery]')).toBeNull(), TIMEOUT);
    const stored = mockOf(loaded).store.commentsOf('tkt_jane_02').filter((c) => c.body === 'First try');
    await expect(stored).toHaveLength(1);
  },
};

/** Polling brings a staff reply: appended without moving the view, and announced politely. */
export const NewStaffReplyByPolling: Story = {
  parameters: portal({ provider: { pollInterval: 500 } }),
  play: async ({ canvasElement, loaded }) => {
    await waitFor(() => expect(articles(canvasElement)).toHaveLength(4), TIMEOUT);
    // Staff answer in the helpdesk while the customer has the ticket open.
    mockOf(loaded).store.addComment('tkt_jane_01', { body: 'We found the cause: a **latin1** template. Fixed now.', authorName: 'Priya Shah' });
    await waitFor(() => expect(articles(canvasElement)).toHaveLength(5), TIMEOUT);
    await expect(articles(canvasElement).at(-1)).toHaveAccessibleName('Message from Priya Shah');
    const live = [...canvasElement.querySelectorAll('[role="status"][aria-live="polite"]')].map((el) => el.textContent);
    await expect(live).toContain('New reply from Priya Shah');
  },
};

/** Dark theme, with a reply that failed to send (contrast of every state is checked by axe). */
export const DarkWithFailedReply: Story = {
  args: { ticketId: 'tkt_jane_02' },
  globals: { theme: 'dark' },
  parameters: portal({
    provider: noClientRetry,
    setup: (mock) => void mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 503, count: 1 }),
  }),
  play: async ({ canvas, canvasElement }) => {
    await expect(canvasElement.querySelector('[data-theme="dark"]')).not.toBeNull();
    const input = await canvas.findByRole('textbox', { name: 'Your reply' }, TIMEOUT);
    await userEvent.type(input, 'Dark mode reply');
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await expect(await canvas.findByRole('button', { name: 'Retry' }, TIMEOUT)).toHaveFocus();
  },
};

/** Narrow (360 px) and right-to-left: logical properties flip the layout. */
export const NarrowRtl: Story = {
  decorators: [box(360, 640)],
  globals: { dir: 'rtl' },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(articles(canvasElement)).toHaveLength(4), TIMEOUT);
    await expect(canvasElement.querySelector('.dt-ticket-thread')!.closest('[dir]')).toHaveAttribute('dir', 'rtl');
    await expect(canvas.getByRole('textbox', { name: 'Your reply' })).toBeInTheDocument();
    const scroller = canvasElement.querySelector<HTMLElement>('.dt-ticket-thread-scroll')!;
    await expect(scroller.scrollWidth).toBeLessThanOrEqual(scroller.clientWidth + 1);
  },
};
