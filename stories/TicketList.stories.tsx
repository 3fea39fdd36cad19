import { useState, type ReactNode } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { TicketList, useTicket, type TicketListProps } from '../src';
import type { MockPortal } from '../src/mock';
import { box, noClientRetry, portal, TIMEOUT } from './support/story';


const failTickets = (mock: MockPortal, count: number) =>
  mock.faults.failRoute({ method: 'GET', path: '/portal/tickets', status: 500, count });

const rows = (canvasElement: HTMLElement) => [...canvasElement.querySelectorAll<HTMLLIElement>('.dt-ticket-list-item')];
const viewport = (canvasElement: HTMLElement) => canvasElement.querySelector<HTMLElement>('.dt-ticket-list-viewport')!;

const meta = {
  title: 'Components/TicketList',
  component: TicketList,
  decorators: [box(880, 560)],
  args: {
    onTicketSelect: fn(),
    getTicketHref: (ticket) => `#/tickets/${ticket.id}`,
  },
} satisfies Meta<typeof TicketList>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Jane's twelve tickets: every status, a custom one, priorities and reply counts. */
export const Default: Story = {
  play: async ({ canvas, args }) => {
    const list = await canvas.findByRole('list', { name: 'Tickets' }, TIMEOUT);
    await expect(within(list).getAllByRole('listitem')).toHaveLength(12);
    const link = canvas.getByRole('link', { name: /ACME-1001/ });
    await expect(link).toHaveAttribute('href', '#/tickets/tkt_jane_01');
    await expect(within(link).getByText('High priority')).toBeInTheDocument();
    await userEvent.click(link);
    await expect(args.onTicketSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'tkt_jane_01' }));

    // A custom status seen in the data is offered in the filter.
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Status' }), 'Waiting on customer');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1), TIMEOUT);
    await expect(canvas.getByRole('link', { name: /ACME-1005/ })).toBeInTheDocument();
  },
};

/** The first page is slow: a skeleton marked busy, then the rows. */
export const Loading: Story = {
  parameters: portal({ setup: (mock) => mock.faults.setLatency(1500, { method: 'GET', path: '/portal/tickets' }) }),
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('Loading…')).toBeInTheDocument();
    await expect(viewport(canvasElement)).toHaveAttribute('aria-busy', 'true');
    await expect(canvas.queryByRole('list', { name: 'Tickets' })).not.toBeInTheDocument();
    await canvas.findByRole('list', { name: 'Tickets' }, { timeout: 8000 });
    await expect(viewport(canvasElement)).not.toHaveAttribute('aria-busy');
  },
};

/** A customer without tickets, with the new-ticket action. */
export const Empty: Story = {
  args: { onNewTicket: fn() },
  parameters: portal({ email: 'new@example.com' }),
  play: async ({ canvas, args }) => {
    await expect(await canvas.findByText('No tickets yet', {}, TIMEOUT)).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'New ticket' }));
    await expect(args.onNewTicket).toHaveBeenCalledOnce();
  },
};

/** A filter that matches nothing says so (not "no tickets yet") and offers all tickets. */
export const FilteredEmpty: Story = {
  args: { defaultStatus: 'resolved', onNewTicket: fn() },
  parameters: portal({
    setup: (mock) => {
      for (const ticket of mock.store.tickets.values()) if (ticket.status === 'resolved') ticket.status = 'open';
    },
  }),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No tickets with this status', {}, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.queryByText('No tickets yet')).not.toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Show all tickets' }));
    const list = await canvas.findByRole('list', { name: 'Tickets' }, TIMEOUT);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(12), TIMEOUT);
    await expect(canvas.getByRole('combobox', { name: 'Status' })).toHaveFocus();
  },
};

/** The first page fails: a localised error (never server text) with a retry that works. */
export const ErrorWithRetry: Story = {
  parameters: portal({ setup: (mock) => void failTickets(mock, 1), provider: noClientRetry }),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("We couldn't load your tickets.", {}, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.queryByText('No tickets yet')).not.toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    const list = await canvas.findByRole('list', { name: 'Tickets' }, TIMEOUT);
    await expect(within(list).getAllByRole('listitem')).toHaveLength(12);
  },
};

