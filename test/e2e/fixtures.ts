import { createRequire } from 'node:module';
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { E2E } from './env';

/**
 * In the `gateway`, `switchlabs` and `answerpal` projects every test also
 * proves the route: the browser's portal calls all went to that gateway on the
 * demo server, none to the portal API or another gateway.
 */
const test = base.extend<{ backendRoute: void }>({
  backendRoute: [
    async ({ page }, use, testInfo) => {
      const project = testInfo.project.name;
      const gatewayUrl = project === 'gateway' ? E2E.gatewayUrl : project === 'switchlabs' || project === 'answerpal' ? E2E.helpdesks[project].gatewayUrl : null;
      if (!gatewayUrl) return use();
      const elsewhere: string[] = [];
      let viaGateway = 0;
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith(`${gatewayUrl}/portal/`)) viaGateway++;
        else if (url.includes('/portal/')) elsewhere.push(`${request.method()} ${url}`);
      });
      await use();
      expect(elsewhere, `in ${project} mode the browser's portal calls all go to ${gatewayUrl}`).toEqual([]);
      expect(viaGateway, 'portal calls went through the gateway').toBeGreaterThan(0);
    },
    { auto: true },
  ],
});

/** The real mock API, driven over HTTP the way the demo's backend and a staff member would. */

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** `/__mock/*` switches. */
export const mock = {
  control: (path: string, body?: unknown, method = 'POST') =>
    call(`${E2E.mockUrl}/__mock/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }),
  reset: () => mock.control('reset'),
  /** Every fault off: a failed test must not break the next one. */
  clearFaults: async () => {
    await mock.control('outage', { down: false });
    await mock.control('failures', undefined, 'DELETE');
    await mock.control('drop', undefined, 'DELETE');
    await mock.control('latency', undefined, 'DELETE');
  },
};

export interface AdminComment {
  id: string;
  body: string;
  authorType: string;
  internal: boolean;
}

/** The staff side: the admin API with the API key (what the demo's staff console uses). */
export const admin = {
  request: <T>(path: string, init: RequestInit = {}) =>
    call<T>(`${E2E.apiUrl}/brands/${E2E.brandId}/${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${E2E.apiKey}`, ...init.headers },
    }),
  ticket: (id: string) => admin.request<{ id: string; status: string; comments: AdminComment[] }>(`tickets/${id}`),
  tickets: (email: string) =>
    admin.request<{ data: { id: string; title: string }[] }>(`tickets?email=${encodeURIComponent(email)}`).then((r) => r.data),
  reply: (ticketId: string, body: string, options: { internal?: boolean; authorName?: string } = {}) =>
    admin.request<AdminComment>(`tickets/${ticketId}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body, authorName: options.authorName ?? 'Sam from Acme', internal: options.internal ?? false }),
    }),
  portalToken: (email: string, name?: string) =>
    admin.request<{ token: string }>('portal/token', { method: 'POST', body: JSON.stringify({ email, name }) }).then((r) => r.token),
};

/** A ticket filed for `email` straight through the portal API (setup that isn't under test). */
export async function createTicket(email: string, title: string, body = 'Filed by the test setup.'): Promise<string> {
  const token = await admin.portalToken(email);
  const ticket = await call<{ id: string }>(`${E2E.apiUrl}/portal/tickets`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, Origin: E2E.demoUrl },
    body: JSON.stringify({ title, body }),
  });
  return ticket.id;
}

/** A customer nobody else uses, so tests never share data. */
export const uniqueEmail = (tag: string) => `e2e-${tag}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;

/** Fresh seed data before each test, every fault off after it. */
export function useFreshMock() {
  test.beforeEach(() => mock.reset());
  test.afterEach(() => mock.clearFaults());
}

/** The demo's sign-in form: "any email (a new customer)". Lands on the dashboard. */
export async function signIn(page: Page, email: string, name: string) {
  await page.goto('/');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Name (optional)').fill(name);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Welcome back/ })).toBeVisible();
}

/** The Support page's portal (not the Help drawer's). */
export const portal = (page: Page): Locator => page.locator('main .dt-support-portal');

/**
 * Opens the new-ticket form with a click. The filters (search, statuses) arrive
 * on demand through a gateway and move the list down: a click whose press and
 * release straddle that shift is no click, for a person as for the test, so it
 * is made again until the form is there.
 */
export async function openNewTicketForm(page: Page): Promise<void> {
  await expect(async () => {
    // A bounded click: one aimed at a button that is hidden meanwhile is tried again.
    await (await newTicketButton(page)).click({ timeout: 5_000 });
    await expect(portal(page).getByLabel('Subject')).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
}

/**
 * The portal's "New ticket" button, once the list has loaded: with no tickets the
 * header's button gives way to the empty state's, so one found earlier can vanish
 * before the click lands.
 */
export async function newTicketButton(page: Page): Promise<Locator> {
  await expect(portal(page).locator('.dt-ticket-list[data-state="loading"]')).toHaveCount(0);
  // The one on screen: with no tickets the header's button is hidden by a style rule (`:has()`), not removed.
  return portal(page).getByRole('button', { name: 'New ticket' }).filter({ visible: true }).first();
}

/** The open ticket's conversation in the full-page portal. */
export const thread = (page: Page): Locator => portal(page).locator('.dt-ticket-thread');

/** Messages in the thread whose text contains `text`. */
export const messagesWith = (page: Page, text: string): Locator => thread(page).getByRole('article').filter({ hasText: text });

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** axe-core on the whole page (host app and portal together), WCAG 2.x A/AA rules. Needs `bypassCSP`. */
export async function axeViolations(page: Page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

export { expect, test };
