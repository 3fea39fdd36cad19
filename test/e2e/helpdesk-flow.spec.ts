import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Download, Page } from '@playwright/test';
import { E2E } from './env';
import { expect, messagesWith, openNewTicketForm, portal, signIn, test, thread, uniqueEmail } from './fixtures';

/**
 * The customer flow on the Switch Labs CRM and AnswerPal helpdesks, through the
 * demo server's portal gateways over their mocks (projects `switchlabs` and
 * `answerpal`): sign in, file, list, open, reply and read staff replies in the
 * UI; search, close, reopen and rate through the gateway's HTTP API, for the
 * exact answers the UI can't show (a second close is 409, the rating's shape).
 * portal-features.spec.ts does search, close, reopen and rate in the UI by
 * keyboard. The staff side is the demo's staff console API,
 * which works on the mocks' data.
 */

type Helpdesk = keyof typeof E2E.helpdesks;

const helpdeskOf = (projectName: string): Helpdesk => {
  if (projectName !== 'switchlabs' && projectName !== 'answerpal') throw new Error(`helpdesk-flow runs in the switchlabs and answerpal projects, not ${projectName}`);
  return projectName;
};

/** The helpdesk's statuses for "closed" and "open", as its staff console shows them. */
const STAFF_STATUS = { switchlabs: { closed: 'closed', open: 'open' }, answerpal: { closed: 'Closed', open: 'Open' } } as const;

test.beforeEach(async ({ request }, testInfo) => {
  const { controlUrl } = E2E.helpdesks[helpdeskOf(testInfo.project.name)];
  const reset = await request.post(`${controlUrl}/reset`, { data: {} });
  expect(reset.ok()).toBe(true);
});

interface StaffComment {
  body: string;
  authorType: string;
  internal: boolean;
}

/** The demo's staff console API, on the browser context's backend cookie. */
const staff = (request: APIRequestContext) => ({
  ticket: async (id: string) => {
    const r = await request.get(`/api/staff/tickets/${encodeURIComponent(id)}`);
    expect(r.status()).toBe(200);
    return (await r.json()) as { status: string; body: string; comments: StaffComment[] };
  },
  comment: async (id: string, body: string, internal = false) => {
    const r = await request.post(`/api/staff/tickets/${encodeURIComponent(id)}/comments`, { data: { body, internal } });
    expect(r.status()).toBe(201);
  },
});

