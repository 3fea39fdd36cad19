import { adminPost, cleanEmail, httpUrl, resolveAdminConfig, type AdminApiOptions } from './adminRequest';
import { PortalTokenError } from './errors';

export interface SendMagicLinkOptions extends AdminApiOptions {
  /**
   * Who receives the sign-in link, typically what the customer typed on your portal's sign-in form.
   * @example email: form.get('email')
   */
  email: string;
  /**
   * Your portal page, absolute http(s). The emailed link is this URL with `token=<magic token>`
   * added to its query; the page then swaps it for a portal token (`verifyMagicLink` in the kit).
   * @example portalUrl: 'https://app.example.com/support'
   */
  portalUrl: string;
}

/**
 * Emails a customer a sign-in link to the portal (admin endpoint A2, "self-auth
 * mode"). Resolves `{ success: true }` whether or not the email is known to the
 * brand: the API does not reveal which customers exist, so neither should your
 * route (answer the form the same way in both cases).
 *
 * @throws {PortalTokenError} `config` (missing `apiKey`/`brandId`, `portalUrl` not an
 * absolute http(s) URL: nothing is sent), `invalid_input` (email), `upstream`,
 * `network` or `timeout`. `error.status` is the status to answer with.
 *
 * @example
 * // app/api/support/magic-link/route.ts (Next.js App Router)
 * import { isPortalTokenError, sendMagicLink } from '@dispatchtickets/react/server';
 *
 * export async function POST(request: Request) {
 *   const { email } = (await request.json()) as { email?: string };
 *   try {
 *     await sendMagicLink({
 *       apiKey: process.env.DISPATCH_API_KEY!,
 *       brandId: process.env.DISPATCH_BRAND_ID!,
 *       email: email ?? '',
 *       portalUrl: new URL('/support', request.url).href,
 *     });
 *     return Response.json({ sent: true });
 *   } catch (error) {
 *     const status = isPortalTokenError(error) ? error.status : 500;
 *     return Response.json({ sent: false }, { status });
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
