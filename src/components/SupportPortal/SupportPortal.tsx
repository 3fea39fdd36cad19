'use client';
import { forwardRef, useCallback, useEffect, useId, useRef, useState } from 'react';
import { usePortalI18n } from '../shared/usePortalI18n';
import { usePortalSession } from '../../hooks/usePortalSession';
import { useControllableState } from '../../shared/useControllableState';
import type * as FormModule from '../NewTicketForm/NewTicketForm';
import { TicketList } from '../TicketList';
import { TicketThread } from '../TicketThread';
import { cx } from '../shared/cx';
import { ComponentsProvider } from '../shared/overrides';
import { Root } from '../shared/Root';
import type { PortalView, SupportPortalProps } from './types';

const LIST: PortalView = { name: 'list' };

/**
 * The new-ticket form is a chunk of its own (most visits never open it),
 * fetched once the portal has mounted so it is there when asked for; a failed
 * fetch (offline) is tried again when the form is opened.
 */
let formModule: typeof FormModule | undefined;
const loadForm = () => import('../NewTicketForm/NewTicketForm').then((m) => (formModule = m));
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
  const [form, setForm] = useState(formModule);
  const wantsForm = view.name === 'new';
  useEffect(() => {
    if (!form) loadForm().then(setForm, () => {});
  }, [form, wantsForm]);

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
          {session.customer?.email && !expired ? (
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
                  {form ? (
                    <form.NewTicketForm
                      {...newTicketFormProps}
                      showTitle={false}
                      onTicketCreate={(ticket) => navigate({ name: 'ticket', ticketId: ticket.id })}
                      onCancel={() => navigate(LIST)}
                    />
                  ) : (
                    <p className={cx('dt-support-portal-placeholder', cn.placeholder)} role="status">
                      {t('loading')}
                    </p>
                  )}
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
