import type { Ticket } from '../../client';
import type { UseTicketListOptions } from '../../hooks/useTicketList';
import type { ClassNames } from '../shared/cx';
import type { PortalComponents } from '../shared/overrides';
import type { PortalTheme, RootAttributes } from '../shared/Root';

/** Parts that accept a class through `classNames`. */
export type TicketListPart =
  | 'root'
  | 'toolbar'
  | 'field'
  | 'select'
  | 'viewport'
  | 'list'
  | 'item'
  | 'row'
  | 'unread'
  | 'number'
  | 'title'
  | 'meta'
  | 'status'
  | 'priority'
  | 'time'
  | 'replies'
  | 'footer'
  | 'loadMore'
  | 'empty'
  | 'error'
  | 'skeleton';

/** Per-part class names: `classNames={{ row: 'my-row', title: 'my-title' }}`. */
export type TicketListClassNames = ClassNames<TicketListPart>;

/**
 * The list's own props, and `useTicketList`'s filter, sort, page size and
 * selection; any other prop (`id`, `data-*`, `aria-*`, handlers) goes to the root `<section>`.
 */
export interface TicketListProps extends RootAttributes, Omit<UseTicketListOptions, 'onLoaded'> {
  /**
   * Called when the customer opens a ticket. With `getTicketHref` too, a plain
   * click calls it instead of navigating; Ctrl/Cmd/Shift/middle clicks keep the
   * browser's behaviour (new tab or window).
   * @example
   * <TicketList onTicketSelect={(ticket) => setOpenId(ticket.id)} />
   */
  onTicketSelect?: (ticket: Ticket) => void;
  /**
   * Makes rows real links, so they can be opened in a new tab, copied and used
   * by your router.
   * @example
   * <TicketList getTicketHref={(ticket) => `/support/tickets/${ticket.id}`} onTicketSelect={(t) => router.push(`/support/tickets/${t.id}`)} />
   */
  getTicketHref?: (ticket: Ticket) => string;
  /**
   * Shows a "New ticket" action in the empty state.
   * @example
   * <TicketList onNewTicket={() => setDialogOpen(true)} />
   */
  onNewTicket?: () => void;
  /**
   * Extra class on the root element (which always has `dt-ticket-list`).
   * @example
   * <TicketList className="sidebar-tickets" />
   */
  className?: string;
  /**
   * Extra classes per part.
   * @example
   * <TicketList classNames={{ row: 'my-row', title: 'my-row-title' }} />
   */
  classNames?: TicketListClassNames;
  /**
   * Colour theme, when the list is the outermost kit component.
   * @default inherited, else 'light'
   * @example
   * <TicketList theme="auto" />
   */
  theme?: PortalTheme;
  /**
   * Replace whole parts (`TicketRow`, `StatusBadge`, `EmptyState`).
   * @example
   * <TicketList components={{ StatusBadge: MyBadge, TicketRow: MyRow }} />
   */
  components?: Partial<PortalComponents>;
}
