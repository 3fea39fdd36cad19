import { ApiError, jsonResponse } from '../http';

/** Switch Labs error codes by HTTP status (its REST reference's table). */
const CODE: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

export const slCode = (status: number): string => CODE[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');

/** An error in Switch Labs terms; `details` is sent as is (`{}` when omitted). */
export const slError = (status: number, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  new ApiError(status, slCode(status), message, { details, headers });

/** 400 with `details.fields`, the mock's shape for validation errors. */
export const fieldError = (fields: Record<string, string>) =>
  slError(400, Object.values(fields).join(' '), { fields });

/** `{ "error": { "code", "message", "details" } }`. */
export const slErrorResponse = (error: ApiError): Response =>
  jsonResponse(error.status, { error: { code: error.code, message: error.message, details: error.details ?? {} } }, error.headers);
