export { TicketList } from './TicketList';
export type { TicketListClassNames, TicketListPart, TicketListProps, TicketListSort } from './TicketList';
