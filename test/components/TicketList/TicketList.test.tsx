import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { portalKeys, TicketList, useTicket, type Ticket, type TicketListProps } from '../../../src';
import { expectNoAxeViolations } from '../../utils/axe';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal, type PortalRenderOptions } from '../../utils/render';

const api = setupMockApi();

// The client's own retries would hide one-off failures; the UI's retry is under test.
const noRetry = { clientOptions: { retry: false as const } };

function renderList(props: TicketListProps = {}, options: PortalRenderOptions = {}) {
  return renderWithPortal(<TicketList {...props} />, api, { ...options, provider: { ...noRetry, ...options.provider } });
}

const list = () => screen.findByRole('list', { name: 'Tickets' });
const rows = () => within(screen.getByRole('list', { name: 'Tickets' })).getAllByRole('listitem');
const rowOf = (label: string) => {
  const row = rows().find((item) => within(item).queryByText(label));
  if (!row) throw new Error(`no row ${label}`);
  return row;
};
const labels = () => rows().map((item) => item.querySelector('.dt-ticket-list-number')?.textContent);
const liveRegion = () => {
  const region = screen.getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite');
  if (!region) throw new Error('no live region');
  return region;
};
const statusSelect = () => screen.getByRole('combobox', { name: 'Status' });
const sortSelect = () => screen.getByRole('combobox', { name: 'Sort by' });
const failTickets = (count: number) =>
  api.mock.faults.failRoute({ method: 'GET', path: '/portal/tickets', status: 500, count, message: 'db exploded' });

beforeEach(() => sessionStorage.clear());

