import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { PortalProvider, type PortalTokenResponse } from '@dispatchtickets/react';
import { fetchPortalToken, getConfig, getSession, setBackend, signOut, type DemoConfig, type DemoUser } from './api';
import { AccountMenu } from './AccountMenu';
import { DashboardPage } from './DashboardPage';
import { DemoBar } from './DemoBar';
import { HelpPanel } from './HelpPanel';
import { InboxPage } from './InboxPage';
import { MagicLinkPage } from './MagicLinkPage';
import { LOCALES, usePrefs } from './prefs';
import { Link, navigate, useLocation } from './router';
import { SignInPage } from './SignInPage';
import { StaffConsole } from './StaffConsole';
import { SupportPage, viewFromPath } from './SupportPage';

type Auth =
  | { kind: 'loading' }
  | { kind: 'signed-out' }
  /** Signed in to Acme Cloud (the cookie): the backend issues portal tokens. */
  | { kind: 'app'; user: DemoUser }
  /** Signed in to support only, by magic link: the portal token lives in memory. */
  | { kind: 'magic'; user: DemoUser; token: string };

export function App() {
  const [config, setConfig] = useState<DemoConfig | null>(null);
  const [auth, setAuth] = useState<Auth>({ kind: 'loading' });
  const [failed, setFailed] = useState(false);
  const [prefs, setPrefs] = usePrefs();
  const [helpOpen, setHelpOpen] = useState(false);
  const [helpMounted, setHelpMounted] = useState(false);
  const [staffOpen, setStaffOpen] = useState(false);
  const helpButton = useRef<HTMLButtonElement>(null);
  const { pathname, search } = useLocation();

  useEffect(() => {
    Promise.all([getConfig(), getSession()]).then(
      ([loaded, user]) => {
        setConfig(loaded);
        setAuth(user ? { kind: 'app', user } : { kind: 'signed-out' });
      },
      () => setFailed(true),
    );
  }, []);

  const onMagicSignIn = useCallback((session: PortalTokenResponse) => {
    setAuth({ kind: 'magic', user: { email: session.email, name: session.name ?? null }, token: session.token });
    // Drop the used token from the address bar and the history.
    navigate('/support', { replace: true });
  }, []);

  if (failed) {
    return (
      <div className="acme-page acme-narrow" role="alert">
        <h1>The demo server isn&apos;t answering</h1>
        <p>Start it with <code>npm run demo</code> and reload.</p>
      </div>
    );
  }
  if (config === null || auth.kind === 'loading') {
    return (
      <p className="acme-splash" role="status">
        Loading Acme Cloud…
      </p>
    );
  }

  const { apiBaseUrl, backend } = config;
  const user = auth.kind === 'signed-out' ? null : auth.user;
  const isSupport = pathname === '/support' || pathname.startsWith('/support/');
  const portalProps = {
    theme: prefs.theme,
    dir: prefs.dir === 'auto' ? undefined : prefs.dir,
    // The kit couldn't renew the session: ask the user to sign in again.
    onSignIn: () => setAuth({ kind: 'signed-out' }),
  };

  const openHelp = () => {
    setHelpMounted(true);
    setHelpOpen(true);
  };
  const closeHelp = () => {
    setHelpOpen(false);
    helpButton.current?.focus();
  };
  const onSignOut = () => {
    const done = () => {
      setAuth({ kind: 'signed-out' });
      setHelpOpen(false);
      navigate('/');
    };
    if (auth.kind === 'app') signOut().then(done, done);
    else done();
  };

  let page: ReactNode;
  if (pathname === '/magic') {
    page = <MagicLinkPage baseUrl={apiBaseUrl} token={search.get('token') ?? ''} onSignedIn={onMagicSignIn} />;
  } else if (pathname === '/inbox') {
    page = <InboxPage />;
  } else if (!user) {
    page = <SignInPage accounts={config.accounts} onSignedIn={(signedIn) => setAuth({ kind: 'app', user: signedIn })} />;
  } else if (pathname === '/') {
    page = <DashboardPage user={user} onOpenHelp={openHelp} />;
  } else if (isSupport) {
    const view = viewFromPath(pathname);
    page = (
      <div className="acme-support" data-staff={staffOpen || undefined}>
        {auth.kind === 'magic' ? (
          <p className="acme-banner">
            Signed in with a magic link as <strong>{user.email}</strong>. The portal token is kept in memory only: reloading
            the page signs you out.
          </p>
        ) : null}
        <div className="acme-support-grid">
          <SupportPage {...portalProps} />
          {staffOpen ? <StaffConsole statuses={config.staffStatuses} customerEmail={user.email} ticketId={view.name === 'ticket' ? view.ticketId : null} /> : null}
        </div>
      </div>
    );
  } else {
    page = (
      <div className="acme-page acme-narrow">
        <h1>Page not found</h1>
        <p>
          <Link href="/">Back to the dashboard</Link>
        </p>
      </div>
    );
  }

  const shell = (
    <div className="acme-app" data-fill={(user && isSupport) || undefined}>
      <a href="#main" className="acme-skip">
        Skip to content
      </a>
      <header className="acme-header">
        <Link href="/" className="acme-brand">
          <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
            <path d="M6.5 18a4.5 4.5 0 0 1-.6-8.96A6 6 0 0 1 17.6 8.1 5 5 0 0 1 17 18z" fill="currentColor" />
          </svg>
          <span className="acme-brand-name">Acme Cloud</span>
        </Link>
        {user ? (
          <nav aria-label="Main" className="acme-nav">
            <Link href="/" className="acme-nav-link" aria-current={pathname === '/' ? 'page' : undefined}>
              Dashboard
            </Link>
            <Link href="/support" className="acme-nav-link" aria-current={isSupport ? 'page' : undefined}>
              Support
            </Link>
          </nav>
        ) : null}
        <div className="acme-header-end">
          {user ? (
            <>
              <button
                ref={helpButton}
                type="button"
                className="acme-button"
                data-size="sm"
                aria-expanded={helpOpen}
                aria-controls="help-panel"
                onClick={() => (helpOpen ? closeHelp() : openHelp())}
              >
                Help
              </button>
              <AccountMenu user={user} via={auth.kind === 'magic' ? 'magic' : 'demo'} onSignOut={onSignOut} />
            </>
          ) : (
            <span className="acme-muted acme-small">Not signed in</span>
          )}
        </div>
      </header>
      <DemoBar
        prefs={prefs}
        onPrefsChange={setPrefs}
        backend={backend}
        // Tokens of one mode mean nothing to the other: start the page afresh.
        onBackendChange={(next) => setBackend(next).then(() => window.location.reload(), () => setFailed(true))}
        {...(user && isSupport ? { staffOpen, onStaffToggle: () => setStaffOpen(!staffOpen) } : {})}
      />
      <div className="acme-body">
        <main id="main" className="acme-main" tabIndex={-1}>
          {page}
        </main>
        {user && helpMounted ? <HelpPanel {...portalProps} open={helpOpen} onClose={closeHelp} /> : null}
      </div>
    </div>
  );

  if (!user) return shell;
  // One provider for the Support page and the Help panel: one session, one cache.
  return (
    <PortalProvider
      key={`${auth.kind}:${user.email}`}
      {...(auth.kind === 'magic' ? { token: auth.token } : { getToken: fetchPortalToken })}
      baseUrl={apiBaseUrl}
      pollInterval={5000}
      locale={prefs.locale}
      messages={LOCALES[prefs.locale].messages}
    >
      {shell}
    </PortalProvider>
  );
}