/** A later page fails: the error shows in place after the loaded rows, which stay. */
export const NextPageError: Story = {
  args: { pageSize: 10 },
  decorators: [box(880, 420)],
  parameters: portal({ provider: noClientRetry }),
  play: async ({ canvas, canvasElement, loaded }) => {
    await canvas.findByRole('list', { name: 'Tickets' }, TIMEOUT);
    await expect(rows(canvasElement).length).toBeGreaterThan(0);
    failTickets((loaded as { mock: MockPortal }).mock, 1);
    await userEvent.click(canvas.getByRole('button', { name: 'Load more' }));

    const notice = await canvas.findByText("We couldn't load more tickets.", {}, TIMEOUT);
    const footer = notice.closest<HTMLElement>('.dt-ticket-list-footer')!;
    await expect(canvas.queryByText("We couldn't load your tickets.")).not.toBeInTheDocument();
    await expect(canvas.getByRole('link', { name: /ACME-1006/ })).toBeInTheDocument();
    await expect(rows(canvasElement)[0]).toHaveAttribute('aria-setsize', '-1');

    await userEvent.click(within(footer).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(rows(canvasElement)[0]).toHaveAttribute('aria-setsize', '12'), TIMEOUT);
    await expect(canvas.queryByText("We couldn't load more tickets.")).not.toBeInTheDocument();
  },
};

/** 2,000 tickets in a 360 px side panel: titles and metadata wrap; only what is on screen is rendered. */
export const ManyTickets: Story = {
  decorators: [box(360, 560)],
  parameters: portal({ email: 'bulk@example.com' }),
  play: async ({ canvas, canvasElement }) => {
    await canvas.findByRole('list', { name: 'Tickets' }, TIMEOUT);
    const scroller = viewport(canvasElement);
    for (let loaded = 20; loaded < 100; loaded += 20) {
      scroller.scrollTop = scroller.scrollHeight;
      await waitFor(
        () => expect(Math.max(...rows(canvasElement).map((r) => Number(r.getAttribute('aria-posinset'))))).toBeGreaterThan(loaded),
        TIMEOUT,
      );
    }
    await expect(rows(canvasElement).length).toBeLessThan(40);
    await expect(rows(canvasElement).map((r) => r.getAttribute('aria-posinset'))).not.toContain('1');
    scroller.scrollTop = 0;
    await waitFor(() => expect(rows(canvasElement)[0]).toHaveAttribute('aria-posinset', '1'), TIMEOUT);
  },
};

function SplitView(props: TicketListProps) {
  const [open, setOpen] = useState<string | null>(props.selectedTicketId ?? null);
  return (
    <TicketList
      {...props}
      selectedTicketId={open}
      onTicketSelect={(ticket) => {
        props.onTicketSelect?.(ticket);
        setOpen(ticket.id);
      }}
    />
  );
}

/** Split view: the open ticket is highlighted and `aria-current`; selecting another moves it. */
export const SelectedRow: Story = {
  args: { selectedTicketId: 'tkt_jane_05' },
  render: (args) => <SplitView {...args} />,
  play: async ({ canvas }) => {
    const current = await canvas.findByRole('link', { name: /ACME-1005/ }, TIMEOUT);
    await expect(current).toHaveAttribute('aria-current', 'true');
    await userEvent.click(canvas.getByRole('link', { name: /ACME-1002/ }));
    await expect(canvas.getByRole('link', { name: /ACME-1002/ })).toHaveAttribute('aria-current', 'true');
    await expect(current).not.toHaveAttribute('aria-current');
  },
};

function WithThreadLoaded({ ticketId, children }: { ticketId: string; children: ReactNode }) {
  useTicket(ticketId, { pollInterval: false });
  return children;
}

/** Support replied last on ACME-1002 (its thread is in the cache): emphasised until opened. */
export const NewReplyFromSupport: Story = {
  parameters: portal({
    // Forget what earlier stories opened in this browser session.
    setup: () => {
      for (const key of Object.keys(sessionStorage)) if (key.includes('seen-tickets')) sessionStorage.removeItem(key);
    },
  }),
  render: (args) => (
    <WithThreadLoaded ticketId="tkt_jane_02">
      <TicketList {...args} />
    </WithThreadLoaded>
  ),
  play: async ({ canvas }) => {
    const link = await canvas.findByRole('link', { name: /New reply from support ACME-1002/ }, TIMEOUT);
    await expect(canvas.getAllByText('New reply from support')).toHaveLength(1);
    await userEvent.click(link);
    await waitFor(() => expect(canvas.queryByText('New reply from support')).not.toBeInTheDocument());
  },
};
