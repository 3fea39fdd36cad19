export { NewTicketForm, SUBJECT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH } from './NewTicketForm';
export type {
  NewTicketFormExtraFieldsContext,
  NewTicketFormPart,
  NewTicketFormProps,
  NewTicketFormValues,
} from './NewTicketForm';
