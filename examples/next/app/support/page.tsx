// app/support/page.tsx: a Server Component; the portal itself is a Client Component.
import { SupportPortalClient } from './SupportPortalClient';

export const metadata = { title: 'Support' };

export default function SupportPage() {
  return (
    <main style={{ height: '100dvh' }}>
      <SupportPortalClient />
    </main>
  );
}
