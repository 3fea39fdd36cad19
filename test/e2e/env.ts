/** Ports and URLs shared by playwright.config.ts and the specs. */
// E2E_PORT_BASE moves both ports, so two checkouts can run the suite at once.
const BASE = Number(process.env.E2E_PORT_BASE ?? 4110);
const MOCK_PORT = BASE;
const SWITCHLABS_PORT = BASE + 1;
const ANSWERPAL_PORT = BASE + 2;
const DEMO_PORT = BASE + 64;
const cookie = (value: string) => ({ name: 'acme_demo_backend', value, domain: 'localhost', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' as const });

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
  gatewayCookie: cookie('gateway'),
  /** How long the demo's Dispatch gateway reuses the brand's statuses and ticket form (its default is 5 minutes). */
  gatewayConfigTtlMs: 1000,
  /** Where the demo server's portal gateway answers. */
  gatewayUrl: `http://localhost:${DEMO_PORT}/api/gateway`,
  /** The Switch Labs CRM and AnswerPal mocks the demo server starts, and its gateways over them. */
  helpdesks: {
    switchlabs: {
      port: SWITCHLABS_PORT,
      controlUrl: `http://localhost:${SWITCHLABS_PORT}/__mock/switchlabs`,
      gatewayUrl: `http://localhost:${DEMO_PORT}/api/gateways/switchlabs`,
      cookie: cookie('switchlabs'),
    },
    answerpal: {
      port: ANSWERPAL_PORT,
      controlUrl: `http://localhost:${ANSWERPAL_PORT}/__mock/answerpal`,
      gatewayUrl: `http://localhost:${DEMO_PORT}/api/gateways/answerpal`,
      cookie: cookie('answerpal'),
    },
  },
} as const;
