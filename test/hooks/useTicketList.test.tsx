// useTicketList under a minimal custom UI: plain buttons and a select, no kit component.
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { portalKeys, useTicketList, type UseTicketListOptions } from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';
import { idle } from '../utils/settle';
import { countRequests } from './helpers';

const api = setupMockApi();
beforeEach(() => sessionStorage.clear());

function List(props: UseTicketListOptions) {
  const list = useTicketList(props);
  return (
    <>
      <select aria-label="Status" value={list.status ?? ''} onChange={(e) => list.setStatus(e.target.value || null)}>
        <option value="">all</option>
        {list.statuses.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <button onClick={() => list.setSort(list.sort === 'newest' ? 'updated' : 'newest')}>Sort: {list.sort}</button>
      <ul aria-label="Tickets">
        {list.tickets.map((t) => (
          <li key={t.id} data-new={list.hasNewReply(t) || undefined}>
            <button onClick={() => list.markSeen(t)}>{t.label}</button>
          </li>
        ))}
      </ul>
      {list.query.hasNextPage ? <button onClick={list.loadMore}>More</button> : null}
    </>
  );
}

function renderList(props: UseTicketListOptions = {}) {
  const { Wrapper, queryClient } = portalWrapper(api);
  const view = render(<List {...props} />, { wrapper: Wrapper });
  return { ...view, queryClient };
}

const labels = () => within(screen.getByRole('list', { name: 'Tickets' })).queryAllByRole('button').map((b) => b.textContent);
const options = () => within(screen.getByRole('combobox', { name: 'Status' })).getAllByRole('option').map((o) => o.textContent);

describe('useTicketList', () => {
  it('flattens cursor pages in order and loads more on request, once per click while loading', async () => {
    const user = userEvent.setup();
    renderList({ pageSize: 5 });
    await waitFor(() => expect(labels()).toHaveLength(5));
    api.mock.faults.setLatency(200, { method: 'GET', path: '/portal/tickets' });
    await user.click(screen.getByRole('button', { name: 'More' }));
    await user.click(screen.getByRole('button', { name: 'More' }));
    await waitFor(() => expect(labels()).toHaveLength(10));
    // The second click came while the first page was loading: ignored.
    expect(countRequests(api.requests, /^GET \/portal\/tickets$/)).toBe(2);
    expect(new Set(labels()).size).toBe(10);
  });

  it('offers the system statuses and every custom status seen, and keeps offering them under another filter', async () => {
    const user = userEvent.setup();
    renderList();
    await waitFor(() => expect(options()).toContain('waiting_on_customer'));
    expect(options()).toEqual(['all', 'open', 'pending', 'resolved', 'closed', 'waiting_on_customer']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'closed');
    await waitFor(() => expect(labels()).toEqual(['ACME-1004', 'ACME-1008']));
    expect(options()).toContain('waiting_on_customer');
  });

  it('is controllable: reports the filter and sort the customer picks and shows what the host passes', async () => {
    const user = userEvent.setup();
    const onStatusChange = vi.fn();
    const onSortChange = vi.fn();
    function Host() {
      const [status, setStatus] = useState<string | null>('resolved');
      return (
        <List
          status={status}
          onStatusChange={(next) => {
            onStatusChange(next);
            if (next !== 'closed') setStatus(next);
          }}
          onSortChange={onSortChange}
        />
      );
    }
    const { Wrapper } = portalWrapper(api);
    render(<Host />, { wrapper: Wrapper });
    await waitFor(() => expect(labels()).toEqual(['ACME-1010', 'ACME-1003']));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'closed');
    expect(onStatusChange).toHaveBeenLastCalledWith('closed');
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('resolved');
    await user.click(screen.getByRole('button', { name: 'Sort: newest' }));
    expect(onSortChange).toHaveBeenCalledWith('updated');
    expect(screen.getByRole('button', { name: 'Sort: updated' })).toBeInTheDocument();
  });

  it('reports the count once a load the customer asked for settles, not on the first load or a background refresh', async () => {
    const user = userEvent.setup();
    const onLoaded = vi.fn();
    const { queryClient } = renderList({ pageSize: 5, onLoaded });
    await waitFor(() => expect(labels()).toHaveLength(5));
    await idle(queryClient);
    expect(onLoaded).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'More' }));
    await waitFor(() => expect(onLoaded).toHaveBeenCalledWith(10));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'pending');
    await waitFor(() => expect(onLoaded).toHaveBeenLastCalledWith(2));
    expect(onLoaded).toHaveBeenCalledTimes(2);

    await queryClient.refetchQueries({ queryKey: portalKeys.ticketLists() });
    await idle(queryClient);
    expect(onLoaded).toHaveBeenCalledTimes(2);
  });

  it('flags a reply from support since the customer last opened a ticket, but never the ticket open next to the list', async () => {
    const user = userEvent.setup();
    const { queryClient, rerender } = renderList();
    await waitFor(() => expect(labels()).toHaveLength(12));
    await user.click(screen.getByRole('button', { name: 'ACME-1009' }));
    await user.click(screen.getByRole('button', { name: 'ACME-1012' }));
    rerender(<List selectedTicketId="tkt_jane_12" />);

    api.mock.store.addComment('tkt_jane_09', { body: 'Any news?', authorType: 'STAFF', authorName: 'Priya' });
    api.mock.store.addComment('tkt_jane_12', { body: 'Any news?', authorType: 'STAFF', authorName: 'Priya' });
    await queryClient.refetchQueries({ queryKey: portalKeys.ticketLists() });
    const flagged = () => [...document.querySelectorAll('li[data-new]')].map((li) => li.textContent);
    await waitFor(() => expect(flagged()).toEqual(['ACME-1009']));
  });
});
