// app/support/SupportPortalClient.tsx
'use client';

import { PortalProvider, SupportPortal, type GetTokenContext } from '@dispatchtickets/react';
import '@dispatchtickets/react/styles.css';

// A function can't be passed from a Server Component, so getToken lives here.
async function getToken({ reason }: GetTokenContext) {
  // After a 401 the reason is 'rejected': ?fresh=1 makes the handler skip its cache.
  const res = await fetch(`/api/support/token${reason === 'rejected' ? '?fresh=1' : ''}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`The token route answered ${res.status}`);
  return res.json();
}

export function SupportPortalClient() {
  return (
    <PortalProvider getToken={getToken} baseUrl={process.env.NEXT_PUBLIC_DISPATCH_API_URL}>
      <SupportPortal />
    </PortalProvider>
  );
}
