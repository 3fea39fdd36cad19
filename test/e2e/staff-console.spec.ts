import { admin, createTicket, expect, messagesWith, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

test("the demo's staff console replies and changes status, and the portal follows by polling", async ({ page }) => {
  const email = uniqueEmail('console');
  const title = 'Console round trip';
  const ticketId = await createTicket(email, title);
  await signIn(page, email, 'Cole Sole');
  await page.goto(`/support/tickets/${ticketId}`);
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();

  await page.getByRole('button', { name: 'Staff console' }).click();
  const staffConsole = page.getByRole('complementary', { name: 'Staff console' });
  await expect(staffConsole.getByLabel('Ticket')).toHaveValue(ticketId);

  const reply = 'Hi Cole, this came from the staff console.';
  await staffConsole.getByLabel('Message').fill(reply);
  await staffConsole.getByRole('button', { name: 'Reply as staff' }).click();
  await expect(staffConsole.getByRole('status')).toHaveText(/Reply sent/);
  await expect(messagesWith(page, reply)).toBeVisible({ timeout: 20_000 });

  await staffConsole.getByLabel('Status').selectOption('resolved');
  await expect(staffConsole.getByRole('status')).toHaveText('Status set to resolved.');
  expect((await admin.ticket(ticketId)).status).toBe('resolved');
  await expect(thread(page).getByText('Resolved', { exact: true })).toBeVisible({ timeout: 20_000 });
});

test("the staff console shows the ticket's original message once", async ({ page }) => {
  const email = uniqueEmail('console-once');
  const body = 'The export button does nothing since Monday.';
  const ticketId = await createTicket(email, 'Original once', body);
  await signIn(page, email, 'Ona Once');
  await page.goto(`/support/tickets/${ticketId}`);
  await page.getByRole('button', { name: 'Staff console' }).click();
  const conversation = page.getByRole('region', { name: 'Conversation, staff view' });
  await expect(conversation.getByText('original message')).toBeVisible();
  // The admin API also lists the original message as a comment (flagged isTicketBody).
  expect((await admin.ticket(ticketId)).comments.some((c) => c.body === body)).toBe(true);
  await expect(conversation.getByText(body, { exact: true })).toHaveCount(1);
});
