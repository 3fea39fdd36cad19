// Live-update latency page, driven by scripts/bench-live.mjs: the styled
// TicketThread through a portal gateway served from the same origin
// (`/gw-live`: webhooks on, `/gw-poll`: none, so the kit polls). The script
// registers a text with `window.watch`; the moment it is in the DOM is kept.
import { createRoot } from 'react-dom/client';
import { PortalProvider, TicketThread, usePortalEvents } from '../../src';

const params = new URLSearchParams(location.search);
const mode = params.get('mode') === 'poll' ? 'poll' : 'live';
const tickets = (params.get('tickets') ?? '').split(',').filter(Boolean);
const pollInterval = Number(params.get('poll') ?? 15_000);

const watched = new Map<string, number | null>();
const check = () => {
  const text = document.body.textContent ?? '';
  for (const [t, at] of watched) if (at === null && text.includes(t)) watched.set(t, Date.now());
};
new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });

declare global {
  interface Window {
    watch(text: string): void;
    seenAt(text: string): number | null;
  }
}
window.watch = (text) => void watched.set(text, null);
window.seenAt = (text) => watched.get(text) ?? null;

function Status() {
  return <output id="live-status">{usePortalEvents().status}</output>;
}

createRoot(document.getElementById('stage')!).render(
  <PortalProvider
    baseUrl={new URL(`/gw-${mode}`, location.href).href}
    getToken={() => fetch(`/token?mode=${mode}`).then((r) => r.json())}
    pollInterval={pollInterval}
  >
    <Status />
    {tickets.map((id) => (
      <TicketThread key={id} ticketId={id} />
    ))}
  </PortalProvider>,
);
