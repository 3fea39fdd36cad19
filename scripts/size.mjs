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
  // Issue 7's budget: what a drop-in portal costs (every dependency but React).
  {
    name: 'full kit: SupportPortal + PortalProvider',
    code: "export { SupportPortal, PortalProvider } from './dist/index.js';",
    budget: 60 * KB,
  },
  // Everything the styled entry exports, NewTicketDialog (Radix) included.
  { name: 'styled entry, everything (export *)', code: "export * from './dist/index.js';" },
  // Issue 4's budget, react-query included.
  { name: 'headless entry, everything (export *)', code: "export * from './dist/headless.js';", budget: 20 * KB },
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
  const bytes = Buffer.from(output[0].code);
  // Chunks split off by dynamic import() load on demand, not with the entry.
  const lazy = output
    .filter((o) => o.type === 'chunk' && !o.isEntry)
    .map((o) => ({ name: o.name, min: Buffer.byteLength(o.code), gzip: gzip(Buffer.from(o.code)) }));
  return { min: bytes.length, gzip: gzip(bytes), lazy };
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
  });
  return gzip(result.outputFiles.find((f) => /stdin\.js$/.test(f.path)).contents);
}

const rows = [];
for (const entry of entries) {
  rows.push({ ...entry, ...(await withRolldown(entry.code)), esbuild: await withEsbuild(entry.code) });
}
const css = readFileSync('dist/styles.css');
rows.push({ name: 'styles.css', min: css.length, gzip: gzip(css), budget: 8 * KB });

const fmt = (n) => (n === undefined ? '-'.padStart(10) : `${(n / KB).toFixed(2)} KB`.padStart(10));
let over = 0;
console.log(`${'entry'.padEnd(50)}${'min'.padStart(10)}${'min+gzip'.padStart(10)}${'budget'.padStart(10)}${'(esbuild)'.padStart(11)}`);
for (const row of rows) {
  const bad = row.budget !== undefined && row.gzip > row.budget;
  if (bad) over += 1;
  console.log(
    `${row.name.padEnd(50)}${fmt(row.min)}${fmt(row.gzip)}${fmt(row.budget)}${fmt(row.esbuild)} ${bad ? ' OVER BUDGET' : ''}`,
  );
  for (const chunk of row.lazy ?? []) console.log(`${`  + on demand: ${chunk.name}`.padEnd(50)}${fmt(chunk.min)}${fmt(chunk.gzip)}`);
}
console.log('min+gzip: Rolldown + Oxc minifier, as Vite 8 ships it (gzip -9); esbuild --minify for reference.');
if (over) {
  console.error(`size: ${over} budget(s) exceeded`);
  process.exit(1);
}
console.log('size: all budgets hold');
