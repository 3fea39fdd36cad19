import type { Ticket } from '../../client';
import type { TicketListSort } from '../../hooks/useTicketList';
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

/** The list's own props; any other prop (`id`, `data-*`, `aria-*`, handlers) goes to the root `<section>`. */
export interface TicketListProps extends RootAttributes {
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
   * The ticket open next to the list (split view): highlighted, `aria-current`,
   * scrolled into view, and kept marked as read while it is open.
   * @example
   * <TicketList selectedTicketId={openId} onTicketSelect={(t) => setOpenId(t.id)} />
   */
  selectedTicketId?: string | null;
  /**
   * The status filter (controlled); `null` shows every status.
   * @example
   * <TicketList status={status} onStatusChange={setStatus} />
   */
  status?: string | null;
  /**
   * The initial status filter when uncontrolled.
   * @default null
   * @example
   * <TicketList defaultStatus="open" />
   */
  defaultStatus?: string | null;
  /**
   * Called when the customer picks another status (`null` for all).
   * @example
   * <TicketList onStatusChange={(status) => setSearchParams({ status: status ?? '' })} />
   */
  onStatusChange?: (status: string | null) => void;
  /**
   * The order (controlled): `'newest'` created first, or `'updated'` most recent activity first.
   * @example
   * <TicketList sort={sort} onSortChange={setSort} />
   */
  sort?: TicketListSort;
  /**
   * The initial order when uncontrolled.
   * @default 'newest'
   * @example
   * <TicketList defaultSort="updated" />
   */
  defaultSort?: TicketListSort;
  /**
   * Called when the customer picks another order.
   * @example
   * <TicketList onSortChange={(sort) => localStorage.setItem('ticket-sort', sort)} />
   */
  onSortChange?: (sort: TicketListSort) => void;
  /**
   * Tickets per page, 1–50 (the portal's maximum).
   * @default 20
   * @example
   * <TicketList pageSize={50} />
   */
  pageSize?: number;
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
