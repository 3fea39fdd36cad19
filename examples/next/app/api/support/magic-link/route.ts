// app/api/support/magic-link/route.ts
import { isPortalTokenError, sendMagicLink } from '@dispatchtickets/react/server';

// Your app's public origin, from configuration: never from the request. The
// Host header is the sender's to choose, and a link built from it would mail
// a working sign-in token to whatever site they name.
const APP_URL = process.env.APP_URL ?? 'http://localhost:3000';

export async function POST(request: Request) {
  const { email } = (await request.json().catch(() => ({}))) as { email?: string };
  try {
    await sendMagicLink({
      apiKey: process.env.DISPATCH_API_KEY!,
      brandId: process.env.DISPATCH_BRAND_ID!,
      baseUrl: process.env.DISPATCH_API_URL,
      email: email ?? '',
      portalUrl: new URL('/support/sign-in', APP_URL).href,
    });
    // The same answer whether or not the address is a customer.
    return Response.json({ sent: true });
  } catch (error) {
    return Response.json({ sent: false }, { status: isPortalTokenError(error) ? error.status : 500 });
  }
}
