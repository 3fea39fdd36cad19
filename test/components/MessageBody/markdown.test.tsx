import { render } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { markdownToHtml, MessageBody } from '../../../src/components/MessageBody';
import { loadEmailParts } from '../../../src/components/MessageBody/emailPartsLoader';
import { loadMarkdownEngine } from '../../../src/components/MessageBody/markdownLoader';

// Email history and the CSP pre-pass load on demand; these tests read the rendering once they have.
beforeAll(async () => {
  await loadEmailParts();
});

/** The markdown as the user sees it, once the engine has loaded: through markdown-it and the sanitiser. */
const md = (body: string) => render(<MessageBody body={body} format="markdown" />).container.firstElementChild!;

beforeAll(async () => {
  await loadMarkdownEngine(); // a hook returning a function would run it as teardown
});

describe('markdown', () => {
  describe('emphasis', () => {
    it('renders **bold**, __bold__, *em*, _em_ and ~~del~~', () => {
      const root = md('**a** __b__ *c* _d_ ~~e~~');
      expect([...root.querySelectorAll('strong')].map((e) => e.textContent)).toEqual(['a', 'b']);
      expect([...root.querySelectorAll('em')].map((e) => e.textContent)).toEqual(['c', 'd']);
      expect(root.querySelector('s, del')).toHaveTextContent('e');
    });

    it('leaves intraword underscores alone', () => {
      const root = md('set my_var_name and snake_case_identifiers, __init__.py is fine, file_name_v2.txt too');
      expect(root.querySelector('em')).toBeNull();
      expect(root).toHaveTextContent('set my_var_name and snake_case_identifiers');
      expect(root).toHaveTextContent('file_name_v2.txt');
    });

    it('keeps underscores inside words of any script', () => {
      expect(md('größe_wert_neu').querySelector('em')).toBeNull();
    });

    it('does not treat spaced asterisks as emphasis', () => {
      const root = md('2 * 3 * 4 = 24 and **bold**');
      expect(root.querySelector('em')).toBeNull();
      expect(root).toHaveTextContent('2 * 3 * 4 = 24 and bold');
    });

    it('honours backslash escapes', () => {
      const root = md('\\*not em\\* and \\_not\\_ either');
      expect(root.querySelector('em')).toBeNull();
      expect(root).toHaveTextContent('*not em* and _not_ either');
    });
  });

  describe('paragraphs and line breaks', () => {
    it('keeps single newlines as line breaks and blank lines as paragraphs', () => {
      const root = md('Hi team,\nthe export fails.\n\nThanks,\nAnn');
      const paragraphs = root.querySelectorAll('p');
      expect(paragraphs).toHaveLength(2);
      expect(paragraphs[0]!.querySelectorAll('br')).toHaveLength(1);
      expect(paragraphs[1]!.innerHTML.replace(/\n/g, '')).toBe('Thanks,<br>Ann');
    });

    it('treats CRLF like LF', () => {
      expect(markdownToHtml('a\r\nb')).toBe('<p>a<br>b</p>');
    });

    it('escapes text', () => {
      expect(markdownToHtml('1 < 2 & "q"')).toBe('<p>1 &#60; 2 &#38; &#34;q&#34;</p>');
    });
  });

  describe('lists', () => {
    it('renders bullet lists with one nested level', () => {
      const root = md('- one\n- two\n  - two.a\n  - two.b\n- three');
      const outer = root.querySelector('ul')!;
      expect(outer.children).toHaveLength(3);
      expect(outer.querySelector('li:nth-child(2) > ul')!.children).toHaveLength(2);
    });

    it('renders ordered lists with their start number', () => {
      const ol = md('3. three\n4. four').querySelector('ol')!;
      expect(ol).toHaveAttribute('start', '3');
      expect(ol.children).toHaveLength(2);
    });

    it('keeps a list together across blank lines (a loose list: its items are paragraphs)', () => {
      const root = md('1. one\n\n2. two\n\n   more about two');
      expect(root.querySelectorAll('ol')).toHaveLength(1);
      expect([...root.querySelectorAll('li:nth-child(2) > p')].map((p) => p.textContent)).toEqual(['two', 'more about two']);
    });

    it('lets a list interrupt a paragraph', () => {
      const root = md('Steps:\n1. open settings\n2. click export');
      expect(root.querySelector('p')).toHaveTextContent('Steps:');
      expect(root.querySelectorAll('ol > li')).toHaveLength(2);
    });

    it('does not read "1.5 million" or "-foo" as lists', () => {
      expect(md('1.5 million\n-foo').querySelector('ol, ul')).toBeNull();
    });
  });

  describe('tables', () => {
    it('renders GFM tables with a header, inline markdown in cells and escaped pipes', () => {
      const root = md('Plans:\n\n| Plan | Seats | Notes |\n| --- | :-: | --- |\n| **Starter** | 3 | `a\\|b` |\n| Pro | 25 |\n\nAfter');
      const table = root.querySelector('table')!;
      expect([...table.querySelectorAll('th')].map((c) => c.textContent)).toEqual(['Plan', 'Seats', 'Notes']);
      const rows = [...table.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
      expect(rows).toEqual([
        ['Starter', '3', 'a|b'],
        ['Pro', '25', ''],
      ]);
      expect(table.querySelector('td strong')).toHaveTextContent('Starter');
      expect(root).toHaveTextContent('After');
    });

    it('leaves pipes alone when there is no delimiter row', () => {
      const root = md('a | b\nc | d');
      expect(root.querySelector('table')).toBeNull();
      expect(root).toHaveTextContent('a | b');
    });
  });

  describe('code', () => {
    it('renders inline code literally', () => {
      const code = md('run `a_b *c* <b>d</b>`').querySelector('code')!;
      expect(code.textContent).toBe('a_b *c* <b>d</b>');
      expect(code.children).toHaveLength(0);
    });

    it('renders fenced code with its language and no markdown inside', () => {
      const code = md('```ts\nconst x = a * b * c;\n**not bold**\n```').querySelector('pre > code')!;
      expect(code).toHaveAttribute('data-language', 'ts');
      expect(code.textContent).toBe('const x = a * b * c;\n**not bold**\n');
      expect(code).toHaveClass('language-ts');
    });

    it('accepts ~~~ fences and unterminated fences', () => {
      expect(md('~~~\nx\n~~~').querySelector('pre')).toHaveTextContent('x');
      expect(md('```\nstill code').querySelector('pre')).toHaveTextContent('still code');
    });
  });

  describe('blocks', () => {
    it('maps headings below the page outline', () => {
      const root = md('# One\n## Two\n### Three\n###### Six');
      expect([...root.children].map((e) => e.localName)).toEqual(['h4', 'h5', 'h6', 'h6']);
    });

    it('renders blockquotes and rules', () => {
      const root = md('> quoted\n> text\n\n---\n\nafter');
      expect(root.querySelector('blockquote')!.innerHTML.replace(/\n/g, '')).toBe('<p>quoted<br>text</p>');
      expect(root.querySelector('hr')).not.toBeNull();
    });

    it('does not take #hashtags for headings', () => {
      expect(md('#general channel').querySelector('h4')).toBeNull();
    });
  });

  describe('links and images', () => {
    it('renders [text](url) as a safe external link', () => {
      const link = md('see [the *docs*](https://example.com/a_b_c)').querySelector('a')!;
      expect(link).toHaveAttribute('href', 'https://example.com/a_b_c');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      expect(link.querySelector('em')).toHaveTextContent('docs');
    });

    it('autolinks bare URLs without swallowing punctuation or markers', () => {
      const links = md('Go to https://example.com/x_y_z. Or (https://example.com/wiki/A_(b)), **https://example.com/b**').querySelectorAll('a');
      expect([...links].map((a) => a.getAttribute('href'))).toEqual([
        'https://example.com/x_y_z',
        'https://example.com/wiki/A_(b)',
        'https://example.com/b',
      ]);
    });

    it('renders <https://…> and <mailto:…> autolinks', () => {
      const links = md('<https://example.com> or <mailto:help@example.com>').querySelectorAll('a');
      expect(links[1]).toHaveAttribute('href', 'mailto:help@example.com');
      expect(links[1]).not.toHaveAttribute('target');
    });

    it('renders images through the same rules as HTML', () => {
      const root = md('![chart](data:image/png;base64,iVBORw0KGgo=) ![remote](https://example.com/a.png)');
      expect(root.querySelector('img')).toHaveAttribute('alt', 'chart');
      expect(root).toHaveTextContent('Remote image blocked');
    });

    it('renders a javascript: link as its text', () => {
      const root = md('[click me](javascript:alert(1))');
      expect(root.querySelector('a')).toBeNull();
      expect(root).toHaveTextContent('click me');
    });
  });

  it('passes raw inline HTML to the sanitiser', () => {
    const root = md('Hello <b>bold</b> <i onclick="x()">i</i><script>alert(1)</script>');
    expect(root.querySelector('b')).toHaveTextContent('bold');
    expect(root.querySelector('i')).not.toHaveAttribute('onclick');
    expect(root.querySelector('script')).toBeNull();
  });

  it('keeps HTML entities', () => {
    expect(md('&copy; 2024 &amp; co').textContent!.trim()).toBe('© 2024 & co');
  });

  describe('CommonMark and GFM that support replies use', () => {
    it('renders a table directly under a paragraph, and a body that is only a table, with alignment', () => {
      const under = md('Plans:\n| Plan | Seats |\n| :-- | --: |\n| Pro | 25 |');
      expect(under.querySelector('p')).toHaveTextContent('Plans:');
      expect([...under.querySelectorAll('td')].map((td) => [td.textContent, td.getAttribute('align')])).toEqual([
        ['Pro', 'left'],
        ['25', 'right'],
      ]);
      expect(md('| a | b |\n| - | - |\n| 1 | 2 |').querySelectorAll('td')).toHaveLength(2);
    });

    it('renders task lists as disabled checkboxes named by their item', () => {
      const root = md('- [x] export fixed\n- [ ] invoice resent\n- not a task');
      const boxes = [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
      expect(boxes.map((b) => [b.checked, b.disabled, b.closest('label')!.textContent!.trim()])).toEqual([
        [true, true, 'export fixed'],
        [false, true, 'invoice resent'],
      ]);
      expect(root.querySelectorAll('li')[2]).not.toHaveClass('dt-message-body-task-item');
    });

    it('autolinks URLs, www. addresses and emails, but not file names', () => {
      const links = [...md('See www.example.com/help, mail help@example.com or <ann@example.com>; settings.py stays').querySelectorAll('a')];
      expect(links.map((a) => a.getAttribute('href'))).toEqual([
        'http://www.example.com/help',
        'mailto:help@example.com',
        'mailto:ann@example.com',
      ]);
    });

    it('keeps indented code with its indentation and <tags> as text', () => {
      const code = md('Traceback:\n\n    File "<module>", line 1\n      raise Error').querySelector('pre > code')!;
      expect(code.textContent).toBe('File "<module>", line 1\n  raise Error\n');
    });

    it('renders setext headings, reference links with titles, and an image inside a link', () => {
      const root = md('Steps\n-----\n\nSee [the guide][g] or [![logo](data:image/png;base64,iVBORw0KGgo=)](https://example.com)\n\n[g]: https://example.com/guide "Guide"');
      expect(root.querySelector('h5')).toHaveTextContent('Steps');
      expect(root.querySelector('a[href="https://example.com/guide"]')).toHaveTextContent('the guide');
      expect(root.querySelector('a[href="https://example.com/"] img')).toHaveAttribute('alt', 'logo');
    });
  });
});
