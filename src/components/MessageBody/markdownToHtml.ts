import { trimUrl } from './urls';

/*
 * The small built-in markdown renderer: what a markdown body shows while the
 * full engine (markdownEngine.ts) loads, the first time one is displayed. It
 * draws ordinary support messages (paragraphs and line breaks, emphasis,
 * lists, quotes, code, links, tables, task items) as the engine does, so the
 * swap doesn't move them; it is not CommonMark. The output is an HTML
 * *string* that only ever goes to the allowlist walker, never to the DOM.
 *
 * Bounded on hostile input: nesting stops at MAX_DEPTH, spans and the
 * lookahead of every pattern are capped, code spans are matched in one pass,
 * and MessageBody only gives it bodies up to LIGHT_MAX characters.
 */

/** Longer bodies show as plain text until the engine arrives. */
export const LIGHT_MAX = 10_000;
const MAX_DEPTH = 8;
// How far an emphasis, link or comment may reach: an unclosed marker rescans at most this much.
const SPAN = 500;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const unescape = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
const indent = (line: string) => /^ */.exec(line)![0].length;

const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})[ \t]*([^\s`~]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( *)([-*+]|(\d{1,9})[.)])(?:[ \t]+(.*))?$/;
// GFM tables: a header row, then a delimiter row such as `| --- | :-: |`.
const TABLE_DELIM = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    // GFM: an escaped pipe is a pipe in the cell, even inside a code span.
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
// As in the engine: a wider "table" stays text, a longer one ends at the cell cap.
const MAX_COLUMNS = 64;
const MAX_CELLS = 4096;
const isTable = (lines: readonly string[], i: number) => {
  if (!lines[i]!.includes('|') || !TABLE_DELIM.test(lines[i + 1] ?? '')) return false;
  const columns = cells(lines[i + 1]!).length;
  return columns <= MAX_COLUMNS && cells(lines[i]!).length === columns;
};
// Only these may interrupt a paragraph (as in CommonMark: bullets, or an ordered list starting at 1).
const INTERRUPT = /^ {0,3}(?:[-*+]|1[.)])[ \t]+\S/;

const INLINE = new RegExp(
  [
    `(!?)\\[((?:\\\\.|[^\\\\\\]]){0,${SPAN}})\\]\\(\\s*(<[^<>\\n]{0,${SPAN}}>|(?:\\\\.|[^\\\\\\s()]|\\((?:\\\\.|[^\\\\\\s()])*\\)){0,${SPAN}})(?:\\s+(?:"[^"\\n]{0,${SPAN}}"|'[^'\\n]{0,${SPAN}}'))?\\s*\\)`, // 1-3 link, image
    /<((?:https?|mailto):[^\s<>]*)>/.source, // 4 <autolink>
    `(<\\/?[a-z][\\w:-]*(?:\\s[^<>]*)?>|<!--[\\s\\S]{0,${SPAN}}?-->)`, // 5 raw inline HTML: the walker sanitises it
    /(&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});)/.source, // 6 entity
    /\\([!-/:-@[-`{-~])/.source, // 7 backslash escape
    /(https?:\/\/[^\s<>]+)/.source, // 8 bare URL
  ].join('|'),
  'gi',
);

// Word characters in any script: `_` between them is part of an identifier (snake_case), not emphasis.
const W = '\\p{L}\\p{N}_';
const EMPHASIS: [RegExp, string][] = [
  [new RegExp(`\\*\\*(?=\\S)([\\s\\S]{0,${SPAN}}?\\S)\\*\\*`, 'g'), '<strong>$1</strong>'],
  [new RegExp(`(^|[^${W}])__(?=\\S)([\\s\\S]{0,${SPAN}}?\\S)__(?![${W}])`, 'gu'), '$1<strong>$2</strong>'],
  [new RegExp(`\\*(?=[^\\s*])([\\s\\S]{0,${SPAN}}?[^\\s*])\\*`, 'g'), '<em>$1</em>'],
  [new RegExp(`(^|[^${W}])_(?=[^\\s_])([\\s\\S]{0,${SPAN}}?[^\\s_])_(?![${W}])`, 'gu'), '$1<em>$2</em>'],
  [new RegExp(`~~(?=\\S)([\\s\\S]{0,${SPAN}}?\\S)~~`, 'g'), '<del>$1</del>'],
];

/**
 * Code spans in one pass: a backtick run opens a span closed by the next run
 * of the same length. Each length's runs are visited in order, so this is
 * linear (a regex with a lazy body rescans from every opener).
 */
function codeSpans(text: string, hold: (html: string) => string): string {
  const runs: [start: number, length: number][] = [];
  for (const m of text.matchAll(/`+/g)) runs.push([m.index, m[0].length]);
  if (runs.length < 2) return text;
  const byLength = new Map<number, number[]>();
  runs.forEach(([, length], k) => {
    const same = byLength.get(length);
    if (same) same.push(k);
    else byLength.set(length, [k]);
  });
  const cursor = new Map<number, number>();
  let out = '';
  let last = 0;
  for (let k = 0; k < runs.length; k++) {
    const [start, length] = runs[k]!;
    if (start < last) continue;
    const same = byLength.get(length)!;
    let c = cursor.get(length) ?? 0;
    while (c < same.length && same[c]! <= k) c++;
    cursor.set(length, c);
    if (c >= same.length) continue;
    const [end] = runs[same[c]!]!;
    let code = text.slice(start + length, end).replace(/\n/g, ' ');
    if (code.startsWith(' ') && code.endsWith(' ') && /[^ ]/.test(code)) code = code.slice(1, -1);
    out += text.slice(last, start) + hold(`<code>${esc(code)}</code>`);
    last = end + length;
  }
  return out + text.slice(last);
}

function inline(text: string, links = true): string {
  const held: string[] = [];
  // Finished HTML waits behind a placeholder (NUL never survives into input) so
  // escaping and emphasis only ever see plain text.
  const hold = (html: string) => `\0${held.push(html) - 1}\0`;
  let s = codeSpans(text, hold).replace(
    INLINE,
    (whole, bang?: string, label?: string, dest?: string, auto?: string, raw?: string, entity?: string, escaped?: string, url?: string) => {
      if (bang !== undefined) {
        const href = esc(unescape(dest!.replace(/^<([\s\S]*)>$/, '$1')));
        return hold(bang ? `<img src="${href}" alt="${esc(unescape(label!))}">` : `<a href="${href}">${inline(label!, false)}</a>`);
      }
      if (auto !== undefined) return hold(`<a href="${esc(auto)}">${esc(auto)}</a>`);
      if (raw ?? entity) return hold(raw ?? entity!);
      if (escaped !== undefined) return hold(esc(escaped));
      if (!links) return whole;
      const href = trimUrl(url!);
      return hold(`<a href="${esc(href)}">${esc(href)}</a>`) + url!.slice(href.length);
    },
  );
  s = esc(s);
  for (const [re, html] of EMPHASIS) s = s.replace(re, html);
  // Single newlines are line breaks: people write support messages like emails.
  return s.replace(/\n/g, '<br>').replace(/\0(\d+)\0/g, (_, n: string) => held[+n]!);
}

function list(lines: string[], i: number, depth: number): [string, number] {
  const first = ITEM.exec(lines[i]!)!;
  const base = first[1]!.length;
  const ordered = first[3] !== undefined;
  const items: string[][] = [];
  let item: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const m = ITEM.exec(line);
    if (m && m[1]!.length <= base + 1 && (m[3] !== undefined) === ordered && !HR.test(line)) {
      items.push((item = [m[4] ?? '']));
    } else if (line.trim() && indent(line) > base) {
      item.push(line);
    } else if (!line.trim()) {
      // A blank line ends the list unless more of it follows (a "loose" list).
      let j = i;
      while (j < lines.length && !lines[j]!.trim()) j++;
      const next = lines[j];
      const more = next !== undefined && (indent(next) > base || (ITEM.exec(next)?.[3] !== undefined) === ordered && ITEM.test(next));
      if (!more) break;
      item.push(...lines.slice(i, j));
      i = j - 1;
    } else break;
  }
  const html = items.map(([head, ...rest]) => {
    let depthOfRest = Infinity;
    for (const l of rest) if (l.trim()) depthOfRest = Math.min(depthOfRest, indent(l));
    return `<li>${blocks([head!, ...rest.map((l) => l.slice(depthOfRest))], depth + 1, true)}</li>`;
  });
  const tag = ordered ? 'ol' : 'ul';
  const start = ordered && +first[3]! !== 1 ? ` start="${+first[3]!}"` : '';
  return [`<${tag}${start}>${html.join('')}</${tag}>`, i];
}

