export { NewTicketForm, DESCRIPTION_MAX_LENGTH } from './NewTicketForm';
export type {
  NewTicketFormExtraFieldsContext,
  NewTicketFormHandle,
  NewTicketFormPart,
  NewTicketFormProps,
  NewTicketFormValues,
} from './types';
