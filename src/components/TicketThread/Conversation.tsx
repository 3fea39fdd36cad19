'use client';
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { defaultRangeExtractor, elementScroll, useVirtualizer, type Range, type Virtualizer } from '@tanstack/react-virtual';
import type { Comment, TicketDetail } from '../../client';
import type { OutgoingComment } from '../../hooks/useAddComment';
import { usePortalI18n } from '../shared/usePortalI18n';
import { errorText, type Translator } from '../../i18n';
import { MessageBody, type AttachmentRef, type MessageBodyMessages, type MessageBodyProps } from '../MessageBody';
import { cx, type ClassNames } from '../shared/cx';
import { EmptyState } from '../shared/EmptyState';
import { InlineAttachment, TicketAttachments } from './attachments';
import { MessageBubble } from './MessageBubble';

export type ConversationPart = 'conversation' | 'original' | 'attachments' | 'feed' | 'message' | 'newReplies';

type Row = { kind: 'comment'; comment: Comment } | { kind: 'outbox'; item: OutgoingComment };

/** "You", the staff member's name (else "Support team"), or "System" (contract §6 #1, #18). */
export function authorLabel(t: Translator['t'], comment: Pick<Comment, 'authorType' | 'authorName'>): string {
  if (comment.authorType === 'customer') return t('you');
  if (comment.authorType === 'system') return t('system');
  return comment.authorName?.trim() || t('supportTeam');
}

export interface ConversationActions {
  retry(localId: string): void;
  edit(localId: string): void;
  discard(localId: string): void;
}

interface ConversationProps {
  ticket: TicketDetail;
  outbox: OutgoingComment[];
  actions: ConversationActions;
  /** Whether failed replies can be retried or edited (the ticket takes replies). */
  canReply: boolean;
  subheading: `h${1 | 2 | 3 | 4 | 5 | 6}`;
  /** Changes when the customer sends: scroll to the end, whatever the position. */
  followKey: number;
  onAnnounce(text: string): void;
  allowRemoteImages?: boolean;
  onMessageError?: MessageBodyProps['onError'];
  classNames: ClassNames<ConversationPart>;
}

