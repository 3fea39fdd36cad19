import type { ReactNode } from 'react';
import type { Ticket } from '../../client';
import type { NewTicketFormProps } from '../NewTicketForm';
import type { TicketListProps } from '../TicketList';
import type { TicketThreadProps } from '../TicketThread';
import type { ClassNames } from '../shared/cx';
import type { PortalComponents } from '../shared/overrides';
import type { PortalTheme, RootAttributes } from '../shared/Root';

/** Where the portal is: the list, one ticket, or the new-ticket form. */
export type PortalView = { name: 'list' } | { name: 'ticket'; ticketId: string } | { name: 'new' };

export type SupportPortalPart =
  | 'root'
  | 'header'
  | 'title'
  | 'account'
  | 'newTicket'
  | 'body'
  | 'listPane'
  | 'detailPane'
  | 'viewTitle'
  | 'placeholder'
  | 'expired';

/** The portal's own props; any other prop (`id`, `data-*`, `aria-*`, handlers) goes to the root `<section>`. */
export interface SupportPortalProps extends Omit<RootAttributes, 'title'> {
  /**
   * The current view, controlled. Sync it with your router: map URLs to views
   * and back (see the README's "Routing" section).
   * @example <SupportPortal view={view} onViewChange={setView} />
   */
  view?: PortalView;
  /**
   * The first view when uncontrolled.
   * @default { name: 'list' }
   * @example <SupportPortal defaultView={{ name: 'ticket', ticketId: 'tkt_123' }} />
   */
  defaultView?: PortalView;
  /**
   * Called on every navigation (row click, back, new ticket, after creating).
   * @example <SupportPortal onViewChange={(v) => navigate(toUrl(v))} />
   */
  onViewChange?: (view: PortalView) => void;
  /**
   * Real links for rows, so "open in new tab" and your router work. Clicks
   * still navigate inside the portal.
   * @example <SupportPortal getTicketHref={(t) => `/support/tickets/${t.id}`} />
   */
  getTicketHref?: (ticket: Ticket) => string;
  /**
   * `split` shows the list beside the ticket, `stacked` one view at a time,
   * `auto` picks by the portal's own width (a container query, so a narrow
   * side panel stacks even on a wide screen).
   * @default 'auto'
   * @example <SupportPortal layout="stacked" />
   */
  layout?: 'auto' | 'stacked' | 'split';
  /**
   * Heading level of the portal title; view headings are one level below.
   * @default 2
   * @example <SupportPortal headingLevel={1} />
   */
  headingLevel?: 1 | 2 | 3 | 4 | 5;
  /**
   * The portal title; `null` hides the header title.
   * @example <SupportPortal title="Acme Help Center" />
   */
  title?: ReactNode;
  /**
   * Called from the "Sign in again" button when the session can't be renewed.
   * Without it the button retries the token.
   * @example <SupportPortal onSignIn={() => router.push('/login?next=/support')} />
   */
  onSignIn?: () => void;
  /**
   * Colour theme.
   * @default 'light'
   * @example <SupportPortal theme="auto" />
   */
  theme?: PortalTheme;
  /**
   * Text direction; defaults to the locale's (Arabic and Hebrew are RTL).
   * @example <SupportPortal dir="rtl" />
   */
  dir?: 'ltr' | 'rtl';
  /** Class for the root element. @example <SupportPortal className="my-portal" /> */
  className?: string;
  /** Per-part class names. @example <SupportPortal classNames={{ header: 'my-header' }} /> */
  classNames?: ClassNames<SupportPortalPart>;
  /**
   * Replace whole parts everywhere in the portal (badge, bubble, avatar, empty states).
   * @example <SupportPortal components={{ StatusBadge: MyBadge }} />
   */
  components?: Partial<PortalComponents>;
  /** Extra props for the list. @example <SupportPortal ticketListProps={{ pageSize: 10 }} /> */
  ticketListProps?: Omit<TicketListProps, 'onTicketSelect' | 'getTicketHref' | 'selectedTicketId' | 'onNewTicket' | 'theme'>;
  /** Extra props for the thread. @example <SupportPortal ticketThreadProps={{ pollInterval: 5000 }} /> */
  ticketThreadProps?: Omit<TicketThreadProps, 'ticketId' | 'onBack' | 'onNewTicket' | 'headingLevel' | 'headingRef' | 'theme'>;
  /** Extra props for the new-ticket form. @example <SupportPortal newTicketFormProps={{ maxFiles: 10 }} /> */
  newTicketFormProps?: Omit<NewTicketFormProps, 'onTicketCreate' | 'onCancel' | 'showTitle' | 'theme'>;
}
