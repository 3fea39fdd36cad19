// Stands in for your Auth.js setup (`export const { auth, handlers } = NextAuth({ … })`):
// the same `auth()` and the same session type, so the routes compile here
// exactly as they will in your app. Replace it with your own.
export interface Session {
  user?: { name?: string | null; email?: string | null; image?: string | null };
  expires: string;
}

let current: Session | null = null;

export async function auth(): Promise<Session | null> {
  return current;
}

/** For the example's own test: who `auth()` says is signed in. */
export function setSession(session: Session | null): void {
  current = session;
}
