/*
 * Reads the token answer of `portal/refresh` and `portal/verify`. Needed only
 * when a token is renewed or a magic link verified, so it loads with the
 * gateway code and imports nothing at runtime: the caller hands over its
 * error constructor.
 */
import type { PortalApiError } from './errors';
import type { PortalTokenResponse } from './types';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function readTokenResponse(raw: unknown, invalid: (message: string) => PortalApiError): PortalTokenResponse {
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
