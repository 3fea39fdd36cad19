/*
 * Chromium checks a page's Content-Security-Policy even while parsing into an
 * inert DOMParser document: every `style` attribute, `<style>` element and
 * `on*` handler attribute raises a violation report there, although nothing is
 * applied or run. So before an untrusted HTML string reaches DOMParser, this
 * removes `<style>` elements and handler attributes and renames `style` to
 * `data-dt-style` (kept only as a hint for finding Outlook's quoted history).
 *
 * This is report hygiene, not the safety mechanism (the allowlist walker is):
 * a tag it misreads costs a report, never markup. It follows the HTML
 * tokenizer where that matters (quoted attribute values, comments, raw-text
 * elements, svg/math), touches nothing outside tags, and runs in one pass.
 */

const WS = /[\t\n\f\r ]/;
// Elements whose content is text, not markup (outside svg/math).
const RAW_TEXT = /^(?:script|xmp|iframe|noembed|noframes|textarea|title)$/;
// Start tags that end svg/math content in the HTML parser.
const BREAKOUT =
  /^(?:b|big|blockquote|body|br|center|code|dd|div|dl|dt|em|embed|h[1-6]|head|hr|i|img|li|listing|menu|meta|nobr|ol|p|pre|ruby|s|small|span|strong|strike|sub|sup|table|tt|u|ul|var)$/;
// Elements that never hold others, or whose end tag the parser implies: not counted as nesting.
const FLAT =
  /^(?:area|base|basefont|bgsound|br|col|embed|frame|hr|image|img|input|keygen|link|meta|param|source|track|wbr|p|li|dt|dd|td|th|tr|tbody|thead|tfoot|option|optgroup|rb|rt|rp|rtc|colgroup|caption|html|head|body)$/;
/**
 * Deeper tags are dropped (their text stays): a hostile body of thousands of
 * unclosed tags makes the browser's parser search a deep stack at every tag,
 * and the walker flattens anything past its own depth cap anyway.
 */
export const MAX_TAG_DEPTH = 256;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

interface Tag {
  name: string;
  /** Index just past the closing `>` (or the end of input). */
  end: number;
  /** The rewritten tag, or undefined when it needs no change. */
  text?: string;
}

/** Reads the tag that starts at `start` (`<` or `</` then a letter), attributes per the HTML tokenizer. */
function readTag(html: string, start: number, nameStart: number): Tag {
  const n = html.length;
  let pos = nameStart;
  while (pos < n && !WS.test(html[pos]!) && html[pos] !== '/' && html[pos] !== '>') pos++;
  const name = html.slice(nameStart, pos).toLowerCase();
  const kept: string[] = [];
  let changed = false;
  for (;;) {
    while (pos < n && (WS.test(html[pos]!) || html[pos] === '/')) pos++;
    if (pos >= n) return { name, end: n };
    if (html[pos] === '>') break;
    const attrStart = pos++;
    while (pos < n && !WS.test(html[pos]!) && !'/>='.includes(html[pos]!)) pos++;
    const attr = html.slice(attrStart, pos).toLowerCase();
    const nameEnd = pos;
    let probe = pos;
    while (probe < n && WS.test(html[probe]!)) probe++;
    if (html[probe] === '=') {
      pos = probe + 1;
      while (pos < n && WS.test(html[pos]!)) pos++;
      const quote = html[pos];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, pos + 1);
        pos = close < 0 ? n : close + 1;
      } else {
        while (pos < n && !WS.test(html[pos]!) && html[pos] !== '>') pos++;
      }
    }
    if (attr === 'style') {
      kept.push(`data-dt-style${html.slice(nameEnd, pos)}`);
      changed = true;
    } else if (attr.startsWith('on')) changed = true;
    else kept.push(html.slice(attrStart, pos));
  }
  const end = pos + 1;
  if (!changed) return { name, end };
  const selfClosing = html[pos - 1] === '/' ? '/' : '';
  return { name, end, text: `${html.slice(start, nameStart)}${name}${kept.map((a) => ` ${a}`).join('')}${selfClosing}>` };
}

