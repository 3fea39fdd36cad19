// A complete custom portal built from `./headless` alone (no kit component,
// no kit CSS, no kit strings): a list with new-reply markers, a thread with a
// composer, and a new-ticket form with uploads. The README's "Build your own
// UI" example is this code.
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import {
  PortalProvider,
  portalKeys,
  useAttachmentUpload,
  useNewTicketForm,
  useReplyComposer,
  useTicket,
  useTicketList,
} from '../../src/headless';
import { API, JANE, setupMockApi } from '../utils/mockApi';
import { testFile } from '../components/AttachmentUploader/files';

const api = setupMockApi();
beforeEach(() => sessionStorage.clear());
// Whole user flows through several views: allow for a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

function Tickets({ onOpen }: { onOpen: (id: string) => void }) {
  const list = useTicketList({ pageSize: 5 });
  return (
    <section aria-label="My tickets">
      <select aria-label="Status" value={list.status ?? ''} onChange={(e) => list.setStatus(e.target.value || null)}>
        <option value="">All</option>
        {list.statuses.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <ul>
        {list.tickets.map((t) => (
          <li key={t.id}>
            <button
              onClick={() => {
                list.markSeen(t);
                onOpen(t.id);
              }}
            >
              {list.hasNewReply(t) ? '● ' : ''}
              {t.label} {t.title}
            </button>
          </li>
        ))}
      </ul>
      {list.query.hasNextPage ? <button onClick={list.loadMore}>More</button> : null}
    </section>
  );
}

function Thread({ id }: { id: string }) {
  const { data: ticket } = useTicket(id);
  const reply = useReplyComposer(id);
  if (!ticket) return <p>Loading…</p>;
  return (
    <article aria-label={ticket.title}>
      {ticket.comments.map((c) => (
        <p key={c.id}>{c.body}</p>
      ))}
      {reply.outbox.map((r) => (
        <p key={r.localId}>
          {r.body} ({r.status})
        </p>
      ))}
      <textarea aria-label="Reply" value={reply.text} onChange={(e) => reply.setText(e.target.value)} onKeyDown={reply.onKeyDown} />
      <button onClick={() => void reply.submit()}>Send</button>
      {reply.attempted && reply.reason ? <p role="alert">Can't send: {reply.reason}</p> : null}
    </article>
  );
}

function NewTicket({ onCreated }: { onCreated: (id: string) => void }) {
  const form = useNewTicketForm({ onTicketCreate: (t) => onCreated(t.id) });
  const uploads = useAttachmentUpload({ value: form.files, onValueChange: form.setFiles });
  return (
    <form
      aria-label="New ticket"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit();
      }}
    >
      <input
        aria-label="Subject"
        ref={form.fieldRef('subject')}
        value={form.values.subject}
        onChange={(e) => form.setValue('subject', e.target.value)}
        onBlur={() => form.blur('subject')}
      />
      {form.issues.subject ? <p role="alert">Subject: {form.issues.subject.code}</p> : null}
      <input type="file" aria-label="Files" multiple onChange={(e) => uploads.add(e.target.files ?? [])} />
      {uploads.items.map((f) => (
        <p key={f.id}>
          {f.name}: {f.status}
        </p>
      ))}
      <button type="submit">Create</button>
      {form.state.status === 'waiting-uploads' ? <p>Waiting for files…</p> : null}
    </form>
  );
}

function Portal() {
  const [open, setOpen] = useState<string | 'new' | null>(null);
  return (
    <>
      <button onClick={() => setOpen('new')}>New ticket</button>
      <Tickets onOpen={setOpen} />
      {open === 'new' ? <NewTicket onCreated={setOpen} /> : open ? <Thread key={open} id={open} /> : null}
    </>
  );
}

function renderPortal() {
  const queryClient = new QueryClient();
  const getToken = () => api.mock.issuePortalToken({ email: JANE });
  render(
    <PortalProvider baseUrl={API} getToken={getToken} queryClient={queryClient} pollInterval={false}>
      <Portal />
    </PortalProvider>,
  );
  return { queryClient };
}

