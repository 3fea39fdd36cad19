/*
 * Token answers: reading those of `portal/refresh` and `portal/verify`, and
 * the verify call itself. Needed only when a token is renewed or a magic link
 * verified, so this loads with the gateway code and imports nothing at
 * runtime: callers hand over what it needs.
 */
import type { PortalApiError } from './errors';
import type { createHttp as CreateHttp, HttpConfig } from './http';
import type { PortalTokenResponse, RequestOptions } from './types';

type Invalid = (message: string) => PortalApiError;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function readTokenResponse(raw: unknown, invalid: Invalid): PortalTokenResponse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('Expected a token object in the response');
  const o = raw as Record<string, unknown>;
  const token = str(o.token);
  if (!token) throw invalid('The response has no token');
  return {
    token,
    expiresAt: str(o.expiresAt) ?? '',
    customerId: str(o.customerId) ?? '',
    email: str(o.email) ?? '',
    name: str(o.name),
  };
}

/** `POST /portal/verify` (no Authorization), never retried: a repeat would find the link token already used. */
export async function verifyLink(
  magicToken: string,
  options: HttpConfig & RequestOptions,
  createHttp: typeof CreateHttp,
  invalid: Invalid,
): Promise<PortalTokenResponse> {
  const send = createHttp({ ...options, retry: false });
  return readTokenResponse(await send({ method: 'POST', path: 'portal/verify', body: { token: magicToken }, signal: options.signal }), invalid);
}
