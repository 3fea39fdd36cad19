import { adminPost, cleanEmail, resolveAdminConfig, type AdminApiOptions, type AdminConfig } from './adminRequest';
import { PortalTokenError } from './errors';
import type { PortalTokenResponse } from '../client/types';

/**
 * The signed-in customer, as your own session knows them. Only `email` is
 * required: the API creates the customer record on first use.
 */
export interface PortalCustomer {
  /**
   * Identifies the customer within the brand.
   * @example email: session.user.email
   */
  email: string;
  /**
   * Display name shown to staff.
   * @example name: `${user.firstName} ${user.lastName}`
   */
  name?: string | null;
  /**
   * Creates or links a company for B2B customers (sent only when given).
   * @example companyName: org.name
   */
  companyName?: string | null;
  /**
   * Your organisation id, stored with the company for lookups (sent only when given).
   * @example sourceOrgId: org.id
   */
  sourceOrgId?: string | null;
}

// One token type across the kit: the browser's `getToken` takes exactly what this returns.
export type { PortalTokenResponse };

export interface IssuePortalTokenOptions extends AdminApiOptions, PortalCustomer {}

/** The customer with blank optional fields dropped, or null when the email is unusable. */
export function cleanCustomer(value: Omit<PortalCustomer, 'email'> & { email?: unknown }): PortalCustomer | null {
  const email = cleanEmail(value?.email);
  if (!email) return null;
  const customer: PortalCustomer = { email };
  for (const field of ['name', 'companyName', 'sourceOrgId'] as const) {
    const v = value[field];
    if (typeof v === 'string' && v.trim()) customer[field] = v.trim();
  }
  return customer;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** `POST /brands/{brandId}/portal/token` with checked config and customer; returns only the documented fields. */
export async function mintPortalToken(config: AdminConfig, customer: PortalCustomer): Promise<PortalTokenResponse> {
  // `customer` holds only non-blank strings, so optional fields go out only when
  // given (the SDK sends only email and name; the vendor's UI adds the others when known).
  const data = await adminPost(config, '/portal/token', { ...customer });
  const token = str(data.token);
  const expiresAt = str(data.expiresAt);
  if (!token || !expiresAt || Number.isNaN(Date.parse(expiresAt))) {
    throw new PortalTokenError({
      kind: 'upstream',
      message: 'Dispatch Tickets API answered the portal token request without a `token` and a valid `expiresAt`',
    });
  }
  // Picked, not spread: nothing the API adds later reaches browsers unreviewed.
  // The token is for the customer we asked about, whose email we know.
  const result: PortalTokenResponse = { token, expiresAt, customerId: str(data.customerId) ?? '', email: str(data.email) ?? customer.email };
  const name = str(data.name);
  if (name) result.name = name;
  return result;
}

/**
 * Issues a portal token for one customer (`POST /brands/{brandId}/portal/token`, with the API key), without caching.
 * The lower-level call behind {@link createPortalTokenHandler}: use it when you
 * write your own route or keep tokens server-side (the proxy pattern).
 *
 * @throws {PortalTokenError} `config` (missing `apiKey`/`brandId`), `invalid_input`
 * (no usable email), `upstream`, `network` or `timeout`.
 *
 * @example
 * import { issuePortalToken } from '@dispatchtickets/react/server';
 *
 * const { token, expiresAt } = await issuePortalToken({
 *   apiKey: process.env.DISPATCH_API_KEY!,
 *   brandId: process.env.DISPATCH_BRAND_ID!,
 *   email: user.email,
 *   name: user.name,
 *   companyName: org.name, // optional: B2B
 *   sourceOrgId: org.id,
 * });
 */
export async function issuePortalToken(options: IssuePortalTokenOptions): Promise<PortalTokenResponse> {
  const config = resolveAdminConfig(options, 'issuePortalToken');
  const customer = cleanCustomer(options);
  if (!customer) throw new PortalTokenError({ kind: 'invalid_input', message: 'issuePortalToken: `email` is missing or not an email address' });
  return mintPortalToken(config, customer);
}
