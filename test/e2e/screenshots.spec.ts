import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { admin, createTicket, expect, messagesWith, portal, test, thread, useFreshMock } from './fixtures';

/**
 * The README's screenshots (1280×800). Every run renders and checks each
 * screen; `UPDATE_SCREENSHOTS=1 npx playwright test screenshots` also writes
 * them to docs/screenshots/ (otherwise they go to test-results/, so a plain
 * `npm test` never rewrites committed images).
 */
useFreshMock();
test.use({ viewport: { width: 1280, height: 800 } });

async function save(page: Page, testInfo: TestInfo, name: string) {
  // Settled: no skeletons, images decoded, fonts ready.
  await expect(page.locator('.dt-skeleton')).toHaveCount(0);
  await page.waitForFunction(() => [...document.images].every((img) => img.complete) && document.fonts.status === 'loaded');
  const path = process.env.UPDATE_SCREENSHOTS ? `docs/screenshots/${name}.png` : testInfo.outputPath(`${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
}

async function signInAsJane(page: Page) {
  await page.request.post('/api/session', { data: { email: 'jane@example.com', name: 'Jane Cooper' } });
}

async function setPrefs(page: Page, prefs: { Theme?: string; Language?: string; Direction?: string }) {
  for (const [label, value] of Object.entries(prefs)) {
    await page.getByRole('region', { name: 'Demo controls' }).getByLabel(label).selectOption(value);
  }
}

/** Scrolls only `target`'s nearest scrolling ancestor (not the page) so it sits near the top. */
async function scrollTo(target: Locator) {
  await target.evaluate((el) => {
    let box = el.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
    if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  });
}

test('sign-in', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to Acme Cloud' })).toBeVisible();
  await save(page, testInfo, 'sign-in');
});

test('ticket list', async ({ page }, testInfo) => {
  await signInAsJane(page);
  await page.goto('/support');
  await expect(portal(page).getByRole('link', { name: /Exported invoices CSV/ })).toBeVisible();
  await save(page, testInfo, 'ticket-list');
});

test('thread with rich content', async ({ page }, testInfo) => {
  await signInAsJane(page);
  await page.goto('/support/tickets/tkt_jane_01');
  await expect(thread(page).getByRole('heading', { name: /Exported invoices CSV/ })).toBeVisible();
  await expect(thread(page).getByRole('table').first()).toBeVisible();
  await scrollTo(messagesWith(page, 'From Text/CSV'));
  await save(page, testInfo, 'ticket-thread');
});

test('new ticket with an upload', async ({ page }, testInfo) => {
  await signInAsJane(page);
  await page.goto('/');
  // A real image to attach: a screenshot of the dashboard.
  const image = await page.screenshot({ clip: { x: 80, y: 120, width: 640, height: 400 } });
  await page.goto('/support/new');
  await portal(page).getByLabel('Subject').fill('Deploys to eu-west-1 hang at "Provisioning"');
  await portal(page)
    .getByLabel('Description')
    .fill('Since this morning every deploy of data-pipeline stops at the provisioning step. Screenshot attached.');
  await portal(page).locator('input[type="file"]').setInputFiles({ name: 'dashboard.png', mimeType: 'image/png', buffer: image });
  await expect(portal(page).getByRole('listitem').filter({ hasText: 'dashboard.png' })).toContainText('Uploaded');
  await scrollTo(portal(page).getByLabel('Description'));
  await save(page, testInfo, 'new-ticket');
});

test('side panel', async ({ page }, testInfo) => {
  await signInAsJane(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Help' });
  // Without getTicketHref the drawer's rows are buttons: it navigates on its own.
  await panel.getByRole('button', { name: /Webhook deliveries failing/ }).click();
  await expect(panel.getByRole('heading', { name: /Webhook deliveries failing/ })).toBeFocused();
  await save(page, testInfo, 'side-panel');
});

test('staff console', async ({ page }, testInfo) => {
  await signInAsJane(page);
  await page.goto('/support/tickets/tkt_jane_01');
  await page.getByRole('button', { name: 'Staff console' }).click();
  const staffConsole = page.getByRole('complementary', { name: 'Staff console' });
  await expect(staffConsole.getByText('Internal note').first()).toBeVisible();
  await scrollTo(staffConsole.getByRole('listitem').filter({ hasText: 'Internal note' }).first());
  await staffConsole.getByLabel('Message').fill('Good news: the fix for the CSV encoding is live.');
  await save(page, testInfo, 'staff-console');
});

test('dark theme', async ({ page }, testInfo) => {
  await signInAsJane(page);
  await page.goto('/support/tickets/tkt_jane_07');
  await setPrefs(page, { Theme: 'dark' });
  await expect(portal(page)).toHaveAttribute('data-theme', 'dark');
  await expect(thread(page).getByRole('heading', { name: /Webhook deliveries failing/ })).toBeVisible();
  await save(page, testInfo, 'dark');
});

test('Arabic, right to left', async ({ page }, testInfo) => {
  // A customer writing in Arabic, so the whole screen reads right to left.
  const email = 'layla@example.com';
  const ticketId = await createTicket(
    email,
    'لا تصلني رسائل إعادة تعيين كلمة المرور',
    'مرحبًا، طلبت إعادة تعيين كلمة المرور ثلاث مرات اليوم ولم تصلني أي رسالة. تحققت من مجلد الرسائل غير المرغوب فيها أيضًا.',
  );
  await admin.reply(ticketId, 'أهلًا ليلى، شكرًا على التفاصيل. وجدنا أن عنوانك كان في قائمة الحظر بعد ارتداد سابق، وأزلناه الآن. جرّبي مرة أخرى من فضلك.', {
    authorName: 'سامي من أكمي',
  });
  await page.request.post('/api/session', { data: { email, name: 'ليلى حداد' } });
  await page.goto(`/support/tickets/${ticketId}`);
  await setPrefs(page, { Language: 'ar' });
  await expect(portal(page)).toHaveAttribute('dir', 'rtl');
  await expect(portal(page).getByRole('heading', { name: 'تذاكرك' })).toBeVisible();
  await expect(messagesWith(page, 'وجدنا أن عنوانك')).toBeVisible();
  await save(page, testInfo, 'rtl-arabic');
});
