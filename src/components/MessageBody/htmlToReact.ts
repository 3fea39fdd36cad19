import { createElement, Fragment, type ReactNode } from 'react';
import * as emailParts from './emailParts';
import type { EmailParts } from './emailParts';
import { isBlank, isBlock, isElement, nextNode, textFrom } from './domText';
import { externalLink, htmlToText, textBlocks, textToReact } from './plainText';
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
const LANGUAGE = /^[\w#+.-]{1,32}$/;
/**
 * Elements one message renders (its collapsed history has its own allowance).
 * Every element costs the browser style and layout; past this the rest shows
 * as plain text, so a body packed with markup cannot freeze the page. A
 * formatted support reply has about one element per 20 characters.
 */
export const MAX_ELEMENTS = 800;
/** Nesting beyond this would overflow the stack here or in React; the rest of that branch renders as its text. */
export const MAX_DEPTH = 200;

interface Context {
  render: (ref: AttachmentRef) => ReactNode;
  remote: boolean;
  messages: MessageBodyMessages;
  quoted: boolean;
  markdown: boolean;
  isQuote: EmailParts['isQuote'];
}

/** A parsed body: the inert DOM, the quoted email history moved out of it, and how it was written. */
export interface ParsedBody {
  body: Element;
  history: DocumentFragment | null;
  markdown: boolean;
  /** Quoted history a mail client marked (from the parts the body was parsed with). */
  isQuote: EmailParts['isQuote'];
  /** Text of what lies past MAX_ELEMENTS, in the body and in the history. */
  overflow: [body: string | null, history: string | null];
}

const defaultRender = ({ kind, alt, children }: AttachmentRef): ReactNode =>
  kind === 'image' ? createElement('span', { className: 'dt-message-body-attachment' }, alt) : children;

const number = (value: string | null) => (value && /^\d{1,4}$/.test(value) ? +value : undefined);

function children(parent: Node, ctx: Context, depth: number): ReactNode[] {
  const out: ReactNode[] = [];
  const table = TABLE.test((parent as Element).localName ?? '');
  const nodes = parent.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (table && !TABLE_PART.test((node as Element).localName)) continue;
    out.push(convert(node, ctx, depth, i));
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

/** Table cell alignment, from `align` or the (renamed, see defuseHtml) `style` markdown tables and emails use. */
function alignment(el: Element): 'left' | 'center' | 'right' | undefined {
  const value = el.getAttribute('align') ?? /(?:^|;)\s*text-align\s*:\s*(\w+)/i.exec(el.getAttribute('data-dt-style') ?? '')?.[1];
  const align = value?.toLowerCase();
  return align === 'left' || align === 'center' || align === 'right' ? align : undefined;
}

function convert(node: Node, ctx: Context, depth: number, key: number): ReactNode {
  if (node.nodeType === 3) return (node as Text).data;
  // Comments, processing instructions and foreign (SVG/MathML) elements never render.
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  const name = el.localName;
  if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml' || DROP.test(name)) return null;
  if (depth > MAX_DEPTH) return el.textContent;
  if (!ctx.quoted && ctx.isQuote(el)) {
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
  if (name === 'dt-task' && ctx.markdown) {
    // A GFM task: a disabled checkbox named by the item's text.
    const box = createElement('input', { type: 'checkbox', disabled: true, readOnly: true, checked: el.hasAttribute('checked') });
    return createElement('label', { key, className: 'dt-message-body-task' }, box, ...kids);
  }
  // A message must not break the page's heading outline, so its headings sit
  // below the thread's: h1 → h4, h2 → h5, h3–h6 → h6.
  const tag = /^h[1-6]$/.test(name) ? `h${Math.min(+name[1]! + 3, 6)}` : KEEP.test(name) ? name : '';
  if (!tag) return createElement(Fragment, { key }, kids);
  const props: Record<string, unknown> = { key };
  if (name === 'td' || name === 'th') {
    props.colSpan = number(el.getAttribute('colspan'));
    props.rowSpan = number(el.getAttribute('rowspan'));
    props.align = alignment(el);
  } else if (name === 'ol') props.start = number(el.getAttribute('start'));
  else if (name === 'li' && ctx.markdown && el.hasAttribute('data-dt-task')) props.className = 'dt-message-body-task-item';
  else if (name === 'code') {
    // Markdown engines write `class="language-x"`; the language stays as that class and as data-language.
    const lang = /(?:^|\s)language-(\S+)/.exec(el.getAttribute('class') ?? '')?.[1] ?? el.getAttribute('data-language') ?? '';
    if (LANGUAGE.test(lang)) {
      props.className = `language-${lang}`;
      props['data-language'] = lang;
    }
  }
  // Wide email tables scroll sideways, and a scroll container must be
  // reachable by keyboard. Only the outermost table scrolls (email nests
  // them); code wraps instead (see message-body.css), so it needs no tab stop.
  if (tag === 'table' && !el.parentElement?.closest('table')) {
    return createElement('div', { key, className: 'dt-message-body-scroll', tabIndex: 0 }, createElement(tag, props, kids));
  }
  return createElement(tag, props, ...(tag === 'br' || tag === 'hr' ? [] : [kids]));
}

/**
 * Moves everything from the element that would exceed MAX_ELEMENTS to the
 * end out of `root`, and returns it as text (line breaks kept), or null when
 * the whole of it renders. Counted as the walker renders: dropped subtrees
 * and unwrapped elements cost nothing.
 */
function cutOverflow(root: Element | DocumentFragment): string | null {
  let count = 0;
  let node: Node | null = root.firstChild;
  while (node) {
    let descend = true;
    if (isElement(node)) {
      const name = node.localName;
      if (DROP.test(name)) descend = false;
      else if ((KEEP.test(name) || /^h[1-6]$/.test(name)) && ++count > MAX_ELEMENTS) {
        const range = root.ownerDocument!.createRange();
        range.setStartBefore(node);
        range.setEndAfter(root.lastChild!);
        const rest = range.extractContents();
        return textFrom(rest, rest, Infinity).replace(/\n{3,}/g, '\n\n').trim();
      }
    }
    node = nextNode(node, root, descend);
  }
  return null;
}

function firstContent(parent: Node): Node | null {
  let n = parent.firstChild;
  while (n && isBlank(n)) n = n.nextSibling;
  return n;
}

/**
 * GFM task items (`- [ ] todo`, `- [x] done`): the marker becomes a
 * `<dt-task>` around the item's first line, which the walker renders as a
 * disabled checkbox in a label. Done once per parse, on the inert document.
 */
function markTasks(body: Element) {
  for (const li of body.querySelectorAll('li')) {
    let host: Element = li;
    let first = firstContent(li);
    if (isElement(first) && first.localName === 'p') {
      host = first;
      first = firstContent(first);
    }
    if (!first || first.nodeType !== 3) continue;
    const marker = /^\s*\[([ xX])\](?:[ \t]+|$)/.exec((first as Text).data);
    if (!marker) continue;
    (first as Text).data = (first as Text).data.slice(marker[0].length);
    const task = li.ownerDocument.createElement('dt-task');
    if (marker[1] !== ' ') task.setAttribute('checked', '');
    let n: Node | null = first;
    while (n && !isBlock(n)) {
      const next: Node | null = n.nextSibling;
      task.append(n);
      n = next;
    }
    host.insertBefore(task, n);
    li.setAttribute('data-dt-task', '');
  }
}

/**
 * Parses into an inert document: no script runs, nothing loads, no browsing
 * context, and (see defuseHtml) no CSP report. Email history is moved out of
 * HTML bodies here; markdown task items are marked.
 */
export function parseHtml(
  html: string,
  { markdown = false, parts }: { markdown?: boolean; parts: Pick<EmailParts, 'defuseHtml' | 'extractHistory' | 'isQuote'> },
): ParsedBody {
  // The doctype keeps the parser out of quirks mode (where <p> may contain <table>, invalid for React).
  const body = new DOMParser().parseFromString(`<!doctype html>${parts.defuseHtml(html)}`, 'text/html').body;
  // A form's named controls shadow its DOM properties (`<input name=parentNode>`
  // makes form.parentNode that input), which would send the walkers in circles.
  // Forms never render (DROP), so they go before anything walks the tree.
  for (const form of body.querySelectorAll('form')) Element.prototype.remove.call(form);
  if (markdown) markTasks(body);
  const history = markdown ? null : parts.extractHistory(body);
  return { body, history, markdown, isQuote: parts.isQuote, overflow: [cutOverflow(body), history && cutOverflow(history)] };
}

/** Walks a parsed body into React elements. Split from parsing so MessageBody can memoise each step. */
const overflowText = (text: string | null) =>
  text ? createElement('div', { key: 'overflow', className: 'dt-message-body-plain' }, textBlocks(text)) : null;

export function walk({ body, history, markdown, isQuote, overflow }: ParsedBody, options: HtmlToReactOptions = {}): ReactNode {
  const ctx: Context = {
    render: options.renderAttachment ?? defaultRender,
    remote: !!options.allowRemoteImages,
    messages: { ...defaultMessageBodyMessages, ...options.messages },
    quoted: false,
    markdown,
    isQuote,
  };
  const out = children(body, ctx, 0);
  out.push(overflowText(overflow[0]));
  if (history) {
    const quoted = children(history, { ...ctx, quoted: true }, 0);
    quoted.push(overflowText(overflow[1]));
    out.push(createElement(QuotedText, { key: 'q', messages: ctx.messages }, quoted));
  }
  return out;
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
 * - Quoted email history (client-marked quotes, Outlook's markers and header
 *   blocks, attributions before a quote) collapses behind a toggle.
 *
 * Without a DOMParser (on a server) it falls back to plain text.
 * @example
 * htmlToReact('<p onclick="x()">Hi <a href="javascript:x()">there</a></p>'); // <p>Hi there</p>
 */
export function htmlToReact(html: string, options: HtmlToReactOptions = {}): ReactNode {
  if (typeof DOMParser === 'undefined') {
    const text = textToReact(htmlToText(html), { ...defaultMessageBodyMessages, ...options.messages });
    return createElement('div', { className: 'dt-message-body-plain' }, text);
  }
  return walk(parseHtml(html, { parts: emailParts }), options);
}
