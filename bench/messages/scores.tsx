// Fidelity scores for message rendering, run by scripts/message-scores.mjs in
// Node with a jsdom DOM (bundled there with esbuild):
// 1. The CommonMark spec examples (commonmark-spec), each rendered as the
//    portal renders markdown and compared with the spec's HTML after both went
//    through the same sanitiser (so what we drop on purpose, like raw <div>s
//    or relative links, counts as equal).
// 2. Real-shaped reply emails (test/fixtures/emails.ts): is exactly the
//    sender's part visible, with the quoted history collapsed?
import { createElement, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import spec from 'commonmark-spec';
import { MessageBody } from '../../src/components/MessageBody';
import * as parts from '../../src/components/MessageBody/emailParts';
import { parseHtml, walk } from '../../src/components/MessageBody/htmlToReact';
import { createMarkdownRenderer } from '../../src/components/MessageBody/markdownEngine';
import { loadEmailParts } from '../../src/components/MessageBody/emailPartsLoader';
import { loadMarkdownEngine } from '../../src/components/MessageBody/markdownLoader';
import { emailFixtures } from '../../test/fixtures/emails';
import { normalize, visibleText } from '../../test/utils/messageText';

const MIN_COMMONMARK = 0.95;

/**
 * Why an example renders differently from the spec. Every difference must be
 * listed here with its reason, or the score fails.
 */
const REASONS: Record<number, string> = {
  602: 'GFM autolink literal: the URL inside an invalid <…> autolink is still linked, as on GitHub',
  608: 'GFM autolink literal: the URL inside an invalid <…> autolink is still linked, as on GitHub',
  611: 'GFM autolink literal: a bare https:// URL is linked, as on GitHub',
  612: 'GFM autolink literal: a bare email address is linked, as on GitHub',
};

function mount(node: ReactNode): { root: Element; unmount: () => void } {
  const host = document.createElement('div');
  const root = createRoot(host);
  flushSync(() => root.render(node));
  return { root: host.firstElementChild!, unmount: () => root.unmount() };
}

const BLOCK = 'p|div|ul|ol|li|blockquote|pre|h[1-6]|hr|table|thead|tbody|tr|th|td|br';
const BLOCK_SPACE = new RegExp(`\\s*(</?(?:${BLOCK})\\b[^>]*>)\\s*`, 'g');

/** Canonical markup: sorted attributes, whitespace collapsed outside <pre> and dropped around blocks. */
function canonical(el: Element): string {
  const out: string[] = [];
  const visit = (node: Node, pre: boolean) => {
    if (node.nodeType === 3) {
      const text = (node as Text).data;
      out.push((pre ? text : text.replace(/\s+/g, ' ')).replace(/&/g, '&amp;').replace(/</g, '&lt;'));
      return;
    }
    if (node.nodeType !== 1) return;
    const e = node as Element;
    const attrs = [...e.attributes].map((a) => `${a.name}="${a.value}"`).sort();
    out.push(`<${e.localName}${attrs.length ? ` ${attrs.join(' ')}` : ''}>`);
    for (const child of e.childNodes) visit(child, pre || e.localName === 'pre');
    out.push(`</${e.localName}>`);
  };
  for (const child of el.childNodes) visit(child, false);
  return out.join('').replace(BLOCK_SPACE, '$1').trim();
}

const rendered = (body: string, format: 'markdown' | 'html') => {
  const { root, unmount } = mount(createElement(MessageBody, { body, format }));
  const html = canonical(root);
  unmount();
  return html;
};

const strictMarkdown = createMarkdownRenderer({ breaks: false });
const strict = (markdown: string) => {
  const { root, unmount } = mount(createElement('div', null, walk(parseHtml(strictMarkdown(markdown) ?? '', { markdown: true, parts }))));
  const html = canonical(root);
  unmount();
  return html;
};
const withoutBreaks = (html: string) => html.replace(/\s*<br><\/br>\s*/g, ' ').replace(/\s*(<[^>]+>)\s*/g, '$1');

export interface CommonMarkScore {
  total: number;
  identical: number;
  lineBreaksOnly: number;
  strict: number;
  differences: { number: number; section: string; markdown: string; expected: string; actual: string; reason?: string }[];
}

export async function commonMarkScore(): Promise<CommonMarkScore> {
  await loadMarkdownEngine();
  const score: CommonMarkScore = { total: spec.tests.length, identical: 0, lineBreaksOnly: 0, strict: 0, differences: [] };
  for (const example of spec.tests) {
    const markdown = example.markdown.replace(/→/g, '\t');
    const expected = rendered(example.html.replace(/→/g, '\t'), 'html');
    const actual = rendered(markdown, 'markdown');
    const strictActual = strict(markdown);
    if (strictActual === expected) score.strict++;
    if (actual === expected) score.identical++;
    else if (strictActual === expected && withoutBreaks(actual) === withoutBreaks(strictActual)) score.lineBreaksOnly++;
    else {
      score.differences.push({ number: example.number, section: example.section, markdown, expected, actual, reason: REASONS[example.number] });
    }
  }
  return score;
}

export interface EmailScore {
  total: number;
  passed: number;
  languages: string[];
  failures: { id: string; expected: string; actual: string; collapsed: boolean }[];
}

export function emailScore(): EmailScore {
  const score: EmailScore = { total: emailFixtures.length, passed: 0, languages: [...new Set(emailFixtures.map((f) => f.lang))], failures: [] };
  for (const fixture of emailFixtures) {
    const { root, unmount } = mount(createElement(MessageBody, { body: fixture.body, format: fixture.format }));
    const actual = visibleText(root);
    const collapsed = !!root.querySelector('.dt-message-body-quote-toggle');
    unmount();
    if (actual === normalize(fixture.visible) && collapsed === fixture.collapsed) score.passed++;
    else score.failures.push({ id: fixture.id, expected: normalize(fixture.visible), actual, collapsed });
  }
  return score;
}

const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(1)}%`;

/** Both scores as report lines; `ok` is false when one is below its bar or a CommonMark difference has no recorded reason. */
export async function run(): Promise<{ ok: boolean; lines: string[] }> {
  // Both load on demand in the portal; scored as a customer sees them once loaded.
  await Promise.all([loadMarkdownEngine(), loadEmailParts()]);
  let ok = true;
  const lines: string[] = [];
  const print = (...parts: string[]) => lines.push(parts.join(' '));
  const cm = await commonMarkScore();
  const faithful = cm.identical + cm.lineBreaksOnly;
  print(`CommonMark ${spec.tests.length} spec examples (commonmark-spec), counted after the sanitiser`);
  print(`  as the portal renders markdown:          ${faithful} / ${cm.total} = ${pct(faithful, cm.total)}  (bar: ${MIN_COMMONMARK * 100}%)`);
  print(`    identical to the spec:                 ${cm.identical}`);
  print(`    differing only where a single newline`);
  print(`    is a line break (support-message rule): ${cm.lineBreaksOnly}`);
  print(`  with strict CommonMark soft breaks:      ${cm.strict} / ${cm.total} = ${pct(cm.strict, cm.total)}`);
  if (faithful / cm.total < MIN_COMMONMARK) ok = false;
  for (const d of cm.differences) {
    print(`  #${d.number} (${d.section}): ${d.reason ?? 'NO REASON RECORDED'}`);
    if (!d.reason) {
      ok = false;
      print(`      markdown ${JSON.stringify(d.markdown)}\n      spec     ${d.expected}\n      portal   ${d.actual}`);
    }
  }
  const email = emailScore();
  print(`\nQuoted email history (${email.total} real-shaped emails, ${email.languages.length} languages: ${email.languages.join(', ')})`);
  print(`  exactly the sender's part visible, history collapsed: ${email.passed} / ${email.total} = ${pct(email.passed, email.total)}`);
  for (const f of email.failures) {
    ok = false;
    print(`  ${f.id}${f.collapsed ? ' (collapsed)' : ''}\n      expected ${JSON.stringify(f.expected)}\n      visible  ${JSON.stringify(f.actual)}`);
  }
  return { ok, lines };
}
