// The README's Next.js routes (examples/next/app/api/support/*), run as a
// Next.js server runs them: the module is imported (at build time, perhaps
// without secrets), then GET/POST are called with a Request.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED, useMockServer } from '../mock/helpers';

const h = useMockServer();
// Variable specifiers: examples/tsconfig.json type-checks these files as an app would.
const routes = {
  token: '../../examples/next/app/api/support/token/route.ts',
  magicLink: '../../examples/next/app/api/support/magic-link/route.ts',
  auth: '../../examples/next/auth.ts',
};

interface RouteModule {
  GET: (request: Request) => Promise<Response>;
  POST: (request: Request) => Promise<Response>;
}
interface AuthModule {
  setSession(session: { user?: { email?: string | null; name?: string | null; image?: string | null }; expires: string } | null): void;
}

/** Imports the route fresh, with these environment variables, as a new server process would. */
async function load(path: string, env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const route = (await import(/* @vite-ignore */ path)) as RouteModule;
  const auth = (await import(/* @vite-ignore */ routes.auth)) as AuthModule;
  return { route, auth };
}

const secrets = () => ({ DISPATCH_API_KEY: SEED.apiKey, DISPATCH_BRAND_ID: SEED.brandId, DISPATCH_API_URL: h.base });
const unset = { DISPATCH_API_KEY: undefined, DISPATCH_BRAND_ID: undefined, DISPATCH_API_URL: undefined };

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('app/api/support/token/route.ts', () => {
  it('imports without the secrets (what `next build` does) and answers 500 until they are set', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { route, auth } = await load(routes.token, unset);
    auth.setSession({ user: { email: SEED.customers.jane.email }, expires: '2099-01-01T00:00:00.000Z' });
    const res = await route.GET(new Request('http://localhost:3000/api/support/token'));
    expect(res.status).toBe(500);
    expect(errors.mock.calls[0]?.[0]).toMatchObject({ kind: 'config', message: expect.stringMatching(/`apiKey` is missing/) });
    errors.mockRestore();
  });

  it('gives a signed-in Auth.js user (email and name possibly null) a working token; nobody signed in gets 401', async () => {
    const { route, auth } = await load(routes.token, secrets());
    auth.setSession({ user: { email: SEED.customers.jane.email, name: null, image: null }, expires: '2099-01-01T00:00:00.000Z' });
    const res = await route.GET(new Request('http://localhost:3000/api/support/token'));
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const tickets = await fetch(`${h.base}/portal/tickets`, { headers: { Authorization: `Bearer ${token}` } });
    expect(tickets.status).toBe(200);

    auth.setSession(null);
    expect((await route.GET(new Request('http://localhost:3000/api/support/token'))).status).toBe(401);
  });
});

describe('app/api/support/magic-link/route.ts', () => {
  it('builds the link from APP_URL, never from a forged Host header', async () => {
    const { route } = await load(routes.magicLink, { ...secrets(), APP_URL: 'https://app.acme.example' });
    const res = await route.POST(
      new Request('https://evil.example/api/support/magic-link', {
        method: 'POST',
        headers: { Host: 'evil.example', 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: SEED.customers.jane.email }),
      }),
    );
    expect(res.status).toBe(200);
    const [sent] = h.server.mock.outbox;
    expect(new URL(sent!.url).origin).toBe('https://app.acme.example');
    expect(sent!.url).toMatch(/^https:\/\/app\.acme\.example\/support\/sign-in\?token=/);
  });
});
