import { E2E } from './env';
import { expect, openNewTicketForm, portal, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

test('the demo switches from Dispatch (direct) to the gateway: same portal, now served by the demo server', async ({ page }) => {
  const email = uniqueEmail('switch');
  await signIn(page, email, 'Swit Cher');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();
  const backend = page.getByRole('region', { name: 'Demo controls' }).getByLabel('Backend');
  await expect(backend).toHaveValue('direct');
  await expect(portal(page).getByText('No tickets yet')).toBeVisible();

  const viaGateway: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${E2E.gatewayUrl}/portal/`)) viaGateway.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await backend.selectOption('gateway');
  await expect(page.getByRole('region', { name: 'Demo controls' }).getByLabel('Backend')).toHaveValue('gateway');
  await expect(portal(page).getByText('No tickets yet')).toBeVisible();
  expect(viaGateway).toContain('GET /api/gateway/portal/tickets');

  // The same customer, through the gateway: a ticket filed now is on the helpdesk for staff to see.
  await openNewTicketForm(page);
  await portal(page).getByLabel('Subject').fill('Filed through the gateway');
  await portal(page).getByRole('button', { name: 'Create ticket' }).click();
  await expect(thread(page).getByRole('heading', { name: 'Filed through the gateway' })).toBeVisible();
  expect(viaGateway).toContain('POST /api/gateway/portal/tickets');

  // Back to direct: the ticket filed through the gateway is the same ticket on the helpdesk.
  await backend.selectOption('direct');
  await expect(page.getByRole('region', { name: 'Demo controls' }).getByLabel('Backend')).toHaveValue('direct');
  await expect(portal(page).getByRole('link', { name: /Filed through the gateway/ })).toBeVisible();
});