/** Index just past the end tag `</name…>` at or after `from`, or the end of input. */
function skipPast(html: string, from: number, name: string): number {
  const close = new RegExp(`</${name}(?=[\\t\\n\\f\\r />])`, 'gi');
  close.lastIndex = from;
  const m = close.exec(html);
  if (!m) return html.length;
  return readTag(html, m.index, m.index + 2).end;
}

/**
 * Returns `html` without `<style>` elements and `on*` attributes, with `style`
 * renamed to `data-dt-style`, and without tags nested past MAX_TAG_DEPTH.
 */
export function defuseHtml(html: string): string {
  const n = html.length;
  let out = '';
  let last = 0;
  let pos = 0;
  let foreign = 0;
  let depth = 0;
  const dropped = new Map<string, number>();
  while (pos < n) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) break;
    const next = html.charCodeAt(lt + 1);
    if (html.startsWith('<!--', lt)) {
      // Comments, including the abrupt `<!-->` and `<!--->`.
      if (html[lt + 4] === '>') pos = lt + 5;
      else if (html.startsWith('->', lt + 4)) pos = lt + 6;
      else {
        const a = html.indexOf('-->', lt + 4);
        const b = html.indexOf('--!>', lt + 4);
        pos = a < 0 && b < 0 ? n : a >= 0 && (b < 0 || a < b) ? a + 3 : b + 4;
      }
    } else if (foreign && html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      pos = end < 0 ? n : end + 3;
    } else if (next === 33 /* ! */ || next === 63 /* ? */) {
      // Doctype and bogus comments run to the next `>`.
      const end = html.indexOf('>', lt + 2);
      pos = end < 0 ? n : end + 1;
    } else if (next === 47 /* / */) {
      if (isLetter(html.charCodeAt(lt + 2))) {
        const tag = readTag(html, lt, lt + 2);
        if (foreign && (tag.name === 'svg' || tag.name === 'math')) foreign--;
        if (!FLAT.test(tag.name)) {
          const skipped = dropped.get(tag.name);
          if (skipped) {
            // The end of a tag dropped for depth goes too.
            dropped.set(tag.name, skipped - 1);
            out += html.slice(last, lt);
            last = tag.end;
          } else if (depth) depth--;
        }
        pos = tag.end;
      } else {
        const end = html.indexOf('>', lt + 2);
        pos = end < 0 ? n : end + 1;
      }
    } else if (isLetter(next)) {
      const tag = readTag(html, lt, lt + 1);
      if (tag.name === 'style') {
        out += html.slice(last, lt);
        last = pos = skipPast(html, tag.end, 'style');
        continue;
      }
      const selfClosing = html[tag.end - 2] === '/';
      if (!FLAT.test(tag.name) && !(foreign && selfClosing)) {
        // Raw-text and foreign elements stay: without them their content would turn into markup.
        if (depth >= MAX_TAG_DEPTH && !RAW_TEXT.test(tag.name) && !/^(?:plaintext|svg|math)$/.test(tag.name)) {
          dropped.set(tag.name, (dropped.get(tag.name) ?? 0) + 1);
          out += html.slice(last, lt);
          last = pos = tag.end;
          continue;
        }
        depth++;
      }
      if (tag.text !== undefined) {
        out += html.slice(last, lt) + tag.text;
        last = tag.end;
      }
      pos = tag.end;
      const opensForeign = (tag.name === 'svg' || tag.name === 'math') && !selfClosing;
      if (foreign) {
        if (BREAKOUT.test(tag.name)) foreign = 0;
        else if (opensForeign) foreign++;
      } else if (opensForeign) {
        foreign = 1;
      } else if (tag.name === 'plaintext') {
        pos = n;
      } else if (RAW_TEXT.test(tag.name)) {
        // Its content and end tag are skipped whole: it holds no nesting.
        pos = skipPast(html, pos, tag.name);
        depth--;
      }
    } else pos = lt + 1;
  }
  return last ? out + html.slice(last) : html;
}
