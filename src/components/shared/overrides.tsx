'use client';
import { createContext, useContext, useMemo, type ComponentType, type MouseEvent, type ReactNode } from 'react';
import type { Comment, Ticket } from '../../client';
import type { OutgoingComment } from '../../hooks/useAddComment';

export interface StatusBadgeProps {
  /** Status key, e.g. `open` or a custom `waiting_on_customer`. */
  status: string;
  /** Localised label. */
  label: string;
  className?: string;
}

export interface EmptyStateProps {
  /** Which empty state: no tickets, none for the active filter, or a thread without replies. */
  variant: 'tickets' | 'filtered' | 'replies';
  title: string;
  hint?: string;
  /** A button or link to get out of the empty state. */
  action?: ReactNode;
  className?: string;
}

export interface AvatarProps {
  name: string;
  authorType: 'customer' | 'staff' | 'system';
  className?: string;
}

export interface MessageBubbleProps {
  authorType: 'customer' | 'staff' | 'system';
  /** "You", the staff member's name, or "Support team". */
  authorLabel: string;
  /** The customer's own message (drawn on the other side, in the accent colour). */
  isOwn: boolean;
  /** ISO time. */
  createdAt: string;
  /** Localised, formatted time. */
  time: string;
  /** The rendered (sanitised) body. */
  body: ReactNode;
  /** Present for replies not yet confirmed. */
  delivery?: 'sending' | 'failed';
  /** Retry/edit/discard controls for a failed reply. */
  actions?: ReactNode;
  className?: string;
}

/**
 * What one row of a ticket list shows. The list keeps the positioned `<li>`
 * around it (virtualisation, list semantics, `data-*` state); the row draws
 * the ticket.
 */
export interface TicketRowProps {
  ticket: Ticket;
  /** A real link target (from `getTicketHref`): render an `<a href>`. */
  href?: string;
  /** Without `href`, whether the row opens the ticket (a button) or is plain text. */
  selectable: boolean;
  /** The ticket open next to the list: mark it `aria-current`. */
  selected: boolean;
  /** Support replied since the customer last opened it: emphasise it (and say so to screen readers). */
  unread: boolean;
  /** Call on click: marks the ticket seen and selects it; plain clicks on a link don't navigate. */
  onActivate(event: MouseEvent<HTMLElement>): void;
  /** Attach to the focusable element (the link or button): focus moves there after "Load more". */
  focusRef: (element: HTMLElement | null) => void;
  /** The list's `classNames` for the row's parts. */
  classNames?: Partial<Record<'row' | 'unread' | 'number' | 'title' | 'meta' | 'status' | 'priority' | 'time' | 'replies', string>>;
}

/** A comment of the thread, or one of the customer's replies the server has not confirmed yet. */
export type ThreadMessage = { kind: 'comment'; comment: Comment } | { kind: 'outbox'; reply: OutgoingComment };

/**
 * What one message of a thread shows. The thread keeps the positioned
 * `<article>` around it (virtualisation, feed semantics, its label).
 */
export interface MessageRowProps {
  message: ThreadMessage;
  /** "You", the staff member's name, "Support team" or "System". */
  authorLabel: string;
  /** The rendered (sanitised) body. */
  body: ReactNode;
  /** For a failed reply: discard always; retry and edit while the ticket takes replies. */
  actions?: { retry?: () => void; edit?: () => void; discard: () => void };
  /** Attach to the Retry button: focus moves there after a send fails. */
  retryRef?: (element: HTMLButtonElement | null) => void;
  className?: string;
}

/**
 * Whole parts a host can replace, the third rung of the customisation ladder
 * (after CSS variables and class names). Pass through `components` on any
 * kit component; nested components inherit it.
 */
export interface PortalComponents {
  StatusBadge: ComponentType<StatusBadgeProps>;
  EmptyState: ComponentType<EmptyStateProps>;
  Avatar: ComponentType<AvatarProps>;
  MessageBubble: ComponentType<MessageBubbleProps>;
  /** One row of the ticket list. */
  TicketRow: ComponentType<TicketRowProps>;
  /** One message of a thread (the bubble inside is `MessageBubble`). */
  MessageRow: ComponentType<MessageRowProps>;
}

const OverridesContext = createContext<Partial<PortalComponents>>({});

/** Merges `components` into what nested kit components will use. */
export function ComponentsProvider({
  components,
  children,
}: {
  components?: Partial<PortalComponents>;
  children: ReactNode;
}) {
  const outer = useContext(OverridesContext);
  const value = useMemo(() => (components ? { ...outer, ...components } : outer), [outer, components]);
  return <OverridesContext.Provider value={value}>{children}</OverridesContext.Provider>;
}

/** The part to render: the host's override, else the kit's default. */
export function usePart<K extends keyof PortalComponents>(name: K, fallback: PortalComponents[K]): PortalComponents[K] {
  return useContext(OverridesContext)[name] ?? fallback;
}
