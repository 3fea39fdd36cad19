import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SupportPortal, type PortalView } from '../../../src';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';
import { expectNoAxeViolations } from '../../utils/axe';

const api = setupMockApi();
// Whole user flows through several views: allow for a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

// Without getTicketHref, rows are buttons.
const row = (title: RegExp) => screen.findByRole('button', { name: title });

describe('SupportPortal', () => {
  describe('navigation', () => {
    it('goes list → ticket → back to the list, moving focus to each view heading', async () => {
      const user = userEvent.setup();
      renderWithPortal(<SupportPortal />, api);
      expect(await screen.findByRole('heading', { name: 'Your tickets' })).toBeInTheDocument();

      await user.click(await row(/Exported invoices CSV/));
      const title = await screen.findByRole('heading', { name: /Exported invoices CSV shows garbled characters/ });
      await waitFor(() => expect(title).toHaveFocus());

      await user.click(screen.getByRole('button', { name: 'Back to tickets' }));
      await waitFor(() => expect(screen.getByRole('heading', { name: 'Your tickets' })).toHaveFocus());
    });

    it("leaves focus where the user moved it while a ticket was loading", async () => {
      const user = userEvent.setup();
      renderWithPortal(<SupportPortal layout="split" />, api);
      const first = await row(/Exported invoices CSV/);
      api.mock.faults.setLatency(600, { method: 'GET', path: '/portal/tickets/tkt_jane_01' });
      await user.click(first);
      expect(first).toHaveFocus();
      // The list stays beside the loading thread: the user goes on to the next row.
      await user.tab();
      const moved = document.activeElement;
      expect(moved).not.toBe(first);
      expect(moved).not.toBe(document.body);

      expect(await screen.findByRole('heading', { name: /Exported invoices CSV shows garbled characters/ })).toBeInTheDocument();
      expect(moved).toHaveFocus();
    });

    it('focuses the ticket heading once loaded when focus stayed on the row', async () => {
      const user = userEvent.setup();
      renderWithPortal(<SupportPortal layout="split" />, api);
      api.mock.faults.setLatency(300, { method: 'GET', path: '/portal/tickets/tkt_jane_01' });
      await user.click(await row(/Exported invoices CSV/));
      const title = await screen.findByRole('heading', { name: /Exported invoices CSV shows garbled characters/ });
      await waitFor(() => expect(title).toHaveFocus());
    });

    it('opens the new-ticket form from anywhere and shows the created ticket', async () => {
      const user = userEvent.setup();
      renderWithPortal(<SupportPortal />, api);
      await user.click(await screen.findByRole('button', { name: 'New ticket' }));
      await waitFor(() => expect(screen.getByRole('heading', { name: 'New ticket' })).toHaveFocus());

      await user.type(screen.getByRole('textbox', { name: /Subject/ }), 'Cannot reset my password');
      await user.click(screen.getByRole('button', { name: 'Create ticket' }));

      expect(await screen.findByRole('heading', { name: 'Cannot reset my password' })).toBeInTheDocument();
      const created = [...api.mock.store.tickets.values()].filter((t) => t.title === 'Cannot reset my password');
      expect(created).toHaveLength(1);
    });

    it('points a closed ticket to a new one', async () => {
      const user = userEvent.setup();
      renderWithPortal(<SupportPortal defaultView={{ name: 'ticket', ticketId: 'tkt_jane_04' }} />, api);
      expect(await screen.findByText('This ticket is closed.')).toBeInTheDocument();
      expect(screen.queryByRole('textbox', { name: 'Your reply' })).not.toBeInTheDocument();
      const newTicket = screen.getAllByRole('button', { name: 'New ticket' });
      await user.click(newTicket[newTicket.length - 1] as HTMLElement);
      expect(await screen.findByRole('textbox', { name: /Subject/ })).toBeInTheDocument();
    });

    it('is controllable: the host owns the view and is told about every navigation', async () => {
      const user = userEvent.setup();
      const changes: PortalView[] = [];
      function Host() {
        const [view, setView] = useState<PortalView>({ name: 'list' });
        return (
          <SupportPortal
            view={view}
            onViewChange={(next) => {
              changes.push(next);
              setView(next);
            }}
            getTicketHref={(t) => `/support/tickets/${t.id}`}
          />
        );
      }
      renderWithPortal(<Host />, api);
      const link = await screen.findByRole('link', { name: /Exported invoices CSV/ });
      expect(link).toHaveAttribute('href', '/support/tickets/tkt_jane_01');
      await user.click(link);
      expect(changes).toEqual([{ name: 'ticket', ticketId: 'tkt_jane_01' }]);
      expect(await screen.findByRole('heading', { name: /Exported invoices CSV/ })).toBeInTheDocument();
    });

    it('ignores clicks when the host does not follow onViewChange (fully controlled)', async () => {
      const user = userEvent.setup();
      const onViewChange = vi.fn();
      renderWithPortal(<SupportPortal view={{ name: 'list' }} onViewChange={onViewChange} />, api);
      await user.click(await row(/Exported invoices CSV/));
      expect(onViewChange).toHaveBeenCalledWith({ name: 'ticket', ticketId: 'tkt_jane_01' });
      expect(screen.queryByRole('heading', { name: /Exported invoices CSV shows garbled/ })).not.toBeInTheDocument();
    });
  });

  describe('session', () => {
    it('shows who is signed in', async () => {
      renderWithPortal(<SupportPortal />, api);
      expect(await screen.findByText('Signed in as jane@example.com')).toBeInTheDocument();
    });

    it('replaces the portal with a clear message and a host callback when the session cannot be renewed', async () => {
      const user = userEvent.setup();
      const onSignIn = vi.fn();
      let signedIn = true;
      const mint = api.getToken();
      const getToken = async () => {
        if (!signedIn) throw new Error('backend says no');
        return mint();
      };
      const { queryClient } = renderWithPortal(<SupportPortal onSignIn={onSignIn} />, api, { provider: { getToken } });
      await user.click(await row(/Exported invoices CSV/));
      await screen.findByRole('heading', { name: /Exported invoices CSV shows garbled/ });

      // The host's sign-in ends and the API rejects every token issued so far.
      signedIn = false;
      api.mock.faults.expireAllTokens();
      // Next poll or refetch: 401, renewal refused, session over.
      void queryClient.invalidateQueries();

      const alert = await screen.findByRole('alert');
      expect(within(alert).getByRole('heading', { name: 'Your support session has ended' })).toBeInTheDocument();
      expect(alert).not.toHaveTextContent('backend says no');
      await user.click(within(alert).getByRole('button', { name: 'Sign in again' }));
      expect(onSignIn).toHaveBeenCalledTimes(1);
    });
  });

  it('has no axe violations', async () => {
    const { container } = renderWithPortal(<SupportPortal />, api);
    await row(/Exported invoices CSV/);
    await expectNoAxeViolations(container);
  });
});
