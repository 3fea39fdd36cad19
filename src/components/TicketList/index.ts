export { TicketList } from './TicketList';
export type { TicketListClassNames, TicketListPart, TicketListProps } from './types';
