'use client';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type Ref } from 'react';
import { useAddComment } from '../../hooks/useAddComment';
import { useDraft } from '../../hooks/useDraft';
import { usePortalI18n } from '../shared/usePortalI18n';
import { useSeenTickets } from '../shared/useSeenTickets';
import { useTicket } from '../../hooks/useTicket';
import { ReplyComposer, acceptsReplies, DEFAULT_CLOSED_STATUSES, type ReplyComposerProps } from '../ReplyComposer';
import { cx, type ClassNames } from '../shared/cx';
import { ErrorNotice } from '../shared/ErrorNotice';
import { LiveRegion, useAnnouncer } from '../shared/LiveRegion';
import { ComponentsProvider, type PortalComponents } from '../shared/overrides';
import { Root, type PortalTheme } from '../shared/Root';
import { StatusBadge } from '../shared/StatusBadge';
import { Conversation, type ConversationActions, type ConversationPart } from './Conversation';
import type { MessageBodyProps } from '../MessageBody';

export type TicketThreadPart =
  | 'header'
  | 'back'
  | 'label'
  | 'title'
  | 'created'
  | ConversationPart
  | 'footer'
  | 'closed';

/** Class names per part: `classNames={{ header: 'my-header', message: 'my-message' }}`. */
export type TicketThreadClassNames = ClassNames<TicketThreadPart>;

type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface TicketThreadProps {
  /**
   * The ticket to show.
   * @example <TicketThread ticketId="tkt_123" />
   */
  ticketId: string;
  /**
   * Shows a "Back to tickets" button in the header (and in the not-found state).
   * @example <TicketThread ticketId={id} onBack={() => navigate('/support')} />
   */
  onBack?: () => void;
  /**
   * Called by the "New ticket" button a closed ticket shows instead of the composer.
   * @example <TicketThread ticketId={id} onNewTicket={() => setDialogOpen(true)} />
   */
  onNewTicket?: () => void;
  /**
   * Level of the title heading, to fit the page's outline; section headings use the next level.
   * @default 2
   * @example <TicketThread ticketId={id} headingLevel={1} />
   */
  headingLevel?: HeadingLevel;
  /**
   * The title heading (focusable with `tabIndex=-1`): move focus there after navigating to the thread.
   * @example
   * const heading = useRef<HTMLHeadingElement>(null);
   * <TicketThread ticketId={id} headingRef={heading} />
   */
  headingRef?: Ref<HTMLHeadingElement>;
  /**
   * How often to check for new replies, in ms; `false` to stop. Defaults to the provider's `pollInterval`.
   * @example <TicketThread ticketId={id} pollInterval={5000} />
   */
  pollInterval?: number | false;
  /**
   * Statuses that take no replies: the composer is replaced by a "closed" message.
   * @default ['closed', 'spam']
   * @example <TicketThread ticketId={id} closedStatuses={['closed', 'spam', 'archived']} />
   */
  closedStatuses?: readonly string[];
  /**
   * Load `http(s)` images in email bodies (off: they are mostly tracking pixels).
   * @default false
   * @example <TicketThread ticketId={id} allowRemoteImages />
   */
  allowRemoteImages?: boolean;
  /**
   * Called when a message fails to render; that message then shows its plain text, the rest of the thread is unaffected.
   * @example <TicketThread ticketId={id} onMessageError={(error) => reportError(error)} />
   */
  onMessageError?: MessageBodyProps['onError'];
  /**
   * Props for the reply composer (file limits, callbacks).
   * @example <TicketThread ticketId={id} composerProps={{ maxFiles: 3, accept: ['image/*'] }} />
   */
  composerProps?: Omit<ReplyComposerProps, 'ticketId' | 'value' | 'onValueChange' | 'closedStatuses' | 'theme'>;
  /**
   * Replace whole parts (`MessageBubble`, `Avatar`, `StatusBadge`, `EmptyState`).
   * @example <TicketThread ticketId={id} components={{ Avatar: MyAvatar }} />
   */
  components?: Partial<PortalComponents>;
  /**
   * Extra class on the root element (`dt-ticket-thread`).
   * @example <TicketThread ticketId={id} className="my-thread" />
   */
  className?: string;
  /**
   * Class names per part.
   * @example <TicketThread ticketId={id} classNames={{ title: 'my-title', message: 'my-message' }} />
   */
  classNames?: TicketThreadClassNames;
  /**
   * Colour theme when used on its own (inside another kit component it follows that one).
   * @example <TicketThread ticketId={id} theme="auto" />
   */
  theme?: PortalTheme;
}

