import { render } from 'vitest-browser-react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageBody } from '../../../src/components/MessageBody';
import { loadEmailParts } from '../../../src/components/MessageBody/emailPartsLoader';
import { getMarkdownEngine, loadMarkdownEngine } from '../../../src/components/MessageBody/markdownLoader';
import '../../../src/styles/index.css';
import { hostileBodies } from '../../fixtures/hostile-bodies';

// Email history and the CSP pre-pass load on demand; these tests read the rendering once they have.
beforeAll(async () => {
  await loadEmailParts();
});

const REPLY = `Hi Ann,

Thanks for the report. The export fails on **large** files; use the *streaming* option:

1. Open **Reports**
2. Pick \`CSV (streaming)\`

See https://docs.example.com/exports for details.

Best,
Sam`;

describe('before and after the markdown engine loads', () => {
  it('draws an ordinary reply at once, and the engine does not move it', async () => {
    expect(getMarkdownEngine()).toBeUndefined();
    const screen = await render(
      <div style={{ inlineSize: 420 }}>
        <MessageBody body={REPLY} format="markdown" />
      </div>,
    );
    const root = screen.container.querySelector('.dt-message-body')!;
    expect(root.querySelector('ol')).not.toBeNull();
    const before = root.getBoundingClientRect().height;
    const html = root.innerHTML;
    // Rendering a markdown body started the load; wait for it and the re-render.
    await loadMarkdownEngine();
    await expect.poll(() => root.innerHTML).not.toBe(html);
    expect(root.getBoundingClientRect().height).toBe(before);
  });
});

describe('hostile bodies of 20,000 characters', () => {
  it.each(hostileBodies.map((h) => [h.name, h] as const))('%s: renders in place, with its text', async (_name, hostile) => {
    await loadMarkdownEngine();
    const body = hostile.make(20_000);
    for (const format of [hostile.format, undefined]) {
      const onError = vi.fn();
      const screen = await render(<MessageBody body={body} format={format} onError={onError} />);
      const root = screen.container.querySelector('.dt-message-body')!;
      expect(onError).not.toHaveBeenCalled();
      expect(root).not.toHaveAttribute('data-fallback');
      // Something of the body is on screen (HTML tags alone may render as nothing visible).
      if (hostile.format !== 'html') expect(root.textContent!.length).toBeGreaterThan(0);
      await screen.unmount();
    }
  });
});
