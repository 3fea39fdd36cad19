import { describe, expect, it } from 'vitest';
import { htmlToText, readBody, snippetOf, stripInstallLinks, tiptapToText } from '../../../../src/server/adapters/switchLabs/text';

describe('Switch Labs body reading', () => {
  it('prefers a plain string, then TipTap, then HTML', () => {
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'From TipTap' }] }] };
    expect(readBody({ plain: ['  ', 'Plain'], rich: [doc], html: ['<p>HTML</p>'] })).toBe('Plain');
    expect(readBody({ plain: [undefined, doc], rich: [doc], html: ['<p>HTML</p>'] })).toBe('From TipTap');
    expect(readBody({ plain: [], rich: [{ type: 'doc', content: [] }], html: ['<p>From <b>HTML</b></p>'] })).toBe('From HTML');
    expect(readBody({ plain: [], rich: [], html: [] })).toBe('');
  });

  it('walks TipTap paragraphs, breaks, lists, quotes and mentions', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Steps' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Line one' }, { type: 'hardBreak' }, { type: 'text', text: 'line two ' }, { type: 'mention', attrs: { label: 'Priya' } }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }] }, { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }] }] },
        { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'first' }] }] }] },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
        { type: 'image', attrs: { src: 'https://tracker.example/pixel.gif' } },
      ],
    };
    expect(tiptapToText(doc)).toBe('Steps\n\nLine one\nline two @Priya\n\n- a\n- b\n\n1. first\n\n> quoted');
    expect(tiptapToText({ type: 'paragraph' })).toBeNull();
  });

  it('a hostile TipTap document (deep nesting) is cut off, not a crash', () => {
    let node: Record<string, unknown> = { type: 'text', text: 'deep' };
    for (let i = 0; i < 10_000; i++) node = { type: 'blockquote', content: [node] };
    expect(() => tiptapToText({ type: 'doc', content: [node] })).not.toThrow();
  });

  it('turns email HTML into text: no scripts, styles or pixels; links keep their target; entities decoded', () => {
    const html =
      '<html><head><style>p{color:red}</style><title>x</title></head><body><p>Hi&nbsp;Jordan &amp; team,</p><script>alert(1)</script>' +
      '<div>See <a href="https://status.example.com/incidents/1">the status page</a>.<br>Thanks</div><img src="https://t.example/p.gif" width="1"><ul><li>one</li><li>two</li></ul>&#8364;5 &#x1F600;</body></html>';
    expect(htmlToText(html)).toBe('Hi Jordan & team,\nSee the status page (https://status.example.com/incidents/1).\nThanks\n- one\n- two\n\n€5 😀');
    expect(htmlToText('<a href="javascript:alert(1)">click</a>')).toBe('click');
  });

  it('removes links into the install but keeps other sites and the help centre prefix', () => {
    const text = 'Agent view https://crm.acme.com/tickets/9?tab=notes, help https://crm.acme.com/help/articles/3, status https://status.acme.com';
    expect(stripInstallLinks(text, 'https://crm.acme.com', ['https://crm.acme.com/help/'])).toBe(
      'Agent view [link removed] help https://crm.acme.com/help/articles/3, status https://status.acme.com',
    );
  });

  it('makes short snippets from markdown', () => {
    expect(snippetOf('# Title\n\nUse **bold** and [a link](https://x.example) and `code`.')).toBe('Use bold and a link and code.');
    const long = snippetOf('word '.repeat(100), 50);
    expect(long.length).toBeLessThanOrEqual(51);
    expect(long.endsWith('…')).toBe(true);
  });
});
