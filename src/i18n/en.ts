import type { enActions } from './actionMessages';
import type { enFilters } from './filterMessages';
import type { enForm } from './formMessages';
import type { PluralMessage } from './types';

/**
 * English, the default and the reference locale: every other locale must
 * provide every key (the `PortalMessages` type enforces it).
 * Placeholders: `{name}`; plural forms are picked by `{count}`.
 */
export const en = {
  // Common
  loading: 'Loading…',
  retry: 'Try again',
  cancel: 'Cancel',
  backToTickets: 'Back to tickets',
  newTicket: 'New ticket',
  you: 'You',
  supportTeam: 'Support team',
  system: 'System',

  // Errors shown to end users, chosen by error code/kind (never server text).
  errorNetwork: "We couldn't reach support. Check your connection and try again.",
  errorTimeout: 'Support is taking too long to answer. Try again.',
  errorRateLimited: {
    one: 'Too many requests. Try again in {count} second.',
    other: 'Too many requests. Try again in {count} seconds.',
  } as PluralMessage,
  errorRateLimitedSoon: 'Too many requests. Try again in a moment.',
  errorSessionExpired: 'Your support session has ended. Sign in again to continue.',
  errorNotFound: "This ticket doesn't exist, or you don't have access to it.",
  errorValidation: 'Some details need fixing.',
  errorConflict: 'This was already sent with different content. Reload and try again.',
  errorServer: 'Something went wrong on our side. Try again in a moment.',
  errorUnknown: 'Something went wrong. Try again.',
  errorAborted: 'Sending stopped. Your text is kept.',

  // Statuses and priorities (unknown keys are shown title-cased).
  statusOpen: 'Open',
  statusPending: 'Pending',
  statusResolved: 'Resolved',
  statusClosed: 'Closed',
  statusSpam: 'Spam',
  priorityLow: 'Low',
  priorityNormal: 'Normal',
  priorityMedium: 'Medium',
  priorityHigh: 'High',
  priorityUrgent: 'Urgent',
  priorityLabel: '{priority} priority',

  // Ticket list
  listTitle: 'Your tickets',
  listLabel: 'Tickets',
  listFilterStatus: 'Status',
  listFilterAll: 'All statuses',
  listSort: 'Sort by',
  listSortNewest: 'Newest first',
  listSortUpdated: 'Recently updated',
  listEmpty: 'No tickets yet',
  listEmptyHint: 'Create a ticket to get help from our team.',
  listEmptyFiltered: 'No tickets with this status',
  listEmptyFilteredHint: 'Try another status, or show all tickets.',
  listShowAll: 'Show all tickets',
  listError: "We couldn't load your tickets.",
  listLoadMore: 'Load more',
  listLoadingMore: 'Loading more tickets…',
  listLoadMoreError: "We couldn't load more tickets.",
  listReplies: { one: '{count} reply', other: '{count} replies' } as PluralMessage,
  listUpdated: 'Updated {time}',
  listUnread: 'New reply from support',
  listCount: { one: '{count} ticket', other: '{count} tickets' } as PluralMessage,

  // Ticket thread
  threadCreated: 'Created {date}',
  threadOriginalMessage: 'Original message',
  threadConversation: 'Conversation',
  threadNoReplies: 'No replies yet. Our team will get back to you soon.',
  threadNewReplies: {
    one: 'New reply from {name}',
    other: '{count} new replies',
  } as PluralMessage,
  threadShowNewReplies: 'Show new replies',
  threadNotFound: 'Ticket not found',
  threadError: "We couldn't load this ticket.",
  threadClosed: 'This ticket is closed.',
  threadClosedHint: 'Need more help? Open a new ticket and we will pick it up.',
  threadAttachments: 'Attachments',
  threadAttachmentsError: "We couldn't load the attachments.",
  attachmentDownload: 'Download {name}',
  attachmentOpening: 'Opening {name}…',
  attachmentError: "We couldn't open {name}.",
  attachmentImage: 'Image: {name}',
  attachmentReload: 'Reload {name}',
  attachmentView: 'View image {name}',
  attachmentOpenFull: 'Open full size',
  messageFiles: { one: '1 attached file', other: '{count} attached files' } as PluralMessage,
  messageFrom: 'Message from {name}',
  messageSending: 'Sending…',
  messageFailed: 'Not sent',
  messageRetry: 'Retry',
  messageEdit: 'Edit',
  messageDiscard: 'Discard',
  messageOffline: "You're offline. Your reply will be sent when you're back online.",
  messageSlow: 'Still trying to send your reply…',
  messageCancel: 'Cancel',
  showQuotedText: 'Show quoted text',
  hideQuotedText: 'Hide quoted text',
  remoteImageBlocked: 'Remote image blocked',

  // Reply composer
  composerLabel: 'Your reply',
  composerPlaceholder: 'Write a reply…',
  composerSend: 'Send',
  composerShortcut: 'Press {shortcut} to send',
  composerEmpty: 'Write a message before sending.',
  composerWaitingUploads: 'Wait for your files to finish uploading.',
  composerUploadsFailed: 'Remove or retry the files that failed to upload.',
  composerClosed: 'Replies are closed for this ticket.',
  composerSessionExpired: 'Sign in again to reply.',
  composerTooLong: 'Keep your reply under {max} characters.',
  composerSent: 'Reply sent',
  composerSendFailed: 'Your reply was not sent. Your text is kept: retry or edit it.',
  composerShortcutKeys: 'Ctrl+Enter',
  composerShortcutKeysMac: '⌘+Enter',

  // Attachment uploader
  uploaderLabel: 'Attachments',
  uploaderPrompt: 'Drag files here or paste a screenshot',
  uploaderBrowse: 'Choose files',
  uploaderDragActive: 'Drop files to attach them',
  uploaderLimits: {
    one: 'Up to {count} file, {size} max',
    other: 'Up to {count} files, {size} each',
  } as PluralMessage,
  uploaderList: 'Files',
  uploaderAttach: 'Attach files',
  uploaderTypes: 'Allowed: {types}',
  uploaderDismiss: 'Dismiss',
  uploaderPastedName: 'Screenshot {time}',
  uploadProgressText: '{loaded} of {size}',
  uploadQueued: 'Waiting',
  uploadProgress: 'Uploading {name}',
  uploadUploaded: 'Uploaded',
  uploadFailed: 'Upload failed',
  uploadCancel: 'Cancel upload of {name}',
  uploadRetry: 'Retry upload of {name}',
  uploadRemove: 'Remove {name}',
  // Visible text of the row buttons; their accessible names above include it.
  uploadRetryShort: 'Retry',
  uploadRemoveShort: 'Remove',
  uploadAnnounceStarted: 'Uploading {name}',
  uploadAnnounceDone: '{name} uploaded',
  uploadAnnounceFailed: '{name} failed to upload',
  uploadAnnounceCancelled: 'Upload of {name} cancelled',
  rejectTooLarge: '{name} is larger than {size}.',
  rejectType: "{name} isn't an allowed file type.",
  rejectTooMany: {
    one: '{name} was not added: you can attach {count} file.',
    other: '{name} was not added: you can attach up to {count} files.',
  } as PluralMessage,
  rejectEmpty: '{name} is empty.',

  // New ticket form and dialog
  formTitle: 'New ticket',
  formDescription: "Tell us what's going on and we'll get back to you.",
  formSubject: 'Subject',
  formSubjectCount: '{count} of {max} characters',
  formSubjectRequired: 'Enter a subject.',
  formSubjectTooLong: 'Keep the subject under {max} characters.',
  formBody: 'Description',
  formBodyHint: 'What happened, and what did you expect?',
  formBodyTooLong: 'Keep the description under {max} characters.',
  formSubmit: 'Create ticket',
  formSubmitting: 'Creating ticket…',
  formWaitingUploads: {
    one: 'Waiting for {count} file to finish uploading…',
    other: 'Waiting for {count} files to finish uploading…',
  } as PluralMessage,
  formUploadsFailed: {
    one: '{count} file failed to upload.',
    other: '{count} files failed to upload.',
  } as PluralMessage,
  formSubmitWithoutFailed: 'Create without them',
  formErrorSummary: 'Fix the highlighted fields.',
  // Server-side refusals of a field that passed our own checks (its limits may differ).
  formSubjectRejected: "Support didn't accept this subject. Try a shorter one.",
  formBodyRejected: "Support didn't accept this description. Try a shorter one.",
  formAttachmentsRejected: 'Some files could not be attached. Remove them, or add them again.',
  formCreated: 'Ticket {number} created',
  formDraftRestored: 'We restored your unsent draft.',
  formDiscardDraft: 'Discard draft',
  dialogTrigger: 'New ticket',
  dialogClose: 'Close',

  // Ticket filters and refusals of ticket actions (through a gateway that offers them)
  listNoMatch: 'No tickets match',
  listNoMatchHint: 'Try other words, or clear the filters.',
  listClearFilters: 'Clear filters',
  refuseReopenWindow: 'This ticket was closed too long ago to reopen. Open a new ticket instead.',
  refuseStatusChange: "Support didn't allow this change.",
  refuseAlreadyRated: 'This ticket has already been rated.',
  refuseNotRateable: 'This ticket can be rated once it is solved.',
  refuseNotSupported: "This isn't available here.",

  // Support portal
  portalTitle: 'Support',
  portalLoggedInAs: 'Signed in as {email}',
  portalSessionExpired: 'Your support session has ended',
  portalSessionExpiredHint: 'Sign in again to see your tickets. Nothing you wrote has been lost.',
  portalSignIn: 'Sign in again',
  portalSelectTicket: 'Select a ticket to see the conversation.',
} satisfies Record<string, string | PluralMessage>;

/** Every string the kit shows. Pass a partial object as `messages` to override some. */
export type PortalMessages = {
  [K in keyof typeof en]: (typeof en)[K] extends string ? string : PluralMessage;
} & {
  // The form extensions' strings: English in `enForm`, loaded with the code that shows them.
  [K in keyof typeof enForm]?: (typeof enForm)[K] extends string ? string : PluralMessage;
} & {
  // The ticket actions' and list filters' strings: English in `enActions` and `enFilters`, loaded likewise.
  [K in keyof (typeof enActions & typeof enFilters)]?: string;
};

/**
 * Labels for ticket statuses by key, custom ones included, passed in `messages` too.
 * @example <PortalProvider messages={{ ...de, 'status.waiting_on_customer': 'Wartet auf Ihre Antwort' }} …>
 */
export type StatusMessages = { [key: `status.${string}`]: string };
