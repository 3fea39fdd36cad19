import type { MessageFormat } from './types';

/*
 * Every pattern here is anchored to a fixed character and bounded ({0,N}, or a
 * class that stops at the next delimiter), so no input makes one rescan the
 * body from each position: detection stays linear, also on the server.
 */

// Code spans and fences are where people quote markup they are asking about
// ("why does my `<div>` collapse?"); that is not an HTML body.
const CODE = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]{1,2000}`/g;
// Tags typical of email HTML. A bare `a < b`, `<3` or `<ann@example.com>` is not one.
const TAG = /<(\/?)([a-z][a-z\d]{0,9})(?=[\s/>])([^<>]{0,2000})>|<!doctype html/gi;
const HTML_TAG =
  /^(?:p|div|br|hr|table|tr|td|th|html|body|head|blockquote|span|font|center|h[1-6]|ul|ol|li|pre|b|i|u|strong|em|code|style|meta|a|img)$/;

// Block markdown at the start of a line: heading, list item, quote, fence.
const BLOCK = /^ {0,3}(?:#{1,6}[ \t]+\S|[-*+][ \t]+\S|\d{1,9}[.)][ \t]+\S|>|```|~~~)/;
// Inline markdown that renders as intended: paired emphasis (not inside a word
// or a formula like 5*3*4), strikethrough, code, links, autolinks.
const INLINE = new RegExp(
  [
    '(?:^|[^\\p{L}\\p{N}*\\\\])\\*\\*(?=[^\\s*])[^\\n]{0,300}?[^\\s*\\\\]\\*\\*(?![\\p{L}\\p{N}*])',
    '(?:^|[^\\p{L}\\p{N}*\\\\])\\*(?=[^\\s*])[^*\\n]{0,300}?[^\\s*\\\\]\\*(?![\\p{L}\\p{N}*])',
    '(?:^|[^\\p{L}\\p{N}_\\\\])__?(?=[^\\s_])[^_\\n]{0,300}?[^\\s_\\\\]__?(?![\\p{L}\\p{N}_])',
    '~~(?=\\S)[^~\\n]{0,300}?\\S~~',
    '`[^`\\n]{1,300}`',
    '!?\\[[^[\\]\\n]{1,300}\\]\\([^()\\s]{1,1000}(?:\\([^()\\s]{0,200}\\)[^()\\s]{0,200})?\\)',
    '<https?://[^\\s<>]{1,2000}>',
  ].join('|'),
  'u',
);
// GFM table: a row with pipes, then a delimiter row with as many cells.
const DELIMITER_ROW = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const cellCount = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').length;

function isHtml(body: string): boolean {
  const text = body.replace(CODE, '');
  for (const [, close, name, attrs] of text.matchAll(TAG)) {
    if (!name) return true; // <!doctype html
    const tag = name.toLowerCase();
    if (!HTML_TAG.test(tag)) continue;
    if (tag === 'a' && !close && !/\bhref\s*=/i.test(attrs!)) continue;
    if (tag === 'img' && !/\bsrc\s*=/i.test(attrs!)) continue;
    return true;
  }
  return false;
}

function isMarkdown(body: string): boolean {
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (BLOCK.test(line) || INLINE.test(line)) return true;
    const next = lines[i + 1];
    if (next !== undefined && line.includes('|') && DELIMITER_ROW.test(next) && cellCount(line) === cellCount(next)) return true;
  }
  return false;
}

/**
 * Guesses how a body is written: `html` when it holds real email-style tags,
 * `markdown` when it has markdown that renders as meant (emphasis pairs,
 * lists, headings, quotes, fences, code, links, tables, even alone),
 * otherwise `text`. Conservative both ways: a stray `<` is never HTML, and a
 * stray `*` or `|` (`5*3*4`, `a | b`) never makes markdown that would eat it.
 * @example
 * detectFormat('<p>Hi</p>'); // 'html'
 * detectFormat('| Plan | Seats |\n| --- | --- |\n| Pro | 5 |'); // 'markdown'
 * detectFormat('a < b, 5*3*4 = 60'); // 'text'
 */
export function detectFormat(body: string): MessageFormat {
  const text = body.replace(/\r\n?/g, '\n');
  if (isHtml(text)) return 'html';
  return isMarkdown(text) ? 'markdown' : 'text';
}
