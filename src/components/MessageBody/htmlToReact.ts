import { createElement, Fragment, type ReactNode } from 'react';
import { externalLink, htmlToText, textToReact } from './plainText';
import { QuotedText } from './QuotedText';
import { defaultMessageBodyMessages, type AttachmentRef, type HtmlToReactOptions, type MessageBodyMessages } from './types';
import { attachmentId, cleanUrl, HTTP_SCHEMES, LINK_SCHEMES, safeUrl } from './urls';

// Dropped with everything inside. Void elements (input, link, meta, base,
// embed…) and <template> (its content is not in childNodes) carry nothing to
// keep, and SVG/MathML fall to the namespace check, so they need no entry here.
const DROP = /^(?:script|style|noscript|iframe|object|applet|head|title|form|button|select|textarea|datalist|audio|video|canvas|noembed|noframes|frameset|dialog)$/;
// Rendered as themselves, with at most the attributes handled below; any other element is unwrapped.
const KEEP = /^(?:p|br|hr|div|span|a|strong|b|em|i|u|s|del|sub|sup|small|code|pre|kbd|blockquote|[uo]l|li|table|thead|tbody|tfoot|tr|th|td|img)$/;
// Inside table structure (not cells) only table parts are kept: no stray text (React warns) and no caption/colgroup.
const TABLE = /^(?:table|thead|tbody|tfoot|tr)$/;
const TABLE_PART = /^(?:t[dhr]|thead|tbody|tfoot)$/;
const DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp);base64,[a-z\d+/=\s]+$/i;

interface Context {
  render: (ref: AttachmentRef) => ReactNode;
  remote: boolean;
  messages: MessageBodyMessages;
  quoted: boolean;
}

const defaultRender = ({ kind, alt, children }: AttachmentRef): ReactNode =>
  kind === 'image' ? createElement('span', { className: 'dt-message-body-attachment' }, alt) : children;

// Email clients mark quoted history in their own ways.
const isQuote = (el: Element) =>
  (el.localName === 'blockquote' && /^cite$/i.test(el.getAttribute('type') ?? '')) ||
  /(?:^|\s)(?:gmail_quote|yahoo_quoted|protonmail_quote)(?:\s|$)/.test(el.getAttribute('class') ?? '') ||
  el.id === 'mail-editor-reference-message-container';
// Outlook puts an empty marker before the quoted original: the marker and everything after it is history.
const startsHistory = (node: Node) => /^(?:appendonsend|divRplyFwdMsg)$/.test((node as Element).id ?? '');

const number = (value: string | null) => (value && /^\d{1,4}$/.test(value) ? +value : undefined);

function children(parent: Node, ctx: Context, depth: number): ReactNode[] {
  const out: ReactNode[] = [];
  const table = TABLE.test((parent as Element).localName);
  const nodes = parent.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (table && !TABLE_PART.test((node as Element).localName)) continue;
    if (!ctx.quoted && startsHistory(node)) {
      const rest: ReactNode[] = [];
      const inner = { ...ctx, quoted: true };
      for (; i < nodes.length; i++) rest.push(convert(nodes[i]!, inner, depth, i));
      out.push(createElement(QuotedText, { key: 'q', messages: ctx.messages }, rest));
    } else out.push(convert(node, ctx, depth, i));
  }
  return out;
}

function image(el: Element, ctx: Context, key: number): ReactNode {
  const src = cleanUrl(el.getAttribute('src'));
  const alt = el.getAttribute('alt') ?? '';
  const id = attachmentId(src);
  if (id) return createElement(Fragment, { key }, ctx.render({ id, kind: 'image', alt }));
  const width = number(el.getAttribute('width'));
  const height = number(el.getAttribute('height'));
  const props = { key, alt, width, height };
  if (DATA_IMAGE.test(src)) return createElement('img', { ...props, src: src.replace(/\s/g, '') });
  const url = safeUrl(src, HTTP_SCHEMES);
  if (!url) return null;
  if (ctx.remote) return createElement('img', { ...props, src: url, referrerPolicy: 'no-referrer', loading: 'lazy' });
  // A 1×1 image is a tracking pixel: say nothing rather than "image blocked" after every email.
  if ((width ?? 3) < 3 || (height ?? 3) < 3) return null;
  return createElement('span', { key, className: 'dt-message-body-image-blocked' }, ctx.messages.remoteImageBlocked);
}

