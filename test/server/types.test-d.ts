// Type tests for the server helper, checked by `tsc` (npm run typecheck covers test/).
// Nothing here runs.
import type { Context } from 'hono';
import { createPortalTokenHandler, type SignedInCustomer } from '../../src/server';

/** Auth.js's `DefaultSession` (next-auth 5 / @auth/core), as apps have it. */
interface AuthJsSession {
  user?: { name?: string | null; email?: string | null; image?: string | null };
  expires: string;
}
declare function auth(): Promise<AuthJsSession | null>;

// The README's getCustomer compiles against Auth.js types without a cast.
createPortalTokenHandler({
  apiKey: process.env.DISPATCH_API_KEY!,
  brandId: process.env.DISPATCH_BRAND_ID!,
  baseUrl: process.env.DISPATCH_API_URL,
  getCustomer: async () => {
    const user = (await auth())?.user;
    return user ? { email: user.email, name: user.name } : null;
  },
});

// The session's user object as a whole is accepted too (extra fields are ignored).
createPortalTokenHandler({ apiKey: '', brandId: '', getCustomer: async () => (await auth())?.user ?? null });

// Clerk-style: a primary address that may be missing.
declare const clerkUser: { primaryEmailAddress?: { emailAddress: string } | null; fullName: string | null } | null;
createPortalTokenHandler<Context>({
  apiKey: '',
  brandId: '',
  getCustomer: () => (clerkUser ? { email: clerkUser.primaryEmailAddress?.emailAddress, name: clerkUser.fullName } : null),
});

// Still strict where it matters: a number is not an email, a string is not a customer.
// @ts-expect-error email must be a string (or null/undefined)
createPortalTokenHandler({ apiKey: '', brandId: '', getCustomer: () => ({ email: 42 }) });
// @ts-expect-error return the customer object, not the address alone
createPortalTokenHandler({ apiKey: '', brandId: '', getCustomer: () => 'jane@example.com' });

export const accepted: SignedInCustomer = { email: undefined, name: null };
