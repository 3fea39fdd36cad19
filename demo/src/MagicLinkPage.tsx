import { useEffect, useState } from 'react';
import { verifyMagicLink, type PortalTokenResponse } from '@dispatchtickets/react';
import { Link } from './router';

// A magic-link token works once: StrictMode's second effect run must reuse the first request.
const verifications = new Map<string, Promise<PortalTokenResponse>>();

export interface MagicLinkPageProps {
  baseUrl: string;
  /** The `?token=` of the emailed link. */
  token: string;
  onSignedIn: (session: PortalTokenResponse) => void;
}

/**
 * The page the emailed link opens (`/magic?token=…`): swaps the single-use
 * token for a portal token in the browser (`verifyMagicLink`), no backend needed.
 */
export function MagicLinkPage({ baseUrl, token, onSignedIn }: MagicLinkPageProps) {
  const [failed, setFailed] = useState(!token);
  useEffect(() => {
    if (!token) return;
    let current = true;
    let verification = verifications.get(token);
    if (!verification) {
      verification = verifyMagicLink(token, { baseUrl });
      verifications.set(token, verification);
    }
    verification.then(
      (session) => current && onSignedIn(session),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [token, baseUrl, onSignedIn]);

  return (
    <div className="acme-page acme-narrow">
      {failed ? (
        <div className="acme-card" role="alert">
          <h1>This sign-in link doesn&apos;t work</h1>
          <p>It may have expired or been used already. Links work once, for 15 minutes.</p>
          <p>
            <Link href="/" className="acme-button" data-variant="primary">
              Request a new link
            </Link>
          </p>
        </div>
      ) : (
        <div className="acme-card" role="status">
          <h1>Signing you in…</h1>
          <p>Checking your sign-in link.</p>
        </div>
      )}
    </div>
  );
}