const isNotFound = (error: unknown) => (error as { status?: unknown } | null)?.status === 404;

function BackIcon() {
  return (
    <svg className="dt-ticket-thread-back-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M10 3 5 8l5 5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * One ticket: header (number, title, status, created date), the original
 * message, the ticket's files, the conversation oldest first, and the reply
 * composer. New replies arrive by polling without moving what the user is
 * reading, and are announced politely; long threads are virtualised.
 * Fills its parent's height (`block-size: 100%`).
 *
 * @example
 * <TicketThread ticketId={id} onBack={() => setView('list')} onNewTicket={() => setView('new')} />
 */
export function TicketThread({
  ticketId,
  onBack,
  onNewTicket,
  headingLevel = 2,
  headingRef,
  pollInterval,
  closedStatuses = DEFAULT_CLOSED_STATUSES,
  allowRemoteImages,
  onMessageError,
  composerProps,
  components,
  className,
  classNames = {},
  theme,
}: TicketThreadProps) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const query = useTicket(ticketId, { pollInterval });
  // What the customer has on screen is read: the list stops flagging it as a new reply.
  const { markSeen } = useSeenTickets();
  const seenTicket = query.data;
  useEffect(() => {
    if (seenTicket) markSeen(seenTicket);
  }, [seenTicket, markSeen]);
  const { data: ticket, error, refetch } = query;
  const { outbox, retry, edit, discard } = useAddComment(ticketId);
  const [draft, setDraft] = useDraft(`reply:${ticketId}`, '');
  const [message, announce] = useAnnouncer();
  const [followKey, setFollowKey] = useState(0);
  const [focusRetry, setFocusRetry] = useState(0);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  const Heading = `h${headingLevel}` as const;
  const Subheading = `h${Math.min(headingLevel + 1, 6) as HeadingLevel}` as const;
  const canReply = ticket ? acceptsReplies(ticket.status, closedStatuses) : true;

  // After a failed send, take a keyboard user to Retry, unless they are already writing something else.
  useEffect(() => {
    if (!focusRetry) return;
    const active = document.activeElement;
    const composer = composerRef.current;
    const idle = !active || active === document.body || (composer && !composer.value && composer.form?.contains(active));
    if (!idle) return;
    const buttons = composer?.closest('.dt-ticket-thread')?.querySelectorAll<HTMLButtonElement>('[data-action="retry"]');
    buttons?.[buttons.length - 1]?.focus();
  }, [focusRetry]);

  const onSendFailed = useCallback(() => {
    announce(t('composerSendFailed'));
    setFocusRetry((n) => n + 1);
  }, [announce, t]);

  const actions = useMemo<ConversationActions>(
    () => ({
      retry(localId) {
        composerRef.current?.focus();
        retry(localId).then(() => announce(t('composerSent')), onSendFailed);
      },
      edit(localId) {
        const text = edit(localId);
        // Never overwrite what is already being written.
        setDraft((current) => (current.trim() ? `${current}\n\n${text}` : text));
        composerRef.current?.focus();
      },
      discard(localId) {
        discard(localId);
        composerRef.current?.focus();
      },
    }),
    [retry, edit, discard, setDraft, announce, t, onSendFailed],
  );

  const headerBack = onBack ? (
    <button type="button" className={cx('dt-button dt-ticket-thread-back', classNames.back)} data-variant="ghost" data-size="sm" onClick={onBack}>
      <BackIcon />
      {t('backToTickets')}
    </button>
  ) : null;

  let state: 'loading' | 'not-found' | 'error' | 'ready' | 'closed' = 'ready';
  let content;
  if (ticket) {
    state = canReply ? 'ready' : 'closed';
    content = (
      <>
        <header className={cx('dt-ticket-thread-header', classNames.header)}>
          {headerBack}
          <div className="dt-ticket-thread-meta">
            <span className={cx('dt-ticket-thread-label', classNames.label)}>{ticket.label}</span>
            <StatusBadge status={ticket.status} />
          </div>
          <Heading ref={headingRef} id={titleId} tabIndex={-1} dir="auto" className={cx('dt-ticket-thread-title', classNames.title)}>
            {ticket.title}
          </Heading>
          <time dateTime={ticket.createdAt} className={cx('dt-hint dt-ticket-thread-created', classNames.created)}>
            {t('threadCreated', { date: i18n.dateTime(ticket.createdAt) })}
          </time>
        </header>
        <Conversation
          key={ticket.id}
          ticket={ticket}
          outbox={outbox}
          actions={actions}
          canReply={canReply}
          subheading={Subheading}
          followKey={followKey}
          onAnnounce={announce}
          allowRemoteImages={allowRemoteImages}
          onMessageError={onMessageError}
          classNames={classNames}
        />
        <div className={cx('dt-ticket-thread-footer', classNames.footer)}>
          {canReply ? (
            <ReplyComposer
              {...composerProps}
              ref={composerRef}
              ticketId={ticketId}
              value={draft}
              onValueChange={setDraft}
              closedStatuses={closedStatuses}
              onReplyStart={() => {
                setFollowKey((n) => n + 1);
                composerProps?.onReplyStart?.();
              }}
              onReplyError={(sendError) => {
                setFocusRetry((n) => n + 1);
                composerProps?.onReplyError?.(sendError);
              }}
            />
          ) : (
            <div className={cx('dt-ticket-thread-closed', classNames.closed)}>
              <p>
                <strong>{t('threadClosed')}</strong> {t('threadClosedHint')}
              </p>
              {onNewTicket ? (
                <button type="button" className="dt-button" data-variant="primary" onClick={onNewTicket}>
                  {t('newTicket')}
                </button>
              ) : null}
            </div>
          )}
        </div>
      </>
    );
  } else if (error) {
    const notFound = isNotFound(error);
    state = notFound ? 'not-found' : 'error';
    content = (
      <div className="dt-ticket-thread-problem">
        {headerBack}
        <Heading ref={headingRef} id={titleId} tabIndex={-1} className={cx('dt-ticket-thread-title', classNames.title)}>
          {t(notFound ? 'threadNotFound' : 'threadError')}
        </Heading>
        {/* Not found is final: no retry, just a way back. */}
        <ErrorNotice error={error} onRetry={notFound ? undefined : () => void refetch()} />
      </div>
    );
  } else {
    state = 'loading';
    content = (
      <div className="dt-ticket-thread-skeleton" aria-hidden="true">
        <span className="dt-skeleton" data-shape="title" />
        <span className="dt-skeleton" data-shape="line" />
        <span className="dt-skeleton" data-shape="bubble" />
        <span className="dt-skeleton" data-shape="bubble" data-own="" />
        <span className="dt-skeleton" data-shape="bubble" />
      </div>
    );
  }

  return (
    <Root
      as="section"
      className={cx('dt-ticket-thread', className)}
      theme={theme}
      data-state={state}
      aria-labelledby={state === 'loading' ? undefined : titleId}
      aria-label={state === 'loading' ? t('loading') : undefined}
      aria-busy={state === 'loading' || undefined}
    >
      <ComponentsProvider components={components}>{content}</ComponentsProvider>
      <LiveRegion message={state === 'loading' ? t('loading') : message} />
    </Root>
  );
}
