import type { APIRequestContext, Page } from '@playwright/test';
import { en, type PortalMessages } from '../../src/i18n/en';
import { enActions } from '../../src/i18n/actionMessages';
import { enFilters } from '../../src/i18n/filterMessages';
import { enForm } from '../../src/i18n/formMessages';
import { ar } from '../../src/i18n/locales/ar';
import { de } from '../../src/i18n/locales/de';
import { E2E } from './env';
import { expect, mock, portal, test, thread, uniqueEmail } from './fixtures';
import { tabTo } from './ticketActions';

/**
 * Issue 18's whole customer journey, by keyboard alone, through the gateway on
 * each helpdesk (projects `gateway`, `switchlabs`, `answerpal`), each in another
 * language: file a ticket with what the helpdesk's form offers, see article
 * suggestions where it has a knowledge base, search the list, mark the ticket
 * solved, reopen it, solve it again and rate it. Controls a helpdesk can't back
 * are absent. The staff console API checks what reached the helpdesk.
 */

type Project = 'gateway' | 'switchlabs' | 'answerpal';

const SETUP: Record<Project, { locale: 'en' | 'de' | 'ar'; messages: PortalMessages; closed: string; open: string }> = {
  // English keeps the form's, actions' and filters' strings apart (they load with that UI).
  gateway: { locale: 'en', messages: { ...en, ...enForm, ...enActions, ...enFilters }, closed: 'resolved', open: 'open' },
  switchlabs: { locale: 'ar', messages: ar, closed: 'closed', open: 'open' },
  answerpal: { locale: 'de', messages: de, closed: 'Closed', open: 'Open' },
};

const projectOf = (name: string): Project => {
  if (name !== 'gateway' && name !== 'switchlabs' && name !== 'answerpal') throw new Error(`portal-features runs through a gateway, not in ${name}`);
  return name;
};

/** A plain message in this locale, `{name}` placeholders filled. */
const say = (messages: PortalMessages, key: keyof PortalMessages, vars: Record<string, string | number> = {}) => {
  const text = messages[key];
  if (typeof text !== 'string') throw new Error(`${key} is not a plain string`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name]));
};

test.beforeEach(async ({ request }, testInfo) => {
  const project = projectOf(testInfo.project.name);
  if (project === 'gateway') await mock.reset();
  else expect((await request.post(`${E2E.helpdesks[project].controlUrl}/reset`, { data: {} })).ok()).toBe(true);
});

interface StaffTicket {
  status: string;
  priority?: string | null;
  categoryId?: string | null;
  customFields?: Record<string, unknown>;
  comments: { body: string; internal: boolean }[];
}

/** The demo's staff console API, on the browser context's backend cookie. */
async function staffTicket(request: APIRequestContext, id: string): Promise<StaffTicket> {
  const r = await request.get(`/api/staff/tickets/${encodeURIComponent(id)}`);
  expect(r.status()).toBe(200);
  return (await r.json()) as StaffTicket;
}