const listButtons = () => within(screen.getByRole('region', { name: 'My tickets' })).getAllByRole('button');
const row = (label: string) => listButtons().find((b) => b.textContent?.includes(label));

describe('a custom portal on ./headless alone', () => {
  it('lists, pages and filters tickets, with the statuses seen offered', async () => {
    const user = userEvent.setup();
    renderPortal();
    await waitFor(() => expect(listButtons().filter((b) => /ACME-/.test(b.textContent ?? ''))).toHaveLength(5));
    await user.click(screen.getByRole('button', { name: 'More' }));
    await waitFor(() => expect(listButtons().filter((b) => /ACME-/.test(b.textContent ?? ''))).toHaveLength(10));
    expect(within(screen.getByRole('combobox', { name: 'Status' })).getAllByRole('option').map((o) => o.textContent)).toContain(
      'waiting_on_customer',
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'closed');
    await waitFor(() =>
      expect(listButtons().filter((b) => /ACME-/.test(b.textContent ?? '')).map((b) => b.textContent)).toEqual([
        expect.stringMatching(/^ACME-1004 /),
        expect.stringMatching(/^ACME-1008 /),
      ]),
    );
  });

  it('marks a ticket that got a staff reply since it was opened, until it is opened again', async () => {
    const user = userEvent.setup();
    const { queryClient } = renderPortal();
    await waitFor(() => expect(row('ACME-1007')).toBeDefined());
    await user.click(row('ACME-1007')!);
    await screen.findByRole('textbox', { name: 'Reply' });
    await user.click(screen.getByRole('button', { name: 'New ticket' }));
    expect(row('ACME-1007')?.textContent).not.toMatch(/^●/);

    api.mock.store.addComment('tkt_jane_07', { body: 'We fixed it.', authorType: 'STAFF', authorName: 'Priya' });
    await queryClient.refetchQueries({ queryKey: portalKeys.ticketLists() });
    await waitFor(() => expect(row('ACME-1007')?.textContent).toMatch(/^● ACME-1007/));
    // Nothing is known about tickets never opened here: no marker.
    expect(listButtons().filter((b) => b.textContent?.startsWith('●'))).toHaveLength(1);
    await user.click(row('ACME-1007')!);
    await waitFor(() => expect(row('ACME-1007')?.textContent).not.toMatch(/^●/));
  });

  it('replies from the thread: refuses an empty reply with its reason, sends with Ctrl+Enter, once', async () => {
    const user = userEvent.setup();
    renderPortal();
    await waitFor(() => expect(row('ACME-1006')).toBeDefined());
    await user.click(row('ACME-1006')!);
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert')).toHaveTextContent("Can't send: empty");

    await user.type(box, 'Built on the hooks');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(box).toHaveValue('');
    await waitFor(() => expect(api.mock.store.commentsOf('tkt_jane_06').map((c) => c.body)).toEqual(['Built on the hooks']));
    await screen.findByText('Built on the hooks');
    expect(screen.queryByText(/Built on the hooks \(/)).not.toBeInTheDocument();
  });

  it('files a new ticket with an upload: checks the subject first, waits for the file, then opens the ticket', async () => {
    const user = userEvent.setup();
    api.mock.faults.setLatency(300, { method: 'PUT', path: '/__storage/*' });
    renderPortal();
    await user.click(screen.getByRole('button', { name: 'New ticket' }));
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Subject: required');
    expect(screen.getByRole('textbox', { name: 'Subject' })).toHaveFocus();

    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Made with my own UI');
    await user.upload(screen.getByLabelText('Files'), testFile('steps.txt', 40));
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByText('Waiting for files…')).toBeInTheDocument();
    // Sent by itself once the file is up, then the new ticket opens.
    const thread = await screen.findByRole('article', { name: 'Made with my own UI' }, { timeout: 5_000 });
    expect(thread).toBeInTheDocument();
    const created = [...api.mock.store.tickets.values()].find((t) => t.title === 'Made with my own UI')!;
    expect([...api.mock.store.attachments.values()].filter((a) => a.ticketId === created.id).map((a) => a.filename)).toEqual(['steps.txt']);
  });
});
