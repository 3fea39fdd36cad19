import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { E2E } from './test/e2e/env.ts';

/**
 * End-to-end tests: the built demo app (vite preview) against the real mock
 * API over HTTP, in Debian's Chromium. The mock's tokens live 30 s so every
 * session renews several times mid-test.
 *
 * Two projects: `direct` (the kit calls the portal API) runs every spec;
 * `gateway` runs the customer-facing flows again with the demo switched to
 * "Dispatch via gateway" (the kit calls the demo server's portal gateway,
 * which calls the mock's admin API): same specs, same components, unchanged.
 * `switchlabs` and `answerpal` run the customer flow on those helpdesks, through
 * the demo server's gateways over the Switch Labs CRM and AnswerPal mocks it starts.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'reports/playwright.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: E2E.demoUrl,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Live updates and the ticket-action extensions exist only through the gateway
    // (the Dispatch portal API has no event stream, close, reopen or ratings).
    { name: 'direct', testIgnore: ['helpdesk-flow.spec.ts', 'live.spec.ts', 'ticket-actions-gateway.spec.ts', 'portal-features.spec.ts', 'required-field.spec.ts'] },
    {
      name: 'gateway',
      testMatch: [
        'customer-flow.spec.ts',
        'keyboard.spec.ts',
        'ticket-actions.spec.ts',
        'ticket-actions-gateway.spec.ts',
        'portal-features.spec.ts',
        'required-field.spec.ts',
        'csp.spec.ts',
        'staff-console.spec.ts',
        'staff-content.spec.ts',
        'live.spec.ts',
      ],
      use: { storageState: { cookies: [E2E.gatewayCookie], origins: [] } },
    },
    ...(['switchlabs', 'answerpal'] as const).map((name) => ({
      name,
      testMatch: ['helpdesk-flow.spec.ts', 'portal-features.spec.ts'],
      use: { storageState: { cookies: [E2E.helpdesks[name].cookie], origins: [] } },
    })),
  ],
  webServer: [
    {
      command: 'node scripts/mock.mjs',
      url: `${E2E.mockUrl}/__mock/health`,
      env: { PORT: String(E2E.mockPort), TOKEN_TTL_SECONDS: String(E2E.tokenTtlSeconds), MOCK_ALLOW_LOCALHOST: '1' },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node scripts/demo.mjs --preview --no-mock --port ${E2E.demoPort}`,
      url: `${E2E.demoUrl}/api/config`,
      env: {
        DEMO_API_URL: E2E.apiUrl,
        DEMO_SWITCHLABS_PORT: String(E2E.helpdesks.switchlabs.port),
        DEMO_ANSWERPAL_PORT: String(E2E.helpdesks.answerpal.port),
        // A field definition a test changes in the mock reaches the Dispatch gateway's form within a second, not five minutes.
        DEMO_GATEWAY_CONFIG_TTL_MS: String(E2E.gatewayConfigTtlMs),
      },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
