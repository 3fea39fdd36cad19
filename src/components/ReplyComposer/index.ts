export { ReplyComposer } from './ReplyComposer';
export type { ReplyBlockReason, ReplyComposerPart, ReplyComposerProps } from './ReplyComposer';
export { acceptsReplies, DEFAULT_CLOSED_STATUSES, replyBody } from './replies';
