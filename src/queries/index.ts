export { portalKeys } from './keys';
export type { TicketListFilters } from './keys';
export {
  attachmentUrlQueryOptions,
  attachmentsQueryOptions,
  ticketQueryOptions,
  ticketsQueryOptions,
} from './options';
