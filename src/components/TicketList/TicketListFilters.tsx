'use client';
// Loaded on demand: it imports nothing the entry has (only React, its own
// strings and types). What it needs comes in props, or bundlers would split
// the shared modules into extra chunks that every portal downloads.
import { useId, useMemo, useRef } from 'react';
import type { UseTicketListResult } from '../../hooks/useTicketList';
import { enFilters } from '../../i18n/filterMessages';
import type { TranslatorFor } from '../shared/usePortalI18n';
import type { TicketListClassNames } from './types';

const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

export interface TicketListFiltersProps {
  list: UseTicketListResult;
  search: boolean;
  multiStatus: boolean;
  /** Statuses to offer as checkboxes (the backend's, else the list's). */
  statuses: readonly string[];
  classNames: TicketListClassNames | undefined;
  /** The provider's translator over English plus these strings. */
  translate: TranslatorFor;
  /** A status's name, as the rest of the list shows it. */
  statusLabel: (status: string) => string;
}

/**
 * Search box and multi-status checkboxes, for a gateway that offers them.
 * Loaded on demand (its own chunk), only when the capabilities say so.
 */
export function TicketListFilters({ list, search, multiStatus, statuses, classNames: cn, translate, statusLabel }: TicketListFiltersProps) {
  const { t } = useMemo(() => translate(enFilters), [translate]);
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <div className={cx('dt-ticket-list-filters', cn?.toolbar)}>
      {search ? (
        <div className={cx('dt-ticket-list-field dt-ticket-list-search', cn?.field)}>
          <label className="dt-label" htmlFor={`${id}-search`}>
            {t('listSearch')}
          </label>
          <input
            ref={inputRef}
            id={`${id}-search`}
            type="search"
            className="dt-input"
            value={list.search}
            maxLength={200}
            dir="auto"
            autoComplete="off"
            onChange={(event) => list.setSearch(event.target.value)}
            onKeyDown={(event) => {
              // Escape clears (browsers differ on whether type=search does it).
              if (event.key === 'Escape' && list.search) {
                event.preventDefault();
                list.setSearch('');
              }
            }}
          />
          {list.search ? (
            <button
              type="button"
              className="dt-button dt-ticket-list-search-clear"
              data-variant="ghost"
              data-size="sm"
              onClick={() => {
                list.setSearch('');
                inputRef.current?.focus();
              }}
            >
              {t('listSearchClear')}
            </button>
          ) : null}
        </div>
      ) : null}
      {multiStatus ? (
        <fieldset className="dt-ticket-list-statuses">
          <legend className="dt-label">{t('listFilterStatuses')}</legend>
          {statuses.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={list.selectedStatuses.includes(s)} onChange={() => list.toggleStatus(s)} />
              {statusLabel(s)}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
