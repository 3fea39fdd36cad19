'use client';
import {
  forwardRef,
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react';
import { defaultRangeExtractor, elementScroll, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { TicketDetail } from '../../client';
import type { OutgoingComment } from '../../hooks/useAddComment';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { AttachmentRef, MessageBodyMessages } from '../MessageBody';
import { cx, type ClassNames } from '../shared/cx';
import { EmptyState } from '../shared/EmptyState';
import type { ThreadMessage } from '../shared/overrides';
import { InlineAttachment, TicketAttachments } from './attachments';
import { MessageBubble } from './MessageBubble';
import { MessageContent } from './messageContent';
import { ThreadItem, authorLabel, keyOf, type BodySettings, type ReplyActions } from './MessageRow';
import { ScrollRoot } from './scrollRoot';
import { useIntroMargin } from './useIntroMargin';
import { useRetryFocus } from './useRetryFocus';
import { useStickToBottom } from './useStickToBottom';

export type ConversationPart = 'conversation' | 'original' | 'attachments' | 'feed' | 'message' | 'newReplies';

/** What the thread asks of its conversation, through a ref. */
export interface ConversationHandle {
  /** The customer sent a reply: go to the end and stay there, wherever they were. */
  follow(): void;
  /**
   * Move focus to the Retry button of a failed reply, now or as soon as it
   * renders, if `wanted()` still says so then.
   */
  focusRetry(localId: string, wanted: () => boolean): void;
}

interface ConversationProps {
  ticket: TicketDetail;
  outbox: OutgoingComment[];
  actions: ReplyActions;
  subheading: `h${1 | 2 | 3 | 4 | 5 | 6}`;
  onAnnounce(text: string): void;
  allowRemoteImages?: boolean;
  onMessageError?: BodySettings['onError'];
  classNames: ClassNames<ConversationPart>;
}

/**
 * A message's height before it is measured: a `.dt-ticket-thread-item` with
 * its `--dt-space-4` bottom padding around a `.dt-message` (the meta line at
 * `--dt-font-size-sm`, the `--dt-space-1` gap, and a bubble of two or three
 * lines with `--dt-space-2` block padding). Messages are measured once
 * rendered; this only sizes the scrollbar until then.
 */
const ESTIMATE = 120;

// Dynamic heights need ResizeObserver; without it (jsdom, very old engines) the
// thread renders every message in normal flow instead of guessing sizes.
const noSubscribe = () => () => {};
const canMeasure = () => typeof ResizeObserver !== 'undefined';
const onServer = () => false;

/**
 * The scrollable part of a thread: the original message, the ticket's files,
 * then the comments and unconfirmed replies, virtualised so a thousand
 * messages cost what a screenful costs. It opens at the latest message, stays
 * pinned to the end while the user is there, and never moves when they have
 * scrolled up (new replies then show a "Show new replies" button instead).
 */
export const Conversation = forwardRef<ConversationHandle, ConversationProps>(function Conversation(
  { ticket, outbox, actions, subheading: Subheading, onAnnounce, allowRemoteImages, onMessageError, classNames },
  handle,
) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const virtual = useSyncExternalStore(noSubscribe, canMeasure, onServer);
  const scrollRef = useRef<HTMLDivElement>(null);
  const introRef = useRef<HTMLDivElement>(null);
  const feedRef = useRef<HTMLDivElement>(null);
  const originalId = useId();
  // The reader is at the end (and stays there as messages arrive).
  const pinned = useRef(true);
  const scrollMargin = useIntroMargin(scrollRef, introRef, feedRef, pinned);

  const rows = useMemo<ThreadMessage[]>(
    () => [
      ...ticket.comments.map((comment) => ({ kind: 'comment' as const, comment })),
      ...outbox.map((reply) => ({ kind: 'outbox' as const, reply })),
    ],
    [ticket.comments, outbox],
  );

  // Keep the row holding focus rendered, so scrolling it out of view doesn't drop focus to <body>.
  const focusedKey = useRef<string | null>(null);
  const onItemFocus = useCallback((key: string) => {
    focusedKey.current = key;
  }, []);
  const keys = useMemo(() => rows.map(keyOf), [rows]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const focused = focusedKey.current === null ? -1 : keys.indexOf(focusedKey.current);
      if (focused >= 0 && !indexes.includes(focused)) indexes.push(focused);
      return indexes.sort((a, b) => a - b);
    },
    [keys],
  );

  const ownScrollTop = useRef<number | null>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    scrollToFn: (offset, options, instance) => {
      ownScrollTop.current = offset + (options.adjustments ?? 0);
      elementScroll(offset, options, instance);
    },
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    getItemKey: (index) => keys[index] ?? index,
    overscan: 6,
    scrollMargin,
    // Open at the latest message: the browser clamps this to the real end.
    initialOffset: () => Number.MAX_SAFE_INTEGER,
    rangeExtractor,
    enabled: virtual,
  });
  const total = virtualizer.getTotalSize();
  const stick = useStickToBottom(scrollRef, ownScrollTop, pinned, `${total}|${rows.length}|${scrollMargin}`);
  const { arrived } = stick;

  // New comments from polling: announce staff replies, count the unseen ones.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    const seen = known.current;
    known.current = new Set(ticket.comments.map((c) => c.id));
    if (!seen) return;
    const fresh = ticket.comments.filter((c) => !seen.has(c.id) && c.authorType !== 'customer');
    if (!fresh.length) return;
    const staff = fresh.filter((c) => c.authorType === 'staff');
    const first = staff[0];
    if (first) onAnnounce(t('threadNewReplies', { count: staff.length, name: authorLabel(t, first) }));
    arrived(fresh.length);
  }, [ticket.comments, onAnnounce, t, arrived]);

  const { registerRetry, focusRetry } = useRetryFocus();
  useImperativeHandle(handle, () => ({ follow: stick.follow, focusRetry }), [stick.follow, focusRetry]);

  const showNew = () => {
    stick.follow();
    // The button goes away; the conversation is where the reader continues.
    scrollRef.current?.focus({ preventScroll: true });
  };

  const ticketId = ticket.id;
  const renderAttachment = useCallback((ref: AttachmentRef) => <InlineAttachment ticketId={ticketId} {...ref} />, [ticketId]);
  const messages = useMemo<MessageBodyMessages>(
    () => ({ showQuotedText: t('showQuotedText'), hideQuotedText: t('hideQuotedText'), remoteImageBlocked: t('remoteImageBlocked') }),
    [t],
  );
  const bodySettings = useMemo<BodySettings>(
    () => ({ ticketId, renderAttachment, messages, allowRemoteImages, onError: onMessageError }),
    [ticketId, renderAttachment, messages, allowRemoteImages, onMessageError],
  );

  const items = virtual ? virtualizer.getVirtualItems() : rows.map((_, index) => ({ index, start: 0 }));

  return (
    <div className={cx('dt-ticket-thread-conversation', classNames.conversation)}>
      <ScrollRoot.Provider value={scrollRef}>
        {/* onBlur only notes that focus left the conversation; it is not an interaction. */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
        <div
          ref={scrollRef}
          className="dt-ticket-thread-scroll"
          role="region"
          aria-label={t('threadConversation')}
          // A scrollable region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
          tabIndex={0}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) focusedKey.current = null;
          }}
        >
          <div ref={introRef} className="dt-ticket-thread-intro">
            {ticket.body.trim() ? (
              <section className={cx('dt-ticket-thread-original', classNames.original)} aria-labelledby={originalId}>
                <Subheading id={originalId} className="dt-ticket-thread-subheading">
                  {t('threadOriginalMessage')}
                </Subheading>
                <MessageBubble
                  authorType="customer"
                  authorLabel={t('you')}
                  isOwn
                  createdAt={ticket.createdAt}
                  time={i18n.dateTime(ticket.createdAt)}
                  body={<MessageContent body={ticket.body} {...bodySettings} />}
                />
              </section>
            ) : null}
            <TicketAttachments ticketId={ticketId} heading={Subheading} className={classNames.attachments} />
            {rows.length ? null : <EmptyState variant="replies" title={t('threadNoReplies')} />}
          </div>
          <div
            ref={feedRef}
            className={cx('dt-ticket-thread-feed', classNames.feed)}
            // An empty feed is invalid ARIA (it must own articles); the empty state says it instead.
            role={rows.length ? 'feed' : undefined}
            aria-label={rows.length ? t('threadConversation') : undefined}
            data-virtual={virtual ? '' : undefined}
            style={virtual ? { blockSize: total - scrollMargin } : undefined}
          >
            {items.map(({ index, start }) => {
              const message = rows[index];
              if (!message) return null;
              return (
                <ThreadItem
                  key={keyOf(message)}
                  message={message}
                  index={index}
                  setSize={rows.length}
                  offset={virtual ? start - scrollMargin : null}
                  measure={virtual ? virtualizer.measureElement : undefined}
                  actions={actions}
                  registerRetry={registerRetry}
                  onItemFocus={onItemFocus}
                  className={classNames.message}
                  bodySettings={bodySettings}
                />
              );
            })}
          </div>
        </div>
      </ScrollRoot.Provider>
      {stick.unseen > 0 ? (
        <button
          type="button"
          className={cx('dt-button dt-ticket-thread-new-replies', classNames.newReplies)}
          data-variant="primary"
          data-size="sm"
          onClick={showNew}
        >
          {t('threadShowNewReplies')}
        </button>
      ) : null}
    </div>
  );
});
