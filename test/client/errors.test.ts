import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import {
  PortalApiError,
  isAbortError,
  isConflictError,
  isNetworkError,
  isNotFoundError,
  isPortalApiError,
  isRateLimitError,
  isSessionExpiredError,
  isTimeoutError,
  isValidationError,
} from '../../src/client';
import { client, json, route, server, useMsw } from './helpers';

useMsw();

/** The error a GET to /portal/tickets/t1 rejects with, given a response. */
async function errorFor(response: () => Response) {
  server.use(route('get', 'portal/tickets/t1', response));
  const error = await client({ retry: false }).getTicket('t1').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PortalApiError);
  return error as PortalApiError;
}

describe('error parsing: every body shape the API is known to send', () => {
  it('V1: nested error object gives message, code and details', async () => {
    const e = await errorFor(() =>
      json({ error: { code: 'TICKET_NOT_FOUND', message: 'Ticket not found', details: { id: 't1' } } }, { status: 404 }),
    );
    expect(e).toMatchObject({ kind: 'http', status: 404, code: 'TICKET_NOT_FOUND', message: 'Ticket not found', details: { id: 't1' } });
    expect(isNotFoundError(e)).toBe(true);
  });

  it('V2: flat message with code', async () => {
    const e = await errorFor(() => json({ message: 'Nope', code: 'FORBIDDEN_THING' }, { status: 403 }));
    expect(e).toMatchObject({ status: 403, code: 'FORBIDDEN_THING', message: 'Nope' });
  });

  it('V2 without a code derives one from the status', async () => {
    const e = await errorFor(() => json({ message: 'Conflict!' }, { status: 409 }));
    expect(e.code).toBe('CONFLICT');
    expect(isConflictError(e)).toBe(true);
  });

  it('V3: error string next to message prefers message; alone it is the message', async () => {
    const both = await errorFor(() => json({ statusCode: 400, message: 'title is required', error: 'Bad Request' }, { status: 400 }));
    expect(both).toMatchObject({ message: 'title is required', code: 'VALIDATION_ERROR' });
    const alone = await errorFor(() => json({ error: 'Support portal not configured' }, { status: 500 }));
    expect(alone).toMatchObject({ message: 'Support portal not configured', code: 'SERVER_ERROR', status: 500 });
  });

  it('V4: errors array becomes fieldErrors (also under details.errors)', async () => {
    const top = await errorFor(() =>
      json({ message: 'Validation failed', errors: [{ field: 'title', message: 'Required' }] }, { status: 422 }),
    );
    expect(top.fieldErrors).toEqual([{ field: 'title', message: 'Required' }]);
    expect(isValidationError(top)).toBe(true);
    const nested = await errorFor(() =>
      json({ error: { code: 'VALIDATION_ERROR', message: 'Bad', details: { errors: [{ field: 'body', message: 'Too long' }] } } }, { status: 400 }),
    );
    expect(nested.fieldErrors).toEqual([{ field: 'body', message: 'Too long' }]);
  });

  it('V5: message array is joined with "; "', async () => {
    const e = await errorFor(() =>
      json({ statusCode: 400, message: ['title should not be empty', 'title must be a string'], error: 'Bad Request' }, { status: 400 }),
    );
    expect(e.message).toBe('title should not be empty; title must be a string');
  });

  it('a non-JSON body (gateway HTML) falls back to the status text', async () => {
    const e = await errorFor(
      () => new HttpResponse('<html><body>502 Bad Gateway</body></html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }),
    );
    expect(e).toMatchObject({ kind: 'http', status: 502, code: 'SERVER_ERROR', message: 'Bad Gateway' });
  });

  it('JSON with application/problem+json is still parsed', async () => {
    const e = await errorFor(
      () => new HttpResponse(JSON.stringify({ message: 'Problem', code: 'P' }), { status: 400, headers: { 'Content-Type': 'application/problem+json' } }),
    );
    expect(e).toMatchObject({ message: 'Problem', code: 'P' });
  });

  it('an empty error body without status text still has a message', async () => {
    const e = await errorFor(() => new HttpResponse(null, { status: 499 }));
    expect(e.message).toMatch(/499/);
    expect(e.code).toBe('HTTP_ERROR');
  });

  it('request id comes from x-request-id, else the body', async () => {
    const header = await errorFor(() => json({ message: 'x', requestId: 'req_body' }, { status: 404, headers: { 'x-request-id': 'req_hdr' } }));
    expect(header.requestId).toBe('req_hdr');
    const body = await errorFor(() => json({ message: 'x', requestId: 'req_body' }, { status: 404 }));
    expect(body.requestId).toBe('req_body');
  });

  it('Retry-After in integer seconds is read; an HTTP-date is ignored', async () => {
    const secs = await errorFor(() => json({ message: 'slow down' }, { status: 429, headers: { 'Retry-After': '7' } }));
    expect(secs).toMatchObject({ retryAfter: 7, code: 'RATE_LIMITED' });
    expect(isRateLimitError(secs)).toBe(true);
    const date = await errorFor(() =>
      json({ message: 'slow down' }, { status: 429, headers: { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' } }),
    );
    expect(date.retryAfter).toBeNull();
  });

  it('a network failure is kind network', async () => {
    const e = await errorFor(() => HttpResponse.error());
    expect(e).toMatchObject({ kind: 'network', status: null, code: 'NETWORK_ERROR' });
    expect(isNetworkError(e)).toBe(true);
    expect(e.cause).toBeDefined();
  });
});

describe('type guards', () => {
  it('tell kinds apart and reject foreign errors', () => {
    const t = new PortalApiError({ kind: 'timeout', message: 't' });
    const a = new PortalApiError({ kind: 'aborted', message: 'a' });
    const s = new PortalApiError({ kind: 'session', message: 's' });
    expect([isTimeoutError(t), isAbortError(t), isNetworkError(t)]).toEqual([true, false, false]);
    expect([isAbortError(a), isTimeoutError(a)]).toEqual([true, false]);
    expect(isSessionExpiredError(s)).toBe(true);
    expect(isSessionExpiredError(new PortalApiError({ kind: 'session', code: 'TOKEN_RENEWAL_FAILED', message: 'x' }))).toBe(false);
    expect(isPortalApiError(new Error('x'))).toBe(false);
    expect(isNotFoundError({ status: 404 })).toBe(false);
  });

  it('derives codes from kind when there is no status', () => {
    expect(new PortalApiError({ kind: 'timeout', message: '' }).code).toBe('TIMEOUT');
    expect(new PortalApiError({ kind: 'aborted', message: '' }).code).toBe('ABORTED');
    expect(new PortalApiError({ kind: 'session', message: '' }).code).toBe('SESSION_EXPIRED');
    expect(new PortalApiError({ kind: 'http', status: 503, message: '' }).code).toBe('SERVER_ERROR');
  });
});
