import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { SupportPortal } from '../src';
import type { MockPortal } from '../src/mock';
import { box, portal, TIMEOUT } from './support/story';


// Without getTicketHref, rows are buttons.
const row = (canvas: ReturnType<typeof within>, name: RegExp) => canvas.findByRole('button', { name }, TIMEOUT);

const meta = {
  title: 'Portal/SupportPortal',
  component: SupportPortal,
  decorators: [box(1100, 720)],
  args: { onViewChange: fn() },
} satisfies Meta<typeof SupportPortal>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A customer with a dozen tickets: list beside the thread, open one, reply. */
export const CustomerWithTickets: Story = {
  play: async ({ canvas, args }) => {
    await expect(await canvas.findByRole('heading', { name: 'Support' })).toBeInTheDocument();
    await expect(await canvas.findByText('Signed in as jane@example.com', {}, TIMEOUT)).toBeInTheDocument();
    await userEvent.click(await row(canvas, /Exported invoices CSV/));
    await expect(args.onViewChange).toHaveBeenCalledWith({ name: 'ticket', ticketId: 'tkt_jane_01' });
    const title = await canvas.findByRole('heading', { name: /Exported invoices CSV shows garbled characters/ }, TIMEOUT);
    await waitFor(() => expect(title).toHaveFocus(), TIMEOUT);
    // Split view: the list stays beside the thread.
    await expect(canvas.getByRole('list', { name: 'Tickets' })).toBeVisible();
    await expect(canvas.getByRole('textbox', { name: 'Your reply' })).toBeInTheDocument();
  },
};

/** A new customer: the empty state leads straight to the new-ticket form. */
export const NewCustomer: Story = {
  parameters: portal({ email: 'new@example.com' }),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No tickets yet', {}, TIMEOUT)).toBeInTheDocument();
    const [header] = canvas.getAllByRole('button', { name: 'New ticket' });
    await userEvent.click(header as HTMLElement);
    const heading = await canvas.findByRole('heading', { name: 'New ticket' });
    await waitFor(() => expect(heading).toHaveFocus());
    await userEvent.type(canvas.getByRole('textbox', { name: /Subject/ }), 'How do I export my data?');
    await userEvent.click(canvas.getByRole('button', { name: 'Create ticket' }));
    await expect(await canvas.findByRole('heading', { name: 'How do I export my data?' }, TIMEOUT)).toBeInTheDocument();
  },
};

/** 2,000 tickets: the list is virtualised, so the page stays light. */
export const ManyTickets: Story = {
  parameters: portal({ email: 'bulk@example.com' }),
  play: async ({ canvas, canvasElement }) => {
    await canvas.findByRole('list', { name: 'Tickets' }, TIMEOUT);
    await waitFor(() => expect(canvasElement.querySelectorAll('.dt-ticket-list-item').length).toBeGreaterThan(0), TIMEOUT);
    await expect(canvasElement.querySelectorAll('.dt-ticket-list-item').length).toBeLessThan(40);
  },
};

/** Every call is slow: loading states, never a broken layout. */
export const SlowNetwork: Story = {
  parameters: portal({ setup: (mock) => mock.faults.setLatency(1200) }),
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[aria-busy="true"]')).not.toBeNull(), TIMEOUT);
    await expect(await row(canvas, /Exported invoices CSV/)).toBeInTheDocument();
  },
};

/** The API fails twice, then recovers: a localised error with a retry that works. */
export const ApiErrors: Story = {
  parameters: portal({
    provider: { clientOptions: { retry: false } },
    setup: (mock) => {
      mock.faults.failRoute({ method: 'GET', path: '/portal/tickets', status: 503, count: 1 });
    },
  }),
  play: async ({ canvas }) => {
    const error = await canvas.findByText("We couldn't load your tickets.", {}, TIMEOUT);
    await expect(error.closest('.dt-notice')).toHaveTextContent('Something went wrong on our side');
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    await expect(await row(canvas, /Exported invoices CSV/)).toBeInTheDocument();
  },
};

let renewals = 0;
/** The host's sign-in ended and the API refuses the old token: a clear message, not a broken screen. */
export const SessionExpired: Story = {
  parameters: portal({
    getToken: (mock: MockPortal) => async () => {
      renewals += 1;
      if (renewals > 1) throw new Error('Not signed in');
      return mock.issuePortalToken({ email: 'jane@example.com' });
    },
  }),
  beforeEach: () => {
    renewals = 0;
  },
  play: async ({ canvas, loaded }) => {
    await userEvent.click(await row(canvas, /Exported invoices CSV/));
    await canvas.findByRole('heading', { name: /Exported invoices CSV shows garbled/ }, TIMEOUT);
    (loaded as { mock: MockPortal }).mock.faults.expireAllTokens();
    await userEvent.click(await row(canvas, /Charged twice for the March invoice/));
    const alert = await canvas.findByRole('alert', {}, TIMEOUT);
    await expect(within(alert).getByRole('heading', { name: 'Your support session has ended' })).toBeInTheDocument();
    await expect(within(alert).getByRole('button', { name: 'Sign in again' })).toBeInTheDocument();
  },
};

/** Arabic, right to left: the whole portal mirrors (logical CSS properties only). */
export const RightToLeft: Story = {
  globals: { locale: 'ar', dir: 'rtl' },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByRole('heading', { name: 'الدعم' })).toBeInTheDocument();
    const root = canvasElement.querySelector('.dt-support-portal') as HTMLElement;
    await expect(root.closest('[dir]')).toHaveAttribute('dir', 'rtl');
    await row(canvas, /Exported invoices CSV/);
    // The list pane sits on the right in RTL.
    const list = canvasElement.querySelector('[data-pane="list"]') as HTMLElement;
    const detail = canvasElement.querySelector('[data-pane="detail"]') as HTMLElement;
    await expect(list.getBoundingClientRect().left).toBeGreaterThan(detail.getBoundingClientRect().left);
  },
};

/** Dark theme from the tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas, canvasElement }) => {
    await row(canvas, /Exported invoices CSV/);
    const root = canvasElement.querySelector('.dt-support-portal') as HTMLElement;
    const background = getComputedStyle(root.closest('.dt-root') as HTMLElement).backgroundColor;
    // A dark surface: every channel low.
    const channels = background.match(/\d+/g)?.slice(0, 3).map(Number) ?? [255];
    await expect(Math.max(...channels)).toBeLessThan(60);
  },
};

/** A 360 px side panel: one view at a time, back returns to the list. */
export const NarrowSidePanel: Story = {
  decorators: [box(360, 640)],
  play: async ({ canvas }) => {
    await userEvent.click(await row(canvas, /Exported invoices CSV/));
    await canvas.findByRole('heading', { name: /Exported invoices CSV shows garbled/ }, TIMEOUT);
    await expect(canvas.getByRole('list', { name: 'Tickets', hidden: true })).not.toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Back to tickets' }));
    const heading = canvas.getByRole('heading', { name: 'Your tickets' });
    await waitFor(() => expect(heading).toHaveFocus());
    await expect(canvas.getByRole('list', { name: 'Tickets' })).toBeVisible();
  },
};
