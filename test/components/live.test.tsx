import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { TicketList, TicketThread, usePortalEvents } from '../../src';
import { SEED } from '../../src/mock';
import { liveGateway } from '../utils/liveGateway';

/**
 * The styled components on live updates (an in-process portal gateway with
 * the mock's webhooks), with polling off: what appears arrived live.
 */

const T = SEED.tickets;

beforeEach(() => sessionStorage.clear());

/** The stream's status, for waiting until it is live (a host's own UI could show it). */
function LiveStatus() {
  return <span data-testid="live">{usePortalEvents().status}</span>;
}
const isLive = () => waitFor(() => expect(screen.getByTestId('live')).toHaveTextContent('live'));

const politeAnnouncement = () => screen.getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite' && el.textContent)?.textContent ?? '';

// A whole gateway, mock and list render per test: slow on a busy 2-core machine.
describe('live updates in the components', { timeout: 20_000 }, () => {
  it('the open thread shows a staff reply and announces it politely, without a poll', async () => {
    const live = liveGateway();
    const { Wrapper } = live.wrapper();
    render(
      <>
        <TicketThread ticketId={T.pending} pollInterval={false} />
        <LiveStatus />
      </>,
      { wrapper: Wrapper },
    );
    const feed = await screen.findByRole('feed');
    const before = within(feed).getAllByRole('article').length;
    await isLive();
    // The thread's own first loads are done (its file list loads with code on demand, late on a busy machine).
    await waitFor(() => expect(live.requests).toContain(`GET /portal/tickets/${T.pending}/attachments`));
    const loads = live.requests.length;
    await live.staffReply(T.pending, 'We found the **root cause**.');
    await waitFor(() => expect(within(feed).getAllByRole('article')).toHaveLength(before + 1));
    const articles = within(feed).getAllByRole('article');
    expect(articles.at(-1)).toHaveAttribute('aria-label', 'Message from Sam Rivera');
    expect(articles.at(-1)).toHaveTextContent('We found the root cause.');
    await waitFor(() => expect(politeAnnouncement()).toContain('New reply from Sam Rivera'));
    // Nothing was fetched for it: it came on the stream.
    expect(live.requests.slice(loads)).toEqual([]);
  });

  it('the list flags a ticket that got a reply after it was opened, and updates a row whose status changed', async () => {
    const live = liveGateway();
    const { Wrapper } = live.wrapper();
    const user = userEvent.setup();
    render(
      <>
        <TicketList onTicketSelect={() => {}} />
        <LiveStatus />
      </>,
      { wrapper: Wrapper },
    );
    const rowOf = (label: string) => screen.getByRole('button', { name: new RegExp(label) }).closest('[data-state], li, tr') as HTMLElement;
    await screen.findByRole('button', { name: /ACME-1009/ });
    // Opening a ticket marks it seen; then support replies.
    await user.click(screen.getByRole('button', { name: /ACME-1009/ }));
    await isLive();
    expect(live.requests.filter((r) => r === 'GET /portal/events')).toHaveLength(1);
    await live.staffReply('tkt_jane_09', 'Any news on the HAR file?');
    await waitFor(() => expect(within(rowOf('ACME-1009')).getByText('New reply from support')).toBeInTheDocument());
    await live.admin(`/tickets/${T.noComments}`, 'PATCH', { status: 'resolved' });
    await waitFor(() => expect(within(rowOf('ACME-1006')).getByText('Resolved')).toBeInTheDocument());
    // No list refetch brought these: one list load.
    expect(live.requests.filter((r) => r === 'GET /portal/tickets')).toHaveLength(1);
  });
});
