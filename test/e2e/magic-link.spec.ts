import { E2E } from './env';
import { expect, openNewTicketForm, portal, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

test('a magic link from the demo inbox signs in to support, with the token in memory only', async ({ page }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('magic');
  const tokens = new Set<string>();
  let refreshes = 0;
  const referers: string[] = [];
  let magicPolicy: string | null | undefined;
  page.on('response', (response) => {
    if (response.request().resourceType() === 'document' && new URL(response.url()).pathname === '/magic') {
      magicPolicy = response.headers()['referrer-policy'] ?? null;
    }
  });
  page.on('request', (request) => {
    const referer = request.headers().referer;
    if (referer) referers.push(referer);
    if (!request.url().startsWith(`${E2E.apiUrl}/portal/`)) return;
    const authorization = request.headers().authorization;
    if (authorization) tokens.add(authorization.replace(/^Bearer /, ''));
    if (request.url() === `${E2E.apiUrl}/portal/refresh`) refreshes++;
  });

  // Ask for a link, then open it from the demo inbox like from an email.
  await page.goto('/');
  await page.getByLabel('Your email').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('link', { name: 'Open the demo inbox' }).click();
  await expect(page).toHaveURL(/\/inbox\?email=/);
  const link = page.getByRole('link', { name: 'Sign in to Acme support' });
  const magicUrl = await link.getAttribute('href');
  expect(magicUrl).toMatch(new RegExp(`^${E2E.demoUrl}/magic\\?token=`));
  await link.click();

  // Signed in to support; the single-use token is gone from the address bar.
  await expect(page).toHaveURL(/\/support$/);
  // The link's page is served with no-referrer: nothing it loaded or called was told the token.
  expect(magicPolicy).toBe('no-referrer');
  expect(referers.filter((r) => r.includes('token='))).toEqual([]);
  await expect(page.getByText(/Signed in with a magic link as/)).toContainText(email);
  await expect(portal(page)).toContainText(`Signed in as ${email}`);
  await expect(portal(page).getByText('No tickets yet')).toBeVisible();

  // The kit renews the static token itself (POST /portal/refresh) and keeps working.
  await expect.poll(() => refreshes, { timeout: 40_000 }).toBeGreaterThanOrEqual(2);
  await openNewTicketForm(page);
  await portal(page).getByLabel('Subject').fill('Signed in by magic link');
  await portal(page).getByRole('button', { name: 'Create ticket' }).click();
  await expect(thread(page).getByRole('heading', { name: 'Signed in by magic link' })).toBeVisible();

  // No token in any storage the page can reach.
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
  expect(tokens.size).toBeGreaterThan(1);
  for (const token of tokens) expect(stored).not.toContain(token);

  // So a reload signs out…
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to Acme Cloud' })).toBeVisible();
  // …and the emailed link doesn't work twice.
  await page.goto(magicUrl ?? '');
  await expect(page.getByRole('alert')).toContainText("This sign-in link doesn't work");
});
