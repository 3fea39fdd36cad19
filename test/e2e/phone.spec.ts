import type { Page } from '@playwright/test';
import { axeViolations, expect, portal, test, thread, useFreshMock } from './fixtures';

useFreshMock();
// axe-core is injected as an inline script: let it past the demo's strict CSP.
test.use({ bypassCSP: true, isMobile: true, hasTouch: true });

/** What a phone user sees without scrolling the page. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const composer = document.querySelector('main .dt-reply-composer textarea')!.getBoundingClientRect();
    const send = [...document.querySelectorAll('main .dt-reply-composer button')].find((b) => b.textContent === 'Send' || b.textContent === 'إرسال')!;
    const scroller = document.querySelector('main .dt-ticket-thread-scroll')!.getBoundingClientRect();
    const root = document.scrollingElement!;
    return {
      viewport: { width: innerWidth, height: innerHeight },
      pageScroll: { width: root.scrollWidth, height: root.scrollHeight },
      composerBottom: composer.bottom,
      sendBottom: send.getBoundingClientRect().bottom,
      conversationHeight: scroller.height,
    };
  });
}

for (const size of [
  { width: 390, height: 844 },
  { width: 360, height: 640 },
]) {
  test.describe(`on a ${size.width}×${size.height} phone`, () => {
    test.use({ viewport: size });

    test('the reply box and Send are on screen with no page scroll, the conversation gets the room, axe finds nothing in light, dark and RTL', async ({ page }) => {
      await page.request.post('/api/session', { data: { email: 'jane@example.com', name: 'Jane Cooper' } });
      await page.goto('/support/tickets/tkt_jane_01');
      await expect(thread(page).getByRole('heading', { name: /Exported invoices CSV/ })).toBeVisible();
      await expect(portal(page).getByRole('textbox', { name: /reply/i })).toBeVisible();

      // Against the phone's size: a page wider than the screen would make a mobile browser zoom out (and grow innerWidth).
      const first = await layout(page);
      expect(first.viewport).toEqual(size);
      expect(first.pageScroll.width, 'no horizontal overflow').toBeLessThanOrEqual(size.width);
      expect(first.pageScroll.height, 'the page itself does not scroll').toBeLessThanOrEqual(size.height);
      expect(first.composerBottom).toBeLessThanOrEqual(size.height);
      expect(first.sendBottom).toBeLessThanOrEqual(size.height);
      // The conversation (the one scroller) gets a real share of the screen.
      expect(first.conversationHeight).toBeGreaterThan(size.height * 0.25);
      expect(await axeViolations(page)).toEqual([]);

      const controls = page.getByRole('region', { name: 'Demo controls' });
      await controls.getByRole('button', { name: 'Show' }).click();
      await controls.getByLabel('Theme').selectOption('dark');
      await controls.getByLabel('Language').selectOption('ar');
      await controls.getByRole('button', { name: 'Hide' }).click();
      await expect(portal(page)).toHaveAttribute('dir', 'rtl');
      await expect(portal(page)).toHaveAttribute('data-theme', 'dark');
      const rtl = await layout(page);
      expect(rtl.viewport).toEqual(size);
      expect(rtl.pageScroll.width).toBeLessThanOrEqual(size.width);
      expect(rtl.pageScroll.height).toBeLessThanOrEqual(size.height);
      expect(rtl.sendBottom).toBeLessThanOrEqual(size.height);
      expect(await axeViolations(page)).toEqual([]);
    });

    test("the demo's header fits: Help and the account menu with Sign out are reachable", async ({ page }) => {
      await page.request.post('/api/session', { data: { email: 'jane@example.com', name: 'Jane Cooper' } });
      await page.goto('/support');
      const header = page.locator('header.acme-header');
      const help = header.getByRole('button', { name: 'Help', exact: true });
      const account = header.getByRole('button', { name: 'Jane Cooper' });
      for (const control of [help, account]) {
        await expect(control).toBeInViewport({ ratio: 1 });
      }
      expect(await page.evaluate(() => [innerWidth, document.scrollingElement!.scrollWidth])).toEqual([size.width, size.width]);
      await account.click();
      await expect(header.getByRole('button', { name: 'Sign out' })).toBeInViewport({ ratio: 1 });
      expect(await axeViolations(page)).toEqual([]);
      await header.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByRole('heading', { name: 'Sign in to Acme Cloud' })).toBeVisible();
    });
  });
}
