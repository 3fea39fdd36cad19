import { useEffect, useState, type FormEvent } from 'react';
import { getInbox, type InboxMessage } from './api';
import { navigate, useLocation } from './router';

/**
 * Demo only: the emails the mock API "sent" (its outbox), so a viewer can
 * open a magic link without a mail server.
 */
export function InboxPage() {
  const { search } = useLocation();
  const email = search.get('email') ?? '';
  const [draft, setDraft] = useState(email);
  const [messages, setMessages] = useState<InboxMessage[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!email) return;
    let current = true;
    const load = () =>
      getInbox(email).then(
        (list) => {
          if (!current) return;
          setMessages(list);
          setFailed(false);
        },
        () => current && setFailed(true),
      );
    void load();
    // New mail shows up without a reload.
    const timer = window.setInterval(load, 3000);
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [email]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMessages(null);
    navigate(`/inbox?email=${encodeURIComponent(draft.trim())}`);
  };

  return (
    <div className="acme-page acme-narrow">
      <p className="acme-eyebrow">
        <span className="acme-tag">Demo tool</span> Not part of Acme Cloud or the kit
      </p>
      <h1>Demo inbox</h1>
      <p className="acme-muted">
        The mock API doesn&apos;t send real email. Here are the messages it would have sent, newest first.
      </p>
      <form className="acme-inline-form" onSubmit={onSubmit}>
        <label className="acme-field">
          <span>Email address</span>
          <input type="email" required value={draft} onChange={(e) => setDraft(e.target.value)} autoComplete="email" />
        </label>
        <button type="submit" className="acme-button">
          Show inbox
        </button>
      </form>
      {!email ? null : failed ? (
        <p role="alert">The inbox couldn&apos;t be loaded. Is the mock API running?</p>
      ) : messages === null ? (
        <p role="status">Loading…</p>
      ) : messages.length === 0 ? (
        <p role="status">No messages for {email} yet.</p>
      ) : (
        <ul className="acme-inbox" aria-label={`Messages for ${email}`}>
          {messages.map((message) => (
            <li key={message.id} className="acme-card">
              <p className="acme-muted">
                To {message.to} · {new Date(message.sentAt).toLocaleTimeString()}
              </p>
              <h2>{message.subject}</h2>
              <p>Click the link below to sign in. It works once and expires at {new Date(message.expiresAt).toLocaleTimeString()}.</p>
              {/* A plain link, as in the email: the token stays out of this app's history until clicked. */}
              <a className="acme-button" data-variant="primary" href={message.url}>
                Sign in to Acme support
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
