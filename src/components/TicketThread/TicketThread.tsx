'use client';
import { Suspense, forwardRef, useCallback, useEffect, useId, useMemo, useRef } from 'react';
import { acceptsReplies, DEFAULT_CLOSED_STATUSES } from '../../hooks/replies';
import { useReplyComposer } from '../../hooks/useReplyComposer';
import { useSeenTickets } from '../../hooks/useSeenTickets';
import { useTicket } from '../../hooks/useTicket';
import { useCapabilities } from '../../hooks/useCapabilities';
import { LazyRatingPrompt, LazyTicketStatusActions, ticketActionsKit } from '../TicketActions/lazy';
import { usePortalI18n, useTranslatorFor } from '../shared/usePortalI18n';
import { ReplyComposer } from '../ReplyComposer';
import { cx } from '../shared/cx';
import { LiveRegion, useAnnouncer } from '../shared/LiveRegion';
import { ComponentsProvider } from '../shared/overrides';
import { Root } from '../shared/Root';
import { Conversation, type ConversationHandle } from './Conversation';
import type { ReplyActions } from './MessageRow';
import { BackButton, ClosedNotice, ThreadHeader, ThreadProblem, ThreadSkeleton } from './ThreadParts';
import type { HeadingLevel, TicketThreadProps } from './types';

/**
 * One ticket: header (number, title, status, created date), the original
 * message, the ticket's files, the conversation oldest first, and the reply
 * composer. New replies arrive by polling without moving what the user is
 * reading, and are announced politely; long threads are virtualised.
 * Fills its parent's height (`block-size: 100%`). The ref is the root `<section>`.
 *
 * @example
 * <TicketThread ticketId={id} onBack={() => setView('list')} onNewTicket={() => setView('new')} />
 */
export const TicketThread = forwardRef<HTMLElement, TicketThreadProps>(function TicketThread(
  {
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
    ...rest
  },
  ref,
) {
  const { t } = usePortalI18n();
  const translate = useTranslatorFor();
  const query = useTicket(ticketId, { pollInterval });
  const { data: ticket, error, refetch } = query;
  // What the customer has on screen is read: the list stops flagging it as a new reply.
  const { markSeen } = useSeenTickets();
  useEffect(() => {
    if (ticket) markSeen(ticket);
  }, [ticket, markSeen]);
  // The thread owns the draft (and the outbox): Edit brings a failed reply back into it.
  const composer = useReplyComposer(ticketId, { closedStatuses });
  const [message, announce] = useAnnouncer();
  const conversation = useRef<ConversationHandle>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  const Heading = `h${headingLevel}` as const;
  const Subheading = `h${Math.min(headingLevel + 1, 6) as HeadingLevel}` as const;
  const canReply = ticket ? acceptsReplies(ticket.status, closedStatuses) : true;
  // Extensions a gateway offers (null: none, the portal as always).
  const { data: capabilities } = useCapabilities();
  const features = capabilities?.features;
  const finished = ticket ? (capabilities?.statuses.find((s) => s.key === ticket.status)?.closed ?? !canReply) : false;
  const scale = capabilities?.rating?.scale;

  // After a failed send, take a keyboard user to Retry, unless they are already writing something else.
  const focusRetry = useCallback((localId: string) => {
    conversation.current?.focusRetry(localId, () => {
      const active = document.activeElement;
      const box = composerRef.current;
      return !active || active === document.body || (!!box && !box.value && !!box.form?.contains(active));
    });
  }, []);

  const { retry, edit, discard, cancel } = composer;
  // Say once when a reply starts waiting for the connection, or is slow to go.
  const waiting = composer.outbox.reduce<string | null>((w, r) => (r.status === 'sending' && r.waiting && w !== 'offline' ? r.waiting : w), null);
  useEffect(() => {
    if (waiting) announce(t(waiting === 'offline' ? 'messageOffline' : 'messageSlow'));
  }, [waiting, announce, t]);
  const actions = useMemo<ReplyActions>(
    () => ({
      retry: canReply
        ? (localId) => {
            composerRef.current?.focus();
            void retry(localId).then((result) => {
              if (result.status === 'sent') return announce(t('composerSent'));
              announce(t('composerSendFailed'));
              focusRetry(localId);
            });
          }
        : undefined,
      edit: canReply
        ? (localId) => {
            // Appended to what is being written, never over it.
            edit(localId);
            composerRef.current?.focus();
          }
        : undefined,
      discard(localId) {
        discard(localId);
        composerRef.current?.focus();
      },
      cancel,
    }),
    [canReply, retry, edit, discard, cancel, announce, t, focusRetry],
  );

  const back = <BackButton onBack={onBack} className={classNames.back} />;
  let state: 'loading' | 'not-found' | 'error' | 'ready' | 'closed' = 'loading';
  let content = <ThreadSkeleton />;
  if (ticket) {
    state = canReply ? 'ready' : 'closed';
    content = (
      <>
        <ThreadHeader
          ticket={ticket}
          heading={Heading}
          headingRef={headingRef}
          titleId={titleId}
          back={back}
          classNames={classNames}
          actions={
            features?.close || features?.reopen ? (
              <Suspense fallback={null}>
                <LazyTicketStatusActions
                  ticket={ticket}
                  closed={finished}
                  canClose={features.close}
                  canReopen={features.reopen}
                  onAnnounce={announce}
                  onNewTicket={onNewTicket}
                  kit={ticketActionsKit}
                  translate={translate}
                />
              </Suspense>
            ) : null
          }
        />
        <Conversation
          key={ticket.id}
          ref={conversation}
          ticket={ticket}
          outbox={composer.outbox}
          actions={actions}
          subheading={Subheading}
          onAnnounce={announce}
          allowRemoteImages={allowRemoteImages}
          onMessageError={onMessageError}
          classNames={classNames}
        />
        <div className={cx('dt-ticket-thread-footer', classNames.footer)}>
          {scale && finished && ticket.canRate !== undefined ? (
            <Suspense fallback={null}>
              <LazyRatingPrompt key={ticket.id} ticket={ticket} scale={scale} onAnnounce={announce} kit={ticketActionsKit} translate={translate} />
            </Suspense>
          ) : null}
          {canReply ? (
            <ReplyComposer
              {...composerProps}
              ref={composerRef}
              ticketId={ticketId}
              value={composer.text}
              onValueChange={composer.setText}
              closedStatuses={closedStatuses}
              onReplyStart={() => {
                conversation.current?.follow();
                composerProps?.onReplyStart?.();
              }}
              onReplyError={(sendError, localId) => {
                focusRetry(localId);
                composerProps?.onReplyError?.(sendError, localId);
              }}
            />
          ) : (
            <ClosedNotice onNewTicket={onNewTicket} className={classNames.closed} />
          )}
        </div>
      </>
    );
  } else if (error) {
    const notFound = error.status === 404;
    state = notFound ? 'not-found' : 'error';
    content = (
      <ThreadProblem
        error={error}
        notFound={notFound}
        heading={Heading}
        headingRef={headingRef}
        titleId={titleId}
        back={back}
        onRetry={() => void refetch()}
        className={classNames.title}
      />
    );
  }

  const loading = state === 'loading';
  return (
    <Root
      ref={ref}
      as="section"
      aria-labelledby={loading ? undefined : titleId}
      aria-label={loading ? t('loading') : undefined}
      {...rest}
      className={cx('dt-ticket-thread', className)}
      theme={theme}
      data-state={state}
      aria-busy={loading || undefined}
    >
      <ComponentsProvider components={components}>{content}</ComponentsProvider>
      <LiveRegion message={loading ? t('loading') : message} />
    </Root>
  );
});
