import { SupportPortal, type PortalView, type SupportPortalProps } from '@dispatchtickets/react';
import { navigate, useLocation } from './router';

/** `/support` → list, `/support/new` → new ticket, `/support/tickets/:id` → that ticket. */
export function viewFromPath(pathname: string): PortalView {
  const ticket = /^\/support\/tickets\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (ticket) return { name: 'ticket', ticketId: decodeURIComponent(ticket) };
  return pathname === '/support/new' ? { name: 'new' } : { name: 'list' };
}

export function pathFromView(view: PortalView): string {
  if (view.name === 'ticket') return `/support/tickets/${encodeURIComponent(view.ticketId)}`;
  return view.name === 'new' ? '/support/new' : '/support';
}

/**
 * The portal wired to the router: the URL is the view, every navigation
 * pushes a history entry, so links, reloads and the back button all work.
 */
export function SupportPage(props: Pick<SupportPortalProps, 'theme' | 'dir' | 'onSignIn'>) {
  const { pathname } = useLocation();
  return (
    <SupportPortal
      {...props}
      view={viewFromPath(pathname)}
      onViewChange={(view) => navigate(pathFromView(view))}
      getTicketHref={(ticket) => pathFromView({ name: 'ticket', ticketId: ticket.id })}
      headingLevel={1}
    />
  );
}
