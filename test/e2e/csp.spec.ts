// The kit under a strict Content-Security-Policy (served with the built demo:
// no 'unsafe-inline' for scripts or styles): the whole customer flow, with
// images, uploads and the side panel, must not trip it once.
import type { Page } from '@playwright/test';
import { expect, openNewTicketForm, portal, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

/** Collects every CSP violation report the page raises, from its first script on. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

test('the portal runs under a strict CSP without a single violation', async ({ page }) => {
  const violations = await watchViolations(page);

  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");

  await signIn(page, uniqueEmail('csp'), 'Cass Policy');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();

  // New ticket with an image upload (thumbnail from an object URL).
  await openNewTicketForm(page);
  await portal(page).getByLabel('Subject').fill('Strict CSP check');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await portal(page).locator('input[type="file"]').setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: png });
  await expect(portal(page).getByRole('listitem').filter({ hasText: 'pixel.png' })).toContainText('Uploaded');
  await portal(page).getByRole('button', { name: 'Create ticket' }).click();
  await expect(thread(page).getByRole('heading', { name: 'Strict CSP check' })).toBeVisible();

  // Reply, then open the side panel (the same portal, stacked).
  await thread(page).getByLabel('Your reply').fill('Works under CSP?');
  await thread(page).getByRole('button', { name: 'Send' }).click();
  await expect(thread(page).getByRole('article').filter({ hasText: 'Works under CSP?' })).not.toContainText('Sending');
  await page.getByRole('button', { name: 'Help' }).click();
  await expect(page.locator('.dt-support-portal').nth(1)).toBeVisible();

  expect(await violations()).toEqual([]);

  // And the policy really is enforced: an injected <style> is refused.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red }';
    document.head.append(style);
  });
  await expect.poll(violations).toEqual([expect.stringMatching(/^style-src/)]);
});

test('a styled HTML email and a markdown reply open without a single CSP report', async ({ page }) => {
  const violations = await watchViolations(page);
  // The seed's email has a <style> block, inline style attributes and a tracking pixel.
  await page.request.post('/api/session', { data: { email: 'jane@example.com', name: 'Jane Cooper' } });
  await page.goto('/support/tickets/tkt_jane_07');
  const email = thread(page).getByRole('article').filter({ hasText: 'Our endpoint' });
  await expect(email.locator('.dt-message-body[data-format="html"] code')).toHaveText('https://hooks.acmecorp.io/dispatch');
  await expect(email.locator('[style], style')).toHaveCount(0);

  // A markdown reply loads the markdown engine on demand, under the same policy.
  await thread(page).getByLabel('Your reply').fill('Checked:\n\n- [x] **curl** works\n- [ ] dashboard\n\n| code | count |\n| - | - |\n| 502 | 14 |');
  await thread(page).getByRole('button', { name: 'Send' }).click();
  const reply = thread(page).getByRole('article').filter({ hasText: 'dashboard' });
  await expect(reply.locator('table td').first()).toHaveText('502');
  await expect(reply.getByRole('checkbox', { name: 'curl works' })).toBeChecked();

  expect(await violations()).toEqual([]);
});
