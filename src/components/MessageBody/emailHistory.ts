import { FORWARD, isAttribution, isFromLine, isHeaderBlock, isOriginalMessage, isRule, mayStartAttribution } from './quoteMarkers';
import { isBlank, isBlock, isElement, nextNode, textFrom } from './domText';

const CLIENT_QUOTE = /(?:^|\s)(?:gmail_quote|yahoo_quoted|protonmail_quote)(?:\s|$)/;

const firstText = (el: Element) => textFrom(el, el, 200).trim();

/**
 * Quoted history a mail client marked itself: Apple Mail and Thunderbird's
 * `blockquote[type=cite]`, Gmail's, Yahoo's and Proton's quote classes,
 * Outlook for Mac's reference container. A forwarded message in Gmail's
 * quote is what the sender wants read, so it stays open.
 */
export function isQuote(el: Element): boolean {
  if (el.localName === 'blockquote' && /^cite$/i.test(el.getAttribute('type') ?? '')) return true;
  if (el.id === 'mail-editor-reference-message-container') return true;
  return CLIENT_QUOTE.test(el.getAttribute('class') ?? '') && !FORWARD.test(firstText(el));
}

/** The next sibling element, skipping blank text, comments and `<br>`s. */
function nextElement(node: Node): Element | null {
  for (let n = node.nextSibling; n; n = n.nextSibling) {
    if (isBlank(n) || (isElement(n) && n.localName === 'br')) continue;
    return isElement(n) ? n : null;
  }
  return null;
}

function previousElement(node: Node): Element | null {
  for (let n = node.previousSibling; n; n = n.previousSibling) {
    if (isBlank(n)) continue;
    return isElement(n) ? n : null;
  }
  return null;
}

/** Widens a start point to the wrappers it opens, and takes along the rule Outlook draws above it. */
function widen(node: Node, body: Element): Node {
  let start = node;
  for (;;) {
    const parent = start.parentNode;
    if (!parent || parent === body) break;
    let first = true;
    for (let n = start.previousSibling; n && first; n = n.previousSibling) first = isBlank(n);
    if (!first) break;
    start = parent;
  }
  const previous = previousElement(start);
  if (previous && (previous.localName === 'hr' || isRule(textFrom(previous, previous, 200).trim()))) return previous;
  return start;
}

function blockOf(node: Node, body: Element): Element {
  let el = node.parentNode;
  // Bounded: a hostile body can nest thousands of inline wrappers.
  for (let i = 0; el && el !== body && !isBlock(el) && i < 64; i++) el = el.parentNode;
  return el && isBlock(el) ? (el as Element) : body;
}

/** What a text node starts, if it is an Outlook header, an "Original Message" line or an attribution before a quote. */
function historyAt(text: Text, body: Element, checks: { n: number }): Node | null {
  const head = text.data.trimStart();
  const from = isFromLine(head);
  if (from || head.startsWith('--')) {
    checks.n++;
    const lines = textFrom(text, body, 800).trimStart().split('\n');
    if (isOriginalMessage(lines[0]!) || (from && isHeaderBlock(lines, 0))) return widen(text, body);
    return null;
  }
  // "On … wrote:" on a line of its own, right before a blockquote (Thunderbird, webmail, Gmail without its classes).
  if (!mayStartAttribution(head)) return null;
  const block = blockOf(text, body);
  if (block === body || nextElement(block)?.localName !== 'blockquote') return null;
  checks.n++;
  const line = textFrom(block, block, 500).replace(/\s+/g, ' ').trim();
  return line.startsWith(head.slice(0, 20).replace(/\s+/g, ' ').trim()) && isAttribution(line) ? widen(block, body) : null;
}

/** Text nodes looked at closely before giving up: real history markers come early, lookalikes by the thousand are hostile. */
const MAX_CANDIDATES = 200;

/**
 * Finds where quoted email history starts in a parsed HTML body (see
 * `isQuote` for what is collapsed in place): Outlook's `#appendonsend` and
 * `#divRplyFwdMsg` markers, its desktop header block (`From:`/`Sent:`/…
 * in a bordered div, in any supported language) and "Original Message" line,
 * Thunderbird's `.moz-cite-prefix`, and an attribution line right before a
 * blockquote. Everything from there to the end is history. Nothing inside a
 * client-marked quote is looked at, and a forwarded message ends the search.
 */
export function findHistory(body: Element): Node | null {
  let node: Node | null = body.firstChild;
  const checks = { n: 0 };
  while (node && checks.n < MAX_CANDIDATES) {
    let descend = true;
    if (isElement(node)) {
      if (isQuote(node)) descend = false;
      else if (node.id === 'appendonsend') return node;
      else if (node.id === 'divRplyFwdMsg') return widen(node, body);
      else if (/(?:^|\s)moz-cite-prefix(?:\s|$)/.test(node.getAttribute('class') ?? '') && nextElement(node)?.localName === 'blockquote') {
        return widen(node, body);
      }
    } else if (node.nodeType === 3 && (node as Text).data.trim()) {
      if (FORWARD.test((node as Text).data)) return null;
      const start = historyAt(node as Text, body, checks);
      if (start) return start;
    }
    node = nextNode(node, body, descend);
  }
  return null;
}

/**
 * Moves the history (from `findHistory`) out of `body` into a fragment, when
 * something the sender wrote stays above it. The inert document's Range does
 * the splitting, so a start deep inside wrappers or a table keeps both halves
 * well formed.
 */
export function extractHistory(body: Element): DocumentFragment | null {
  const start = findHistory(body);
  if (!start) return null;
  const doc = body.ownerDocument;
  const before = doc.createRange();
  before.setStart(body, 0);
  before.setEndBefore(start);
  const visible = before.toString().trim() || before.cloneContents().querySelector?.('img');
  if (!visible) return null;
  const range = doc.createRange();
  range.setStartBefore(start);
  range.setEnd(body, body.childNodes.length);
  return range.extractContents();
}
