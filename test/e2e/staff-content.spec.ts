import { admin, createTicket, expect, messagesWith, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

/** The trap every payload below tries to call. */
type Trapped = Window & { __xss: (source: unknown) => void; __xssCalls: string[] };

/** Ways a staff member (or an email they forward) might smuggle script into a reply. */
const HTML_PAYLOAD = [
  '<p>XSS-MARKER: a reply with some dangerous HTML.</p>',
  '<img src="x" onerror="window.__xss(\'img onerror\')">',
  '<script>window.__xss("script tag")</script>',
  '<svg onload="window.__xss(\'svg onload\')"><circle r="4"></circle></svg>',
  '<a href="javascript:window.__xss(\'javascript href\')">click me</a>',
  '<iframe src="javascript:window.__xss(\'iframe\')"></iframe>',
  '<div onclick="window.__xss(\'onclick\')" style="background-image:url(javascript:window.__xss(\'css\'))">press here</div>',
  '<form action="javascript:window.__xss(\'form\')"><button>submit me</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss(\'mxss\')"></style></mglyph></table></mtext></math>',
  '<object data="javascript:window.__xss(\'object\')"></object><embed src="javascript:window.__xss(\'embed\')">',
].join('\n');
const MARKDOWN_PAYLOAD = 'MD-MARKER: [click md](javascript:window.__xss("markdown link")) and ![pic](javascript:window.__xss("markdown image"))';

test('internal notes never reach the customer, and script in staff replies stays inert', async ({ page }) => {
  await page.addInitScript(() => {
    const trap = window as unknown as Trapped;
    trap.__xssCalls = [];
    trap.__xss = (source) => void trap.__xssCalls.push(String(source));
  });
  const email = uniqueEmail('xss');
  const title = 'Staff content safety';
  const ticketId = await createTicket(email, title);
  await admin.reply(ticketId, 'INTERNAL-NOTE-API: customer is on the legacy plan, no refunds.', { internal: true });
  await admin.request(`tickets/${ticketId}/comments`, {
    method: 'POST',
    body: JSON.stringify({ body: 'INTERNAL-NOTE-META: flagged through metadata.', metadata: { isInternal: true } }),
  });

  await signIn(page, email, 'Ivy Safe');
  await page.goto(`/support/tickets/${ticketId}`);
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();

  // A third note, from the demo's staff console while the customer watches.
  await page.getByRole('button', { name: 'Staff console' }).click();
  const staffConsole = page.getByRole('complementary', { name: 'Staff console' });
  await expect(staffConsole.getByLabel('Ticket')).toHaveValue(ticketId);
  await staffConsole.getByLabel('Message').fill('INTERNAL-NOTE-CONSOLE: escalate to billing.');
  await staffConsole.getByRole('button', { name: 'Add internal note' }).click();
  await expect(staffConsole.getByRole('listitem').filter({ hasText: 'INTERNAL-NOTE-CONSOLE' })).toContainText('Internal note');

  // Then the dangerous replies. Once they arrive by polling, every note before them would have too.
  await admin.reply(ticketId, HTML_PAYLOAD);
  await admin.reply(ticketId, MARKDOWN_PAYLOAD);
  await expect(messagesWith(page, 'XSS-MARKER')).toBeVisible({ timeout: 20_000 });
  await expect(messagesWith(page, 'MD-MARKER')).toBeVisible();
  await expect(thread(page)).not.toContainText('INTERNAL-NOTE');
  await expect(page.locator('main .dt-support-portal')).not.toContainText('INTERNAL-NOTE');

  // Poke everything clickable in the dangerous replies.
  for (const marker of ['XSS-MARKER', 'MD-MARKER']) {
    const message = messagesWith(page, marker);
    for (const target of await message.locator('a, button, [onclick], div').all()) {
      if (await target.isVisible()) await target.click({ trial: false, force: true, noWaitAfter: true }).catch(() => {});
    }
  }
  await expect(page).toHaveURL(new RegExp(`/support/tickets/${ticketId}$`));

  // Nothing ran, and nothing that could run is in the conversation's DOM.
  const dangerous = await thread(page).getByRole('feed').evaluate((root) => {
    const found: string[] = [];
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'iframe', 'object', 'embed', 'form', 'style', 'math'].includes(tag)) found.push(`<${tag}>`);
      for (const { name, value } of el.attributes) {
        if (name.startsWith('on')) found.push(`${tag}[${name}]`);
        if (/^\s*javascript:/i.test(value)) found.push(`${tag}[${name}=${value}]`);
      }
    }
    return found;
  });
  expect(dangerous).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as Trapped).__xssCalls)).toEqual([]);
});
