export { portalKeys } from './keys';
export type { TicketListFilters } from './keys';
export {
  attachmentUrlQueryOptions,
  attachmentsQueryOptions,
  capabilitiesQueryOptions,
  ticketFormQueryOptions,
  ticketQueryOptions,
  ticketsQueryOptions,
} from './options';
