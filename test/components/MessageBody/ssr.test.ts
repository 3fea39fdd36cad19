import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { htmlToReact, MessageBody, type MessageBodyProps } from '../../../src/components/MessageBody';
import { htmlToText } from '../../../src/components/MessageBody/plainText';
import { xssCorpus } from '../../fixtures/xss-corpus';

const ssr = (props: MessageBodyProps) => renderToString(createElement(MessageBody, props));
/** Every tag in the server output; only the renderer's own may appear. */
const tags = (html: string) => [...html.matchAll(/<\/?([a-z][\w-]*)/g)].map((m) => m[1]);

describe('MessageBody on the server', () => {
  it('runs without a DOM', () => {
    expect(typeof DOMParser).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders HTML bodies as escaped plain text, no markup from the body', () => {
    const html = ssr({ body: '<p>Hello &lt;b&gt; <b>world</b></p><p>a &amp; b <img src=x onerror=alert(1)></p><script>alert(2)</script>', format: 'html' });
    expect(html).toContain('Hello &lt;b&gt; world');
    expect(html).toContain('a &amp; b');
    expect(html).not.toMatch(/alert|<p|<b>|<img|<script/);
    // One text node; the container keeps its line breaks (data-plain: white-space pre-wrap).
    expect(tags(html)).toEqual(['div', 'div']);
    expect(html).toContain('data-plain=""');
  });

  it('drops the head and styles of an email document', () => {
    const html = ssr({ body: '<html><head><title>T</title><style>p { color: red }</style></head><body><div>Body text</div></body></html>' });
    expect(html).toBe('<div class="dt-message-body" data-format="html" data-plain="" dir="auto">Body text</div>');
  });

  it('renders markdown as its escaped source', () => {
    const html = ssr({ body: '**bold** <img src=x onerror=alert(1)>\n[x](javascript:alert(1))', format: 'markdown' });
    expect(html).toContain('**bold** &lt;img src=x onerror=alert(1)&gt;\n[x]');
    expect(tags(html)).toEqual(['div', 'div']);
  });

  it('renders plain text fully: line breaks, safe autolinks and the quote toggle', () => {
    const html = ssr({ body: 'See https://example.com/a <b>\n\nOn Mon, 3 Jun 2024 Ann wrote:\n> old', format: 'text' });
    expect(html).toContain('<a href="https://example.com/a" target="_blank" rel="noopener noreferrer">https://example.com/a</a> &lt;b&gt;');
    expect(html).toContain('aria-expanded="false"');
    expect(html).not.toContain('old');
  });

  it('keeps every corpus payload out of the markup', () => {
    for (const { payload } of xssCorpus) {
      for (const format of ['html', 'markdown', 'text', undefined] as const) {
        const html = ssr({ body: payload, format });
        const unexpected = tags(html).filter((t) => !['div', 'br', 'a', 'button'].includes(t!));
        expect(unexpected, payload).toEqual([]);
        for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href, payload).toMatch(/^https?:\/\//);
        // React escapes `<` in text, so every `<` left is markup the renderer made.
        for (const [markup] of html.matchAll(/<[a-z][^>]*>/g)) expect(markup, payload).not.toMatch(/\son[a-z]+=|style=|srcdoc=/i);
      }
    }
  });

  it('lets htmlToReact fall back to text without a DOMParser', () => {
    expect(renderToString(createElement('div', null, htmlToReact('<p>a</p><p>b <script>x()</script></p>')))).toBe(
      '<div><div class="dt-message-body-plain">a\nb</div></div>',
    );
  });
});

describe('htmlToText', () => {
  it('turns block ends into line breaks and collapses whitespace', () => {
    expect(htmlToText('<div>\n  One\n  two</div><p>Three<br>four</p><ul><li>a</li><li>b</li></ul>')).toBe('One two\nThree\nfour\na\nb');
  });

  it('decodes entities (React escapes the result)', () => {
    expect(htmlToText('&lt;b&gt; &amp; &#169; &#x1F600; &nbsp;x &bogus; &#0;')).toBe('<b> & © 😀 \u00a0x &bogus; \ufffd');
  });

  it('drops unterminated raw-text elements to the end', () => {
    expect(htmlToText('a<style>b{}')).toBe('a');
    expect(htmlToText('a<script>x</script>b<script>y')).toBe('ab');
  });

  it('stays linear on hostile input', () => {
    const start = performance.now();
    htmlToText('<style'.repeat(20000) + '<br'.repeat(20000) + '<!--'.repeat(20000));
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
