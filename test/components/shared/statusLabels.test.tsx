import { describe, expect, it } from 'vitest';

// A slow machine takes a while for the first render of a thread.
const SLOW = 20_000;
import { screen, within } from '@testing-library/react';
import { SupportPortal, TicketList, TicketThread } from '../../../src';
import { de } from '../../../src/i18n/locales/de';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';

const api = setupMockApi();
const messages = { ...de, 'status.waiting_on_customer': 'Wartet auf Ihre Antwort' };

describe('custom statuses in the host language', () => {
  it('labels a custom status with the host-provided message on the thread, the row and the filter', { timeout: SLOW }, async () => {
    renderWithPortal(
      <>
        <TicketThread ticketId="tkt_jane_05" />
        <TicketList />
      </>,
      api,
      { provider: { locale: 'de', messages } },
    );
    const heading = await screen.findByRole('heading', { name: /ACME-1005|.+/, level: 2 }, { timeout: 10_000 });
    expect(within(heading.closest('header')!).getByText('Wartet auf Ihre Antwort')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: /.+/ }, { timeout: 10_000 });
    expect(await within(list).findByText('Wartet auf Ihre Antwort')).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Wartet auf Ihre Antwort' })).toBeInTheDocument();
    expect(screen.queryByText('Waiting on customer')).toBeNull();
  });
});

describe('the session-expired screen', () => {
  it('no longer says who is signed in', { timeout: SLOW }, async () => {
    let signedIn = true;
    const mint = api.getToken();
    const getToken = async () => {
      if (!signedIn) throw new Error('backend says no');
      return mint();
    };
    const { queryClient } = renderWithPortal(<SupportPortal />, api, { provider: { getToken } });
    expect(await screen.findByText('Signed in as jane@example.com')).toBeInTheDocument();
    signedIn = false;
    api.mock.faults.expireAllTokens();
    void queryClient.invalidateQueries();
    await screen.findByRole('alert');
    expect(screen.queryByText(/Signed in as/)).toBeNull();
  });
});
