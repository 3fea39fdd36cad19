export { Root as PortalRoot } from './shared/Root';
export { usePortalI18n } from './shared/usePortalI18n';
export type { RootProps as PortalRootProps, PortalTheme, RootAttributes } from './shared/Root';
export { ComponentsProvider as PortalComponentsProvider } from './shared/overrides';
export type {
  AvatarProps,
  EmptyStateProps,
  MessageBubbleProps,
  MessageRowProps,
  PortalComponents,
  StatusBadgeProps,
  ThreadMessage,
  TicketRowProps,
} from './shared/overrides';
export { MessageBody } from './MessageBody';
export type { AttachmentRef, MessageBodyErrorInfo, MessageBodyMessages, MessageBodyProps, MessageFormat } from './MessageBody';
export { AttachmentUploader } from './AttachmentUploader';
export type { AttachmentUploaderPart, AttachmentUploaderProps } from './AttachmentUploader';
export { NewTicketForm, DESCRIPTION_MAX_LENGTH } from './NewTicketForm';
export type {
  NewTicketFormExtraFieldsContext,
  NewTicketFormHandle,
  NewTicketFormPart,
  NewTicketFormProps,
  NewTicketFormValues,
} from './NewTicketForm';
export { NewTicketDialog } from './NewTicketDialog';
export type { NewTicketDialogPart, NewTicketDialogProps } from './NewTicketDialog';
export { TicketList } from './TicketList';
export type { TicketListClassNames, TicketListPart, TicketListProps } from './TicketList';
export { TicketThread, MessageBubble, Avatar } from './TicketThread';
export type { TicketThreadClassNames, TicketThreadPart, TicketThreadProps } from './TicketThread';
export { ReplyComposer } from './ReplyComposer';
export type { ReplyComposerPart, ReplyComposerProps } from './ReplyComposer';
export { SupportPortal } from './SupportPortal';
export type { PortalView, SupportPortalPart, SupportPortalProps } from './SupportPortal';
