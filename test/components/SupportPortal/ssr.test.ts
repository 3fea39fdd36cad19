// Server rendering: every public entry imports under Node without touching
// window/document, and the whole portal renders to a string.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

describe('server rendering', () => {
  it('runs in an environment without window or document', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('imports every public entry', async () => {
    const entries = await Promise.all([
      import('../../../src/index'),
      import('../../../src/headless'),
      import('../../../src/server/index'),
      import('../../../src/mock/index'),
    ]);
    for (const entry of entries) expect(Object.keys(entry).length).toBeGreaterThan(0);
  });

  it('renders SupportPortal inside PortalProvider to a string', async () => {
    const { PortalProvider, SupportPortal } = await import('../../../src/index');
    const html = renderToString(
      createElement(PortalProvider, { token: 'server-side-token', baseUrl: 'https://api.example.test/v1' }, createElement(SupportPortal)),
    );
    expect(html).toContain('class="dt-root dt-support-portal"');
    expect(html).toContain('Support');
    expect(html).toContain('Your tickets');
    // The token never reaches the markup.
    expect(html).not.toContain('server-side-token');
  });
});