function blocks(lines: string[], depth: number, tight = false): string {
  // Deeper than any message nests: the rest of this branch is a paragraph of its text.
  if (depth > MAX_DEPTH) return `<p>${esc(lines.join('\n')).replace(/\n/g, '<br>')}</p>`;
  let out = '';
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    let m: RegExpExecArray | null;
    if (!line.trim()) {
      i++;
    } else if ((m = FENCE.exec(line))) {
      const fence = m[1]!;
      const code: string[] = [];
      const closes = (l: string) => l.trim().startsWith(fence) && !l.trim().replaceAll(fence[0]!, '');
      while (++i < lines.length && !closes(lines[i]!)) code.push(lines[i]!);
      i++;
      const lang = m[2] ? ` class="language-${esc(m[2])}"` : '';
      out += `<pre><code${lang}>${esc(code.join('\n'))}</code></pre>`;
    } else if ((m = HEADING.exec(line))) {
      out += `<h${m[1]!.length}>${inline(m[2] ?? '')}</h${m[1]!.length}>`;
      i++;
    } else if (HR.test(line)) {
      out += '<hr>';
      i++;
    } else if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) quoted.push(lines[i++]!.replace(QUOTE, ''));
      out += `<blockquote>${blocks(quoted, depth + 1)}</blockquote>`;
    } else if (isTable(lines, i)) {
      const head = cells(line);
      const row = (tag: string, values: string[]) => `<tr>${head.map((_, k) => `<${tag}>${inline(values[k] ?? '')}</${tag}>`).join('')}</tr>`;
      let body = '';
      const end = Math.min(lines.length, i + 2 + Math.floor(MAX_CELLS / head.length));
      for (i += 2; i < end && lines[i]!.trim() && lines[i]!.includes('|'); i++) body += row('td', cells(lines[i]!));
      out += `<table><thead>${row('th', head)}</thead><tbody>${body}</tbody></table>`;
    } else if (indent(line) < 4 && ITEM.test(line)) {
      const [html, next] = list(lines, i, depth);
      out += html;
      i = next;
    } else {
      const para = [line.trim()];
      while (++i < lines.length) {
        const l = lines[i]!;
        if (!l.trim() || FENCE.test(l) || HEADING.test(l) || HR.test(l) || QUOTE.test(l) || INTERRUPT.test(l) || isTable(lines, i)) break;
        para.push(l.trim());
      }
      const html = inline(para.join('\n'));
      out += tight ? (out ? '<br>' : '') + html : `<p>${html}</p>`;
    }
  }
  return out;
}

/**
 * Converts a markdown subset to an HTML string for the walker: paragraphs
 * (single newlines become line breaks), `**bold**`/`__bold__`, `*em*`/`_em_`
 * (never inside words, so `snake_case_names` stay literal), `~~del~~`,
 * `` `code` ``, fenced code (language → `class="language-x"`), bullet and
 * ordered lists (with `start`, nested by indentation), `>` blockquotes, ATX
 * headings, `---` rules, `[text](url)`, `![alt](url)`, `<https://…>` and bare
 * `http(s)://` autolinks, GFM tables. Raw inline HTML passes through to the
 * same sanitiser.
 * @example
 * markdownToHtml('Hi *there*\nsee my_var_name'); // '<p>Hi <em>there</em><br>see my_var_name</p>'
 */
export function markdownToHtml(md: string): string {
  const lines = md
    .replace(/\0/g, '\ufffd')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^[ \t]+/, (ws) => ws.replace(/\t/g, '    ')));
  return blocks(lines, 0);
}
