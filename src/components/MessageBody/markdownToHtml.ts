import { trimUrl } from './urls';

/*
 * A CommonMark-ish subset sized for support messages. The output is an HTML
 * *string* that only ever goes to htmlToReact's allowlist walker, never to the
 * DOM, so this file cares about faithful markdown, not about safety: text is
 * escaped so it stays text, and raw inline HTML passes through to the walker.
 */

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
// Only these may interrupt a paragraph (as in CommonMark: bullets, or an ordered list starting at 1).
const INTERRUPT = /^ {0,3}(?:[-*+]|1[.)])[ \t]+\S/;

// Spans are capped ({0,2000}): an unclosed marker would otherwise rescan the
// rest of the paragraph from every opener, quadratic on hostile input.
const INLINE = new RegExp(
  [
    /(`+)([\s\S]{0,2000}?[^`])\1(?!`)/.source, // 1-2 code span
    /(!?)\[((?:\\.|[^\\\]]){0,1000})\]\(\s*(<[^<>\n]*>|(?:\\.|[^\\\s()]|\((?:\\.|[^\\\s()])*\)){0,2000})(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/.source, // 3-5 link, image
    /<((?:https?|mailto):[^\s<>]*)>/.source, // 6 <autolink>
    /(<\/?[a-z][\w:-]*(?:\s[^<>]*)?>|<!--[\s\S]{0,5000}?-->)/.source, // 7 raw inline HTML: the walker sanitises it
    /(&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});)/.source, // 8 entity
    /\\([!-/:-@[-`{-~])/.source, // 9 backslash escape
    /(https?:\/\/[^\s<>]+)/.source, // 10 bare URL
  ].join('|'),
  'gi',
);

// Word characters in any script: `_` between them is part of an identifier (snake_case), not emphasis.
const W = '\\p{L}\\p{N}_';
const EMPHASIS: [RegExp, string][] = [
  // Capped like INLINE.
  [/\*\*(?=\S)([\s\S]{0,2000}?\S)\*\*/g, '<strong>$1</strong>'],
  [new RegExp(`(^|[^${W}])__(?=\\S)([\\s\\S]{0,2000}?\\S)__(?![${W}])`, 'gu'), '$1<strong>$2</strong>'],
  [/\*(?=[^\s*])([\s\S]{0,2000}?[^\s*])\*/g, '<em>$1</em>'],
  [new RegExp(`(^|[^${W}])_(?=[^\\s_])([\\s\\S]{0,2000}?[^\\s_])_(?![${W}])`, 'gu'), '$1<em>$2</em>'],
  [/~~(?=\S)([\s\S]{0,2000}?\S)~~/g, '<del>$1</del>'],
];

function inline(text: string, links = true): string {
  const held: string[] = [];
  // Finished HTML waits behind a placeholder (NUL never survives into input) so
  // escaping and emphasis only ever see plain text.
  const hold = (html: string) => `\0${held.push(html) - 1}\0`;
  let s = text.replace(
    INLINE,
    (whole, _ticks, code?: string, bang?: string, label?: string, dest?: string, auto?: string, raw?: string, entity?: string, escaped?: string, url?: string) => {
      if (code !== undefined) return hold(`<code>${esc(code)}</code>`);
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

function list(lines: string[], i: number): [string, number] {
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
    const depth = Math.min(...rest.filter((l) => l.trim()).map(indent));
    return `<li>${blocks([head!, ...rest.map((l) => l.slice(depth))], true)}</li>`;
  });
  const tag = ordered ? 'ol' : 'ul';
  const start = ordered && +first[3]! !== 1 ? ` start="${+first[3]!}"` : '';
  return [`<${tag}${start}>${html.join('')}</${tag}>`, i];
}

function blocks(lines: string[], tight = false): string {
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
      const lang = m[2] ? ` data-language="${esc(m[2])}"` : '';
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
      out += `<blockquote>${blocks(quoted)}</blockquote>`;
    } else if (line.includes('|') && TABLE_DELIM.test(lines[i + 1] ?? '') && cells(line).length === cells(lines[i + 1]!).length) {
      const head = cells(line);
      const row = (tag: string, values: string[]) => `<tr>${head.map((_, k) => `<${tag}>${inline(values[k] ?? '')}</${tag}>`).join('')}</tr>`;
      let body = '';
      for (i += 2; i < lines.length && lines[i]!.trim() && lines[i]!.includes('|'); i++) body += row('td', cells(lines[i]!));
      out += `<table><thead>${row('th', head)}</thead><tbody>${body}</tbody></table>`;
    } else if (indent(line) < 4 && ITEM.test(line)) {
      const [html, next] = list(lines, i);
      out += html;
      i = next;
    } else {
      const para = [line.trim()];
      while (++i < lines.length) {
        const l = lines[i]!;
        if (!l.trim() || FENCE.test(l) || HEADING.test(l) || HR.test(l) || QUOTE.test(l) || INTERRUPT.test(l)) break;
        para.push(l.trim());
      }
      const html = inline(para.join('\n'));
      out += tight ? (out ? '<br>' : '') + html : `<p>${html}</p>`;
    }
  }
  return out;
}

/**
 * Converts a markdown subset to an HTML string for `htmlToReact`: paragraphs
 * (single newlines become line breaks), `**bold**`/`__bold__`, `*em*`/`_em_`
 * (never inside words, so `snake_case_names` stay literal), `~~del~~`,
 * `` `code` ``, fenced code (language → `data-language`), bullet and ordered
 * lists (with `start`, nested by indentation), `>` blockquotes, ATX headings,
 * `---` rules, `[text](url)`, `![alt](url)`, `<https://…>` and bare `http(s)://`
 * autolinks, GFM tables. Raw inline HTML passes through: it goes to the same
 * sanitiser. Not supported: setext headings (`---` under a line is a rule),
 * indented code, reference links, table column alignment.
 * @example
 * markdownToHtml('Hi *there*\nsee my_var_name'); // '<p>Hi <em>there</em><br>see my_var_name</p>'
 */
export function markdownToHtml(md: string): string {
  const lines = md
    .replace(/\0/g, '\ufffd')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^[ \t]+/, (ws) => ws.replace(/\t/g, '    ')));
  return blocks(lines);
}
