// `npm run size`: min+gzip bytes of each public entry as an app ships it
// (react and react-dom external, every other dependency bundled), plus
// styles.css. Budgets are enforced: exit 1 when one is over.
//
// Budgets are checked against Vite 8's production pipeline (Rolldown, Oxc
// minifier): the stack this kit is built with and what a Vite app ships.
// Minifiers differ by a few per cent, so esbuild's figure is printed beside it.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { rolldown } from 'rolldown';

if (!existsSync('dist/index.js') || process.argv.includes('--build')) {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
}

const KB = 1024;
const react = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];
const entries = [
  // What a drop-in portal costs (every dependency but React).
  {
    name: 'full kit: SupportPortal + PortalProvider',
    code: "export { SupportPortal, PortalProvider } from './dist/index.js';",
    budget: 60 * KB,
  },
  // Everything the styled entry exports, NewTicketDialog (Radix) included.
  { name: 'styled entry, everything (export *)', code: "export * from './dist/index.js';" },
  // Everything headless, react-query included.
  // 23 KB (was 20): the behaviour the styled components had to themselves moved here as hooks
  // (useTicketList, useReplyComposer, useNewTicketForm, useSeenTickets and its store: ~2.8 KB),
  // less what uploads now load on demand. Later features must fit or load on demand.
  { name: 'headless entry, everything (export *)', code: "export * from './dist/headless.js';", budget: 23 * KB },
  { name: 'server entry', code: "export * from './dist/server/index.js';", budget: 4 * KB },
  { name: 'locale: de', code: "export * from './dist/i18n/locales/de.js';" },
  { name: 'locale: ar', code: "export * from './dist/i18n/locales/ar.js';" },
  { name: 'mock entry (hono bundled; tests and dev only)', code: "export * from './dist/mock/index.js';" },
];

const external = [...react, 'msw', 'msw/*', '@hono/node-server', 'node:*'];
const define = { 'process.env.NODE_ENV': '"production"' };
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Vite 8's production build: Rolldown bundles, Oxc minifies. */
async function withRolldown(code) {
  const id = '\0size-entry';
  const bundle = await rolldown({
    input: id,
    // A virtual entry; its imports resolve from the repository root.
    plugins: [{ name: 'entry', resolveId: (s) => (s === id ? id : null), load: (s) => (s === id ? code.replaceAll('./dist/', `${resolve('dist')}/`) : null) }],
    external: external.map((e) => new RegExp(`^${e.replace('*', '.*')}$`)),
    platform: 'browser',
    transform: { define },
    logLevel: 'silent',
  });
  const { output } = await bundle.generate({ format: 'es', minify: true, comments: false, topLevelVar: true });
  await bundle.close();
  // What loads at once: the entry chunk and every chunk it imports statically. Chunks
  // loaded on demand (uploads, the first time a file is attached) are shown apart.
  const chunks = new Map(output.filter((c) => c.type === 'chunk').map((c) => [c.fileName, c]));
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name) || !chunks.has(name)) return;
    initial.add(name);
    chunks.get(name).imports.forEach(visit);
  };
  visit(output[0].fileName);
  const sum = (names, size) => names.reduce((total, name) => total + size(Buffer.from(chunks.get(name).code)), 0);
  const later = [...chunks.keys()].filter((name) => !initial.has(name));
  return { min: sum([...initial], (b) => b.length), gzip: sum([...initial], gzip), later: sum(later, gzip) };
}

async function withEsbuild(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    define,
    // Keep non-Latin text as UTF-8, as bundlers ship it (ASCII escapes inflate Arabic 3x).
    charset: 'utf8',
    logLevel: 'error',
  });
  return gzip(result.outputFiles[0].contents);
}

const rows = [];
for (const entry of entries) {
  rows.push({ ...entry, ...(await withRolldown(entry.code)), esbuild: await withEsbuild(entry.code) });
}
const css = readFileSync('dist/styles.css');
rows.push({ name: 'styles.css', min: css.length, gzip: gzip(css), budget: 8 * KB });

const fmt = (n) => (n === undefined ? '-'.padStart(10) : `${(n / KB).toFixed(2)} KB`.padStart(10));
let over = 0;
console.log(
  `${'entry'.padEnd(50)}${'min'.padStart(10)}${'min+gzip'.padStart(10)}${'budget'.padStart(10)}${'(esbuild)'.padStart(11)}${'on demand'.padStart(11)}`,
);
for (const row of rows) {
  const bad = row.budget !== undefined && row.gzip > row.budget;
  if (bad) over += 1;
  console.log(
    `${row.name.padEnd(50)}${fmt(row.min)}${fmt(row.gzip)}${fmt(row.budget)}${fmt(row.esbuild)} ${fmt(row.later || undefined)}${bad ? ' OVER BUDGET' : ''}`,
  );
}
console.log('min+gzip: Rolldown + Oxc minifier, as Vite 8 ships it (gzip -9); esbuild --minify for reference.');
console.log('on demand: min+gzip of chunks loaded when first needed (file uploads), outside the budget.');
if (over) {
  console.error(`size: ${over} budget(s) exceeded`);
  process.exit(1);
}
console.log('size: all budgets hold');
