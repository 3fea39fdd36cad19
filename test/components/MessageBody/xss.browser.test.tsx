import { render } from 'vitest-browser-react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageBody, type AttachmentRef, type MessageFormat } from '../../../src/components/MessageBody';
import { loadEmailParts } from '../../../src/components/MessageBody/emailPartsLoader';
import { xssCorpus } from '../../fixtures/xss-corpus';
import { collapsedToggles, violations } from './inert';

// Email history and the CSP pre-pass load on demand; these tests read the rendering once they have.
beforeAll(async () => {
  await loadEmailParts();
});

declare global {
  interface Window {
    __xss?: (...args: unknown[]) => void;
  }
}

/** Every image has loaded or failed (its handlers, if any survived, would have run), and two frames have passed. */
async function settled(container: Element) {
  await vi.waitFor(() => expect([...container.querySelectorAll('img')].filter((img) => !img.complete)).toEqual([]));
  for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
}
const formats: (MessageFormat | undefined)[] = ['html', 'markdown', undefined];
// Payloads call alert/prompt/confirm; point them at the spy (the originals are trapped too, for encoded forms).
const armed = (payload: string) => payload.replace(/\b(?:alert|prompt|confirm)\b/g, '__xss');
// No network in the resolver: images become text, links stay links.
const renderAttachment = ({ id, kind, alt, children }: AttachmentRef) =>
  kind === 'image' ? (
    <span>{alt}</span>
  ) : (
    <a href={`https://files.example/${id}`} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
// Events an injected handler could listen for, fired at every rendered element (not bubbling:
// a bubbling `error` reaches window and reads as an uncaught error).
const EVENTS = ['mouseover', 'mouseenter', 'mousedown', 'mouseup', 'pointerover', 'focus', 'focusin', 'blur', 'input', 'toggle', 'animationstart', 'transitionend', 'load', 'error'];

describe('XSS corpus (Chromium)', () => {
  const calls: unknown[][] = [];
  const trapped = ['alert', 'confirm', 'prompt', 'print', 'open'] as const;
  const originals = trapped.map((name) => [name, window[name]] as const);

  beforeAll(() => {
    window.__xss = (...args) => void calls.push(args);
    for (const name of trapped) Object.assign(window, { [name]: (...args: unknown[]) => void calls.push([name, ...args]) });
  });
  afterAll(() => {
    delete window.__xss;
    for (const [name, fn] of originals) Object.assign(window, { [name]: fn });
  });

  it('notices script that runs (harness control)', async () => {
    // Without this, a payload that never fires for an unrelated reason would pass vacuously.
    const probe = document.createElement('div');
    probe.innerHTML = armed('<img src="data:," onerror="alert(\'control\')">');
    document.body.append(probe);
    await vi.waitFor(() => expect(calls).toContainEqual(['control']));
    probe.remove();
    calls.length = 0;
  });

  it(`renders all ${xssCorpus.length} payloads inert as HTML, markdown and detected`, async () => {
    const cases = xssCorpus.flatMap(({ source, payload }, index) => formats.map((format) => ({ index, source, format, body: armed(payload) })));
    const { container } = await render(
      <div>
        {cases.map(({ body, format }, n) => (
          <section key={n} data-case={n}>
            <MessageBody body={body} format={format} renderAttachment={renderAttachment} />
          </section>
        ))}
      </div>,
    );
    expect(container.querySelectorAll('.dt-message-body')).toHaveLength(cases.length);

    // Let images decode or fail, then open every quote and do it again.
    await settled(container);
    for (let toggles = collapsedToggles(container); toggles.length; toggles = collapsedToggles(container)) {
      toggles.forEach((button) => button.click());
      await vi.waitFor(() => expect(toggles.filter((button) => button.getAttribute('aria-expanded') !== 'true')).toEqual([]));
    }
    for (const el of container.querySelectorAll('*')) for (const type of EVENTS) el.dispatchEvent(new Event(type));
    await settled(container);

    expect(calls).toEqual([]);
    const problems = cases.flatMap(({ index, source, format }, n) => {
      const root = container.querySelector(`[data-case="${n}"] > .dt-message-body`)!;
      return violations(root).map((v) => `#${index} ${source} as ${format ?? 'detected'}: ${v}`);
    });
    expect(problems).toEqual([]);
  });
});
