export { AttachmentUploader } from './AttachmentUploader';
export type { AttachmentUploaderPart, AttachmentUploaderProps } from './types';
