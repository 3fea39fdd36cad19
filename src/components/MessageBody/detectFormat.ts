import type { MessageFormat } from './types';

// Code spans and fences are where people quote markup they are asking about
// ("why does my `<div>` collapse?"); that is not an HTML body.
const CODE = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]+`/g;
// Tags typical of email HTML. A bare `a < b`, `<3` or `<ann@example.com>` is not one.
const HTML =
  /<(?:\/?(?:p|div|br|hr|table|tr|td|html|body|head|blockquote|span|font|center|h[1-6]|[uo]l|li|pre|b|i|u|strong|em|code|style|meta)\b[^<>]*|a\s[^<>]*href[^<>]*|img\s[^<>]*src[^<>]*|\/a\s*|!doctype html[^<>]*)>/i;
const MARKDOWN =
  /^ {0,3}(?:#{1,6}[ \t]+\S|[-*+][ \t]+\S|\d{1,9}[.)][ \t]+\S|>|```|~~~)|\*\*\S|~~\S|(?:^|\W)__\S|\[[^\]\n]+\]\([^)\s]+\)|`[^`\n]+`|(?:^|[^\w*])\*[^\s*][^*\n]*\*|(?:^|\W)_[^\s_][^_\n]*_(?!\w)/m;

/**
 * Guesses how a body is written: `html` when it holds real email-style tags,
 * `markdown` when it has markdown structure (emphasis, lists, headings, fences,
 * links), otherwise `text`. Conservative: a stray `<` is never HTML.
 * @example
 * detectFormat('<p>Hi</p>'); // 'html'
 * detectFormat('**Steps**\n1. Open settings'); // 'markdown'
 * detectFormat('a < b, and <3'); // 'text'
 */
export function detectFormat(body: string): MessageFormat {
  if (HTML.test(body.replace(CODE, ''))) return 'html';
  return MARKDOWN.test(body) ? 'markdown' : 'text';
}
