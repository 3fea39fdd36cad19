export { TicketThread } from './TicketThread';
export type { TicketThreadClassNames, TicketThreadPart, TicketThreadProps } from './TicketThread';
export { MessageBubble } from './MessageBubble';
export { Avatar } from './Avatar';
