import { useId, useState, type FormEvent } from 'react';
import { requestMagicLink, signIn, type DemoAccount, type DemoUser } from './api';
import { Link } from './router';

/** `accounts`: the seeded customers of the current backend's mock. */
export function SignInPage({ accounts, onSignedIn }: { accounts: DemoAccount[]; onSignedIn: (user: DemoUser) => void }) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [other, setOther] = useState({ email: '', name: '' });
  const [magicEmail, setMagicEmail] = useState('');
  const [magicSent, setMagicSent] = useState<string | null>(null);
  const [magicError, setMagicError] = useState('');
  const ids = { accounts: useId(), other: useId(), magic: useId() };

  const enter = (user: DemoUser) => {
    setPending(user.email);
    setError('');
    signIn(user).then(onSignedIn, () => {
      setPending(null);
      setError('Signing in failed. Is the demo server still running?');
    });
  };

  const onOther = (event: FormEvent) => {
    event.preventDefault();
    enter({ email: other.email.trim(), name: other.name.trim() || null });
  };

  const onMagic = (event: FormEvent) => {
    event.preventDefault();
    const email = magicEmail.trim();
    setMagicError('');
    setMagicSent(null);
    requestMagicLink(email).then(
      () => setMagicSent(email),
      () => setMagicError("We couldn't send the link. Check the address and try again."),
    );
  };

  return (
    <div className="acme-page acme-signin">
      <div className="acme-signin-intro">
        <h1>Sign in to Acme Cloud</h1>
        <p className="acme-muted">
          <span className="acme-tag">Demo sign-in</span> No passwords: pick a customer of the mock API. The server
          keeps who you are in a cookie and issues portal tokens for you.
        </p>
      </div>

      <section className="acme-card" aria-labelledby={ids.accounts}>
        <h2 id={ids.accounts}>Continue as a demo customer</h2>
        <ul className="acme-accounts">
          {accounts.map((account) => (
            <li key={account.email}>
              <button type="button" className="acme-account" disabled={pending !== null} onClick={() => enter(account)}>
                <span className="acme-avatar" aria-hidden="true">
                  {(account.name ?? account.email).charAt(0).toUpperCase()}
                </span>
                <span className="acme-account-text">
                  <strong>{account.name ?? account.email}</strong>
                  <span className="acme-muted">
                    {account.name ? `${account.email} · ` : ''}
                    {account.about}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        <form className="acme-other" aria-labelledby={ids.other} onSubmit={onOther}>
          <h3 id={ids.other}>…or any email (a new customer)</h3>
          <div className="acme-inline-form">
            <label className="acme-field">
              <span>Email</span>
              <input
                type="email"
                required
                autoComplete="email"
                value={other.email}
                onChange={(e) => setOther({ ...other, email: e.target.value })}
              />
            </label>
            <label className="acme-field">
              <span>Name (optional)</span>
              <input autoComplete="name" value={other.name} onChange={(e) => setOther({ ...other, name: e.target.value })} />
            </label>
            <button type="submit" className="acme-button" data-variant="primary" disabled={pending !== null}>
              Sign in
            </button>
          </div>
        </form>
        {error ? <p role="alert">{error}</p> : null}
      </section>

      <section className="acme-card" aria-labelledby={ids.magic}>
        <h2 id={ids.magic}>No Acme account? Get a sign-in link</h2>
        <p className="acme-muted">
          Self-service mode: the support portal alone, signed in by email. The portal token stays in this tab&apos;s
          memory only.
        </p>
        <form className="acme-inline-form" onSubmit={onMagic}>
          <label className="acme-field">
            <span>Your email</span>
            <input type="email" required autoComplete="email" value={magicEmail} onChange={(e) => setMagicEmail(e.target.value)} />
          </label>
          <button type="submit" className="acme-button">
            Email me a sign-in link
          </button>
        </form>
        <div role="status">
          {magicSent ? (
            <p>
              Link sent to {magicSent}.{' '}
              <Link href={`/inbox?email=${encodeURIComponent(magicSent)}`}>Open the demo inbox</Link> to use it.
            </p>
          ) : null}
        </div>
        {magicError ? <p role="alert">{magicError}</p> : null}
      </section>
    </div>
  );
}
