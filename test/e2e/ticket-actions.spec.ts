import { expect, portal, test, thread, useFreshMock } from './fixtures';
import { signedIn, tabTo } from './ticketActions';

useFreshMock();

test('keyboard only: search tickets, mark one solved, reopen it, rate it', async ({ page }, testInfo) => {
  await signedIn(page, 'actions');
  if (testInfo.project.name !== 'gateway') {
    // The Dispatch portal API has no extensions: the portal stays as it was.
    await expect(portal(page).getByRole('combobox', { name: 'Status' })).toBeVisible();
    await expect(portal(page).getByRole('searchbox')).toHaveCount(0);
    await portal(page).getByRole('link', { name: /Cannot export reports/ }).click();
    await expect(thread(page).getByRole('heading', { name: 'Cannot export reports' })).toBeVisible();
    await expect(thread(page).getByRole('button', { name: 'Mark as solved' })).toHaveCount(0);
    return;
  }

  const search = portal(page).getByRole('searchbox', { name: 'Search tickets' });
  await tabTo(page, search);
  await page.keyboard.type('invoice');
  await expect(portal(page).getByText('Cannot export reports')).toHaveCount(0);
  const row = portal(page).getByRole('link', { name: /Invoice shows the wrong VAT/ });
  await expect(row).toBeVisible();
  await page.keyboard.type(' nothing-like-this');
  await expect(portal(page).getByText('No tickets match')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(portal(page).getByText('Cannot export reports')).toBeVisible();
  await page.keyboard.type('invoice');
  await expect(portal(page).getByText('Cannot export reports')).toHaveCount(0);

  await tabTo(page, row);
  await page.keyboard.press('Enter');
  await expect(thread(page).getByRole('heading', { name: 'Invoice shows the wrong VAT' })).toBeFocused();

  const solve = thread(page).getByRole('button', { name: 'Mark as solved' });
  await tabTo(page, solve);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Mark this ticket as solved?' });
  await expect(dialog).toContainText('Support will treat your request as done');
  await tabTo(page, dialog.getByRole('button', { name: 'Mark as solved' }));
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  const reopen = thread(page).getByRole('button', { name: 'Reopen' });
  await expect(reopen).toBeVisible();
  await expect(thread(page).getByRole('status').filter({ hasText: 'Ticket marked as solved.' })).toHaveCount(1);

  await tabTo(page, reopen);
  await page.keyboard.press('Enter');
  const reopenDialog = page.getByRole('alertdialog', { name: 'Reopen this ticket?' });
  await tabTo(page, reopenDialog.getByRole('button', { name: 'Reopen' }));
  await page.keyboard.press('Enter');
  await expect(reopenDialog).toHaveCount(0);
  await expect(solve).toBeVisible();

  // Solved again, it can be rated: the brand's 1–5 scale.
  await tabTo(page, solve);
  await page.keyboard.press('Enter');
  await tabTo(page, dialog.getByRole('button', { name: 'Mark as solved' }));
  await page.keyboard.press('Enter');
  const group = thread(page).getByRole('group', { name: 'Rate the help you got' });
  await expect(group).toBeVisible();
  await tabTo(page, group.getByRole('radio').first());
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(group.getByRole('radio', { name: '5 of 5' })).toBeChecked();
  await tabTo(page, thread(page).getByLabel('Anything to add? (optional)'));
  await page.keyboard.type('Sorted within the hour.');
  await tabTo(page, thread(page).getByRole('button', { name: 'Send rating' }));
  await page.keyboard.press('Enter');
  await expect(thread(page).getByText('You rated this 5 out of 5.')).toBeVisible();
  await expect(group).toHaveCount(0);
  // Never asked twice: not after a reload either.
  await page.reload();
  await expect(thread(page).getByText('You rated this 5 out of 5.')).toBeVisible();
  await expect(thread(page).getByRole('button', { name: 'Send rating' })).toHaveCount(0);
});
