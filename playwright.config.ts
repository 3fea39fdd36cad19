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
    // Specs of gateway-only extensions run in the gateway project alone.
    { name: 'direct', testIgnore: ['ticket-actions-gateway.spec.ts'] },
    {
      name: 'gateway',
      testMatch: ['customer-flow.spec.ts', 'keyboard.spec.ts', 'ticket-actions.spec.ts', 'ticket-actions-gateway.spec.ts', 'csp.spec.ts', 'staff-console.spec.ts', 'staff-content.spec.ts'],
      use: { storageState: { cookies: [E2E.gatewayCookie], origins: [] } },
    },
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
      env: { DEMO_API_URL: E2E.apiUrl },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
