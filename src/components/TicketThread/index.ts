export { TicketThread } from './TicketThread';
export type { TicketThreadClassNames, TicketThreadPart, TicketThreadProps } from './types';
export { MessageBubble } from './MessageBubble';
export { Avatar } from './Avatar';
