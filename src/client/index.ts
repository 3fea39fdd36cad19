export { createPortalClient } from './client';
export { verifyMagicLink, type VerifyMagicLinkOptions } from './verify';
export {
  PortalApiError,
  isPortalApiError,
  isSessionExpiredError,
  isNotFoundError,
  isValidationError,
  isConflictError,
  isRateLimitError,
  isNetworkError,
  isTimeoutError,
  isAbortError,
  type PortalErrorKind,
  type FieldError,
} from './errors';
export {
  ticketLabel,
  normalizeTicket,
  normalizeTicketDetail,
  normalizeTicketPage,
  normalizeComment,
  normalizeAttachment,
  normalizeAttachmentList,
  normalizeAttachmentDownload,
  normalizeUploadTarget,
  normalizeTokenResponse,
} from './normalize';
export { acceptsFile, DEFAULT_MAX_UPLOAD_SIZE } from './upload';
export { DEFAULT_BASE_URL } from './http';
export { newIdempotencyKey } from './uuid';
export type * from './types';
