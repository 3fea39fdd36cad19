import { admin, createTicket, expect, messagesWith, mock, openNewTicketForm, portal, signIn, test, thread, uniqueEmail, useFreshMock } from './fixtures';

useFreshMock();

test.describe('when sending fails', () => {
  test('a failed reply keeps its text and goes through on retry', async ({ page }) => {
    const email = uniqueEmail('fail');
    const ticketId = await createTicket(email, 'Flaky server');
    await signIn(page, email, 'Fay Ling');
    await page.goto(`/support/tickets/${ticketId}`);
    await expect(thread(page).getByRole('heading', { name: 'Flaky server' })).toBeVisible();

    // More failures than the client's automatic retries: the user has to see it.
    await mock.control('failures', { path: '/portal/tickets/:id/comments', method: 'POST', status: 500, count: 10 });
    const reply = 'Please keep this text even if sending fails.';
    await thread(page).getByLabel('Your reply').fill(reply);
    await thread(page).getByRole('button', { name: 'Send' }).click();

    const message = messagesWith(page, reply);
    await expect(message).toContainText('Not sent');
    await expect(message).toContainText('Something went wrong on our side');
    await expect(message.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect((await admin.ticket(ticketId)).comments.filter((c) => c.body === reply)).toHaveLength(0);

    await mock.control('failures', undefined, 'DELETE');
    await message.getByRole('button', { name: 'Retry' }).click();
    await expect(message).not.toContainText(/Not sent|Sending/);
    await expect(messagesWith(page, reply)).toHaveCount(1);
    expect((await admin.ticket(ticketId)).comments.filter((c) => c.body === reply)).toHaveLength(1);
  });

  test('a reply whose code cannot be fetched (a dropped chunk, a deploy mid-session) keeps its text and goes through on retry', async ({ page }) => {
    const email = uniqueEmail('chunk');
    const ticketId = await createTicket(email, 'Code on demand');
    // The send path loads on demand (src/hooks/send/lazy.ts, built as assets/lazy-*.js).
    let blocked = 0;
    await page.route(/\/assets\/lazy-[^/]+\.js$/, (route) => {
      blocked += 1;
      return route.abort('connectionreset');
    });
    await signIn(page, email, 'Chuck Lazy');
    await page.goto(`/support/tickets/${ticketId}`);
    await expect(thread(page).getByRole('heading', { name: 'Code on demand' })).toBeVisible();

    const reply = 'Sent after the code came back.';
    await thread(page).getByLabel('Your reply').fill(reply);
    await thread(page).getByRole('button', { name: 'Send' }).click();
    const message = messagesWith(page, reply);
    await expect(message).toContainText('Not sent');
    await expect(message.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect(blocked).toBeGreaterThan(0);
    expect((await admin.ticket(ticketId)).comments.filter((c) => c.body === reply)).toHaveLength(0);

    await page.unroute(/\/assets\/lazy-[^/]+\.js$/);
    await message.getByRole('button', { name: 'Retry' }).click();
    await expect(message).not.toContainText(/Not sent|Sending/);
    expect((await admin.ticket(ticketId)).comments.filter((c) => c.body === reply)).toHaveLength(1);
  });

  test('a reply that failed because its code cannot be fetched can still be edited or discarded', async ({ page }) => {
    const email = uniqueEmail('chunk-edit');
    const ticketId = await createTicket(email, 'Code still away');
    await page.route(/\/assets\/lazy-[^/]+\.js$/, (route) => route.abort('connectionreset'));
    await signIn(page, email, 'Edie Lazy');
    await page.goto(`/support/tickets/${ticketId}`);
    await expect(thread(page).getByRole('heading', { name: 'Code still away' })).toBeVisible();

    const composer = thread(page).getByLabel('Your reply');
    for (const text of ['First try, to edit.', 'Second try, to discard.']) {
      await composer.fill(text);
      await thread(page).getByRole('button', { name: 'Send' }).click();
      await expect(messagesWith(page, text)).toContainText('Not sent');
    }

    // Edit puts the text back in the composer and takes the failed reply away (no copy left behind).
    await messagesWith(page, 'First try, to edit.').getByRole('button', { name: 'Edit' }).click();
    await expect(composer).toHaveValue('First try, to edit.');
    await expect(messagesWith(page, 'First try, to edit.')).toHaveCount(0);

    await messagesWith(page, 'Second try, to discard.').getByRole('button', { name: 'Discard' }).click();
    await expect(messagesWith(page, 'Second try, to discard.')).toHaveCount(0);
    await expect(composer).toHaveValue('First try, to edit.');
  });

  // The form's checks and sending (src/hooks/form/formActions.ts) and useCreateTicket's send path
  // (src/hooks/create/sendTicket.ts) load on demand, each as a chunk of its own.
  for (const { what, chunk, who } of [
    { what: 'form', chunk: /\/assets\/formActions-[^/]+\.js$/, who: 'Fran Chunk' },
    { what: 'send', chunk: /\/assets\/sendTicket-[^/]+\.js$/, who: 'Sam Chunk' },
  ]) {
    test(`a new ticket whose ${what} code cannot be fetched keeps what was typed and is filed once on the next try`, async ({ page }) => {
      const email = uniqueEmail(`${what}chunk`);
      let blocked = 0;
      await page.route(chunk, (route) => {
        blocked += 1;
        return route.abort('connectionreset');
      });
      await signIn(page, email, who);
      await page.goto('/support');
      await openNewTicketForm(page);
      const title = `Filed once the ${what} code came back`;
      const description = `Typed while the ${what} code was unreachable.`;
      await portal(page).getByLabel('Subject').fill(title);
      await portal(page).getByLabel('Description').fill(description);
      await portal(page).getByRole('button', { name: 'Create ticket' }).click();
      await expect(portal(page).getByRole('alert')).toBeVisible();
      expect(blocked).toBeGreaterThan(0);
      await expect(portal(page).getByLabel('Subject')).toHaveValue(title);
      await expect(portal(page).getByLabel('Description')).toHaveValue(description);
      expect((await admin.tickets(email)).filter((t) => t.title === title)).toHaveLength(0);

      await page.unroute(chunk);
      await portal(page).getByRole('button', { name: 'Create ticket' }).click();
      await expect(thread(page).getByRole('heading', { name: title })).toBeVisible();
      expect((await admin.tickets(email)).filter((t) => t.title === title)).toHaveLength(1);
    });
  }

  test('the portal survives the API going down and coming back, without a reload', async ({ page }) => {
    const email = uniqueEmail('outage');
    const ticketId = await createTicket(email, 'Outage drill');
    await signIn(page, email, 'Otto Age');
    await page.goto(`/support/tickets/${ticketId}`);
    await expect(thread(page).getByRole('heading', { name: 'Outage drill' })).toBeVisible();
    // A reload would lose this.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    await mock.control('outage', { down: true });
    const reply = 'Sent while the API was down.';
    await thread(page).getByLabel('Your reply').fill(reply);
    await thread(page).getByRole('button', { name: 'Send' }).click();
    const message = messagesWith(page, reply);
    await expect(message).toContainText('Not sent');
    await expect(message).toContainText("We couldn't reach support");
    // What was already on screen stays readable.
    await expect(thread(page).getByRole('heading', { name: 'Outage drill' })).toBeVisible();

    await mock.control('outage', { down: false });
    await message.getByRole('button', { name: 'Retry' }).click();
    await expect(message).not.toContainText(/Not sent|Sending/);

    // Polling resumed: a staff reply sent after the outage arrives by itself.
    const staffReply = 'We are back up, sorry about that.';
    await admin.reply(ticketId, staffReply);
    await expect(messagesWith(page, staffReply)).toBeVisible({ timeout: 20_000 });

    // And the rest of the portal works too.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();
    await expect(portal(page).getByRole('link', { name: /Outage drill/ })).toBeVisible();
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect((await admin.ticket(ticketId)).comments.filter((c) => c.body === reply)).toHaveLength(1);
  });
});
