export { portalKeys } from './keys';
export type { TicketListFilters } from './keys';
export {
  attachmentUrlQueryOptions,
  attachmentsQueryOptions,
  capabilitiesQueryOptions,
  ticketQueryOptions,
  ticketsQueryOptions,
} from './options';
