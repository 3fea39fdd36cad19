import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NewTicketForm, usePortalSession, type NewTicketFormProps, type Ticket } from '../../../src';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';
import { expectNoAxeViolations } from '../../utils/axe';
import { fileInput, testFile } from '../AttachmentUploader/files';
import { idle } from '../../utils/settle';

const api = setupMockApi();

beforeEach(() => {
  sessionStorage.clear();
  URL.createObjectURL = vi.fn(() => 'blob:test');
  URL.revokeObjectURL = vi.fn();
});

// No automatic retries: each test decides what fails and when.
const renderForm = (props: NewTicketFormProps = {}) =>
  renderWithPortal(<NewTicketForm {...props} />, api, { provider: { clientOptions: { retry: false } } });

const subject = () => screen.getByRole('textbox', { name: 'Subject' });
const description = () => screen.getByRole('textbox', { name: 'Description' });
const submitButton = () => screen.getByRole('button', { name: /Create ticket|Creating ticket/ });
const rows = () => within(screen.getByRole('list', { name: 'Files' })).getAllByRole('listitem');
const customerTickets = () =>
  [...api.mock.store.tickets.values()].filter((t) => t.customerId === api.mock.store.findCustomerByEmail('br_demo', 'jane@example.com')?.id);
const newTickets = () => customerTickets().filter((t) => !t.id.startsWith('tkt_jane'));
const attachmentsOf = (ticketId: string) => [...api.mock.store.attachments.values()].filter((a) => a.ticketId === ticketId);
const drafts = () => Object.keys(sessionStorage).filter((k) => k.startsWith('dt:draft:'));

async function fill(user: ReturnType<typeof userEvent.setup>, title: string, body = '') {
  await user.type(subject(), title);
  if (body) await user.type(description(), body);
}

