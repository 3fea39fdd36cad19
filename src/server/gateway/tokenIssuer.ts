import { PortalTokenError } from '../errors';
import type { PortalCustomer, PortalTokenResponse } from '../issuePortalToken';
import type { BackendError } from './backend';

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
      // By name, not instanceof: the token handler stays free of the gateway's code.
      if ((cause as Error)?.name === 'BackendError') {
        const e = cause as BackendError;
        const busy = e.kind === 'rate_limited' || e.kind === 'unavailable';
        throw new PortalTokenError({
          kind: 'upstream',
          status: busy ? 503 : 502,
          retryAfter: e.retryAfter,
          message: `${caller}: the helpdesk behind the gateway failed (${e.kind})`,
          cause,
        });
      }
      const config = (cause as Error)?.name === 'GatewayConfigError';
      throw new PortalTokenError({ kind: config ? 'config' : 'upstream', message: `${caller}: gateway.issueToken failed: ${(cause as Error)?.message ?? cause}`, cause });
    }
  };
}
