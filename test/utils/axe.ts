import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Asserts axe finds no violations in `root`. jsdom can't compute colours, so
 * colour contrast is checked only in the browser suites (Storybook, Chromium).
 */
export async function expectNoAxeViolations(root: Element = document.body) {
  const inJsdom = typeof navigator !== 'undefined' && /jsdom/i.test(navigator.userAgent);
  const result = await axe.run(root, {
    rules: inJsdom ? { 'color-contrast': { enabled: false } } : {},
  });
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}
