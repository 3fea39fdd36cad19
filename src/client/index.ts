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
  type PortalErrorCode,
  type FieldError,
} from './errors';
export { ticketLabel } from './normalize';
export { acceptsFile, SUBJECT_MAX_LENGTH, BODY_MAX_LENGTH, SYSTEM_STATUSES } from './limits';
export { newIdempotencyKey } from './uuid';
export type * from './types';
