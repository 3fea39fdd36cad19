import { expect, mock, portal, test, thread, useFreshMock } from './fixtures';
import { signedIn } from './ticketActions';

// Gateway project only (reopening is a gateway extension; the Dispatch portal API has none).
useFreshMock();

test('a reopen the helpdesk refuses says why', async ({ page }) => {
  await signedIn(page, 'refused');
  await portal(page).getByRole('link', { name: /Cannot export reports/ }).click();
  await thread(page).getByRole('button', { name: 'Mark as solved' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Mark as solved' }).click();
  await mock.control('variants', { reopenWindowDays: 0 });
  await thread(page).getByRole('button', { name: 'Reopen' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Reopen this ticket?' });
  await dialog.getByRole('button', { name: 'Reopen' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('This ticket was closed too long ago to reopen. Open a new ticket instead.');
});
