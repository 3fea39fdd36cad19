// app/api/support/token/route.ts
import { createPortalTokenHandler } from '@dispatchtickets/react/server';
import { auth } from '@/auth';

const handler = createPortalTokenHandler({
  // Checked on the first request, so `next build` runs without these secrets.
  apiKey: process.env.DISPATCH_API_KEY!,
  brandId: process.env.DISPATCH_BRAND_ID!,
  baseUrl: process.env.DISPATCH_API_URL, // unset: the real API
  getCustomer: async () => {
    const user = (await auth())?.user;
    return user ? { email: user.email, name: user.name } : null; // null → 401
  },
  onError: (error) => {
    if (error.kind !== 'not_signed_in') console.error(error);
  },
});

export { handler as GET, handler as POST };
