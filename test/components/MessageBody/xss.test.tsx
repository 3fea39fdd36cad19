import { act, render } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessageBody, type AttachmentRef, type MessageFormat } from '../../../src/components/MessageBody';
import { loadEmailParts } from '../../../src/components/MessageBody/emailPartsLoader';
import { xssCorpus } from '../../fixtures/xss-corpus';
import { collapsedToggles, violations } from './inert';

// Email history and the CSP pre-pass load on demand; these tests read the rendering once they have.
beforeAll(async () => {
  await loadEmailParts();
});

const label = (payload: string) => payload.replace(/\s+/g, ' ').slice(0, 70);

/** Renders a body, opens every collapsed quote, and returns what is not inert. */
function check(body: string, format: MessageFormat | undefined, allowRemoteImages: boolean) {
  const ids: string[] = [];
  // A realistic resolver: it trusts the id to build URLs, so the id must be clean.
  const renderAttachment = ({ id, kind, alt, children }: AttachmentRef) => {
    ids.push(id);
    const href = `https://files.example/${id}`;
    return kind === 'image' ? (
      <img src={href} alt={alt ?? ''} />
    ) : (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  };
  const { container, unmount } = render(
    <MessageBody body={body} format={format} allowRemoteImages={allowRemoteImages} renderAttachment={renderAttachment} />,
  );
  for (let toggles = collapsedToggles(container); toggles.length; toggles = collapsedToggles(container)) {
    act(() => toggles.forEach((button) => button.click()));
  }
  const found = violations(container.firstElementChild!, { remoteImages: true });
  if (!allowRemoteImages && container.querySelector('img[src^="http"]:not([src^="https://files.example/"])')) {
    found.push('remote image rendered while blocked');
  }
  for (const id of ids) if (!/^[\w-]{1,128}$/.test(id)) found.push(`attachment id ${JSON.stringify(id)}`);
  unmount();
  return found;
}

describe('XSS corpus (jsdom)', () => {
  it('uses a checker that catches unsafe DOM', () => {
    // Without this, a checker bug could make every corpus case pass vacuously.
    const unsafe = [
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">x</a>',
      '<a href="https://example.com">no rel</a>',
      '<p style="color:red">x</p>',
      '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
      '<iframe srcdoc="x"></iframe>',
      '<button formaction="javascript:alert(1)">x</button>',
      '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
      '<span class="evil">x</span>',
    ];
    for (const html of unsafe) {
      const root = document.createElement('div');
      root.className = 'dt-message-body';
      root.innerHTML = html;
      expect(violations(root), html).not.toEqual([]);
    }
  });

  it('holds 150+ distinct payloads', () => {
    expect(new Set(xssCorpus.map((p) => p.payload)).size).toBeGreaterThanOrEqual(150);
  });

  it.each(xssCorpus.map((p, i) => [i, p.source, label(p.payload), p.payload] as const))(
    '#%i %s: %s',
    (_i, _source, _label, payload) => {
      const found = [
        ...check(payload, 'html', false).map((v) => `html: ${v}`),
        ...check(payload, 'html', true).map((v) => `html+remote: ${v}`),
        ...check(payload, 'markdown', false).map((v) => `markdown: ${v}`),
        ...check(payload, undefined, false).map((v) => `detected: ${v}`),
      ];
      expect(found).toEqual([]);
    },
    // The 3,000-deep nesting payload takes ~1 s per render in jsdom's parser.
    30_000,
  );
});
