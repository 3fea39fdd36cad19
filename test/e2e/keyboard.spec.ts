import type { Locator, Page } from '@playwright/test';
import { expect, messagesWith, newTicketButton, portal, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

/** Presses Tab until `target` has focus; fails if it never gets there. */
async function tabTo(page: Page, target: Locator, { max = 60, backwards = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test('keyboard only: file a ticket with a file, reply, and get back to the list', async ({ page }) => {
  const email = uniqueEmail('keys');
  const title = 'Filed without a mouse';
  // Signing in isn't the flow under test: set the demo's session cookie directly.
  await page.request.post('/api/session', { data: { email, name: 'Kay Board' } });
  await page.goto('/support');
  await expect(portal(page).getByText('No tickets yet')).toBeVisible();

  await tabTo(page, await newTicketButton(page));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/support\/new$/);
  await expect(portal(page).getByRole('heading', { name: 'New ticket' })).toBeFocused();

  await tabTo(page, portal(page).getByLabel('Subject'));
  await page.keyboard.type(title);
  await tabTo(page, portal(page).getByLabel('Description'));
  await page.keyboard.type('Every step of this ticket was done with the keyboard.');

  // "Choose files" opens the system file picker; Playwright answers it.
  await tabTo(page, portal(page).getByRole('button', { name: 'Choose files' }));
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'keyboard-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Tab, type, Enter.\n') });
  await expect(portal(page).getByRole('listitem').filter({ hasText: 'keyboard-notes.txt' })).toContainText('Uploaded');

  await tabTo(page, portal(page).getByRole('button', { name: 'Create ticket' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/support\/tickets\/[^/]+$/);
  await expect(thread(page).getByRole('heading', { name: title })).toBeFocused();
  await expect(thread(page).getByRole('link', { name: /keyboard-notes\.txt/ })).toBeVisible();

  // Reply with the keyboard shortcut.
  await tabTo(page, thread(page).getByLabel('Your reply'));
  await page.keyboard.type('A reply, also from the keyboard.');
  await page.keyboard.press('Control+Enter');
  await expect(messagesWith(page, 'A reply, also from the keyboard.')).not.toContainText(/Sending|Not sent/);

  // Back to the list through the host's navigation; focus lands on the list's heading.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/support$/);
  await expect(portal(page).getByRole('heading', { name: 'Your tickets' })).toBeFocused();
  await expect(portal(page).getByRole('link', { name: new RegExp(title) })).toBeVisible();
});
