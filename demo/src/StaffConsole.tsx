import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { staff, type StaffTicket, type StaffTicketDetail } from './api';

export interface StaffConsoleProps {
  /** The helpdesk's own statuses. */
  statuses: string[];
  /** Whose tickets to list. */
  customerEmail: string;
  /** The ticket open in the portal, if any: the console follows it. */
  ticketId: string | null;
}

/**
 * Demo tool, not part of the kit: plays Acme's support team through the
 * admin API so a viewer can watch replies arrive in the portal (at once
 * through the gateway, whose webhooks the mock calls; by polling directly),
 * and check that internal notes never reach the customer.
 */
export function StaffConsole({ statuses, customerEmail, ticketId }: StaffConsoleProps) {
  const [tickets, setTickets] = useState<StaffTicket[] | null>(null);
  const [selected, setSelected] = useState<string | null>(ticketId);
  const [detail, setDetail] = useState<StaffTicketDetail | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const ids = { title: useId(), ticket: useId(), status: useId(), message: useId() };

  const loadTickets = useCallback(
    () =>
      staff.tickets(customerEmail).then(
        (list) => {
          setTickets(list);
          setSelected((current) => current ?? list[0]?.id ?? null);
        },
        () => setNotice("Couldn't load tickets. Is the demo server running?"),
      ),
    [customerEmail],
  );
  const loadDetail = useCallback(
    (id: string) =>
      staff.ticket(id).then(
        (ticket) => setDetail(ticket),
        () => setNotice("Couldn't load the ticket."),
      ),
    [],
  );

  useEffect(() => void loadTickets(), [loadTickets]);
  // Follow the ticket the customer opens (a new one too).
  useEffect(() => {
    if (ticketId) setSelected(ticketId);
  }, [ticketId]);
  useEffect(() => {
    if (!selected) return;
    void loadDetail(selected);
    // Customer replies show up here too.
    const timer = window.setInterval(() => void loadDetail(selected), 5000);
    return () => window.clearInterval(timer);
  }, [selected, loadDetail]);

  // A ticket the list doesn't hold (just created, or beyond the first 50) still gets an option.
  const options = tickets && detail && !tickets.some((t) => t.id === detail.id) ? [detail, ...tickets] : (tickets ?? []);

  const run = async (action: () => Promise<unknown>, done: string) => {
    if (!selected) return;
    setBusy(true);
    setNotice('');
    try {
      await action();
      setNotice(done);
      await Promise.all([loadDetail(selected), loadTickets()]);
    } catch {
      setNotice('That failed. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const send = (internal: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body || !selected) return;
    void run(async () => {
      await staff.comment(selected, body, internal);
      setText('');
    }, internal ? 'Internal note added. The customer will never see it.' : 'Reply sent. Watch it arrive in the portal.');
  };

  return (
    <aside className="acme-staff" aria-labelledby={ids.title}>
      <header className="acme-staff-header">
        <h2 id={ids.title}>Staff console</h2>
        <span className="acme-tag">Demo tool</span>
      </header>
      <p className="acme-muted acme-small">
        Acts as Acme&apos;s support team on the helpdesk (server-side, with its credential). Not part of the kit.
      </p>

      <div className="acme-row">
        <label className="acme-field acme-grow" htmlFor={ids.ticket}>
          <span>Ticket</span>
          <select id={ids.ticket} value={selected ?? ''} onChange={(e) => setSelected(e.target.value || null)} disabled={!options.length}>
            {options.length ? null : <option value="">{tickets ? 'No tickets yet' : 'Loading…'}</option>}
            {options.map((t) => (
              <option key={t.id} value={t.id}>
                {t.publicId} · {t.title}
              </option>
            ))}
          </select>
        </label>
      </div>

      {detail && detail.id === selected ? (
        <>
          <div className="acme-row">
            <label className="acme-field" htmlFor={ids.status}>
              <span>Status</span>
              <select
                id={ids.status}
                value={detail.status}
                disabled={busy}
                onChange={(e) => {
                  const status = e.target.value;
                  void run(() => staff.setStatus(detail.id, status), `Status set to ${status}.`);
                }}
              >
                {[...new Set([...statuses, detail.status])].map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          </div>

          {/* Scrolls on its own, so keyboard users need to be able to focus it (WCAG 2.1.1). */}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
          <div className="acme-staff-scroll" role="region" aria-label="Conversation, staff view" tabIndex={0}>
            <ol className="acme-staff-thread">
              <li className="acme-staff-comment" data-author="customer">
                <p className="acme-staff-meta">
                  <strong>{detail.customer?.name ?? detail.customer?.email ?? 'Customer'}</strong> · original message
                </p>
                <p className="acme-staff-body">{detail.body || '(no description)'}</p>
              </li>
              {/* The admin API repeats the original message as a comment; it is shown once, above. */}
              {detail.comments.filter((c) => !c.metadata?.isTicketBody).map((c) => (
                <li key={c.id} className="acme-staff-comment" data-author={c.authorType.toLowerCase()} data-internal={c.internal || undefined}>
                  <p className="acme-staff-meta">
                    <strong>{c.authorName ?? c.authorType.toLowerCase()}</strong> · {new Date(c.createdAt).toLocaleString()}
                    {c.internal ? <span className="acme-tag" data-tone="warn">Internal note</span> : null}
                  </p>
                  {/* Plain text on purpose: bodies may hold HTML, and this console is not the kit's safe renderer. */}
                  <p className="acme-staff-body">{c.body.length > 400 ? `${c.body.slice(0, 400)}…` : c.body}</p>
                </li>
              ))}
            </ol>
          </div>

          <form className="acme-staff-form" onSubmit={send(false)}>
            <label className="acme-field" htmlFor={ids.message}>
              <span>Message</span>
              <textarea id={ids.message} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
            </label>
            <div className="acme-row">
              <button type="submit" className="acme-button" data-variant="primary" disabled={busy || !text.trim()}>
                Reply as staff
              </button>
              <button type="button" className="acme-button" disabled={busy || !text.trim()} onClick={send(true)}>
                Add internal note
              </button>
            </div>
          </form>
        </>
      ) : null}
      <p role="status" className="acme-small">
        {notice}
      </p>
    </aside>
  );
}
