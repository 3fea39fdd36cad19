'use client';
import { forwardRef, useCallback, useEffect, useId, useRef, type ReactNode } from 'react';
import type { Ticket } from '../../client';
import { usePortalI18n } from '../shared/usePortalI18n';
import { usePortalSession } from '../../hooks/usePortalSession';
import { useControllableState } from '../../shared/useControllableState';
import { NewTicketForm, type NewTicketFormProps } from '../NewTicketForm';
import { TicketList, type TicketListProps } from '../TicketList';
import { TicketThread, type TicketThreadProps } from '../TicketThread';
import { cx, type ClassNames } from '../shared/cx';
import { ComponentsProvider, type PortalComponents } from '../shared/overrides';
import { Root, type PortalTheme, type RootAttributes } from '../shared/Root';

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

const LIST: PortalView = { name: 'list' };
const viewKey = (view: PortalView) => (view.name === 'ticket' ? `ticket:${view.ticketId}` : view.name);

/**
 * A complete support portal: ticket list → ticket → back, a new ticket from
 * anywhere, a closed ticket pointing to a new one. Responsive from a 360 px
 * side panel to a full page. Focus moves to the heading of each new view.
 * The ref is the root `<section>`.
 *
 * @example
 * <PortalProvider getToken={getToken}>
 *   <SupportPortal />
 * </PortalProvider>
 */
export const SupportPortal = forwardRef<HTMLElement, SupportPortalProps>(function SupportPortal(
  {
    view: viewProp,
    defaultView = LIST,
    onViewChange,
    getTicketHref,
    layout = 'auto',
    headingLevel = 2,
    title,
    onSignIn,
    theme,
    dir,
    className,
    classNames: cn = {},
    components,
    ticketListProps,
    ticketThreadProps,
    newTicketFormProps,
    ...rest
  },
  ref,
) {
  const { t } = usePortalI18n();
  const session = usePortalSession();
  const [view, navigate] = useControllableState(viewProp, defaultView, onViewChange);
  const key = viewKey(view);

  // Move focus to the new view's heading, but never on first render (that
  // would steal focus from the host page). The thread's heading appears only
  // once its data loads, so it is focused from its ref callback — or here,
  // when the data was already cached (a ticket just created, or seen before)
  // and the heading mounted in the same commit as the view change.
  const listHeading = useRef<HTMLHeadingElement>(null);
  const newHeading = useRef<HTMLHeadingElement>(null);
  const threadNode = useRef<HTMLHeadingElement | null>(null);
  // The view still waiting for its heading, and what had focus when it was opened.
  const pendingFocus = useRef<{ key: string; from: Element | null } | null>(null);
  const lastKey = useRef(key);
  useEffect(() => {
    if (lastKey.current === key) return;
    lastKey.current = key;
    pendingFocus.current = { key, from: document.activeElement };
    const heading = view.name === 'list' ? listHeading.current : view.name === 'new' ? newHeading.current : threadNode.current;
    if (heading) {
      heading.focus();
      pendingFocus.current = null;
    }
  }, [key, view.name]);
  const threadHeading = useCallback(
    (node: HTMLHeadingElement | null) => {
      threadNode.current = node;
      const pending = pendingFocus.current;
      if (!node || pending?.key !== key) return;
      pendingFocus.current = null;
      // While the ticket loaded, the user may have moved on (the list stays in
      // the split view): only take focus that is where they left it, or lost.
      const active = document.activeElement;
      if (!active || active === document.body || active === pending.from) node.focus();
    },
    [key],
  );

  const titleId = useId();
  const Title = `h${headingLevel}` as const;
  const ViewTitle = `h${headingLevel + 1}` as 'h2';
  const expired = session.status === 'expired';

  return (
    <Root
      ref={ref}
      as="section"
      aria-labelledby={title === null ? undefined : titleId}
      {...rest}
      theme={theme}
      dir={dir}
      className={cx('dt-support-portal', className, cn.root)}
      data-layout={layout}
      data-view={view.name}
    >
      <ComponentsProvider components={components}>
        <header className={cx('dt-support-portal-header', cn.header)}>
          {title === null ? null : (
            <Title id={titleId} className={cx('dt-support-portal-title', cn.title)}>
              {title ?? t('portalTitle')}
            </Title>
          )}
          {session.customer?.email ? (
            <span className={cx('dt-support-portal-account', cn.account)}>
              {t('portalLoggedInAs', { email: session.customer.email })}
            </span>
          ) : null}
          {expired ? null : (
            <button
              type="button"
              className={cx('dt-button', cn.newTicket)}
              data-variant="primary"
              aria-current={view.name === 'new' ? 'page' : undefined}
              onClick={() => navigate({ name: 'new' })}
            >
              {t('newTicket')}
            </button>
          )}
        </header>

        {expired ? (
          <div className={cx('dt-support-portal-expired', cn.expired)} role="alert">
            <ViewTitle className={cx('dt-support-portal-view-title', cn.viewTitle)}>{t('portalSessionExpired')}</ViewTitle>
            <p>{t('portalSessionExpiredHint')}</p>
            <button
              type="button"
              className="dt-button"
              data-variant="primary"
              onClick={() => (onSignIn ? onSignIn() : void session.renew().catch(() => {}))}
            >
              {t('portalSignIn')}
            </button>
          </div>
        ) : (
          <div className={cx('dt-support-portal-body', cn.body)}>
            <div className={cx('dt-support-portal-pane', cn.listPane)} data-pane="list">
              <ViewTitle ref={listHeading} tabIndex={-1} className={cx('dt-support-portal-view-title', cn.viewTitle)}>
                {t('listTitle')}
              </ViewTitle>
              <TicketList
                {...ticketListProps}
                selectedTicketId={view.name === 'ticket' ? view.ticketId : null}
                getTicketHref={getTicketHref}
                onTicketSelect={(ticket) => navigate({ name: 'ticket', ticketId: ticket.id })}
                onNewTicket={() => navigate({ name: 'new' })}
              />
            </div>
            <div className={cx('dt-support-portal-pane', cn.detailPane)} data-pane="detail">
              {view.name === 'ticket' ? (
                <TicketThread
                  key={view.ticketId}
                  {...ticketThreadProps}
                  ticketId={view.ticketId}
                  headingLevel={(headingLevel + 1) as 2}
                  headingRef={threadHeading}
                  onBack={() => navigate(LIST)}
                  onNewTicket={() => navigate({ name: 'new' })}
                />
              ) : view.name === 'new' ? (
                <div className="dt-support-portal-new">
                  <ViewTitle ref={newHeading} tabIndex={-1} className={cx('dt-support-portal-view-title', cn.viewTitle)}>
                    {t('formTitle')}
                  </ViewTitle>
                  <NewTicketForm
                    {...newTicketFormProps}
                    showTitle={false}
                    onTicketCreate={(ticket) => navigate({ name: 'ticket', ticketId: ticket.id })}
                    onCancel={() => navigate(LIST)}
                  />
                </div>
              ) : (
                <p className={cx('dt-support-portal-placeholder', cn.placeholder)}>{t('portalSelectTicket')}</p>
              )}
            </div>
          </div>
        )}
      </ComponentsProvider>
    </Root>
  );
});
