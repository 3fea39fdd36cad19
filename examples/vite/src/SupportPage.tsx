// src/SupportPage.tsx
import { PortalProvider, SupportPortal, type GetTokenContext } from '@dispatchtickets/react';
import '@dispatchtickets/react/styles.css';

async function getToken({ reason }: GetTokenContext) {
  // After a 401 the reason is 'rejected': ?fresh=1 makes the handler skip its cache.
  const res = await fetch(`/api/support/token${reason === 'rejected' ? '?fresh=1' : ''}`);
  if (!res.ok) throw new Error(`The token route answered ${res.status}`);
  return res.json();
}

export function SupportPage() {
  return (
    <PortalProvider getToken={getToken} baseUrl={import.meta.env.VITE_DISPATCH_API_URL}>
      {/* The portal fills its parent: give it a height. */}
      <div style={{ height: '80vh' }}>
        <SupportPortal />
      </div>
    </PortalProvider>
  );
}
