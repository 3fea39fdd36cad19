import { createElement, type ReactNode } from 'react';
import { QuotedText } from './QuotedText';
import { splitQuotedReply } from './splitQuotedReply';
import type { MessageBodyMessages } from './types';
import { BARE_URL, LINK_SCHEMES, safeUrl, trimUrl } from './urls';

/** An external link: new tab, no opener, no referrer. */
export const externalLink = (href: string, children: ReactNode, key: number | string) =>
  createElement('a', { key, href, target: '_blank', rel: 'noopener noreferrer' }, children);

// Line breaks stay newline characters: the container keeps them (`white-space:
// pre-wrap`), so a long text costs a few text nodes, not an element per line.
function lines(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(BARE_URL)) {
    const url = trimUrl(match[0]);
    const href = safeUrl(url, LINK_SCHEMES);
    if (!href) continue;
    out.push(text.slice(last, match.index), externalLink(href, url, out.length + 1));
    last = match.index + url.length;
  }
  out.push(text.slice(last));
  return out;
}

/** Lines per block of a long text: blocks off screen skip layout (`content-visibility: auto`), so a text of thousands of short lines doesn't freeze the page. */
const BLOCK_LINES = 200;

/** A long text in blocks of BLOCK_LINES lines; a short one as it is. */
export function textBlocks(text: string): ReactNode[] {
  const all = text.split('\n');
  if (all.length <= BLOCK_LINES) return lines(text);
  const out: ReactNode[] = [];
  for (let i = 0; i < all.length; i += BLOCK_LINES) {
    // Each block but the last ends with its newline, so copied text keeps every line break.
    const block = all.slice(i, i + BLOCK_LINES).join('\n') + (i + BLOCK_LINES < all.length ? '\n' : '');
    out.push(createElement('div', { key: i, className: 'dt-message-body-block' }, lines(block)));
  }
  return out;
}

/**
 * Plain text as React nodes, for a `white-space: pre-wrap` container (MessageBody
 * marks it `data-plain`): `http(s)` URLs linked, quoted history collapsed.
 * Needs no DOM, so it is also the server rendering.
 */
export function textToReact(text: string, messages: MessageBodyMessages): ReactNode[] {
  const [main, quoted] = splitQuotedReply(text.replace(/\r\n?/g, '\n'));
  const out = textBlocks(main);
  if (quoted !== undefined) out.push(createElement(QuotedText, { key: 'q', messages }, textBlocks(quoted)));
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * HTML to readable text without a DOM (server rendering has no DOMParser).
 * The result is only ever rendered as a React text node, which escapes it, so
 * a sloppy strip can make text ugly but never live markup.
 */
export function htmlToText(html: string): string {
  // Drop elements whose content is not prose (CSS, scripts, <head>). Scanned
  // rather than one lazy regex, so many unclosed openers stay linear.
  const open = /<(script|style|head|title|template|noscript|textarea|iframe|object|svg|math|select)\b/gi;
  let text = '';
  let last = 0;
  for (let m; (m = open.exec(html)); ) {
    text += html.slice(last, m.index);
    const close = new RegExp(`</${m[1]}`, 'gi');
    close.lastIndex = open.lastIndex;
    const end = close.exec(html);
    last = end ? html.indexOf('>', end.index) + 1 || html.length : html.length;
    open.lastIndex = last;
  }
  return (text + html.slice(last))
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/<(?:br|hr|\/(?:p|div|li|h\d|tr|blockquote|pre|table|[uo]l))\b[^<>]*>/gi, '\n')
    .replace(/<[a-z!?/][^>]*(?:>|$)/gi, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity;
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : +name.slice(1);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '\ufffd';
    })
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