/** The portal protocol on the gateway, with a token from the demo's token route (the signed-in user's). */
async function gatewayApi(page: Page, helpdesk: Helpdesk) {
  const tokenRes = await page.request.get('/api/support/token');
  expect(tokenRes.status()).toBe(200);
  const { token } = (await tokenRes.json()) as { token: string };
  const call = async (method: string, path: string, data?: unknown) => {
    const r = await page.request.fetch(`${E2E.helpdesks[helpdesk].gatewayUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
      ...(data === undefined ? {} : { data }),
    });
    const text = await r.text();
    return { status: r.status(), body: text ? (JSON.parse(text) as Record<string, any>) : null }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return call;
}

async function openSupport(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();
  await expect(page).toHaveURL(/\/support$/);
}

test('a customer files a ticket, finds it, talks with support, closes, reopens and rates it, all through the gateway', async ({ page }, testInfo) => {
  const helpdesk = helpdeskOf(testInfo.project.name);
  const email = uniqueEmail(helpdesk);
  const word = `quokka${Date.now().toString(36)}`;
  const title = `Invoice PDF is blank ${word}`;
  const csv = Buffer.from('invoice,amount\nINV-7,70.00\n', 'utf8');

  await signIn(page, email, 'Hel Pdesk');
  await openSupport(page);
  await expect(portal(page).getByText('No tickets yet')).toBeVisible();
  const call = await gatewayApi(page, helpdesk);
  const capabilities = (await call('GET', '/portal/capabilities')).body!;
  expect(capabilities.backend).toBe(helpdesk);

  // File it (with a file where the helpdesk takes files).
  await openNewTicketForm(page);
  await portal(page).getByLabel('Subject').fill(title);
  await portal(page).getByLabel('Description').fill('Every invoice downloads as an empty page.');
  if (capabilities.features.attachments) {
    await portal(page).locator('input[type="file"]').setInputFiles({ name: 'invoices.csv', mimeType: 'text/csv', buffer: csv });
    await expect(portal(page).getByRole('listitem').filter({ hasText: 'invoices.csv' })).toContainText('Uploaded');
  }
  await portal(page).getByRole('button', { name: 'Create ticket' }).click();
  await expect(page).toHaveURL(/\/support\/tickets\/[^/]+$/);
  const ticketId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();
  await expect(thread(page)).toContainText('Every invoice downloads as an empty page.');

  // The helpdesk has it, for this customer.
  const filed = await staff(page.request).ticket(ticketId);
  expect(filed.body + filed.comments.map((c) => c.body).join('\n')).toContain('Every invoice downloads as an empty page.');

  // Listed; the list opens it.
  await openSupport(page);
  const row = portal(page).getByRole('link', { name: new RegExp(title) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/support/tickets/${encodeURIComponent(ticketId)}$`));
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();

  // Search, the protocol's answers: by a word of the title, and a word that isn't there.
  expect(capabilities.features.search).toBe(true);
  const found = await call('GET', `/portal/tickets?search=${word}`);
  expect(found.status).toBe(200);
  expect(found.body!.data.map((t: { id: string }) => t.id)).toEqual([ticketId]);
  expect((await call('GET', '/portal/tickets?search=nothingmatcheszz')).body!.data).toEqual([]);

  // Reply from the thread.
  const reply = 'It started after the March update.';
  await thread(page).getByLabel('Your reply').fill(reply);
  await thread(page).getByRole('button', { name: 'Send' }).click();
  await expect(messagesWith(page, reply)).toHaveCount(1);
  await expect(messagesWith(page, reply)).not.toContainText('Sending');
  await expect.poll(async () => (await staff(page.request).ticket(ticketId)).comments.filter((c) => c.body === reply).length).toBe(1);

  // Support writes an internal note, then answers; the open thread polls the answer in, never the note.
  await staff(page.request).comment(ticketId, 'STAFF-ONLY: check the PDF renderer logs.', true);
  const answer = 'Thanks, we found it: a font was missing. Fixed now.';
  await staff(page.request).comment(ticketId, answer);
  await expect(messagesWith(page, answer)).toBeVisible({ timeout: 20_000 });
  await expect(portal(page)).not.toContainText('STAFF-ONLY');

  // The customer marks it solved, reopens it, closes it again and rates it (the protocol's answers; the UI is in portal-features.spec.ts).
  const closed = await call('POST', `/portal/tickets/${encodeURIComponent(ticketId)}/close`);
  expect(closed.status).toBe(200);
  expect(closed.body!.status).toBe('closed');
  expect((await staff(page.request).ticket(ticketId)).status).toBe(STAFF_STATUS[helpdesk].closed);
  await expect(thread(page).getByText('Closed', { exact: true })).toBeVisible({ timeout: 20_000 });
  expect((await call('POST', `/portal/tickets/${encodeURIComponent(ticketId)}/close`)).status).toBe(409);

  const reopened = await call('POST', `/portal/tickets/${encodeURIComponent(ticketId)}/reopen`);
  expect(reopened.status).toBe(200);
  expect(reopened.body!.status).toBe('open');
  expect((await staff(page.request).ticket(ticketId)).status).toBe(STAFF_STATUS[helpdesk].open);
  await expect(thread(page).getByText('Open', { exact: true })).toBeVisible({ timeout: 20_000 });

  expect((await call('POST', `/portal/tickets/${encodeURIComponent(ticketId)}/close`)).status).toBe(200);
  const rated = await call('POST', `/portal/tickets/${encodeURIComponent(ticketId)}/rating`, { rating: 5, comment: 'Quick and kind.' });
  expect(rated.status).toBe(201);
  const detail = await call('GET', `/portal/tickets/${encodeURIComponent(ticketId)}`);
  expect(detail.body!.rating).toMatchObject({ rating: 5, comment: 'Quick and kind.' });
  expect(detail.body!.canRate).toBe(false);
  // The team sees the rating in their helpdesk, as a note the customer doesn't.
  const delivered = (await staff(page.request).ticket(ticketId)).comments.find((c) => c.body.includes('Quick and kind.'));
  expect(delivered?.internal).toBe(true);
  await page.reload();
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();
  await expect(thread(page)).not.toContainText('Quick and kind.');
});

