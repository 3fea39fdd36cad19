import { readFile } from 'node:fs/promises';
import type { Download } from '@playwright/test';
import { admin, expect, messagesWith, openNewTicketForm, portal, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

test('a customer files a ticket with a file, talks with support, and downloads the file', async ({ page }) => {
  const email = uniqueEmail('flow');
  const title = 'CSV export drops the last row';
  const csv = Buffer.from('invoice,amount\nINV-1,10.00\nINV-2,20.00\n', 'utf8');

  await signIn(page, email, 'Flo Tester');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();
  await expect(page).toHaveURL(/\/support$/);
  await expect(portal(page).getByText('No tickets yet')).toBeVisible();

  // File it, with a real file through the file input.
  await openNewTicketForm(page);
  await expect(page).toHaveURL(/\/support\/new$/);
  await portal(page).getByLabel('Subject').fill(title);
  await portal(page).getByLabel('Description').fill('The exported CSV is missing the last invoice of the month.');
  await portal(page).locator('input[type="file"]').setInputFiles({ name: 'export-sample.csv', mimeType: 'text/csv', buffer: csv });
  await expect(portal(page).getByRole('listitem').filter({ hasText: 'export-sample.csv' })).toContainText('Uploaded');
  await portal(page).getByRole('button', { name: 'Create ticket' }).click();

  await expect(page).toHaveURL(/\/support\/tickets\/[^/]+$/);
  const ticketId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();

  // It's in the list; the list and the back button drive the URL.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();
  await expect(page).toHaveURL(/\/support$/);
  const row = portal(page).getByRole('link', { name: new RegExp(title) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/support/tickets/${ticketId}$`));
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/support$/);
  await expect(thread(page)).toHaveCount(0);
  await page.goForward();
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();

  // Reply.
  const reply = 'It happens with every export since Monday.';
  await thread(page).getByLabel('Your reply').fill(reply);
  await thread(page).getByRole('button', { name: 'Send' }).click();
  await expect(messagesWith(page, reply)).toHaveCount(1);
  await expect(messagesWith(page, reply)).not.toContainText('Sending');
  await expect
    .poll(async () => (await admin.ticket(ticketId)).comments.filter((c) => c.body === reply).length)
    .toBe(1);

  // Support answers; the open thread picks it up by polling, without a reload.
  const staffReply = 'Thanks Flo, we found the bug and a fix ships tomorrow.';
  await admin.reply(ticketId, staffReply);
  await expect(messagesWith(page, staffReply)).toBeVisible({ timeout: 20_000 });
  await expect(messagesWith(page, staffReply)).toHaveAttribute('aria-label', /Sam from Acme/);

  // Download the file that was attached when filing.
  const file = thread(page).getByRole('link', { name: /export-sample\.csv/ });
  await expect(file).toHaveAttribute('href', /^http/);
  const download = new Promise<Download>((resolve) => {
    page.on('download', resolve);
    page.context().on('page', (popup) => popup.on('download', resolve));
  });
  await file.click();
  const downloaded = await download;
  expect(downloaded.suggestedFilename()).toBe('export-sample.csv');
  expect(await readFile(await downloaded.path())).toEqual(csv);
});