/** Types into whatever has focus after tabbing to it. */
async function typeInto(page: Page, target: ReturnType<Page['locator']>, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

test('by keyboard alone: file with the helpdesk’s form, see suggestions, search, solve, reopen and rate', async ({ page }, testInfo) => {
  const project = projectOf(testInfo.project.name);
  const { locale, messages: m, closed, open } = SETUP[project];
  const t = (key: keyof PortalMessages, vars?: Record<string, string | number>) => say(m, key, vars);

  // The demo's language switch, as a viewer leaves it; signing in is the host app's business.
  await page.addInitScript((prefs) => window.localStorage.setItem('acme-demo-prefs', prefs), JSON.stringify({ theme: 'light', locale, dir: 'auto' }));
  const email = uniqueEmail(`features-${project}`);
  expect((await page.request.post('/api/session', { data: { email, name: 'Kee Board' } })).ok()).toBe(true);
  await page.goto('/support');
  await expect(portal(page)).toHaveAttribute('lang', locale);
  if (locale === 'ar') await expect(portal(page)).toHaveAttribute('dir', 'rtl');

  await tabTo(page, portal(page).getByRole('button', { name: t('newTicket') }).first());
  await page.keyboard.press('Enter');
  const subject = portal(page).getByLabel(t('formSubject'));
  await expect(subject).toBeVisible();

  // Article suggestions: only Switch Labs has a knowledge base here.
  await typeInto(page, subject, 'VAT number');
  const suggestions = portal(page).getByRole('region', { name: t('suggestionsTitle') });
  if (project === 'switchlabs') {
    await expect(suggestions.getByRole('link', { name: /Changing the VAT number on an invoice/ })).toBeVisible();
    // Drafts, reviews and archived articles never show.
    await expect(suggestions).not.toContainText('(draft)');
  }
  const word = `quokka${Date.now().toString(36)}`;
  await page.keyboard.type(` is wrong ${word}`);
  await typeInto(page, portal(page).getByLabel(t('formBody')), 'The invoice shows last year’s VAT number.');
  if (project !== 'switchlabs') await expect(suggestions).toHaveCount(0);

  // The helpdesk's form: Dispatch has categories, priorities and custom fields; the others have none.
  const category = portal(page).getByRole('combobox', { name: t('formCategory') });
  const priority = portal(page).getByRole('combobox', { name: t('formPriority') });
  if (project === 'gateway') {
    await tabTo(page, category);
    await page.keyboard.type('Billing');
    await expect(category).toHaveValue('cat_billing');
    await tabTo(page, priority);
    await page.keyboard.type('High');
    await expect(priority).toHaveValue('high');
    const plan = portal(page).getByRole('combobox', { name: /^Plan/ });
    await tabTo(page, plan);
    await page.keyboard.type('Pro');
    await expect(plan).toHaveValue('Pro');
    await typeInto(page, portal(page).getByRole('textbox', { name: /^Order or invoice number/ }), 'INV-7');
    const production = portal(page).getByRole('checkbox', { name: /^Affects production/ });
    await tabTo(page, production);
    await page.keyboard.press('Space');
    await expect(production).toBeChecked();
    await typeInto(page, portal(page).getByRole('textbox', { name: /^Users affected/ }), '12');
    const chrome = portal(page).getByRole('group', { name: /^Browsers/ }).getByRole('checkbox', { name: 'Chrome' });
    await tabTo(page, chrome);
    await page.keyboard.press('Space');
    await expect(chrome).toBeChecked();
    // Agent-only and JSON fields are never offered.
    await expect(portal(page)).not.toContainText('Churn risk score');
    await expect(portal(page)).not.toContainText('CRM sync payload');
    await expect(portal(page)).not.toContainText('Affected areas');
  } else {
    await expect(category).toHaveCount(0);
    await expect(priority).toHaveCount(0);
    if (project === 'switchlabs') await expect(portal(page).locator('input[type="file"]')).toHaveCount(0);
  }

  await tabTo(page, portal(page).getByRole('button', { name: t('formSubmit') }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/support\/tickets\/[^/]+$/);
  const ticketId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  const title = `VAT number is wrong ${word}`;
  await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();

  const filed = await staffTicket(page.request, ticketId);
  if (project === 'gateway') {
    expect(filed).toMatchObject({
      categoryId: 'cat_billing',
      priority: 'high',
      customFields: { plan: 'Pro', order_id: 'INV-7', is_production: true, affected_users: 12, browsers: ['Chrome'] },
    });
  }

  // Search the list, from the host app's Support link.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/support$/);
  const search = portal(page).getByRole('searchbox', { name: t('listSearch') });
  await tabTo(page, search);
  await page.keyboard.type('nothing-matches-this');
  await expect(portal(page).getByText(t('listNoMatch'))).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await page.keyboard.type(word);
  const row = portal(page).getByRole('link', { name: new RegExp(word) });
  await expect(row).toHaveCount(1);
  await tabTo(page, row);
  await page.keyboard.press('Enter');
  await expect(thread(page).getByRole('heading', { name: title })).toBeFocused();

  // Mark as solved, with its confirmation.
  const solve = thread(page).getByRole('button', { name: t('actionSolve'), exact: true });
  const solveDialog = page.getByRole('alertdialog', { name: t('actionSolveTitle') });
  const markSolved = async () => {
    await tabTo(page, solve);
    await page.keyboard.press('Enter');
    await tabTo(page, solveDialog.getByRole('button', { name: t('actionSolve'), exact: true }));
    await page.keyboard.press('Enter');
    await expect(solveDialog).toHaveCount(0);
  };
  await markSolved();
  const reopen = thread(page).getByRole('button', { name: t('actionReopen'), exact: true });
  await expect(reopen).toBeVisible();
  await expect(thread(page).getByRole('status').filter({ hasText: t('actionSolved') })).toHaveCount(1);
  expect((await staffTicket(page.request, ticketId)).status).toBe(closed);

  // Reopen it.
  await tabTo(page, reopen);
  await page.keyboard.press('Enter');
  const reopenDialog = page.getByRole('alertdialog', { name: t('actionReopenTitle') });
  await tabTo(page, reopenDialog.getByRole('button', { name: t('actionReopen'), exact: true }));
  await page.keyboard.press('Enter');
  await expect(reopenDialog).toHaveCount(0);
  await expect(solve).toBeVisible();
  expect((await staffTicket(page.request, ticketId)).status).toBe(open);

  // Solved again, it can be rated (1–5 on every one of these helpdesks); arrows move within the group whatever the direction.
  await markSolved();
  const group = thread(page).getByRole('group', { name: t('rateLegend') });
  await expect(group).toBeVisible();
  await tabTo(page, group.getByRole('radio').first());
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(group.getByRole('radio', { name: t('rateValue', { value: 4, max: 5 }) })).toBeChecked();
  const comment = `Sorted quickly ${word}.`;
  await typeInto(page, thread(page).getByLabel(t('rateComment')), comment);
  await tabTo(page, thread(page).getByRole('button', { name: t('rateSubmit') }));
  await page.keyboard.press('Enter');
  await expect(thread(page).getByText(t('rateGivenScale', { value: 4, max: 5 }))).toBeVisible();
  await expect(group).toHaveCount(0);
  // The team has it, as a note the customer never sees.
  await expect
    .poll(async () => (await staffTicket(page.request, ticketId)).comments.filter((c) => c.body.includes(comment)).map((c) => c.internal))
    .toEqual([true]);
  await page.reload();
  await expect(thread(page).getByText(t('rateGivenScale', { value: 4, max: 5 }))).toBeVisible();
  await expect(thread(page)).not.toContainText(comment);
  await expect(thread(page).getByRole('button', { name: t('rateSubmit') })).toHaveCount(0);
});
