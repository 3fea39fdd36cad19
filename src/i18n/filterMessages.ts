/**
 * English for the ticket list's search and multi-status filters. Apart from
 * `en` (and from `enActions`, so each on-demand chunk carries only its own)
 * because only gateways that offer them show them.
 */
export const enFilters = {
  listSearch: 'Search tickets',
  listSearchClear: 'Clear search',
  listFilterStatuses: 'Statuses',
} satisfies Record<string, string>;
