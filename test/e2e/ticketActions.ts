import type { Locator, Page } from '@playwright/test';
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

/** Presses Tab until `target` has focus; fails if it never gets there. */
export async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}