describe('NewTicketForm', () => {
  describe('fields', () => {
    it('has a heading, a required subject with a counter, a described description, attachments and no axe violations', async () => {
      const { container } = renderForm();
      expect(screen.getByRole('heading', { name: 'New ticket' })).toBeInTheDocument();
      expect(screen.getByRole('form', { name: 'New ticket' })).toBeInTheDocument();
      expect(subject()).toBeRequired();
      expect(subject()).toHaveAccessibleDescription('0 of 200 characters');
      expect(description()).toHaveAccessibleDescription('What happened, and what did you expect?');
      expect(screen.getByRole('group', { name: 'Attachments' })).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
      await expectNoAxeViolations(container);
    });

    it('counts subject characters against the limit', async () => {
      const user = userEvent.setup();
      renderForm({ subjectMaxLength: 10 });
      await user.type(subject(), 'Broken CSV export');
      const counter = screen.getByText('17 of 10 characters');
      expect(counter).toHaveAttribute('data-state', 'over');
      expect(subject()).toHaveAttribute('aria-describedby', expect.stringContaining(counter.id));
    });

    it('can leave the heading to its host and still be a labelled form', () => {
      renderForm({ showTitle: false });
      expect(screen.queryByRole('heading')).not.toBeInTheDocument();
      expect(screen.getByRole('form', { name: 'New ticket' })).toBeInTheDocument();
    });

    it('offers Cancel when the host gives onCancel', async () => {
      const onCancel = vi.fn();
      renderForm({ onCancel });
      await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(onCancel).toHaveBeenCalledTimes(1);
    });
  });

  describe('validation', () => {
    it('checks a field when the user leaves it after editing, and updates as it is fixed', async () => {
      const user = userEvent.setup();
      const { container } = renderForm();
      // Tabbing through untouched fields is not an error.
      await user.click(subject());
      await user.tab();
      expect(subject()).not.toHaveAttribute('aria-invalid');

      await user.type(subject(), '   ');
      await user.tab();
      expect(subject()).toHaveAttribute('aria-invalid', 'true');
      expect(subject()).toHaveAccessibleDescription('Enter a subject. 0 of 200 characters');
      await expectNoAxeViolations(container);

      await user.type(subject(), 'Login loop');
      expect(subject()).not.toHaveAttribute('aria-invalid');
      expect(screen.queryByText('Enter a subject.')).not.toBeInTheDocument();
    });

    it('on submit, shows every error and focuses the first one; nothing is sent', async () => {
      const user = userEvent.setup();
      renderForm({ defaultValues: { description: 'x'.repeat(20_001) } });
      await user.click(submitButton());
      expect(subject()).toHaveFocus();
      expect(subject()).toHaveAccessibleDescription(/Enter a subject\./);
      expect(description()).toHaveAccessibleDescription(/Keep the description under 20,000 characters\./);
      expect(description()).toHaveAttribute('aria-invalid', 'true');

      await user.type(subject(), 'Something');
      await user.click(submitButton());
      expect(description()).toHaveFocus();
      expect(api.requests.filter((r) => r === 'POST /portal/tickets')).toEqual([]);
    });
  });

  describe('creating a ticket', () => {
    it('creates the ticket with its text and files, then clears the form and the draft', async () => {
      const user = userEvent.setup();
      const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
      const { container } = renderForm({ onTicketCreate });
      await fill(user, '  Invoices CSV garbled  ', 'Umlauts turn into ?');
      await user.upload(fileInput(container), testFile('export.csv', 120, 'text/csv'));
      await waitFor(() => expect(rows()[0]).toHaveAttribute('data-status', 'uploaded'));
      expect(drafts().length).toBeGreaterThan(0);

      await user.click(submitButton());
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
      const ticket = onTicketCreate.mock.calls[0]![0];
      expect(ticket.title).toBe('Invoices CSV garbled');
      const stored = api.mock.store.tickets.get(ticket.id)!;
      expect(stored).toMatchObject({ title: 'Invoices CSV garbled', body: 'Umlauts turn into ?' });
      expect(attachmentsOf(ticket.id).map((a) => a.filename)).toEqual(['export.csv']);

      expect(await screen.findByText(`Ticket ${ticket.label} created`)).toBeInTheDocument();
      expect(subject()).toHaveValue('');
      expect(description()).toHaveValue('');
      expect(screen.queryByRole('list', { name: 'Files' })).not.toBeInTheDocument();
      await waitFor(() => expect(drafts()).toEqual([]));
    });

    it('maps server field errors onto the fields, keeps the text and focuses the field', async () => {
      const user = userEvent.setup();
      // Our limit is higher than the server's here, so the server is the one to refuse.
      renderForm({ subjectMaxLength: 300 });
      const long = 'Very long subject '.repeat(14);
      fireEvent.change(subject(), { target: { value: long } });
      await user.type(description(), 'Details');
      await user.click(submitButton());

      await waitFor(() => expect(subject()).toHaveAttribute('aria-invalid', 'true'));
      expect(subject()).toHaveFocus();
      expect(subject()).toHaveAccessibleDescription(/Support didn't accept this subject\. Try a shorter one\./);
      expect(screen.getByRole('alert')).toHaveTextContent('Fix the highlighted fields.');
      // Server text is never shown; what the user typed is kept.
      expect(document.body).not.toHaveTextContent('Title must be at most');
      expect(subject()).toHaveValue(long);
      expect(description()).toHaveValue('Details');
      expect(newTickets()).toEqual([]);
    });

    it('shows other failures localised with a retry, keeping everything typed', async () => {
      const user = userEvent.setup();
      api.mock.faults.failRoute({ method: 'POST', path: '/portal/tickets', status: 500, count: 1, message: 'db exploded' });
      const onTicketCreate = vi.fn();
      const { container } = renderForm({ onTicketCreate });
      await fill(user, 'Login loop', 'Again and again');
      await user.click(submitButton());

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Something went wrong on our side. Try again in a moment.');
      expect(alert).not.toHaveTextContent('db exploded');
      expect(subject()).toHaveValue('Login loop');
      await expectNoAxeViolations(container);

      await user.click(within(alert).getByRole('button', { name: 'Try again' }));
      expect(submitButton()).toHaveFocus();
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
      expect(newTickets()).toHaveLength(1);
    });

    it('creates one ticket however often it is sent: double click, and a retry after a lost response', async () => {
      const user = userEvent.setup();
      const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
      // The first answer is lost after the server created the ticket.
      api.mock.faults.dropAfterCommit({ method: 'POST', path: '/portal/tickets' }, 1);
      renderForm({ onTicketCreate });
      await fill(user, 'Charged twice');
      await user.dblClick(submitButton());
      // Either the form finds the ticket the lost answer was about, or it says it couldn't
      // reach support and a second press replays the same key: one ticket either way.
      await waitFor(() => expect(onTicketCreate.mock.calls.length + screen.queryAllByRole('alert').length).toBeGreaterThan(0));
      expect(newTickets()).toHaveLength(1);
      if (!onTicketCreate.mock.calls.length) {
        expect(screen.getByRole('alert')).toHaveTextContent("We couldn't reach support.");
        await user.click(submitButton());
      }
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
      expect(newTickets()).toHaveLength(1);
      expect(onTicketCreate.mock.calls[0]![0].id).toBe(newTickets()[0]!.id);
    });

    it('sends what the host adds through renderExtraFields after the description', async () => {
      const user = userEvent.setup();
      const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
      renderForm({
        onTicketCreate,
        renderExtraFields: ({ setExtraText, disabled }) => (
          <label>
            Plan
            <select disabled={disabled} defaultValue="" onChange={(e) => setExtraText(`Plan: ${e.target.value}`)}>
              <option value="">—</option>
              <option>Pro</option>
            </select>
          </label>
        ),
      });
      await fill(user, 'Upgrade question', 'Can I switch?');
      await user.selectOptions(screen.getByRole('combobox', { name: 'Plan' }), 'Pro');
      await user.click(submitButton());
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalled());
      expect(api.mock.store.tickets.get(onTicketCreate.mock.calls[0]![0].id)?.body).toBe('Can I switch?\n\nPlan: Pro');
    });
  });

  describe('attachments on submit', () => {
    it('waits for uploads still running, then sends by itself', async () => {
      const user = userEvent.setup();
      api.mock.faults.setLatency(1200, { method: 'PUT', path: '/__storage/*' });
      const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
      const { container } = renderForm({ onTicketCreate });
      await fill(user, 'Screenshot attached');
      await user.upload(fileInput(container), testFile('shot.png', 300, 'image/png'));
      await user.click(submitButton());

      expect(await screen.findByText('Waiting for 1 file to finish uploading…')).toBeInTheDocument();
      expect(api.requests).not.toContain('POST /portal/tickets');
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1), { timeout: 5000 });
      expect(attachmentsOf(onTicketCreate.mock.calls[0]![0].id).map((a) => a.filename)).toEqual(['shot.png']);
    });

    it('lets the user stop waiting', async () => {
      const user = userEvent.setup();
      api.mock.faults.setLatency(1200, { method: 'PUT', path: '/__storage/*' });
      const { container, queryClient } = renderForm();
      await fill(user, 'Screenshot attached');
      await user.upload(fileInput(container), testFile('shot.png', 300, 'image/png'));
      await user.click(submitButton());
      const waiting = await screen.findByText('Waiting for 1 file to finish uploading…');
      await user.click(within(waiting.parentElement!).getByRole('button', { name: 'Cancel' }));
      expect(screen.queryByText(/Waiting for/)).not.toBeInTheDocument();
      // The Cancel button went away with the notice: focus goes to the submit button, not <body>.
      expect(submitButton()).toHaveFocus();
      await waitFor(() => expect(rows()[0]).toHaveAttribute('data-status', 'uploaded'), { timeout: 5000 });
      // A send would have started as the upload finished: nothing was ever attempted.
      await idle(queryClient);
      expect(queryClient.getMutationCache().getAll()).toEqual([]);
      expect(api.requests).not.toContain('POST /portal/tickets');
    });

    it('checks the fields again before sending after the wait', async () => {
      const user = userEvent.setup();
      api.mock.faults.setLatency(1200, { method: 'PUT', path: '/__storage/*' });
      const { container } = renderForm();
      await fill(user, 'Soon empty');
      await user.upload(fileInput(container), testFile('shot.png', 300, 'image/png'));
      await user.click(submitButton());
      await screen.findByText('Waiting for 1 file to finish uploading…');
      await user.clear(subject());

      await waitFor(() => expect(subject()).toHaveAttribute('aria-invalid', 'true'), { timeout: 5000 });
      expect(subject()).toHaveAccessibleDescription(/Enter a subject\./);
      expect(screen.queryByText(/Waiting for/)).not.toBeInTheDocument();
      expect(api.requests).not.toContain('POST /portal/tickets');
    });

    it('asks about failed uploads: retry them, then it sends with them', async () => {
      const user = userEvent.setup();
      api.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500, count: 1 });
      const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
      const { container } = renderForm({ onTicketCreate });
      await fill(user, 'Two files');
      await user.upload(fileInput(container), testFile('first.txt'));
      await waitFor(() => expect(rows()[0]).toHaveAttribute('data-status', 'failed'));
      await user.click(submitButton());

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('1 file failed to upload.');
      expect(api.requests).not.toContain('POST /portal/tickets');
      await expectNoAxeViolations(container);
      await user.click(within(alert).getByRole('button', { name: 'Try again' }));
      expect(submitButton()).toHaveFocus();
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
      expect(attachmentsOf(onTicketCreate.mock.calls[0]![0].id).map((a) => a.filename)).toEqual(['first.txt']);
    });

    it('asks about failed uploads: or sends without them, leaving nothing out silently', async () => {
      const user = userEvent.setup();
      const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
      const { container } = renderForm({ onTicketCreate });
      await fill(user, 'Two files');
      await user.upload(fileInput(container), testFile('good.txt'));
      await waitFor(() => expect(rows()[0]).toHaveAttribute('data-status', 'uploaded'));
      api.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500, count: 1 });
      await user.upload(fileInput(container), testFile('bad.txt'));
      await waitFor(() => expect(rows()[1]).toHaveAttribute('data-status', 'failed'));

      await user.click(submitButton());
      await user.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Create without them' }));
      expect(submitButton()).toHaveFocus();
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
      expect(attachmentsOf(onTicketCreate.mock.calls[0]![0].id).map((a) => a.filename)).toEqual(['good.txt']);
    });

    it('marks files the server refuses as failed instead of dropping them', async () => {
      const user = userEvent.setup();
      const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
      const { container } = renderForm({ onTicketCreate });
      await fill(user, 'Old upload');
      await user.upload(fileInput(container), testFile('expired.txt'));
      await waitFor(() => expect(rows()[0]).toHaveAttribute('data-status', 'uploaded'));
      // The pending upload expired on the server (swept after 24 h).
      const pending = [...api.mock.store.attachments.values()].find((a) => a.filename === 'expired.txt')!;
      api.mock.store.attachments.delete(pending.id);

      await user.click(submitButton());
      expect(await screen.findByRole('alert')).toHaveTextContent('Some files could not be attached. Remove them, or add them again.');
      expect(rows()[0]).toHaveAttribute('data-status', 'failed');

      await user.click(submitButton());
      await user.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Create without them' }));
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
    });
  });

  describe('draft', () => {
    it('survives a remount (reload) with its uploaded files, says so, and is cleared on success', async () => {
      const user = userEvent.setup();
      const first = renderForm();
      await fill(user, 'Half written', 'More later');
      await user.upload(fileInput(first.container), testFile('kept.txt'));
      await waitFor(() => expect(rows()[0]).toHaveAttribute('data-status', 'uploaded'));
      first.unmount();

      const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
      const { container } = renderForm({ onTicketCreate });
      expect(await screen.findByText('We restored your unsent draft.')).toBeInTheDocument();
      expect(subject()).toHaveValue('Half written');
      expect(description()).toHaveValue('More later');
      expect(rows()[0]).toHaveTextContent('kept.txt');
      expect(rows()[0]).toHaveAttribute('data-status', 'uploaded');
      await expectNoAxeViolations(container);

      await user.click(submitButton());
      await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
      expect(attachmentsOf(onTicketCreate.mock.calls[0]![0].id).map((a) => a.filename)).toEqual(['kept.txt']);
      expect(screen.queryByText('We restored your unsent draft.')).not.toBeInTheDocument();
      await waitFor(() => expect(drafts()).toEqual([]));
    });

    it('survives a failed send', async () => {
      const user = userEvent.setup();
      api.mock.faults.setOutage(true, '503');
      const first = renderForm();
      await fill(user, 'During an outage');
      await user.click(submitButton());
      await screen.findByRole('alert');
      first.unmount();
      api.mock.faults.setOutage(false);

      renderForm();
      await waitFor(() => expect(subject()).toHaveValue('During an outage'));
    });

    it('can be discarded', async () => {
      const user = userEvent.setup();
      const first = renderForm();
      await fill(user, 'Never mind');
      first.unmount();

      renderForm();
      await user.click(await screen.findByRole('button', { name: 'Discard draft' }));
      expect(subject()).toHaveValue('');
      expect(subject()).toHaveFocus();
      expect(screen.queryByText('We restored your unsent draft.')).not.toBeInTheDocument();
      await waitFor(() => expect(drafts()).toEqual([]));
    });

    it('keeps separate drafts per draftId, and does not call defaults a draft', async () => {
      const user = userEvent.setup();
      const first = renderForm({ draftId: 'billing' });
      await fill(user, 'Billing draft');
      first.unmount();

      // Once the customer is known, the draft for this id is read: there is none.
      function Signed() {
        return usePortalSession().customer ? <p>signed in</p> : null;
      }
      renderWithPortal(
        <>
          <NewTicketForm draftId="other" defaultValues={{ subject: 'Preset' }} />
          <Signed />
        </>,
        api,
      );
      await screen.findByText('signed in');
      expect(subject()).toHaveValue('Preset');
      expect(screen.queryByText('We restored your unsent draft.')).not.toBeInTheDocument();
    });
  });

  it('works as a controlled piece of a host page', async () => {
    // A host keeping its own state around the form (e.g. to close a panel on success).
    function Host() {
      const [done, setDone] = useState<string | null>(null);
      return done ? <p>Opened {done}</p> : <NewTicketForm onTicketCreate={(t) => setDone(t.label)} />;
    }
    const user = userEvent.setup();
    renderWithPortal(<Host />, api);
    await fill(user, 'Host flow');
    await user.click(submitButton());
    expect(await screen.findByText(/^Opened ACME-\d+$/)).toBeInTheDocument();
  });
});
