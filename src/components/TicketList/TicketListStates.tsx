'use client';
import { cx } from '../shared/cx';
import { EmptyState } from '../shared/EmptyState';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { TicketListClassNames } from './types';

/** Placeholder rows while the first page loads (read out as "Loading…"). */
export function TicketListSkeleton({ classNames: cn }: { classNames: TicketListClassNames | undefined }) {
  const { t } = usePortalI18n();
  return (
    <div className={cx('dt-ticket-list-skeleton', cn?.skeleton)}>
      <span className="dt-visually-hidden">{t('loading')}</span>
      {[0, 1, 2, 3, 4].map((n) => (
        <div key={n} className="dt-ticket-list-skeleton-row" aria-hidden="true">
          <span className="dt-skeleton" />
          <span className="dt-skeleton" />
        </div>
      ))}
    </div>
  );
}

/** No tickets at all (with the new-ticket action when given), or none with the chosen status (with "Show all"). */
export function TicketListEmpty({
  filtered,
  noMatch,
  onShowAll,
  onNewTicket,
  classNames: cn,
}: {
  filtered: boolean;
  /** A search or several statuses found nothing: "No tickets match" with "Clear filters". */
  noMatch?: boolean;
  onShowAll: () => void;
  onNewTicket?: () => void;
  classNames: TicketListClassNames | undefined;
}) {
  const { t } = usePortalI18n();
  return filtered ? (
    <EmptyState
      variant="filtered"
      className={cn?.empty}
      title={t(noMatch ? 'listNoMatch' : 'listEmptyFiltered')}
      hint={t(noMatch ? 'listNoMatchHint' : 'listEmptyFilteredHint')}
      action={
        <button type="button" className="dt-button" onClick={onShowAll}>
          {t(noMatch ? 'listClearFilters' : 'listShowAll')}
        </button>
      }
    />
  ) : (
    <EmptyState
      variant="tickets"
      className={cn?.empty}
      title={t('listEmpty')}
      hint={t('listEmptyHint')}
      action={
        onNewTicket ? (
          <button type="button" className="dt-button" data-variant="primary" onClick={onNewTicket}>
            {t('newTicket')}
          </button>
        ) : undefined
      }
    />
  );
}
