// app/support/sign-in/MagicLinkSignIn.tsx
'use client';

import { useEffect, useRef, useState } from 'react';
import { PortalProvider, SupportPortal, verifyMagicLink, type PortalTokenResponse } from '@dispatchtickets/react';
import '@dispatchtickets/react/styles.css';

const baseUrl = process.env.NEXT_PUBLIC_DISPATCH_API_URL;

export function MagicLinkSignIn() {
  const [session, setSession] = useState<PortalTokenResponse | null>(null);
  const [failed, setFailed] = useState(false);
  const started = useRef(false); // the link works once: Strict Mode's second effect must not spend it again

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = new URLSearchParams(window.location.search).get('token');
    // Take the single-use token out of the address bar and history at once.
    window.history.replaceState(null, '', window.location.pathname);
    if (!token) return setFailed(true);
    verifyMagicLink(token, { baseUrl }).then(setSession, () => setFailed(true));
  }, []);

  if (failed) return <p role="alert">This sign-in link has expired or was used already. Request a new one.</p>;
  if (!session) return <p role="status">Signing you in…</p>;
  // The portal token stays in memory; the kit renews it through the API.
  return (
    <PortalProvider token={session.token} baseUrl={baseUrl}>
      <SupportPortal />
    </PortalProvider>
  );
}
