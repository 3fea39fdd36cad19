'use client';
import type { ReactNode, Ref } from 'react';
import { safeTitle } from '../../shared/safeName';
import type { TicketDetail } from '../../client';
import { cx } from '../shared/cx';
import { ErrorNotice } from '../shared/ErrorNotice';
import { StatusBadge } from '../shared/StatusBadge';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { TicketThreadClassNames } from './types';

type Heading = `h${1 | 2 | 3 | 4 | 5 | 6}`;

function BackIcon() {
  return (
    <svg className="dt-ticket-thread-back-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M10 3 5 8l5 5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** "Back to tickets", when the host gives somewhere to go back to. */
export function BackButton({ onBack, className }: { onBack?: () => void; className?: string }) {
  const { t } = usePortalI18n();
  if (!onBack) return null;
  return (
    <button type="button" className={cx('dt-button dt-ticket-thread-back', className)} data-variant="ghost" data-size="sm" onClick={onBack}>
      <BackIcon />
      {t('backToTickets')}
    </button>
  );
}

interface HeaderProps {
  ticket: TicketDetail;
  heading: Heading;
  headingRef?: Ref<HTMLHeadingElement>;
  titleId: string;
  back: ReactNode;
  classNames: TicketThreadClassNames;
  /** Ticket actions (mark as solved, reopen) where the backend offers them. */
  actions?: ReactNode;
}

/** Number, status, the title (focusable with `tabIndex=-1`, for focus after navigation) and the created date. */
export function ThreadHeader({ ticket, heading: Heading, headingRef, titleId, back, classNames, actions }: HeaderProps) {
  const i18n = usePortalI18n();
  return (
    <header className={cx('dt-ticket-thread-header', classNames.header)}>
      {back}
      <div className="dt-ticket-thread-meta">
        <span className={cx('dt-ticket-thread-label', classNames.label)}>{ticket.label}</span>
        <StatusBadge status={ticket.status} label={ticket.statusLabel} />
      </div>
      <Heading ref={headingRef} id={titleId} tabIndex={-1} dir="auto" className={cx('dt-ticket-thread-title', classNames.title)}>
        {safeTitle(ticket.title)}
      </Heading>
      <time dateTime={ticket.createdAt} className={cx('dt-hint dt-ticket-thread-created', classNames.created)}>
        {i18n.t('threadCreated', { date: i18n.dateTime(ticket.createdAt) })}
      </time>
      {actions ? <div className="dt-ticket-actions">{actions}</div> : null}
    </header>
  );
}

/** Instead of the composer on a ticket that takes no replies: a way to open a new one. */
export function ClosedNotice({ onNewTicket, className }: { onNewTicket?: () => void; className?: string }) {
  const { t } = usePortalI18n();
  return (
    <div className={cx('dt-ticket-thread-closed', className)}>
      <p>
        <strong>{t('threadClosed')}</strong> {t('threadClosedHint')}
      </p>
      {onNewTicket ? (
        <button type="button" className="dt-button" data-variant="primary" onClick={onNewTicket}>
          {t('newTicket')}
        </button>
      ) : null}
    </div>
  );
}

interface ProblemProps {
  error: unknown;
  notFound: boolean;
  heading: Heading;
  headingRef?: Ref<HTMLHeadingElement>;
  titleId: string;
  back: ReactNode;
  onRetry: () => void;
  className?: string;
}

/** The ticket could not be loaded: not found is final (no retry, just a way back); anything else can be retried. */
export function ThreadProblem({ error, notFound, heading: Heading, headingRef, titleId, back, onRetry, className }: ProblemProps) {
  const { t } = usePortalI18n();
  return (
    <div className="dt-ticket-thread-problem">
      {back}
      <Heading ref={headingRef} id={titleId} tabIndex={-1} className={cx('dt-ticket-thread-title', className)}>
        {t(notFound ? 'threadNotFound' : 'threadError')}
      </Heading>
      <ErrorNotice error={error} onRetry={notFound ? undefined : onRetry} />
    </div>
  );
}

/** Placeholders while the ticket loads (the live region says "Loading…"). */
export function ThreadSkeleton() {
  return (
    <div className="dt-ticket-thread-skeleton" aria-hidden="true">
      <span className="dt-skeleton" data-shape="title" />
      <span className="dt-skeleton" data-shape="line" />
      <span className="dt-skeleton" data-shape="bubble" />
      <span className="dt-skeleton" data-shape="bubble" data-own="" />
      <span className="dt-skeleton" data-shape="bubble" />
    </div>
  );
}
