import { adminPost, cleanEmail, httpUrl, resolveAdminConfig, type AdminApiOptions } from './adminRequest';
import { PortalTokenError } from './errors';

export interface SendMagicLinkOptions extends AdminApiOptions {
  /**
   * Who receives the sign-in link, typically what the customer typed on your portal's sign-in form.
   * @example email: form.get('email')
   */
  email: string;
  /**
   * Your portal's sign-in page, absolute http(s). The emailed link is this URL with `token=<magic token>`
   * added to its query; the page then swaps it for a portal token (`verifyMagicLink` in the kit).
   * Build it from configuration, never from the request (`Host`, `X-Forwarded-Host`, `request.url`):
   * those are the sender's to choose, and the link would email a working sign-in token to their site.
   * Serve that page with `Referrer-Policy: no-referrer`, so the token in its URL never leaves in a
   * `Referer` header of the requests it makes.
   * @example portalUrl: new URL('/support/sign-in', process.env.APP_URL).href
   */
  portalUrl: string;
}

/**
 * Emails a customer a sign-in link to the portal (`POST /brands/{brandId}/portal/magic-link`, "self-auth
 * mode"). Resolves `{ success: true }` whether or not the email is known to the
 * brand: the API does not reveal which customers exist, so neither should your
 * route (answer the form the same way in both cases).
 *
 * @throws {PortalTokenError} `config` (missing `apiKey`/`brandId`, `portalUrl` not an
 * absolute http(s) URL: nothing is sent), `invalid_input` (email), `upstream`,
 * `network` or `timeout`. `error.status` is the status to answer with.
 *
 * @example
 * // app/api/support/magic-link/route.ts
 * import { isPortalTokenError, sendMagicLink } from '@dispatchtickets/react/server';
 *
 * // Your app's public origin, from configuration: never from the request. The
 * // Host header is the sender's to choose, and a link built from it would mail
 * // a working sign-in token to whatever site they name.
 * const APP_URL = process.env.APP_URL ?? 'http://localhost:3000';
 *
 * export async function POST(request: Request) {
 *   const { email } = (await request.json().catch(() => ({}))) as { email?: string };
 *   try {
 *     await sendMagicLink({
 *       apiKey: process.env.DISPATCH_API_KEY!,
 *       brandId: process.env.DISPATCH_BRAND_ID!,
 *       baseUrl: process.env.DISPATCH_API_URL,
 *       email: email ?? '',
 *       portalUrl: new URL('/support/sign-in', APP_URL).href,
 *     });
 *     // The same answer whether or not the address is a customer.
 *     return Response.json({ sent: true });
 *   } catch (error) {
 *     return Response.json({ sent: false }, { status: isPortalTokenError(error) ? error.status : 500 });
 *   }
 * }
 */
export async function sendMagicLink(options: SendMagicLinkOptions): Promise<{ success: true }> {
  const caller = 'sendMagicLink';
  const config = resolveAdminConfig(options, caller);
  const portalUrl = httpUrl(options.portalUrl);
  if (!portalUrl) {
    throw new PortalTokenError({ kind: 'config', message: `${caller}: \`portalUrl\` must be an absolute http(s) URL of your portal page.` });
  }
  const email = cleanEmail(options.email);
  if (!email) throw new PortalTokenError({ kind: 'invalid_input', message: `${caller}: \`email\` is missing or not an email address` });
  const data = await adminPost(config, '/portal/magic-link', { email, portalUrl: portalUrl.href });
  if (data.success === false) {
    throw new PortalTokenError({ kind: 'upstream', message: 'Dispatch Tickets API answered the magic-link request with `success: false`' });
  }
  return { success: true };
}
