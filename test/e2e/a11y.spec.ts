import { axeViolations as violations, expect, portal, test, thread, useFreshMock } from './fixtures';

useFreshMock();
// axe-core is injected as an inline script: test tooling, let it past the demo's strict CSP
// (test/e2e/csp.spec.ts keeps the policy enforced).
test.use({ bypassCSP: true });

test.describe('the demo has no axe violations', () => {
  test('signed out: sign-in page and demo inbox', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in to Acme Cloud' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.goto('/inbox?email=jane%40example.com');
    await expect(page.getByText('No messages for jane@example.com yet.')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('signed in: dashboard with the Help panel, support list, thread with the staff console, new ticket', async ({ page }) => {
    await page.request.post('/api/session', { data: { email: 'jane@example.com', name: 'Jane Cooper' } });
    await page.goto('/');
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    await expect(page.getByRole('complementary', { name: 'Help' }).getByRole('heading', { name: 'Your tickets' })).toBeVisible();
    await expect(page.locator('.dt-skeleton')).toHaveCount(0);
    expect(await violations(page)).toEqual([]);

    await page.goto('/support');
    await expect(portal(page).getByRole('link', { name: /Exported invoices CSV/ })).toBeVisible();
    expect(await violations(page)).toEqual([]);

    await page.goto('/support/tickets/tkt_jane_01');
    await page.getByRole('button', { name: 'Staff console' }).click();
    await expect(thread(page).getByRole('heading', { name: /Exported invoices CSV/ })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Staff console' }).getByText('Internal note').first()).toBeVisible();
    expect(await violations(page)).toEqual([]);

    await page.goto('/support/new');
    await expect(portal(page).getByLabel('Subject')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('dark theme, in Arabic', async ({ page }) => {
    await page.request.post('/api/session', { data: { email: 'jane@example.com', name: 'Jane Cooper' } });
    await page.goto('/support/tickets/tkt_jane_01');
    const controls = page.getByRole('region', { name: 'Demo controls' });
    await controls.getByLabel('Theme').selectOption('dark');
    await controls.getByLabel('Language').selectOption('ar');
    await expect(portal(page)).toHaveAttribute('dir', 'rtl');
    await expect(portal(page)).toHaveAttribute('data-theme', 'dark');
    await expect(thread(page).getByRole('heading', { name: /Exported invoices CSV/ })).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
});
