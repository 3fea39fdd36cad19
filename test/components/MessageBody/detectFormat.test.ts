import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/components/MessageBody';

describe('detectFormat', () => {
  describe('html', () => {
    it.each([
      '<p>Hello</p>',
      'Hi,<br>thanks',
      '<div dir="ltr">Thanks!<div><br></div></div>',
      'See <a href="https://example.com">this</a>',
      '<table><tr><td>1</td></tr></table>',
      '<html><head><style>p{}</style></head><body>x</body></html>',
      '<!DOCTYPE html><html><body>x</body></html>',
      '<blockquote type="cite">old</blockquote>',
      'An <b>important</b> note',
      'before <img src="cid:logo"> after',
    ])('%j', (body) => expect(detectFormat(body)).toBe('html'));
  });

  describe('markdown', () => {
    it.each([
      '**bold** move',
      'use *care*',
      '_emphasis_ here',
      '# Heading',
      '- one\n- two',
      '1. first\n2. second',
      '> quoted',
      '```\ncode\n```',
      'run `npm test`',
      'see [docs](https://example.com)',
      '~~gone~~',
      'Why does my `<div>` collapse?',
      '```html\n<p>markup in a fence</p>\n```',
      '| Plan | Seats |\n| --- | --- |\n| Pro | 25 |',
      'Plan | Seats\n--- | ---\nPro | 25',
      '1) open settings\n2) click export',
      '* one\n* two',
      '- [x] done',
      '<https://example.com/docs>',
    ])('%j', (body) => expect(detectFormat(body)).toBe('markdown'));
  });

  describe('text', () => {
    it.each([
      'Hello there',
      'a < b and b > c',
      'I <3 this product',
      'Reply to <ann@example.com> please',
      'my_var_name and snake_case_identifiers',
      '2 * 3 * 4 = 24',
      'https://example.com/a_b_c',
      '<script>alert(1)</script>',
      'Line one\nLine two',
      '',
      // Stray * and | that markdown would eat or misread.
      '5*3*4 = 60 and 2**10 = 1024',
      'file*name*v2.txt',
      'a | b | c\nd | e | f',
      'Rating: **** out of five',
      '| not a table',
      'Price: 5 * 3 = 15, see *note',
    ])('%j', (body) => expect(detectFormat(body)).toBe('text'));
  });
});
