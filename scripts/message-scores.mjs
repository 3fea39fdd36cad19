// Prints the message-rendering fidelity scores (part of `npm run bench`):
// the CommonMark spec examples and the quoted-email fixtures. Exits 1 below
// a bar (see bench/messages/scores.tsx). Runs in Node with a jsdom DOM.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';

const outfile = resolve('node_modules/.cache/dt-message-scores/scores.mjs');
await build({
  entryPoints: ['bench/messages/scores.tsx'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  jsx: 'automatic',
  outfile,
  logLevel: 'warning',
});

process.env.NODE_ENV = 'production';
const { window } = new JSDOM('<!doctype html><html><body></body></html>');
for (const key of ['window', 'document', 'DOMParser', 'Node', 'Element', 'HTMLElement', 'Text', 'Range', 'DocumentFragment', 'getComputedStyle']) {
  globalThis[key] = key === 'window' ? window : window[key];
}

const { run } = await import(pathToFileURL(outfile).href);
const { ok, lines } = await run();
for (const line of lines) console.log(line);
if (!ok) {
  console.error('message scores: below the bar (see above)');
  process.exit(1);
}
console.log('message scores: all bars hold');
