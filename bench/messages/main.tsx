// Message render cost, driven by scripts/bench-messages.mjs through
// `window.benchMessages`. One measurement = one synchronous mount of a
// MessageBody (format detection, markdown engine or parser, sanitising walk,
// React render and commit) plus the browser's style and layout.
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { detectFormat, MessageBody, type MessageFormat } from '../../src/components/MessageBody';
import * as parts from '../../src/components/MessageBody/emailParts';
import { parseHtml, walk } from '../../src/components/MessageBody/htmlToReact';
import { getMarkdownEngine, loadMarkdownEngine } from '../../src/components/MessageBody/markdownLoader';
import { markdownToHtml } from '../../src/components/MessageBody/markdownToHtml';
import '../../src/styles/index.css';
import { hostileBodies } from '../../test/fixtures/hostile-bodies';
import { realisticBodies } from './realistic';

const stage = document.getElementById('stage') as HTMLElement;

interface Timing {
  ms: number;
  /** The message fell back to plain text through its error boundary. */
  failed: boolean;
  /** Rendered content size, to see that something real was drawn. */
  nodes: number;
}

function time(render: () => React.ReactNode): Timing {
  let failed = false;
  const root = createRoot(stage, { onCaughtError: () => (failed = true) });
  const start = performance.now();
  flushSync(() => root.render(render()));
  void stage.offsetHeight; // style and layout
  const ms = performance.now() - start;
  const nodes = stage.getElementsByTagName('*').length;
  root.unmount();
  return { ms, failed, nodes };
}

const inputs = [...hostileBodies.map((h) => ({ ...h, realistic: false })), ...realisticBodies.map((r) => ({ ...r, realistic: true }))];
// Bodies are built once per (input, size): building them is not what is measured.
const cache = new Map<string, string>();
const bodyOf = (index: number, size: number) => {
  const key = `${index}:${size}`;
  if (!cache.has(key)) {
    cache.clear();
    cache.set(key, inputs[index]!.make(size));
  }
  return cache.get(key)!;
};

/** One mount of a MessageBody, the format given or (`detect`) left to detection. */
function mount(index: number, size: number, detect: boolean): Timing & { length: number } {
  const body = bodyOf(index, size);
  const format: MessageFormat | undefined = detect ? undefined : inputs[index]!.format;
  return { length: body.length, ...time(() => createElement(MessageBody, { body, format })) };
}

/** The small built-in renderer alone: what a markdown body shows before the engine has loaded. */
function mountInterim(index: number, size: number): Timing & { length: number } {
  const body = bodyOf(index, size);
  return {
    length: body.length,
    ...time(() => createElement('div', { className: 'dt-message-body' }, walk(parseHtml(markdownToHtml(body), { markdown: true, parts })))),
  };
}

/** Where the time goes (DT_BENCH_PHASES=1): detection, markdown engine, parse, walk, commit + layout. */
function phases(index: number, size: number) {
  const input = inputs[index]!;
  const body = bodyOf(index, size);
  const timed = <T,>(f: () => T): [number, T] => {
    const start = performance.now();
    const result = f();
    return [performance.now() - start, result];
  };
  const [detect] = timed(() => detectFormat(body));
  if (input.format === 'text') return { detect };
  const markdown = input.format === 'markdown';
  const [engine, html] = markdown ? timed(() => getMarkdownEngine()!(body) ?? '') : [0, body];
  const [parse, parsed] = timed(() => parseHtml(html, { markdown, parts }));
  const [walked, nodes] = timed(() => walk(parsed));
  const commit = time(() => createElement('div', null, nodes)).ms;
  return { detect, engine, html: html.length, parse, walk: walked, commit };
}

Object.assign(window, {
  benchMessages: {
    inputs: inputs.map(({ name, format, realistic }) => ({ name, format, realistic })),
    mount,
    mountInterim,
    phases,
  },
});
await loadMarkdownEngine();
document.title = 'bench ready';
