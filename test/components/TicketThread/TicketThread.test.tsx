import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TicketThread } from '../../../src';
import { expectNoAxeViolations } from '../../utils/axe';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';
import { elapse, fakeClock } from '../../utils/settle';

// A Vitest setup helper named like a hook (test/utils/mockApi.ts), not a React hook.
const api = setupMockApi();
const RICH = 'tkt_jane_01';

/** The conversation's messages, in order. */
function feed() {
  return within(screen.getByRole('feed')).getAllByRole('article');
}
const countRequests = (request: string) => api.requests.filter((r) => r === request).length;

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('TicketThread', () => {
  describe('header and content', () => {
    it('shows the label, title heading, status and created date', async () => {
      const onBack = vi.fn();
      renderWithPortal(<TicketThread ticketId={RICH} onBack={onBack} />, api);
      const heading = await screen.findByRole('heading', { level: 2, name: 'Exported invoices CSV shows garbled characters' });
      expect(heading).toHaveAttribute('tabindex', '-1');
      expect(screen.getByText('ACME-1001')).toBeInTheDocument();
      expect(screen.getByText('Open')).toHaveAttribute('data-status', 'open');
      const created = screen.getByText(/^Created /);
      expect(created.tagName).toBe('TIME');
      expect(created.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
      await userEvent.click(screen.getByRole('button', { name: 'Back to tickets' }));
      expect(onBack).toHaveBeenCalledOnce();
      // The section is named by its title.
      expect(screen.getByRole('region', { name: 'Exported invoices CSV shows garbled characters' })).toBeInTheDocument();
    });

    it('takes a heading level and exposes the heading for focus', async () => {
      const ref = { current: null as HTMLHeadingElement | null };
      renderWithPortal(<TicketThread ticketId={RICH} headingLevel={1} headingRef={ref} />, api);
      const heading = await screen.findByRole('heading', { level: 1 });
      expect(ref.current).toBe(heading);
      act(() => ref.current!.focus());
      expect(heading).toHaveFocus();
      expect(screen.getByRole('heading', { level: 2, name: 'Original message' })).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Back to tickets' })).not.toBeInTheDocument();
    });

    it('renders the original body, then the comments oldest first with normalised authors', async () => {
      renderWithPortal(<TicketThread ticketId={RICH} />, api);
      const original = await screen.findByRole('region', { name: 'Original message' });
      expect(within(original).getByText(/Screenshot attached/)).toBeInTheDocument();
      await waitFor(() => expect(feed()).toHaveLength(4));
      const items = feed();
      expect(items.map((a) => a.getAttribute('aria-label'))).toEqual([
        'Message from Sam Rivera',
        'Message from You',
        'Message from Sam Rivera',
        'Message from You',
      ]);
      expect(items.map((a) => a.getAttribute('aria-posinset'))).toEqual(['1', '2', '3', '4']);
      expect(items.every((a) => a.getAttribute('aria-setsize') === '4')).toBe(true);
      expect(items[0]).toHaveTextContent(/known issue with how Excel guesses/);
      expect(items[3]).toHaveTextContent(/the PDF looks right now/);
      // The customer's own messages are marked for the other side.
      expect(items[1]!.querySelector('.dt-message')).toHaveAttribute('data-own');
      expect(items[0]!.querySelector('.dt-message')).not.toHaveAttribute('data-own');
      expect(within(items[0]!).getByText('SR')).toHaveAttribute('aria-hidden', 'true');
    });

    it('never renders internal notes or the hidden system comment', async () => {
      renderWithPortal(<TicketThread ticketId={RICH} />, api);
      await waitFor(() => expect(feed()).toHaveLength(4));
      const text = document.body.textContent ?? '';
      expect(text).not.toMatch(/legacy exporter|ENG-4821|Billing confirmed|Ticket assigned/);
      expect(screen.queryByText('att_internal_debug_log')).not.toBeInTheDocument();
    });

    it('labels system comments quietly when the API sends them', async () => {
      api.mock.faults.setVariants({ showSystemComments: true });
      renderWithPortal(<TicketThread ticketId={RICH} />, api);
      await waitFor(() => expect(feed()).toHaveLength(5));
      const system = feed()[0]!;
      expect(system).toHaveAttribute('aria-label', 'Message from System');
      expect(system.querySelector('.dt-message')).toHaveAttribute('data-author', 'system');
    });

    it.each(['STAFF', 'AGENT'] as const)('treats %s authors as staff, "Support team" without a name', async (authorType) => {
      api.mock.faults.setVariants({ authorType });
      renderWithPortal(<TicketThread ticketId="tkt_jane_11" />, api);
      await screen.findByRole('feed');
      const labels = feed().map((a) => a.getAttribute('aria-label'));
      expect(labels).toContain('Message from Support team');
      const unnamed = feed().find((a) => a.getAttribute('aria-label') === 'Message from Support team')!;
      expect(unnamed.querySelector('.dt-message')).toHaveAttribute('data-author', 'staff');
      expect(within(unnamed).getByText('ST')).toBeInTheDocument();
      expect(within(unnamed).queryByText('You')).not.toBeInTheDocument();
    });

    it('shows an empty conversation and no original message for a bare ticket', async () => {
      renderWithPortal(<TicketThread ticketId="tkt_jane_06" />, api);
      expect(await screen.findByText('No replies yet. Our team will get back to you soon.')).toBeInTheDocument();
      expect(screen.queryByRole('region', { name: 'Original message' })).not.toBeInTheDocument();
    });

    it('has no axe violations', async () => {
      const { container } = renderWithPortal(<TicketThread ticketId={RICH} onBack={() => {}} />, api);
      await waitFor(() => expect(feed()).toHaveLength(4));
      await screen.findByRole('region', { name: 'Attachments' });
      await expectNoAxeViolations(container);
    });
  });

  describe('attachments', () => {
    it('lists the ticket files with name and size, and resolves attachment: images in bodies', async () => {
      renderWithPortal(<TicketThread ticketId={RICH} />, api);
      const section = await screen.findByRole('region', { name: 'Attachments' }, { timeout: 3000 });
      const links = within(section).getAllByRole('link');
      const visible = api.mock.store.visibleAttachments(RICH);
      expect(links).toHaveLength(visible.length);
      for (const a of visible) expect(within(section).getByText(a.filename)).toBeInTheDocument();
      expect(within(section).queryByText(/debug/i)).not.toBeInTheDocument();
      // Sizes in the provider's locale.
      expect(within(section).getAllByText(/\d (bytes|kB|KB|MB)/i).length).toBe(visible.length);
      // ![Import dialog](attachment:att_staff_import_dialog) becomes a real image.
      const image = await screen.findByRole('img', { name: 'Import dialog' });
      await waitFor(() => expect(image).toHaveAttribute('src', expect.stringContaining('/__storage/')));
      // [invoice.pdf](attachment:att_staff_invoice_pdf) becomes a download link.
      const pdf = feed()[2]!;
      await waitFor(() =>
        expect(within(pdf).getByRole('link', { name: 'invoice-INV-2024-0042.pdf' })).toHaveAttribute('href', expect.stringContaining('/__storage/')),
      );
      // One request per file, in parallel: never a list of N sequential fetches.
      expect(countRequests(`GET /portal/tickets/${RICH}/attachments`)).toBe(1);
      expect(countRequests(`GET /portal/tickets/${RICH}/attachments/att_staff_import_dialog`)).toBe(1);
    });

    it('downloads through a fresh URL: the cached one while valid, a new one after expiry', async () => {
      renderWithPortal(<TicketThread ticketId={RICH} />, api);
      const section = await screen.findByRole('region', { name: 'Attachments' }, { timeout: 3000 });
      const link = within(section).getByRole('link', { name: /excel-garbled-names\.png/ });
      const path = `GET /portal/tickets/${RICH}/attachments/att_jane_screenshot`;
      await waitFor(() => expect(link).toHaveAttribute('href', expect.stringContaining('/__storage/')));
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      const first = link.getAttribute('href');
      expect(countRequests(path)).toBe(1);

      // Fresh: a plain link, no request, nothing intercepted.
      const open = vi.spyOn(window, 'open');
      link.addEventListener('click', (e) => e.preventDefault(), { once: true }); // jsdom can't navigate
      await userEvent.click(link);
      expect(open).not.toHaveBeenCalled();
      expect(countRequests(path)).toBe(1);

      // 20 minutes later the cached URL has expired (15 min): the click fetches a new one.
      const tab = { opener: window as Window | null, location: { href: '' }, close: vi.fn() };
      open.mockReturnValue(tab as unknown as Window);
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 20 * 60_000 });
      try {
        await userEvent.click(link);
        await waitFor(() => expect(tab.location.href).toContain('/__storage/'));
      } finally {
        vi.useRealTimers();
      }
      expect(open).toHaveBeenCalledWith('', '_blank');
      expect(tab.opener).toBeNull();
      expect(tab.location.href).not.toBe(first);
      expect(countRequests(path)).toBe(2);
    });

    it('shows a file that cannot be opened instead of ignoring it', async () => {
      api.mock.faults.failRoute({ method: 'GET', path: '/portal/tickets/:id/attachments/:att', status: 404 });
      renderWithPortal(<TicketThread ticketId={RICH} />, api);
      const section = await screen.findByRole('region', { name: 'Attachments' }, { timeout: 3000 });
      expect(await within(section).findByText("We couldn't open excel-garbled-names.png.")).toBeInTheDocument();
      expect(await screen.findByText("We couldn't open invoice-INV-2024-0042.pdf.")).toBeInTheDocument();
    });

    it('shows a failed attachment list with a retry', async () => {
      api.mock.faults.failRoute({ method: 'GET', path: '/portal/tickets/:id/attachments', status: 503, count: 1 });
      renderWithPortal(<TicketThread ticketId={RICH} />, api, { provider: { clientOptions: { retry: false } } });
      const section = await screen.findByRole('region', { name: 'Attachments' }, { timeout: 3000 });
      expect(within(section).getByText("We couldn't load the attachments.")).toBeInTheDocument();
      await userEvent.click(within(section).getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(within(section).getAllByRole('link').length).toBeGreaterThan(0));
    });
  });

  describe('states', () => {
    it('shows a loading skeleton first', async () => {
      api.mock.faults.setLatency(200);
      const { container } = renderWithPortal(<TicketThread ticketId={RICH} />, api);
      const root = container.querySelector('.dt-ticket-thread')!;
      expect(root).toHaveAttribute('aria-busy', 'true');
      expect(root).toHaveAttribute('data-state', 'loading');
      expect(screen.getByRole('status')).toHaveTextContent('Loading…');
      await screen.findByRole('heading', { name: /garbled/ });
      expect(root).not.toHaveAttribute('aria-busy');
    });

    it('shows not found for a foreign ticket, with a way back and no retry loop', async () => {
      fakeClock();
      const onBack = vi.fn();
      const { queryClient } = renderWithPortal(<TicketThread ticketId="tkt_bob_01" onBack={onBack} pollInterval={30} />, api);
      expect(await screen.findByRole('heading', { name: 'Ticket not found' })).toBeInTheDocument();
      expect(screen.getByText("This ticket doesn't exist, or you don't have access to it.")).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
      // Many poll intervals later, still the one request.
      await elapse(30 * 10, queryClient);
      expect(countRequests('GET /portal/tickets/tkt_bob_01')).toBe(1);
      await userEvent.click(screen.getByRole('button', { name: 'Back to tickets' }));
      expect(onBack).toHaveBeenCalledOnce();
    });

    it('shows an error with retry', async () => {
      api.mock.faults.failRoute({ method: 'GET', path: `/portal/tickets/${RICH}`, status: 500, count: 1 });
      renderWithPortal(<TicketThread ticketId={RICH} />, api, { provider: { clientOptions: { retry: false } } });
      expect(await screen.findByRole('heading', { name: "We couldn't load this ticket." })).toBeInTheDocument();
      expect(screen.getByText('Something went wrong on our side. Try again in a moment.')).toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
      expect(await screen.findByRole('heading', { name: /garbled/ })).toBeInTheDocument();
    });

    it('replaces the composer on a closed ticket with a way to open a new one', async () => {
      const onNewTicket = vi.fn();
      renderWithPortal(<TicketThread ticketId="tkt_jane_04" onNewTicket={onNewTicket} />, api);
      expect(await screen.findByText('This ticket is closed.')).toBeInTheDocument();
      expect(screen.getByText(/Need more help\?/)).toBeInTheDocument();
      expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'New ticket' }));
      expect(onNewTicket).toHaveBeenCalledOnce();
    });

    it.each([
      ['resolved', 'tkt_jane_03'],
      ['custom waiting_on_customer', 'tkt_jane_05'],
      ['pending', 'tkt_jane_02'],
    ])('takes replies on a %s ticket', async (_status, id) => {
      renderWithPortal(<TicketThread ticketId={id} />, api);
      expect(await screen.findByRole('textbox', { name: 'Your reply' })).toBeEnabled();
      expect(screen.queryByText('This ticket is closed.')).not.toBeInTheDocument();
    });

    it('honours custom closed statuses', async () => {
      renderWithPortal(<TicketThread ticketId="tkt_jane_05" closedStatuses={['closed', 'waiting_on_customer']} />, api);
      expect(await screen.findByText('This ticket is closed.')).toBeInTheDocument();
    });
  });

  describe('polling', () => {
    it('appends a new staff reply and announces it politely', async () => {
      renderWithPortal(<TicketThread ticketId={RICH} pollInterval={50} />, api);
      await waitFor(() => expect(feed()).toHaveLength(4));
      api.mock.store.addComment(RICH, { body: 'We found the **root cause**.', authorType: 'STAFF', authorName: 'Priya Shah' });
      await waitFor(() => expect(feed()).toHaveLength(5));
      expect(feed()[4]).toHaveAttribute('aria-label', 'Message from Priya Shah');
      expect(feed()[4]).toHaveTextContent('We found the root cause.');
      const live = screen.getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite' && el.textContent);
      expect(live).toHaveTextContent('New reply from Priya Shah');
    });

    it("doesn't announce the customer's own messages", async () => {
      renderWithPortal(<TicketThread ticketId={RICH} pollInterval={50} />, api);
      await waitFor(() => expect(feed()).toHaveLength(4));
      api.mock.store.addComment(RICH, { body: 'Sent from my phone', authorType: 'CUSTOMER', authorId: 'cus_jane_cooper' });
      await waitFor(() => expect(feed()).toHaveLength(5));
      expect(document.body.textContent).not.toMatch(/New repl/);
    });

    it('counts several new replies', async () => {
      renderWithPortal(<TicketThread ticketId={RICH} pollInterval={50} />, api);
      await waitFor(() => expect(feed()).toHaveLength(4));
      api.mock.store.addComment(RICH, { body: 'One', authorType: 'STAFF', authorName: 'Priya Shah' });
      api.mock.store.addComment(RICH, { body: 'Two', authorType: 'STAFF', authorName: 'Sam Rivera' });
      await waitFor(() => expect(feed()).toHaveLength(6));
      expect(screen.getByText('2 new replies')).toBeInTheDocument();
    });
  });
});
