import { PortalApiError, invalidResponse, onDemand } from './errors';
import { createHttp } from './http';
import type { PortalTokenResponse, RequestOptions } from './types';

// The call and its answer's reader come with the gateway code, loaded before the
// request: the link token is single-use, so its answer must never be lost to code that can't load.
const reader = onDemand(() => import('./extensions'), 'portal extensions');

export interface VerifyMagicLinkOptions extends RequestOptions {
  /**
   * API base URL, already including `/v1`.
   * @default 'https://dispatch-tickets-api.onrender.com/v1'
   * @example verifyMagicLink(token, { baseUrl: 'http://localhost:4010/v1' }) // the local mock
   */
  baseUrl?: string;
  /**
   * The fetch to use; defaults to the global one.
   * @example verifyMagicLink(token, { fetch: myFetch })
   */
  fetch?: typeof fetch;
  /**
   * Timeout in ms.
   * @default 30000
   * @example verifyMagicLink(token, { timeoutMs: 10_000 })
   */
  timeoutMs?: number;
}

/**
 * Swaps the single-use token from a magic-link URL (`?token=…`) for a portal
 * token (`POST /portal/verify`, no Authorization). Never retried: a repeat
 * would find the link token already used.
 * @example
 * const session = await verifyMagicLink(new URL(location.href).searchParams.get('token') ?? '');
 * const client = createPortalClient({ token: session.token });
 */
export async function verifyMagicLink(magicToken: string, options: VerifyMagicLinkOptions = {}): Promise<PortalTokenResponse> {
  if (!magicToken) {
    throw new PortalApiError({
      kind: 'invalid_input',
      code: 'INVALID_TOKEN',
      message: 'verifyMagicLink needs the ?token= from the magic link',
    });
  }
  return (await reader()).verifyLink(magicToken, options, createHttp, invalidResponse);
}
