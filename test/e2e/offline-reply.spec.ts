import { admin, createTicket, expect, messagesWith, mock, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';
import type { Page } from '@playwright/test';

useFreshMock();

const OFFLINE = "You're offline. Your reply will be sent when you're back online.";
const SLOW = 'Still trying to send your reply…';

async function openTicket(page: Page, tag: string) {
  const email = uniqueEmail(tag);
  const ticketId = await createTicket(email, `Offline ${tag}`);
  await signIn(page, email, 'Ollie Offline');
  await page.goto(`/support/tickets/${ticketId}`);
  await expect(thread(page).getByRole('heading', { name: `Offline ${tag}` })).toBeVisible();
  return ticketId;
}

const stored = async (ticketId: string, body: string) => (await admin.ticket(ticketId)).comments.filter((c) => c.body === body).length;

test('offline, a reply says it will go when the customer is back, and goes once when they are', async ({ page, context }) => {
  const ticketId = await openTicket(page, 'back');
  await context.setOffline(true);
  const reply = 'Written on the train';
  await thread(page).getByLabel('Your reply').fill(reply);
  await thread(page).getByRole('button', { name: 'Send' }).click();

  const message = messagesWith(page, reply);
  await expect(message).toContainText(OFFLINE);
  // Announced in the thread's live region, not only shown.
  await expect(thread(page).locator('[aria-live]').filter({ hasText: OFFLINE })).toHaveCount(1);
  expect(await stored(ticketId, reply)).toBe(0);

  await context.setOffline(false);
  await expect(message).toHaveCount(1);
  await expect(message).not.toContainText(/Sending|offline|Not sent/);
  await expect.poll(() => stored(ticketId, reply)).toBe(1);
});

test('offline, Cancel keeps the reply (text and all) and Edit brings it back into the reply box', async ({ page, context }) => {
  const ticketId = await openTicket(page, 'cancel');
  await context.setOffline(true);
  const reply = 'Never mind, I will call';
  await thread(page).getByLabel('Your reply').fill(reply);
  await thread(page).getByRole('button', { name: 'Send' }).click();
  const message = messagesWith(page, reply);
  await message.getByRole('button', { name: 'Cancel' }).click();

  await expect(message).toContainText('Not sent');
  await expect(message).toContainText('Sending stopped. Your text is kept.');
  await expect(message.getByRole('button', { name: 'Retry' })).toBeFocused();
  await message.getByRole('button', { name: 'Edit' }).click();
  await expect(thread(page).getByLabel('Your reply')).toHaveValue(reply);
  await expect(messagesWith(page, reply)).toHaveCount(0);

  await context.setOffline(false);
  await thread(page).getByRole('button', { name: 'Send' }).click();
  await expect(messagesWith(page, reply)).toHaveCount(1);
  await expect(messagesWith(page, reply)).not.toContainText(/Sending|Not sent/);
  expect(await stored(ticketId, reply)).toBe(1);
});

test('a slow server: "still trying" after a few seconds, Cancel, then Retry stores the reply once', async ({ page }) => {
  const ticketId = await openTicket(page, 'slow');
  // The server takes 8 s before it stores the reply (and it does, cancelled or not).
  await mock.control('latency', { ms: 8_000, method: 'POST', path: '/portal/tickets/:id/comments' });
  const reply = 'Is anyone there?';
  await thread(page).getByLabel('Your reply').fill(reply);
  await thread(page).getByRole('button', { name: 'Send' }).click();
  const message = messagesWith(page, reply);
  await expect(message).toContainText(SLOW);
  await expect(thread(page).locator('[aria-live]').filter({ hasText: SLOW })).toHaveCount(1);

  await message.getByRole('button', { name: 'Cancel' }).click();
  await expect(message).toContainText('Not sent');
  // The retry waits as long, behind the cancelled request: once it is answered, that one has been handled too.
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/portal/tickets/${ticketId}/comments`));
  await message.getByRole('button', { name: 'Retry' }).click();
  await answered;
  await expect(messagesWith(page, reply)).toHaveCount(1);
  await expect(messagesWith(page, reply)).not.toContainText(/Sending|Not sent/);
  expect(await stored(ticketId, reply)).toBe(1);
});
