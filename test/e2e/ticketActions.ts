import type { Page } from '@playwright/test';
import { createTicket, expect, portal, uniqueEmail } from './fixtures';

/** A new customer with two tickets, signed in to the demo, on the Support page. */
export async function signedIn(page: Page, tag: string) {
  const email = uniqueEmail(tag);
  await createTicket(email, 'Invoice shows the wrong VAT');
  await createTicket(email, 'Cannot export reports');
  await page.request.post('/api/session', { data: { email, name: 'Kay Board' } });
  await page.goto('/support');
  await expect(portal(page).getByText('Cannot export reports')).toBeVisible();
  return email;
}
