export { NewTicketDialog } from './NewTicketDialog';
export type { NewTicketDialogPart, NewTicketDialogProps } from './NewTicketDialog';
