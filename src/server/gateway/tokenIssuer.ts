import { PortalTokenError } from '../errors';
import type { PortalCustomer, PortalTokenResponse } from '../issuePortalToken';
import { BackendError } from './backend';

/** What `createPortalTokenHandler` needs from a gateway. */
export interface TokenIssuer {
  issueToken(customer: { email: string; name?: string | null }): Promise<PortalTokenResponse>;
}

/** Mints through a gateway, turning its failures into the handler's own error type (never upstream text). */
export function gatewayMint(gateway: TokenIssuer, caller: string): (customer: PortalCustomer) => Promise<PortalTokenResponse> {
  if (!gateway || typeof gateway.issueToken !== 'function') {
    throw new PortalTokenError({ kind: 'config', message: `${caller}: \`gateway\` must be a portal gateway (createPortalGateway).` });
  }
  return async (customer) => {
    try {
      return await gateway.issueToken({ email: customer.email, name: customer.name ?? null });
    } catch (cause) {
      if (cause instanceof BackendError) {
        const busy = cause.kind === 'rate_limited' || cause.kind === 'unavailable';
        throw new PortalTokenError({
          kind: 'upstream',
          status: busy ? 503 : 502,
          retryAfter: cause.retryAfter,
          message: `${caller}: the helpdesk behind the gateway failed (${cause.kind})`,
          cause,
        });
      }
      const config = (cause as Error)?.name === 'GatewayConfigError';
      throw new PortalTokenError({ kind: config ? 'config' : 'upstream', message: `${caller}: gateway.issueToken failed: ${(cause as Error)?.message ?? cause}`, cause });
    }
  };
}
