'use client';
import { forwardRef, useId } from 'react';
import type { TicketListSort } from '../../hooks/useTicketList';
import { cx } from '../shared/cx';
import { usePortalI18n } from '../shared/usePortalI18n';
import { useStatusLabel } from '../shared/useStatusLabel';
import type { TicketListClassNames } from './types';

interface TicketListToolbarProps {
  statuses: readonly string[];
  status: string | null;
  onStatusChange: (status: string | null) => void;
  sort: TicketListSort;
  onSortChange: (sort: TicketListSort) => void;
  classNames: TicketListClassNames | undefined;
  /** Leave out the single-status select (a multi-status filter replaces it). */
  hideStatus?: boolean;
}

/** The status filter and the sort. The ref is the status `<select>` (focused after "Show all"). */
export const TicketListToolbar = forwardRef<HTMLSelectElement, TicketListToolbarProps>(function TicketListToolbar(
  { statuses, status, onStatusChange, sort, onSortChange, classNames: cn, hideStatus },
  statusRef,
) {
  const { t } = usePortalI18n();
  const statusLabel = useStatusLabel();
  const id = useId();
  return (
    <div className={cx('dt-ticket-list-toolbar', cn?.toolbar)}>
      {hideStatus ? null : <div className={cx('dt-ticket-list-field', cn?.field)}>
        <label className="dt-label" htmlFor={`${id}-status`}>
          {t('listFilterStatus')}
        </label>
        <select
          ref={statusRef}
          id={`${id}-status`}
          className={cx('dt-select', cn?.select)}
          value={status ?? ''}
          onChange={(event) => onStatusChange(event.target.value || null)}
        >
          <option value="">{t('listFilterAll')}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>}
      <div className={cx('dt-ticket-list-field', cn?.field)}>
        <label className="dt-label" htmlFor={`${id}-sort`}>
          {t('listSort')}
        </label>
        <select
          id={`${id}-sort`}
          className={cx('dt-select', cn?.select)}
          value={sort}
          onChange={(event) => onSortChange(event.target.value === 'updated' ? 'updated' : 'newest')}
        >
          <option value="newest">{t('listSortNewest')}</option>
          <option value="updated">{t('listSortUpdated')}</option>
        </select>
      </div>
    </div>
  );
});
