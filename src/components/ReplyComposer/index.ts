export { ReplyComposer } from './ReplyComposer';
export type { ReplyComposerPart, ReplyComposerProps } from './types';
