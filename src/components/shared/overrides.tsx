'use client';
import { createContext, useContext, useMemo, type ComponentType, type ReactNode } from 'react';

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
 * Whole parts a host can replace, the third rung of the customisation ladder
 * (after CSS variables and class names). Pass through `components` on any
 * kit component; nested components inherit it.
 */
export interface PortalComponents {
  StatusBadge: ComponentType<StatusBadgeProps>;
  EmptyState: ComponentType<EmptyStateProps>;
  Avatar: ComponentType<AvatarProps>;
  MessageBubble: ComponentType<MessageBubbleProps>;
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
