// `npm run size`: min+gzip bytes of each public entry as an app ships it
// (react and react-dom external, every other dependency bundled), plus
// styles.css. Budgets are enforced: exit 1 when one is over, or when the
// README's size figures differ from these (`npm run size -- --write` updates them).
//
// Budgets are checked against Vite 8's production pipeline (Rolldown, Oxc
// minifier): the stack this kit is built with and what a Vite app ships.
// Minifiers differ by a few per cent, so esbuild's figure is printed beside it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { rolldown } from 'rolldown';
import { applySizes, sizeDrift } from './readme-sizes.mjs';

if (!existsSync('dist/index.js') || process.argv.includes('--build')) {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
}

const KB = 1024;
const react = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];
const entries = [
  // What a drop-in portal costs (every dependency but React).
  {
    key: 'kit',
    name: 'full kit: SupportPortal + PortalProvider',
    code: "export { SupportPortal, PortalProvider } from './dist/index.js';",
    budget: 60 * KB,
  },
  // Everything the styled entry exports, NewTicketDialog (Radix) included.
  { key: 'styled', name: 'styled entry, everything (export *)', code: "export * from './dist/index.js';" },
  // Everything headless, react-query included: at most 22 KB (the figure the
  // portal-features work was given).
  { key: 'headless', name: 'headless entry, everything (export *)', code: "export * from './dist/headless.js';", budget: 22 * KB },
  // Token helpers only: what a host in direct mode imports. 4.5 KB (was 4):
  // toNodeHandler streams request and response bodies (uploads and downloads
  // through the gateway), and the token handler can mint through a gateway.
  {
    key: 'server',
    name: 'server: token helpers',
    code: "export { createPortalTokenHandler, issuePortalToken, sendMagicLink, toNodeHandler } from './dist/server/index.js';",
    budget: 4.5 * KB,
  },
  // The portal gateway runs in the host's backend (bytes matter for edge and
  // serverless cold starts, not for browsers): jose's HS256 path included,
  // redis and node:fs loaded only when used. 25 KB (was 24): an answer that
  // could not be stored is kept and replayed rather than created twice (about
  // 140 B), and the gateway is split into modules a newcomer can read (a few
  // hundred bytes of property names the minifier keeps).
  {
    key: 'gateway',
    name: 'server: portal gateway (createPortalGateway)',
    code: "export { createPortalGateway, memoryStore, redisStore } from './dist/server/index.js';",
    budget: 25 * KB,
  },
  // Gateway adapters run in the host's backend too; each is budgeted on its own.
  { key: 'dispatchAdmin', name: 'server: dispatchAdmin adapter', code: "export { dispatchAdmin } from './dist/server/index.js';", budget: 12 * KB },
  { key: 'switchLabs', name: 'server: switchLabs adapter', code: "export { switchLabs } from './dist/server/index.js';", budget: 12 * KB },
  { key: 'answerPal', name: 'server: answerPal adapter', code: "export { answerPal } from './dist/server/index.js';", budget: 12 * KB },
  { key: 'server-all', name: 'server entry, everything (export *)', code: "export * from './dist/server/index.js';" },
  { key: 'de', name: 'locale: de', code: "export * from './dist/i18n/locales/de.js';" },
  { key: 'ar', name: 'locale: ar', code: "export * from './dist/i18n/locales/ar.js';" },
  { key: 'mock', name: 'mock entry (hono bundled; tests and dev only)', code: "export * from './dist/mock/index.js';" },
];

// redis: the gateway's optional peer, imported on first use of redisStore.
const external = [...react, 'msw', 'msw/*', '@hono/node-server', 'node:*', 'redis'];
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
  // loaded on demand (uploads, the markdown engine) are shown apart, one by one.
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
  const lazy = later.map((name) => ({ name: chunks.get(name).name, min: Buffer.byteLength(chunks.get(name).code), gzip: gzip(Buffer.from(chunks.get(name).code)) }));
  return { min: sum([...initial], (b) => b.length), gzip: sum([...initial], gzip), later: sum(later, gzip), lazy };
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
    // Dynamic imports stay separate chunks, as in the Rolldown figure; the entry chunk is measured.
    splitting: true,
    outdir: 'size-out',
    define,
    // Keep non-Latin text as UTF-8, as bundlers ship it (ASCII escapes inflate Arabic 3x).
    charset: 'utf8',
    logLevel: 'error',
    metafile: true,
  });
  // The entry chunk and the chunks it imports statically, as in the Rolldown figure.
  const files = new Map(result.outputFiles.map((f) => [f.path.slice(resolve('.').length + 1), f.contents]));
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name) || !files.has(name)) return;
    initial.add(name);
    result.metafile.outputs[name].imports.filter((i) => i.kind === 'import-statement').forEach((i) => visit(i.path));
  };
  visit([...files.keys()].find((name) => /stdin\.js$/.test(name)));
  return [...initial].reduce((total, name) => total + gzip(files.get(name)), 0);
}

const rows = [];
for (const entry of entries) {
  rows.push({ ...entry, ...(await withRolldown(entry.code)), esbuild: await withEsbuild(entry.code) });
}
// The markdown engine: loaded by the drop-in kit the first time a markdown body is shown.
const engine = rows.find((r) => r.key === 'kit')?.lazy?.find((c) => /markdown/i.test(c.name));
if (engine) rows.push({ key: 'markdown', name: 'on demand: markdown engine (markdown-it)', min: engine.min, gzip: engine.gzip });
const css = readFileSync('dist/styles.css');
rows.push({ key: 'css', name: 'styles.css', min: css.length, gzip: gzip(css), budget: 8 * KB });

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
  for (const chunk of row.lazy ?? []) console.log(`${`  + on demand: ${chunk.name}`.padEnd(50)}${fmt(chunk.min)}${fmt(chunk.gzip)}`);
}
console.log('min+gzip: Rolldown + Oxc minifier, as Vite 8 ships it (gzip -9); esbuild --minify for reference.');
console.log('on demand: min+gzip of chunks loaded when first needed (file uploads, the markdown engine), outside the budget.');
// The README's figures are these, never typed by hand.
const figures = Object.fromEntries(rows.map((r) => [r.key, { gzip: r.gzip, budget: r.budget }]));
const readme = readFileSync('README.md', 'utf8');
const drift = sizeDrift(readme, figures);
if (drift.length && process.argv.includes('--write')) {
  writeFileSync('README.md', applySizes(readme, figures));
  console.log(`size: README.md figures updated (${drift.map((d) => d.key).join(', ')})`);
} else if (drift.length) {
  console.error('size: README.md figures differ from the measured ones (run `npm run size -- --write`):');
  for (const d of drift) console.error(`  ${d.key}\n    README:   ${d.readme.replace(/\n/g, '\n              ')}\n    measured: ${d.measured.replace(/\n/g, '\n              ')}`);
}
if (over) console.error(`size: ${over} budget(s) exceeded`);
if (over || (drift.length && !process.argv.includes('--write'))) process.exit(1);
console.log('size: all budgets hold; README.md figures match');
