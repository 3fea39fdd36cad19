import type { Page, Route } from '@playwright/test';
import { admin, createTicket, expect, messagesWith, portal, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';
import { E2E } from './env';

/**
 * Live updates in Chromium through the demo's portal gateway: the staff side
 * (the demo's staff console, or the admin API) changes a ticket, the mock
 * sends its signed webhook to the gateway, the gateway streams it to the
 * portal. Polling is held in every test — no ticket or list fetch made after
 * the page settled is ever answered — so what appears came on the stream.
 */

useFreshMock();

/** From now on, ticket and list GETs are never answered: polling is off. */
async function holdPolling(page: Page): Promise<void> {
  const held: Route[] = [];
  await page.route(
    (url) => url.pathname.startsWith('/api/gateway/portal/tickets'),
    (route) => (route.request().method() === 'GET' ? void held.push(route) : route.continue()),
  );
}

/** The event stream requests the page made, with the headers they carried. */
function watchStreams(page: Page) {
  const streams: { url: string; headers: Record<string, string> }[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/portal/events')) streams.push({ url: request.url(), headers: request.headers() });
  });
  return streams;
}

async function openTicket(page: Page, email: string, name: string, title: string) {
  const ticketId = await createTicket(email, title);
  await signIn(page, email, name);
  await page.goto(`/support/tickets/${ticketId}`);
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();
  return ticketId;
}

test('a reply from the staff console appears in the open thread at once, announced, with polling off', async ({ page }) => {
  const streams = watchStreams(page);
  const ticketId = await openTicket(page, uniqueEmail('live'), 'Liv Stream', 'Live reply');
  await expect.poll(() => streams.length).toBeGreaterThan(0);
  await holdPolling(page);

  await page.getByRole('button', { name: 'Staff console' }).click();
  const staffConsole = page.getByRole('complementary', { name: 'Staff console' });
  await expect(staffConsole.getByLabel('Ticket')).toHaveValue(ticketId);
  const reply = 'Hi Liv, this reached you live.';
  await staffConsole.getByLabel('Message').fill(reply);
  await staffConsole.getByRole('button', { name: 'Reply as staff' }).click();
  await expect(messagesWith(page, reply)).toHaveCount(1, { timeout: 5_000 });
  await expect(thread(page).locator('[aria-live="polite"]').filter({ hasText: /New reply from/ })).toHaveCount(1);

  // An internal note from the console never shows.
  const note = 'Team only: this customer is on the legacy plan.';
  await staffConsole.getByLabel('Message').fill(note);
  await staffConsole.getByRole('button', { name: /internal note/i }).click();
  const marker = 'And a second public reply.';
  await staffConsole.getByLabel('Message').fill(marker);
  await staffConsole.getByRole('button', { name: 'Reply as staff' }).click();
  await expect(messagesWith(page, marker)).toHaveCount(1, { timeout: 5_000 });
  await expect(messagesWith(page, note)).toHaveCount(0);

  for (const s of streams) {
    expect(s.url).not.toMatch(/token|eyJ/);
    expect(s.headers.authorization).toMatch(/^Bearer eyJ/);
  }
});

test('a status change from the staff console updates the list row, with polling off', async ({ page }) => {
  const email = uniqueEmail('live-status');
  const ticketId = await createTicket(email, 'Status goes live');
  await signIn(page, email, 'Stat Us');
  await page.goto('/support');
  const row = portal(page).getByRole('link', { name: /Status goes live/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Open');
  await holdPolling(page);

  await page.getByRole('button', { name: 'Staff console' }).click();
  const staffConsole = page.getByRole('complementary', { name: 'Staff console' });
  await staffConsole.getByLabel('Ticket').selectOption(ticketId);
  await staffConsole.getByRole('combobox', { name: 'Status' }).selectOption('resolved');
  await expect(staffConsole.getByRole('status')).toHaveText('Status set to resolved.');
  await expect(row).toContainText('Resolved', { timeout: 5_000 });
  await expect(row).not.toContainText('Open');
});

test('a dropped connection resumes where it left off: nothing missed is lost, nothing is shown twice', async ({ page, context }) => {
  const streams = watchStreams(page);
  const ticketId = await openTicket(page, uniqueEmail('live-drop'), 'Dee Drop', 'Connection drops');
  await expect.poll(() => streams.length).toBeGreaterThan(0);
  await holdPolling(page);
  const before = 'Before the drop.';
  await admin.reply(ticketId, before);
  await expect(messagesWith(page, before)).toHaveCount(1, { timeout: 5_000 });

  await context.setOffline(true);
  const missed = ['Missed while offline, one.', 'Missed while offline, two.'];
  for (const text of missed) await admin.reply(ticketId, text);
  // Every webhook went out (to the gateway) while the browser was away.
  await expect.poll(async () => {
    const res = await fetch(`${E2E.mockUrl}/__mock/webhooks`);
    const { deliveries } = (await res.json()) as { deliveries: { state: string; body: string }[] };
    return deliveries.filter((d) => missed.some((m) => d.body.includes(m)) && d.state === 'delivered').length;
  }).toBe(2);
  const beforeResume = streams.length;
  await context.setOffline(false);

  for (const text of [before, ...missed]) await expect(messagesWith(page, text)).toHaveCount(1, { timeout: 15_000 });
  const resumed = streams.slice(beforeResume);
  expect(resumed.length).toBeGreaterThan(0);
  expect(resumed[0]!.headers['last-event-id']).toMatch(/^\d+$/);
  // In order, after what was there.
  const texts = await thread(page).getByRole('article').allInnerTexts();
  const at = [before, ...missed].map((t) => texts.findIndex((x) => x.includes(t)));
  expect(at).toEqual([...at].sort((a, b) => a - b));
});
