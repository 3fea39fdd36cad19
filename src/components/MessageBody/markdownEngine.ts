/*
 * The full markdown engine: markdown-it (CommonMark with GFM tables,
 * strikethrough and autolinks), loaded on demand by markdownLoader.ts the
 * first time a markdown body is shown, so the portal's first load doesn't
 * carry it. Its HTML goes only to the allowlist walker, never to the DOM.
 *
 * Chosen over marked and micromark for robustness on hostile input: it caps
 * nesting and auto-completed table cells and passes its pathological-input
 * suite; both others overflowed the stack or ran for seconds on 20,000
 * characters of nested list markers (see the README's "Message rendering").
 */
import MarkdownIt from 'markdown-it';

/** Deeper block nesting (lists, quotes) makes markdown-it stop and drop the rest, so such a body is shown as text. */
const MAX_NESTING = 32;
/** Emphasis nests without limit in markdown-it; a paragraph nesting deeper shows as its source text. */
const MAX_INLINE_NESTING = 16;
/** Beyond these a "table" is hostile, not written: wider ones stay text, longer ones end at the cap. */
const MAX_TABLE_COLUMNS = 64;
const MAX_TABLE_CELLS = 4096;

/**
 * A configured markdown-it. `breaks: false` is strict CommonMark (a single
 * newline is a space); the portal renders with `breaks: true`, since support
 * messages are written like email. The CommonMark score compares both.
 */
export function createMarkdownRenderer({ breaks = true }: { breaks?: boolean } = {}): (src: string) => string | null {
  const md = new MarkdownIt('default', { html: true, linkify: true, breaks, maxNesting: MAX_NESTING });

  // GFM autolinks: scheme URLs, emails and `www.` hosts, but not every
  // "settings.py" or "example.com" in prose.
  md.linkify.set({ fuzzyLink: true });
  const match = md.linkify.match.bind(md.linkify);
  md.linkify.match = (text: string) => match(text)?.filter((link) => link.schema !== '' || /^www\./i.test(link.raw)) ?? null;

  const table = md.block.ruler.__rules__.find((rule) => rule.name === 'table')!;
  const tableRule = table.fn;
  md.block.ruler.at(
    'table',
    (state, startLine, endLine, silent) => {
      if (startLine + 1 >= endLine) return false;
      const delimiter = state.src.slice(state.bMarks[startLine + 1]! + state.tShift[startLine + 1]!, state.eMarks[startLine + 1]);
      let columns = 1;
      for (let i = 0; i < delimiter.length; i++) if (delimiter.charCodeAt(i) === 124) columns++;
      if (columns > MAX_TABLE_COLUMNS) return false;
      const rows = Math.floor(MAX_TABLE_CELLS / columns);
      return tableRule(state, startLine, Math.min(endLine, startLine + 2 + rows), silent);
    },
    { alt: table.alt },
  );

  md.core.ruler.push('dt_flatten_deep_inline', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'inline' || !token.children) continue;
      let depth = 0;
      let max = 0;
      for (const child of token.children) max = Math.max(max, (depth += child.nesting));
      if (max <= MAX_INLINE_NESTING) continue;
      const text = new state.Token('text', '', 0);
      text.content = token.content;
      token.children = [text];
    }
  });

  return (src) => {
    const env = {};
    const tokens = md.parse(src, env);
    // markdown-it stops at maxNesting and drops what is deeper: show the body as text instead.
    for (const token of tokens) if (token.level >= MAX_NESTING - 1) return null;
    return md.renderer.render(tokens, md.options, env);
  };
}

/**
 * Markdown to HTML for the walker, or `null` when the body nests deeper than
 * the engine renders (the caller shows it as plain text: nothing is lost).
 */
export const renderMarkdown = createMarkdownRenderer();
