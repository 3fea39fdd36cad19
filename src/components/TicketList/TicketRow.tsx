'use client';
import { memo, useCallback, type MouseEvent } from 'react';
import { safeTitle } from '../../shared/safeName';
import type { Ticket } from '../../client';
import { priorityLabel } from '../../i18n';
import { usePortalI18n } from '../shared/usePortalI18n';
import { cx, type ClassNames } from '../shared/cx';
import { usePart, type TicketRowProps } from '../shared/overrides';
import { RelativeTime } from '../shared/RelativeTime';
import { StatusBadge } from '../shared/StatusBadge';
import type { TicketListPart } from './types';

/** One ticket: a link (with `getTicketHref`), a button (with only `onTicketSelect`), or plain text. Overridable as `TicketRow`. */
function DefaultTicketRow({ ticket, href, selectable, selected, unread, onActivate, focusRef, classNames: cn }: TicketRowProps) {
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
          {safeTitle(ticket.title)}
        </span>
      </span>
      <span className={cx('dt-ticket-list-meta', cn?.meta)}>
        <StatusBadge status={ticket.status} label={ticket.statusLabel} className={cn?.status} />
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
  if (href !== undefined) {
    return (
      <a ref={focusRef} href={href} className={rowClass} aria-current={current} onClick={onActivate}>
        {content}
      </a>
    );
  }
  return selectable ? (
    <button ref={focusRef} type="button" className={rowClass} aria-current={current} onClick={onActivate}>
      {content}
    </button>
  ) : (
    <div className={rowClass}>{content}</div>
  );
}

export interface TicketListItemProps extends Omit<TicketRowProps, 'onActivate' | 'focusRef' | 'classNames'> {
  index: number;
  /** Offset from the top of the list, from the virtualizer. */
  start: number;
  /** Loaded count, or -1 while more pages exist (the total is unknown). */
  setSize: number;
  measureRef: (node: HTMLLIElement | null) => void;
  onActivate: (ticket: Ticket, event: MouseEvent<HTMLElement>) => void;
  /** Keeps the row's focusable element by index (for focus after "Load more"). */
  registerRow: (index: number, element: HTMLElement | null) => void;
  /** The row holding focus stays rendered while scrolled away. */
  onRowFocus: (index: number) => void;
  classNames: ClassNames<TicketListPart> | undefined;
}

/** The positioned list item around a row. Memoised: scrolling re-renders the list, not every row. */
export const TicketListItem = memo(function TicketListItem({
  index,
  start,
  setSize,
  measureRef,
  onActivate,
  registerRow,
  onRowFocus,
  classNames: cn,
  ...row
}: TicketListItemProps) {
  const Row = usePart('TicketRow', DefaultTicketRow);
  const { ticket } = row;
  const focusRef = useCallback((element: HTMLElement | null) => registerRow(index, element), [registerRow, index]);
  const activate = useCallback((event: MouseEvent<HTMLElement>) => onActivate(ticket, event), [onActivate, ticket]);
  return (
    // onFocus only notes which row holds focus (it bubbles from the row's link or button); it is not an interaction.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <li
      ref={measureRef}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      className={cx('dt-ticket-list-item', cn?.item)}
      data-state={row.selected ? 'selected' : undefined}
      data-unread={row.unread || undefined}
      data-status={ticket.status}
      // Dynamic offset from the virtualizer (the one inline style).
      style={{ transform: `translateY(${start}px)` }}
      onFocus={() => onRowFocus(index)}
    >
      <Row {...row} onActivate={activate} focusRef={focusRef} classNames={cn} />
    </li>
  );
});
