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
export { ticketLabel } from './normalize';
export { acceptsFile } from './upload';
export { newIdempotencyKey } from './uuid';
export type * from './types';