describe('TicketList', () => {
  describe('rows', () => {
    it("shows each of the customer's tickets with its number, title, status, priority, update time and replies", async () => {
      renderList({ onTicketSelect: () => {} });
      await list();
      expect(rows()).toHaveLength(12);

      const invoices = rowOf('ACME-1001');
      const replies = api.mock.store.visibleComments('tkt_jane_01', false).length;
      expect(within(invoices).getByText('Exported invoices CSV shows garbled characters')).toBeInTheDocument();
      expect(within(invoices).getByText('Open')).toHaveAttribute('data-status', 'open');
      expect(within(invoices).getByText('High priority')).toBeInTheDocument();
      expect(within(invoices).getByText(`${replies} replies`)).toBeInTheDocument();
      expect(within(invoices).getByText(/Updated/)).toHaveTextContent(/Updated \d+ days ago/);
      expect(invoices.querySelector('time')).toHaveAttribute('datetime');

      // Normal priority and no replies: neither is shown.
      const teammate = rowOf('ACME-1006');
      expect(teammate).not.toHaveTextContent(/priority/);
      expect(teammate).not.toHaveTextContent(/repl/);
      // A custom status gets a readable label.
      expect(within(rowOf('ACME-1005')).getByText('Waiting on customer')).toBeInTheDocument();
    });

    it('keeps list semantics: position and size on every item, newest first', async () => {
      renderList();
      await list();
      expect(labels()[0]).toBe('ACME-1006');
      rows().forEach((item, index) => {
        expect(item).toHaveAttribute('aria-posinset', String(index + 1));
        expect(item).toHaveAttribute('aria-setsize', '12');
      });
    });

    it('has no axe violations', async () => {
      const { container } = renderList({ getTicketHref: (t) => `/tickets/${t.id}`, selectedTicketId: 'tkt_jane_02' });
      await list();
      await expectNoAxeViolations(container);
    });
  });

  describe('status filter', () => {
    it('offers all statuses, the system ones and any custom status seen', async () => {
      renderList();
      await list();
      const options = within(statusSelect()).getAllByRole('option').map((o) => o.textContent);
      expect(options).toEqual(['All statuses', 'Open', 'Pending', 'Resolved', 'Closed', 'Waiting on customer']);
    });

    it('shows only tickets with the chosen status and announces the count', async () => {
      const user = userEvent.setup();
      renderList();
      await list();
      await user.selectOptions(statusSelect(), 'Waiting on customer');
      await waitFor(() => expect(labels()).toEqual(['ACME-1005']));
      await waitFor(() => expect(liveRegion()).toHaveTextContent('1 ticket'));

      await user.selectOptions(statusSelect(), 'Closed');
      await waitFor(() => expect(labels()).toEqual(['ACME-1004', 'ACME-1008']));
      await waitFor(() => expect(liveRegion()).toHaveTextContent('2 tickets'));
      // The custom status stays offered while another status is shown.
      expect(within(statusSelect()).getByRole('option', { name: 'Waiting on customer' })).toBeInTheDocument();
    });

    it('keeps the old rows, marked busy, while a new filter loads (no skeleton flash)', async () => {
      const user = userEvent.setup();
      renderList();
      await list();
      api.mock.faults.setLatency(300, { method: 'GET', path: '/portal/tickets' });
      await user.selectOptions(statusSelect(), 'Pending');
      expect(rows()).toHaveLength(12);
      expect(screen.getByRole('list', { name: 'Tickets' }).parentElement).toHaveAttribute('aria-busy', 'true');
      expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
      await waitFor(() => expect(labels()).toEqual(['ACME-1002', 'ACME-1009']));
      expect(screen.getByRole('list', { name: 'Tickets' }).parentElement).not.toHaveAttribute('aria-busy');
    });

    it('is controllable: reports changes and shows what the host passes', async () => {
      const user = userEvent.setup();
      const onStatusChange = vi.fn();
      function Host() {
        const [status, setStatus] = useState<string | null>('resolved');
        return (
          <TicketList
            status={status}
            onStatusChange={(next) => {
              onStatusChange(next);
              if (next !== 'closed') setStatus(next);
            }}
          />
        );
      }
      renderWithPortal(<Host />, api, { provider: noRetry });
      await waitFor(() => expect(labels()).toEqual(['ACME-1010', 'ACME-1003']));
      expect(statusSelect()).toHaveValue('resolved');

      // The host refuses "closed": the filter stays.
      await user.selectOptions(statusSelect(), 'Closed');
      expect(onStatusChange).toHaveBeenLastCalledWith('closed');
      expect(statusSelect()).toHaveValue('resolved');

      await user.selectOptions(statusSelect(), 'All statuses');
      expect(onStatusChange).toHaveBeenLastCalledWith(null);
      await waitFor(() => expect(rows()).toHaveLength(12));
    });
  });

  describe('sort', () => {
    it('orders by creation by default and by latest activity on request', async () => {
      const user = userEvent.setup();
      const onSortChange = vi.fn();
      renderList({ onSortChange });
      await list();
      const newest = labels();
      // ACME-1003 was created long before ACME-1005 but has newer replies.
      expect(newest.indexOf('ACME-1005')).toBeLessThan(newest.indexOf('ACME-1003'));

      await user.selectOptions(sortSelect(), 'Recently updated');
      expect(onSortChange).toHaveBeenCalledWith('updated');
      await waitFor(() => expect(labels().indexOf('ACME-1003')).toBeLessThan(labels().indexOf('ACME-1005')));
      expect(api.requests.filter((r) => r === 'GET /portal/tickets')).toHaveLength(2);
    });
  });

  describe('paging', () => {
    it('loads more pages until there are no more, announcing the count and moving focus to the new rows', async () => {
      const user = userEvent.setup();
      renderList({ pageSize: 5, onTicketSelect: () => {} });
      await list();
      expect(rows()).toHaveLength(5);
      expect(rows()[0]).toHaveAttribute('aria-setsize', '-1');

      await user.click(screen.getByRole('button', { name: 'Load more' }));
      await waitFor(() => expect(rows()).toHaveLength(10));
      // The count is announced once the load settles, which may be a render after the rows.
      await waitFor(() => expect(liveRegion()).toHaveTextContent('10 tickets'));
      await waitFor(() => expect(document.activeElement).toBe(within(rows()[5]!).getByRole('button')));

      await user.click(screen.getByRole('button', { name: 'Load more' }));
      await waitFor(() => expect(rows()).toHaveLength(12));
      expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
      expect(rows()[11]).toHaveAttribute('aria-setsize', '12');
      // The button went away with the last page: focus went to the first new row, not <body>.
      await waitFor(() => expect(document.activeElement).toBe(within(rows()[10]!).getByRole('button')));
      await waitFor(() => expect(liveRegion()).toHaveTextContent('12 tickets'));
    });

    it('shows a failed next page in place, keeps the loaded rows, and retries that page', async () => {
      const user = userEvent.setup();
      renderList({ pageSize: 5 });
      await list();
      failTickets(1);
      await user.click(screen.getByRole('button', { name: 'Load more' }));

      const notice = await screen.findByText("We couldn't load more tickets.");
      expect(rows()).toHaveLength(5);
      expect(screen.queryByText("We couldn't load your tickets.")).not.toBeInTheDocument();
      expect(screen.queryByText(/db exploded/)).not.toBeInTheDocument();
      // In place: after the last row, instead of the "Load more" button.
      expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
      const footer = notice.closest('.dt-ticket-list-footer')!;
      expect(screen.getByRole('list', { name: 'Tickets' }).compareDocumentPosition(footer)).toBe(
        Node.DOCUMENT_POSITION_FOLLOWING,
      );

      // "Load more" had focus and went away with the failure: its retry takes over, not <body>.
      const retry = within(footer as HTMLElement).getByRole('button', { name: 'Try again' });
      await waitFor(() => expect(retry).toHaveFocus());

      await user.click(retry);
      await waitFor(() => expect(rows()).toHaveLength(10));
      expect(screen.queryByText("We couldn't load more tickets.")).not.toBeInTheDocument();
      expect(labels().slice(0, 5)).toEqual(['ACME-1006', 'ACME-1012', 'ACME-1011', 'ACME-1007', 'ACME-1002']);
    });

    it('keeps the loaded rows when a refresh fails, with a retry', async () => {
      const { queryClient } = renderList();
      await list();
      failTickets(1);
      await act(() => queryClient.refetchQueries({ queryKey: portalKeys.ticketLists() }));
      expect(await screen.findByText("We couldn't load your tickets.")).toBeInTheDocument();
      expect(rows()).toHaveLength(12);
      await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(screen.queryByText("We couldn't load your tickets.")).not.toBeInTheDocument());
      expect(rows()).toHaveLength(12);
    });
  });

  describe('states', () => {
    it('shows a busy skeleton while the first page loads', async () => {
      api.mock.faults.setLatency(200);
      renderList();
      const loading = screen.getByText('Loading…');
      expect(loading.closest('[aria-busy="true"]')).not.toBeNull();
      expect(screen.queryByRole('list', { name: 'Tickets' })).not.toBeInTheDocument();
      await list();
      expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
    });

    it('tells a new customer there are no tickets yet, with the new-ticket action when given', async () => {
      const user = userEvent.setup();
      const onNewTicket = vi.fn();
      const { container } = renderList({ onNewTicket }, { email: 'new@example.com' });
      expect(await screen.findByText('No tickets yet')).toBeInTheDocument();
      expect(screen.getByText('Create a ticket to get help from our team.')).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'New ticket' }));
      expect(onNewTicket).toHaveBeenCalledOnce();
      expect(screen.queryByRole('button', { name: 'Show all tickets' })).not.toBeInTheDocument();
      await expectNoAxeViolations(container);
    });

    it('has no action in the empty state without onNewTicket', async () => {
      renderList({}, { email: 'new@example.com' });
      expect(await screen.findByText('No tickets yet')).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'New ticket' })).not.toBeInTheDocument();
    });

    it('says when a filter matches nothing, and offers to show all', async () => {
      const user = userEvent.setup();
      const { container } = renderList({ defaultStatus: 'spam', onNewTicket: () => {} });
      expect(await screen.findByText('No tickets with this status')).toBeInTheDocument();
      expect(screen.queryByText('No tickets yet')).not.toBeInTheDocument();
      await expectNoAxeViolations(container);

      await user.click(screen.getByRole('button', { name: 'Show all tickets' }));
      await waitFor(() => expect(rows()).toHaveLength(12));
      expect(statusSelect()).toHaveValue('');
      expect(statusSelect()).toHaveFocus();
    });

    it('shows a failed first page as an error (not as empty), and retries', async () => {
      const user = userEvent.setup();
      failTickets(1);
      const { container } = renderList({ onTicketSelect: () => {} });
      expect(await screen.findByText("We couldn't load your tickets.")).toBeInTheDocument();
      expect(screen.getByText('Something went wrong on our side. Try again in a moment.')).toBeInTheDocument();
      expect(screen.queryByText(/db exploded/)).not.toBeInTheDocument();
      expect(screen.queryByText('No tickets yet')).not.toBeInTheDocument();
      await expectNoAxeViolations(container);

      await user.click(screen.getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(rows()).toHaveLength(12));
      expect(screen.queryByText("We couldn't load your tickets.")).not.toBeInTheDocument();
      await waitFor(() => expect(document.activeElement).toBe(within(rows()[0]!).getByRole('button')));
    });
  });

  describe('opening a ticket', () => {
    it('renders rows as buttons that call onTicketSelect', async () => {
      const user = userEvent.setup();
      const onTicketSelect = vi.fn();
      renderList({ onTicketSelect });
      await list();
      await user.click(screen.getByRole('button', { name: /ACME-1002/ }));
      expect(onTicketSelect).toHaveBeenCalledWith(expect.objectContaining<Partial<Ticket>>({ id: 'tkt_jane_02', label: 'ACME-1002' }));
    });

    it('renders real links with getTicketHref; a plain click selects without navigating', async () => {
      const onTicketSelect = vi.fn();
      renderList({ onTicketSelect, getTicketHref: (t) => `/support/${t.id}` });
      await list();
      const link = screen.getByRole('link', { name: /ACME-1002/ });
      expect(link).toHaveAttribute('href', '/support/tkt_jane_02');

      // fireEvent returns false when the default (navigation) was prevented.
      expect(fireEvent.click(link)).toBe(false);
      expect(onTicketSelect).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['Ctrl+click', { ctrlKey: true }],
      ['Cmd+click', { metaKey: true }],
      ['Shift+click', { shiftKey: true }],
      ['middle click', { button: 1 }],
    ])('leaves a %s to the browser (new tab or window)', async (_name, modifiers) => {
      const onTicketSelect = vi.fn();
      renderList({ onTicketSelect, getTicketHref: (t) => `/support/${t.id}` });
      await list();
      expect(fireEvent.click(screen.getByRole('link', { name: /ACME-1002/ }), modifiers)).toBe(true);
      expect(onTicketSelect).not.toHaveBeenCalled();
    });

    it('lets links navigate when there is no onTicketSelect', async () => {
      renderList({ getTicketHref: (t) => `#${t.id}` });
      await list();
      expect(fireEvent.click(screen.getByRole('link', { name: /ACME-1002/ }))).toBe(true);
    });

    it('marks the selected ticket as current', async () => {
      renderList({ onTicketSelect: () => {}, selectedTicketId: 'tkt_jane_05' });
      await list();
      const current = screen.getAllByRole('button').filter((b) => b.getAttribute('aria-current') === 'true');
      expect(current).toHaveLength(1);
      expect(current[0]).toHaveTextContent('ACME-1005');
      expect(rowOf('ACME-1005')).toHaveAttribute('data-state', 'selected');
    });
  });

  describe('new replies from support', () => {
    const unread = (label: string) => within(rowOf(label)).queryByText('New reply from support');

    function Thread({ id }: { id: string }) {
      useTicket(id, { pollInterval: false });
      return null;
    }

    it('emphasises a ticket whose loaded thread ends with a staff reply, until it is opened', async () => {
      const user = userEvent.setup();
      renderWithPortal(
        <>
          <TicketList onTicketSelect={() => {}} />
          <Thread id="tkt_jane_02" />
          <Thread id="tkt_jane_01" />
        </>,
        api,
        { provider: noRetry },
      );
      await list();
      // Support (Priya) wrote last on 1002; Jane wrote last on 1001.
      await waitFor(() => expect(unread('ACME-1002')).toBeInTheDocument());
      expect(rowOf('ACME-1002')).toHaveAttribute('data-unread', 'true');
      expect(unread('ACME-1001')).not.toBeInTheDocument();
      // Without a loaded thread or an earlier visit nothing is known: no emphasis.
      expect(unread('ACME-1005')).not.toBeInTheDocument();
      expect(screen.getAllByText('New reply from support')).toHaveLength(1);

      await user.click(screen.getByRole('button', { name: /ACME-1002/ }));
      await waitFor(() => expect(unread('ACME-1002')).not.toBeInTheDocument());
      expect(rowOf('ACME-1002')).not.toHaveAttribute('data-unread');
    });

    it('emphasises a ticket that got replies after the customer last opened it', async () => {
      const user = userEvent.setup();
      const { queryClient } = renderList({ onTicketSelect: () => {} });
      await list();
      await user.click(screen.getByRole('button', { name: /ACME-1009/ }));

      api.mock.store.addComment('tkt_jane_09', { body: 'Any news on the HAR file?', authorType: 'STAFF', authorName: 'Priya' });
      await act(() => queryClient.refetchQueries({ queryKey: portalKeys.ticketLists() }));
      await waitFor(() => expect(unread('ACME-1009')).toBeInTheDocument());
      expect(unread('ACME-1012')).not.toBeInTheDocument();
    });

    it('remembers what was opened across a remount (per customer, in draft storage)', async () => {
      const user = userEvent.setup();
      const first = renderList({ onTicketSelect: () => {} });
      await list();
      await user.click(screen.getByRole('button', { name: /ACME-1009/ }));
      first.unmount();

      api.mock.store.addComment('tkt_jane_09', { body: 'Update', authorType: 'STAFF', authorName: 'Priya' });
      renderList({ onTicketSelect: () => {} });
      await list();
      expect(unread('ACME-1009')).toBeInTheDocument();
    });

    it('never emphasises the ticket that is open next to the list', async () => {
      const user = userEvent.setup();
      function SplitView() {
        const [open, setOpen] = useState<string | null>(null);
        return <TicketList selectedTicketId={open} onTicketSelect={(t) => setOpen(t.id)} />;
      }
      const { queryClient } = renderWithPortal(<SplitView />, api, { provider: noRetry });
      await list();
      await user.click(screen.getByRole('button', { name: /ACME-1009/ }));

      api.mock.store.addComment('tkt_jane_09', { body: 'Update', authorType: 'STAFF', authorName: 'Priya' });
      await act(() => queryClient.refetchQueries({ queryKey: portalKeys.ticketLists() }));
      await waitFor(() => expect(rowOf('ACME-1009')).toHaveTextContent('3 replies'));
      expect(unread('ACME-1009')).not.toBeInTheDocument();
    });
  });
});