test('files: on AnswerPal they upload and download through the gateway’s signed URLs; Switch Labs has none and says so', async ({ page }, testInfo) => {
  const helpdesk = helpdeskOf(testInfo.project.name);
  await signIn(page, uniqueEmail(`${helpdesk}-files`), 'Fi Les');
  await openSupport(page);
  const call = await gatewayApi(page, helpdesk);

  if (helpdesk === 'switchlabs') {
    // The API has no attachments: capabilities say so, and every upload is refused as not supported.
    const capabilities = (await call('GET', '/portal/capabilities')).body!;
    expect(capabilities.features.attachments).toBe(false);
    const pending = await call('POST', '/portal/tickets/attachments/pending', { filename: 'a.txt', contentType: 'text/plain', size: 1 });
    expect(pending).toEqual({ status: 404, body: expect.objectContaining({ code: 'NOT_SUPPORTED' }) });
    const created = await call('POST', '/portal/tickets', { title: 'No files here' });
    const onTicket = await call('POST', `/portal/tickets/${encodeURIComponent(created.body!.id)}/attachments`, { filename: 'a.txt', contentType: 'text/plain', size: 1 });
    expect(onTicket).toEqual({ status: 404, body: expect.objectContaining({ code: 'NOT_SUPPORTED' }) });
    return;
  }

  const pdf = Buffer.from('%PDF-1.4\n% a small test file\n%%EOF\n', 'utf8');
  const toHelpdesk: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).port === String(E2E.helpdesks.answerpal.port)) toHelpdesk.push(r.url());
  });
  await openNewTicketForm(page);
  await portal(page).getByLabel('Subject').fill('Signed contract attached');
  await portal(page).locator('input[type="file"]').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(portal(page).getByRole('listitem').filter({ hasText: 'contract.pdf' })).toContainText('Uploaded');
  await portal(page).getByRole('button', { name: 'Create ticket' }).click();
  await expect(thread(page).getByRole('heading', { name: 'Signed contract attached' })).toBeVisible();

  // The file is on the ticket; what the browser holds never names AnswerPal's public file links.
  const file = thread(page).getByTitle('Download contract.pdf');
  await expect(file).toBeVisible();
  const html = await page.content();
  expect(html).not.toMatch(/\/api\/File\//i);
  expect(html).not.toContain(`localhost:${E2E.helpdesks.answerpal.port}`);

  const download = new Promise<Download>((resolve) => {
    page.on('download', resolve);
    page.context().on('page', (popup) => popup.on('download', resolve));
  });
  await file.click();
  const downloaded = await download;
  // Downloaded from the gateway's short-lived signed URL; the browser never reached AnswerPal itself.
  expect(downloaded.url().startsWith(`${E2E.helpdesks.answerpal.gatewayUrl}/`)).toBe(true);
  expect(downloaded.suggestedFilename()).toBe('contract.pdf');
  expect(await readFile(await downloaded.path())).toEqual(pdf);
  expect(toHelpdesk).toEqual([]);
});

test("the demo's staff console answers on this helpdesk, and the portal follows by polling", async ({ page }, testInfo) => {
  const helpdesk = helpdeskOf(testInfo.project.name);
  await signIn(page, uniqueEmail(`${helpdesk}-console`), 'Cons Ole');
  await openSupport(page);
  const call = await gatewayApi(page, helpdesk);
  const { id: ticketId } = (await call('POST', '/portal/tickets', { title: 'Console on another helpdesk', body: 'Hello?' })).body!;
  await page.goto(`/support/tickets/${encodeURIComponent(ticketId)}`);
  await expect(thread(page).getByRole('heading', { name: 'Console on another helpdesk' })).toBeVisible();

  await page.getByRole('button', { name: 'Staff console' }).click();
  const staffConsole = page.getByRole('complementary', { name: 'Staff console' });
  await expect(staffConsole.getByLabel('Ticket')).toHaveValue(ticketId);
  await expect(staffConsole.getByRole('region', { name: 'Conversation, staff view' })).toContainText('Hello?');

  const reply = `Hi from the ${helpdesk} staff console.`;
  await staffConsole.getByLabel('Message').fill(reply);
  await staffConsole.getByRole('button', { name: 'Reply as staff' }).click();
  await expect(staffConsole.getByRole('status')).toHaveText(/Reply sent/);
  await expect(messagesWith(page, reply)).toBeVisible({ timeout: 20_000 });

  const closed = STAFF_STATUS[helpdesk].closed;
  await staffConsole.getByLabel('Status').selectOption(closed);
  await expect(staffConsole.getByRole('status')).toHaveText(`Status set to ${closed}.`);
  expect((await staff(page.request).ticket(ticketId)).status).toBe(closed);
  await expect(thread(page).getByText('Closed', { exact: true })).toBeVisible({ timeout: 20_000 });
});