function convert(node: Node, ctx: Context, depth: number, key: number): ReactNode {
  if (node.nodeType === 3) return (node as Text).data;
  // Comments, processing instructions and foreign (SVG/MathML) elements never render.
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  const name = el.localName;
  if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml' || DROP.test(name)) return null;
  // Pathological nesting would overflow the stack here or in React; flatten it.
  if (depth > 200) return el.textContent;
  if (!ctx.quoted && isQuote(el)) {
    return createElement(QuotedText, { key, messages: ctx.messages }, convert(el, { ...ctx, quoted: true }, depth, 0));
  }
  if (name === 'img') return image(el, ctx, key);
  const kids = children(el, ctx, depth + 1);
  if (name === 'a') {
    const href = cleanUrl(el.getAttribute('href'));
    const id = attachmentId(href);
    if (id) return createElement(Fragment, { key }, ctx.render({ id, kind: 'link', children: kids }));
    const url = safeUrl(href, LINK_SCHEMES);
    if (url?.startsWith('http')) return externalLink(url, kids, key);
    // mailto:/tel: stay in this tab; a link we won't follow still shows its text.
    return url ? createElement('a', { key, href: url }, kids) : createElement(Fragment, { key }, kids);
  }
  // A message must not break the page's heading outline, so its headings sit
  // below the thread's: h1 → h4, h2 → h5, h3–h6 → h6.
  const tag = /^h[1-6]$/.test(name) ? `h${Math.min(+name[1]! + 3, 6)}` : KEEP.test(name) ? name : '';
  if (!tag) return createElement(Fragment, { key }, kids);
  const props: Record<string, unknown> = { key };
  if (name === 'td' || name === 'th') {
    props.colSpan = number(el.getAttribute('colspan'));
    props.rowSpan = number(el.getAttribute('rowspan'));
  } else if (name === 'ol') props.start = number(el.getAttribute('start'));
  else if (name === 'code' && /^[\w#+.-]{1,32}$/.test(el.getAttribute('data-language') ?? '')) {
    props['data-language'] = el.getAttribute('data-language');
  }
  // Wide email tables scroll sideways, and a scroll container must be
  // reachable by keyboard. Only the outermost table scrolls (email nests
  // them); code wraps instead (see message-body.css), so it needs no tab stop.
  if (tag === 'table' && !el.parentElement?.closest('table')) {
    return createElement('div', { key, className: 'dt-message-body-scroll', tabIndex: 0 }, createElement(tag, props, kids));
  }
  return createElement(tag, props, ...(tag === 'br' || tag === 'hr' ? [] : [kids]));
}

/** Parses into an inert document: no script runs, nothing loads, no browsing context. */
export const parseHtml = (html: string): HTMLElement =>
  // The doctype keeps the parser out of quirks mode (where <p> may contain <table>, invalid for React).
  new DOMParser().parseFromString(`<!doctype html>${html}`, 'text/html').body;

/** Walks a parsed body into React elements. Split from parsing so MessageBody can memoise each step. */
export function walk(body: HTMLElement, options: HtmlToReactOptions = {}): ReactNode {
  const ctx: Context = {
    render: options.renderAttachment ?? defaultRender,
    remote: !!options.allowRemoteImages,
    messages: { ...defaultMessageBodyMessages, ...options.messages },
    quoted: false,
  };
  return children(body, ctx, 0);
}

/**
 * Turns untrusted HTML into React elements through an allowlist. The HTML is
 * parsed with `DOMParser` (inert), then walked: allowed elements are recreated
 * with only their allowed attributes, active or loading elements (script,
 * style, iframe, object, form controls, svg, math, head…) are dropped with
 * their content, and any other element is unwrapped to its children. No HTML
 * string ever reaches the live DOM, so there is nothing to re-parse (no mXSS).
 *
 * - Links: `http(s)`, `mailto:` and `tel:` only (external ones open in a new tab
 *   with `rel="noopener noreferrer"`); `attachment:<id>` goes to `renderAttachment`;
 *   anything else renders as its text.
 * - Images: `attachment:<id>` → `renderAttachment`; inline `data:image/(png|jpeg|gif|webp);base64`;
 *   remote `http(s)` only with `allowRemoteImages` (otherwise a short note; 1×1 pixels vanish).
 * - Headings h1–h6 render as h4–h6, under the page's own outline.
 * - Quoted email history (`blockquote[type=cite]`, `.gmail_quote`, Outlook's
 *   `#appendonsend`/`#divRplyFwdMsg` and what follows) collapses behind a toggle.
 *
 * Without a DOMParser (on a server) it falls back to plain text.
 * @example
 * htmlToReact('<p onclick="x()">Hi <a href="javascript:x()">there</a></p>'); // <p>Hi there</p>
 */
export function htmlToReact(html: string, options: HtmlToReactOptions = {}): ReactNode {
  if (typeof DOMParser === 'undefined') {
    return textToReact(htmlToText(html), { ...defaultMessageBodyMessages, ...options.messages });
  }
  return walk(parseHtml(html), options);
}
