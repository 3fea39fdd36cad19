import { E2E } from './env';
import { admin, createTicket, expect, messagesWith, portal, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

const expiryOf = (authorization: string) => {
  const payload = authorization.replace(/^Bearer /, '').split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number }).exp * 1000;
};

test('a token that expires mid-session is renewed without the user noticing', async ({ page }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail('renew');
  const title = 'Renewal check';
  const ticketId = await createTicket(email, title);

  // What the browser asks our backend for, and which tokens it then uses against the API.
  const tokenRequests: string[] = [];
  const tokensUsed: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/support/token') tokenRequests.push(request.method());
    const authorization = request.headers().authorization;
    if (url.href.startsWith(`${E2E.apiUrl}/portal/`) && authorization && !tokensUsed.includes(authorization)) {
      tokensUsed.push(authorization);
    }
  });
  const apiFailures: string[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(E2E.apiUrl) && response.status() === 401) apiFailures.push(response.url());
  });

  await signIn(page, email, 'Rene Wal');
  await page.goto(`/support/tickets/${ticketId}`);
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();
  expect(tokensUsed.length).toBeGreaterThan(0);
  const firstExpiry = expiryOf(tokensUsed[0] ?? '');
  expect(firstExpiry - Date.now()).toBeLessThanOrEqual(E2E.tokenTtlSeconds * 1000);

  // Leave the page open past the first token's expiry (polling keeps running meanwhile)…
  await page.waitForTimeout(firstExpiry - Date.now() + 2_000);
  expect(Date.now()).toBeGreaterThan(firstExpiry);

  // …then keep working as if nothing happened.
  const reply = 'Still here after the first token expired.';
  await thread(page).getByLabel('Your reply').fill(reply);
  await thread(page).getByRole('button', { name: 'Send' }).click();
  await expect(messagesWith(page, reply)).toHaveCount(1);
  await expect(messagesWith(page, reply)).not.toContainText(/Sending|Not sent/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();
  await expect(portal(page).getByRole('link', { name: new RegExp(title) })).toBeVisible();

  // Nothing showed: no session-ended screen, no error notice.
  await expect(page.getByText('Your support session has ended')).toHaveCount(0);
  await expect(portal(page).getByRole('alert')).toHaveCount(0);

  // Renewal did happen, through our backend, with new tokens the API accepted.
  expect(tokenRequests.length).toBeGreaterThanOrEqual(2);
  expect(tokensUsed.length).toBeGreaterThanOrEqual(2);
  expect(tokensUsed.some((t) => expiryOf(t) > firstExpiry)).toBe(true);
  expect(apiFailures).toEqual([]);
  const comments = (await admin.ticket(ticketId)).comments.filter((c) => c.body === reply);
  expect(comments).toHaveLength(1);
});
