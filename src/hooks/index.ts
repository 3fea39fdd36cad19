export { usePortalSession } from './usePortalSession';
export type { UsePortalSessionResult } from './usePortalSession';
export { useTickets } from './useTickets';
export type { UseTicketsOptions, UseTicketsResult } from './useTickets';
export { useTicket } from './useTicket';
export type { UseTicketOptions, UseTicketResult } from './useTicket';
export { useCreateTicket } from './useCreateTicket';
export type { UseCreateTicketOptions, UseCreateTicketResult } from './useCreateTicket';
export { useAddComment } from './useAddComment';
export type { OutgoingComment, SendReplyResult, UseAddCommentResult } from './useAddComment';
export { useAttachmentUpload } from './useAttachmentUpload';
export type {
  UploadItem,
  UploadRejection,
  UploadRejectionCode,
  UseAttachmentUploadOptions,
  UseAttachmentUploadResult,
} from './useAttachmentUpload';
export { useAttachments } from './useAttachments';
export { useAttachmentUrl } from './useAttachmentUrl';
export type { UseAttachmentUrlOptions } from './useAttachmentUrl';
export { usePortalEvents } from './usePortalEvents';
export type { UsePortalEventsResult } from './usePortalEvents';
export { useDraft } from './useDraft';
export type { UseDraftResult } from './useDraft';
export { useSeenTickets, hasNewReply } from './useSeenTickets';
export type { SeenTicket, UseSeenTicketsResult } from './useSeenTickets';
export { useTicketList } from './useTicketList';
export type { TicketListSort, UseTicketListOptions, UseTicketListResult } from './useTicketList';
export { useReplyComposer } from './useReplyComposer';
export type { ReplyBlockReason, ReplySubmitResult, UseReplyComposerOptions, UseReplyComposerResult } from './useReplyComposer';
export { acceptsReplies, DEFAULT_CLOSED_STATUSES, replyBody } from './replies';
export { useNewTicketForm, customFieldName } from './useNewTicketForm';
export type {
  FieldIssue,
  FieldIssues,
  NewTicketFormStatus,
  NewTicketValues,
  TicketFieldValue,
  UseNewTicketFormOptions,
  UseNewTicketFormResult,
} from './useNewTicketForm';
export { useCapabilities } from './useCapabilities';
export type { UseCapabilitiesOptions, UseCapabilitiesResult } from './useCapabilities';
export { useTicketForm } from './useTicketForm';
export type { UseTicketFormResult } from './useTicketForm';
export { useArticleSuggestions } from './useArticleSuggestions';
export type { UseArticleSuggestionsOptions, UseArticleSuggestionsResult } from './useArticleSuggestions';
export { useCloseTicket } from './useCloseTicket';
export type { UseCloseTicketResult } from './useCloseTicket';
export { useReopenTicket } from './useReopenTicket';
export type { UseReopenTicketResult } from './useReopenTicket';
export { useRateTicket } from './useRateTicket';
export type { UseRateTicketResult } from './useRateTicket';
