/** Ports and URLs shared by playwright.config.ts and the specs. */
// E2E_PORT_BASE moves both ports, so two checkouts can run the suite at once.
const BASE = Number(process.env.E2E_PORT_BASE ?? 4110);
const MOCK_PORT = BASE;
const DEMO_PORT = BASE + 64;

export const E2E = {
  mockPort: MOCK_PORT,
  demoPort: DEMO_PORT,
  /** The mock API's origin (`/__mock/*` controls live here). */
  mockUrl: `http://localhost:${MOCK_PORT}`,
  /** The portal/admin API base, as the demo's DEMO_API_URL. */
  apiUrl: `http://localhost:${MOCK_PORT}/v1`,
  /** The built demo served by `vite preview`. */
  demoUrl: `http://localhost:${DEMO_PORT}`,
  /** Short, so sessions renew several times during a test. */
  tokenTtlSeconds: 30,
  apiKey: 'sk_test_demo',
  brandId: 'br_demo',
  /** The demo's backend switch set to "Dispatch via gateway" (the `gateway` project starts with it). */
  gatewayCookie: { name: 'acme_demo_backend', value: 'gateway', domain: 'localhost', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' },
  /** Where the demo server's portal gateway answers. */
  gatewayUrl: `http://localhost:${DEMO_PORT}/api/gateway`,
} as const;