const ESTIMATE = 120;
/** Within this many px of the end counts as "at the end". */
const END_SLACK = 24;
/** The element is scrolled to `top` (give or take a rounded pixel). */
const isAt = (el: HTMLElement, top: number | null) => top !== null && Math.abs(el.scrollTop - top) <= 1;
const keyOf = (row: Row) => (row.kind === 'comment' ? row.comment.id : row.item.localId);

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
export function Conversation({
  ticket,
  outbox,
  actions,
  canReply,
  subheading: Subheading,
  followKey,
  onAnnounce,
  allowRemoteImages,
  onMessageError,
  classNames,
}: ConversationProps) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const virtual = useSyncExternalStore(noSubscribe, canMeasure, onServer);
  const scrollRef = useRef<HTMLDivElement>(null);
  const introRef = useRef<HTMLDivElement>(null);
  const feedRef = useRef<HTMLDivElement>(null);
  const originalId = useId();
  const [scrollMargin, setScrollMargin] = useState(0);
  const pinned = useRef(true);
  const [unseen, setUnseen] = useState(0);

  const rows = useMemo<Row[]>(
    () => [
      ...ticket.comments.map((comment) => ({ kind: 'comment' as const, comment })),
      ...outbox.map((item) => ({ kind: 'outbox' as const, item })),
    ],
    [ticket.comments, outbox],
  );
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  // Keep the row holding focus rendered, so scrolling it out of view doesn't drop focus to <body>.
  const focusedKey = useRef<string | null>(null);
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const key = focusedKey.current;
    const focused = key === null ? -1 : rowsRef.current.findIndex((row) => keyOf(row) === key);
    if (focused >= 0 && !indexes.includes(focused)) indexes.push(focused);
    return indexes.sort((a, b) => a - b);
  }, []);

  // Where the virtualizer last scrolled to. Its corrections for rows measured
  // above the viewport can move the position up, which must not read as the
  // user scrolling away from the end.
  const ownScrollTop = useRef<number | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    scrollToFn: (offset, options, instance) => {
      ownScrollTop.current = offset + (options.adjustments ?? 0);
      elementScroll(offset, options, instance);
    },
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    getItemKey: (index) => {
      const row = rows[index];
      return row ? keyOf(row) : index;
    },
    overscan: 6,
    scrollMargin,
    // Open at the latest message: the browser clamps this to the real end.
    initialOffset: () => Number.MAX_SAFE_INTEGER,
    rangeExtractor,
    enabled: virtual,
  });
  const total = virtualizer.getTotalSize();

  // Pin state follows the user: reaching the end pins, scrolling up unpins.
  // The virtualizer's own scrolls (measurement corrections) never unpin.
  const lastTop = useRef(0);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight <= END_SLACK;
      if (atEnd) {
        pinned.current = true;
        setUnseen(0);
      } else if (el.scrollTop < lastTop.current && !isAt(el, ownScrollTop.current)) {
        pinned.current = false;
      }
      ownScrollTop.current = null;
      lastTop.current = el.scrollTop;
    };
    // Capture runs before the virtualizer's own listener re-renders (and re-pins) synchronously.
    el.addEventListener('scroll', onScroll, { passive: true, capture: true });
    return () => el.removeEventListener('scroll', onScroll, { capture: true });
  }, []);

  // Pinned: stay at the end as messages arrive and get measured.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !pinned.current) return;
    // The user scrolled up and the scroll event hasn't been dispatched yet: that wins.
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight <= END_SLACK;
    if (!atEnd && el.scrollTop < lastTop.current - 1 && !isAt(el, ownScrollTop.current)) {
      pinned.current = false;
      return;
    }
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
  }, [total, rows.length, scrollMargin]);

  // The customer sent a reply: follow it down.
  const firstFollow = useRef(followKey);
  useLayoutEffect(() => {
    if (firstFollow.current === followKey) return;
    firstFollow.current = followKey;
    pinned.current = true;
    setUnseen(0);
    const el = scrollRef.current;
    if (el) {
      el.scrollTop = el.scrollHeight;
      lastTop.current = el.scrollTop;
    }
  }, [followKey]);

  // The original message and files sit above the list; the list starts where they end.
  // When they change height above what the user reads, keep the reading position.
  useLayoutEffect(() => {
    const intro = introRef.current;
    const feed = feedRef.current;
    const el = scrollRef.current;
    if (!intro || !feed || !el) return;
    let current = feed.offsetTop;
    setScrollMargin(current);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const next = feed.offsetTop;
      if (next === current) return;
      if (!pinned.current && el.scrollTop >= current) el.scrollTop += next - current;
      current = next;
      setScrollMargin(next);
    });
    observer.observe(intro);
    return () => observer.disconnect();
  }, []);

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
    if (!pinned.current) setUnseen((n) => n + fresh.length);
  }, [ticket.comments, onAnnounce, t]);

  const showNew = () => {
    pinned.current = true;
    setUnseen(0);
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
    // The button goes away; the conversation is where the reader continues.
    el.focus({ preventScroll: true });
  };

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onFocusIn = (event: FocusEvent) => {
      focusedKey.current = (event.target as Element).closest('[data-key]')?.getAttribute('data-key') ?? null;
    };
    const onFocusOut = (event: FocusEvent) => {
      if (!el.contains(event.relatedTarget as Node | null)) focusedKey.current = null;
    };
    el.addEventListener('focusin', onFocusIn);
    el.addEventListener('focusout', onFocusOut);
    return () => {
      el.removeEventListener('focusin', onFocusIn);
      el.removeEventListener('focusout', onFocusOut);
    };
  }, []);

  const ticketId = ticket.id;
  const renderAttachment = useCallback(
    (ref: AttachmentRef) => <InlineAttachment ticketId={ticketId} {...ref} />,
    [ticketId],
  );
  const messages = useMemo<MessageBodyMessages>(
    () => ({ showQuotedText: t('showQuotedText'), hideQuotedText: t('hideQuotedText'), remoteImageBlocked: t('remoteImageBlocked') }),
    [t],
  );
  const bodyProps = useMemo(
    () => ({ renderAttachment, messages, allowRemoteImages, onError: onMessageError }),
    [renderAttachment, messages, allowRemoteImages, onMessageError],
  );

  const items = virtual ? virtualizer.getVirtualItems() : rows.map((_, index) => ({ index, start: 0 }));

  return (
    <div className={cx('dt-ticket-thread-conversation', classNames.conversation)}>
      <div
        ref={scrollRef}
        className="dt-ticket-thread-scroll"
        role="region"
        aria-label={t('threadConversation')}
        // A scrollable region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
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
                body={<MessageBody body={ticket.body} {...bodyProps} />}
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
            const row = rows[index];
            if (!row) return null;
            return (
              <MessageRow
                key={keyOf(row)}
                row={row}
                index={index}
                setSize={rows.length}
                offset={virtual ? start - scrollMargin : null}
                measure={virtual ? virtualizer.measureElement : undefined}
                actions={actions}
                canReply={canReply}
                className={classNames.message}
                bodyProps={bodyProps}
              />
            );
          })}
        </div>
      </div>
      {unseen > 0 ? (
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
}

interface MessageRowProps {
  row: Row;
  index: number;
  setSize: number;
  /** Virtual offset in px, or null when rendered in normal flow. */
  offset: number | null;
  measure: Virtualizer<HTMLDivElement, Element>['measureElement'] | undefined;
  actions: ConversationActions;
  canReply: boolean;
  className?: string;
  bodyProps: Omit<MessageBodyProps, 'body'>;
}

/** One article of the feed. Memoised: scrolling re-renders the list, not every message. */
const MessageRow = memo(function MessageRow({
  row,
  index,
  setSize,
  offset,
  measure,
  actions,
  canReply,
  className,
  bodyProps,
}: MessageRowProps) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const errorId = useId();
  const comment = row.kind === 'comment' ? row.comment : null;
  const item = row.kind === 'outbox' ? row.item : null;
  const authorType = comment?.authorType ?? 'customer';
  const label = comment ? authorLabel(t, comment) : t('you');
  const body = comment?.body ?? item?.body ?? '';
  const createdAt = comment?.createdAt ?? item?.createdAt ?? '';

  let rowActions: ReactNode;
  if (item?.status === 'failed') {
    const { localId } = item;
    rowActions = (
      <div className="dt-message-actions">
        <p id={errorId} className="dt-field-error">
          {item.error ? errorText(i18n, item.error) : t('messageFailed')}
        </p>
        {canReply ? (
          <>
            <button
              type="button"
              className="dt-button"
              data-size="sm"
              data-action="retry"
              aria-describedby={errorId}
              onClick={() => actions.retry(localId)}
            >
              {t('messageRetry')}
            </button>
            <button type="button" className="dt-button" data-size="sm" data-variant="ghost" onClick={() => actions.edit(localId)}>
              {t('messageEdit')}
            </button>
          </>
        ) : null}
        <button type="button" className="dt-button" data-size="sm" data-variant="ghost" onClick={() => actions.discard(localId)}>
          {t('messageDiscard')}
        </button>
      </div>
    );
  }

  return (
    <article
      ref={measure}
      data-index={index}
      data-key={comment?.id ?? item?.localId}
      className={cx('dt-ticket-thread-item', className)}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-label={t('messageFrom', { name: label })}
      style={offset === null ? undefined : { transform: `translateY(${offset}px)` }}
    >
      <MessageBubble
        authorType={authorType}
        authorLabel={label}
        isOwn={authorType === 'customer'}
        createdAt={createdAt}
        time={i18n.dateTime(createdAt)}
        body={<MessageBody body={body} {...bodyProps} />}
        delivery={item?.status}
        actions={rowActions}
      />
    </article>
  );
});
