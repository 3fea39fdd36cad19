'use client';
import { memo, type MouseEvent } from 'react';
import type { Ticket } from '../../client';
import { priorityLabel } from '../../i18n';
import { usePortalI18n } from '../shared/usePortalI18n';
import { cx, type ClassNames } from '../shared/cx';
import { RelativeTime } from '../shared/RelativeTime';
import { StatusBadge } from '../shared/StatusBadge';
import type { TicketListPart } from './TicketList';

export interface TicketRowProps {
  ticket: Ticket;
  index: number;
  /** Offset from the top of the list, from the virtualizer. */
  start: number;
  /** Loaded count, or -1 while more pages exist (the total is unknown). */
  setSize: number;
  href: string | undefined;
  selectable: boolean;
  selected: boolean;
  unread: boolean;
  measureRef: (node: HTMLLIElement | null) => void;
  onActivate: (ticket: Ticket, event: MouseEvent<HTMLElement>) => void;
  classNames: ClassNames<TicketListPart> | undefined;
}

/** One ticket: a link (with `getTicketHref`), a button (with only `onTicketSelect`), or plain text. */
export const TicketRow = memo(function TicketRow({
  ticket,
  index,
  start,
  setSize,
  href,
  selectable,
  selected,
  unread,
  measureRef,
  onActivate,
  classNames: cn,
}: TicketRowProps) {
  const i18n = usePortalI18n();
  // The relative time is an element, so the message is split around its placeholder.
  const [before, after] = i18n.t('listUpdated').split('{time}');
  const priority = ticket.priority && ticket.priority !== 'normal' ? ticket.priority : null;
  const replies = ticket.commentCount ?? 0;

  const content = (
    <>
      <span className="dt-ticket-list-heading">
        {unread ? (
          <span className={cx('dt-ticket-list-unread', cn?.unread)}>
            <span className="dt-visually-hidden">{i18n.t('listUnread')}</span>
          </span>
        ) : null}
        <span className={cx('dt-ticket-list-number', cn?.number)}>{ticket.label}</span>
        <span className={cx('dt-ticket-list-title', cn?.title)} dir="auto">
          {ticket.title}
        </span>
      </span>
      <span className={cx('dt-ticket-list-meta', cn?.meta)}>
        <StatusBadge status={ticket.status} className={cn?.status} />
        {priority ? (
          <span className={cx('dt-ticket-list-priority', cn?.priority)} data-priority={priority}>
            {i18n.t('priorityLabel', { priority: priorityLabel(i18n, priority) })}
          </span>
        ) : null}
        <span className={cx('dt-ticket-list-time', cn?.time)}>
          {before}
          <RelativeTime date={ticket.updatedAt} />
          {after}
        </span>
        {replies > 0 ? (
          <span className={cx('dt-ticket-list-replies', cn?.replies)}>{i18n.t('listReplies', { count: replies })}</span>
        ) : null}
      </span>
    </>
  );

  const rowClass = cx('dt-ticket-list-row', cn?.row);
  const current = selected ? 'true' : undefined;
  const activate = (event: MouseEvent<HTMLElement>) => onActivate(ticket, event);
  return (
    <li
      ref={measureRef}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      className={cx('dt-ticket-list-item', cn?.item)}
      data-state={selected ? 'selected' : undefined}
      data-unread={unread || undefined}
      data-status={ticket.status}
      // Dynamic offset from the virtualizer (the one inline style).
      style={{ transform: `translateY(${start}px)` }}
    >
      {href !== undefined ? (
        <a href={href} className={rowClass} aria-current={current} onClick={activate}>
          {content}
        </a>
      ) : selectable ? (
        <button type="button" className={rowClass} aria-current={current} onClick={activate}>
          {content}
        </button>
      ) : (
        <div className={rowClass}>{content}</div>
      )}
    </li>
  );
});
