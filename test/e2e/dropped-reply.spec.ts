import { E2E } from './env';
import { admin, createTicket, expect, messagesWith, mock, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

test('a reply whose response is lost after the server committed it appears exactly once', async ({ page }) => {
  const email = uniqueEmail('drop');
  const ticketId = await createTicket(email, 'Lost response');
  await signIn(page, email, 'Dee Rop');
  await page.goto(`/support/tickets/${ticketId}`);
  await expect(thread(page).getByRole('heading', { name: 'Lost response' })).toBeVisible();

  const isPost = (r: { method(): string; url(): string }) =>
    r.method() === 'POST' && r.url() === `${E2E.apiUrl}/portal/tickets/${ticketId}/comments`;
  const keys: (string | undefined)[] = [];
  const answers: { status: number; replayed: boolean }[] = [];
  page.on('request', (request) => {
    if (isPost(request)) keys.push(request.headers()['x-idempotency-key']);
  });
  page.on('response', (response) => {
    if (isPost(response.request())) answers.push({ status: response.status(), replayed: response.headers()['x-idempotent-replayed'] === 'true' });
  });

  // The server stores the next reply, then the connection dies before the answer.
  await mock.control('drop', { path: '/portal/tickets/:id/comments', method: 'POST', count: 1 });
  const reply = 'Did this one arrive?';
  await thread(page).getByLabel('Your reply').fill(reply);
  await thread(page).getByRole('button', { name: 'Send' }).click();

  await expect(messagesWith(page, reply)).toHaveCount(1);
  await expect(messagesWith(page, reply)).not.toContainText(/Sending|Not sent/);
  // The send was repeated with the same idempotency key (by the client, or by Chromium itself when
  // the connection was a reused one), and the server answered the repeat by replaying the stored
  // reply instead of storing it again.
  expect(keys[0]).toBeTruthy();
  expect(new Set(keys).size).toBe(1);
  expect(answers.at(-1)).toEqual({ status: 201, replayed: true });
  expect((await admin.ticket(ticketId)).comments.filter((c) => c.body === reply)).toHaveLength(1);

  // Still once after the next poll brings the server's copy.
  await page.waitForResponse((r) => r.url() === `${E2E.apiUrl}/portal/tickets/${ticketId}` && r.ok(), { timeout: 15_000 });
  await expect(messagesWith(page, reply)).toHaveCount(1);
});
