import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createPortalClient } from '../../../src/headless';
import { TicketList, TicketThread } from '../../../src';
import { BackendError } from '../../../src/server';
import { expectNoAxeViolations } from '../../utils/axe';
import { GATEWAY, setupGatewayApi, type GatewayApi } from '../../utils/gatewayApi';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';

async function fileTicket(api: GatewayApi, title: string, solved = false) {
  const client = createPortalClient({ baseUrl: GATEWAY, getToken: api.getToken(), retry: false });
  const ticket = await client.createTicket({ title, body: 'Details' });
  if (solved) await client.closeTicket(ticket.id);
  return ticket;
}
const onGateway = { provider: { baseUrl: GATEWAY } };

describe('TicketThread actions through the gateway', { timeout: 20_000 }, () => {
  const api = setupGatewayApi({ gateway: { rating: { scale: 'scale5' } } });

  it('marks a ticket solved after a confirmation naming the consequence, announces it, then offers Reopen', async () => {
    const user = userEvent.setup();
    const ticket = await fileTicket(api, 'Printer jam');
    renderWithPortal(<TicketThread ticketId={ticket.id} />, api, onGateway);
    const solve = await screen.findByRole('button', { name: 'Mark as solved' });
    await user.click(solve);
    const dialog = await screen.findByRole('alertdialog', { name: 'Mark this ticket as solved?' });
    expect(dialog).toHaveAccessibleDescription('Support will treat your request as done and stop working on it.');
    await expectNoAxeViolations();
    await user.click(within(dialog).getByRole('button', { name: 'Mark as solved' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('button', { name: 'Reopen' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByRole('status').some((r) => r.textContent?.includes('Ticket marked as solved.'))).toBe(true));
    expect(api.backend.calls.closeTicket).toBe(1);
  });

  it('says why when the helpdesk refuses a reopen, and offers a new ticket instead', async () => {
    const user = userEvent.setup();
    const ticket = await fileTicket(api, 'Old issue', true);
    api.backend.reopenTicket = async () => {
      throw new BackendError('refused', { code: 'REOPEN_WINDOW_PASSED' });
    };
    let asked = 0;
    renderWithPortal(<TicketThread ticketId={ticket.id} onNewTicket={() => asked++} />, api, onGateway);
    await user.click(await screen.findByRole('button', { name: 'Reopen' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Reopen this ticket?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reopen' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('This ticket was closed too long ago to reopen. Open a new ticket instead.');
    await user.click(within(dialog).getByRole('button', { name: 'New ticket' }));
    expect(asked).toBe(1);
  });

  it('asks for a rating once, by keyboard, then thanks and shows the rating given', async () => {
    const user = userEvent.setup();
    const ticket = await fileTicket(api, 'Rate me', true);
    renderWithPortal(<TicketThread ticketId={ticket.id} />, api, onGateway);
    const group = await screen.findByRole('group', { name: 'Rate the help you got' });
    expect(within(group).getAllByRole('radio')).toHaveLength(5);
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose a rating first.');
    expect(within(group).getByRole('radio', { name: '1 of 5' })).toHaveFocus();
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(within(group).getByRole('radio', { name: '4 of 5' })).toBeChecked();
    await user.type(screen.getByRole('textbox', { name: 'Anything to add? (optional)' }), 'Quick and kind');
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(await screen.findByText('You rated this 4 out of 5.')).toBeInTheDocument();
    expect(screen.getByText('Thanks for your feedback!', { selector: 'p' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Rate the help you got' })).not.toBeInTheDocument();
  });

  it('shows a rating given elsewhere instead of asking again', async () => {
    const ticket = await fileTicket(api, 'Rated already', true);
    await createPortalClient({ baseUrl: GATEWAY, getToken: api.getToken() }).rateTicket(ticket.id, { rating: 2 });
    renderWithPortal(<TicketThread ticketId={ticket.id} />, api, onGateway);
    expect(await screen.findByText('You rated this 2 out of 5.')).toBeInTheDocument();
    expect(screen.queryByText('Thanks for your feedback!')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send rating' })).not.toBeInTheDocument();
  });
});

describe('TicketList search through the gateway', { timeout: 20_000 }, () => {
  const api = setupGatewayApi();

  it('searches as the customer types, clears by button or Escape, and says when nothing matches', async () => {
    const user = userEvent.setup();
    await fileTicket(api, 'Invoice is wrong');
    await fileTicket(api, 'Cannot sign in');
    renderWithPortal(<TicketList />, api, onGateway);
    const box = await screen.findByRole('searchbox', { name: 'Search tickets' });
    expect(screen.queryByRole('combobox', { name: 'Status' })).not.toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Statuses' })).toBeInTheDocument();
    await screen.findByText('Cannot sign in');
    await user.type(box, 'invoice');
    await waitFor(() => expect(screen.queryByText('Cannot sign in')).not.toBeInTheDocument());
    expect(screen.getByText('Invoice is wrong')).toBeInTheDocument();
    await user.type(box, 'zzz');
    expect(await screen.findByText('No tickets match')).toBeInTheDocument();
    await expectNoAxeViolations();
    await user.keyboard('{Escape}');
    expect(box).toHaveValue('');
    expect(await screen.findByText('Cannot sign in')).toBeInTheDocument();
    await user.type(box, 'sign');
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(box).toHaveFocus();
    expect(box).toHaveValue('');
  });
});

describe('against the Dispatch portal API directly (no extensions)', () => {
  const api = setupMockApi();

  it('shows no search, no multi-status filter and no ticket actions', async () => {
    renderWithPortal(<TicketList />, api);
    expect(await screen.findByRole('combobox', { name: 'Status' })).toBeInTheDocument();
    await waitFor(() => expect(api.requests).toContain('GET /portal/capabilities'));
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Statuses' })).not.toBeInTheDocument();
  });

  it('shows no solve or reopen button and no rating prompt on a thread', async () => {
    renderWithPortal(<TicketThread ticketId="tkt_jane_01" />, api);
    await screen.findByRole('heading', { level: 2 });
    await waitFor(() => expect(api.requests).toContain('GET /portal/capabilities'));
    expect(screen.queryByRole('button', { name: 'Mark as solved' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reopen' })).not.toBeInTheDocument();
  });
});
