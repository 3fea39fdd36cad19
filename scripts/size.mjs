// `npm run size`: min+gzip bytes of each public entry as a user's bundler
// would ship it (react and react-dom external, every other dependency
// bundled), plus styles.css. Budgets are enforced: exit 1 when one is over.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

if (!existsSync('dist/index.js') || process.argv.includes('--build')) {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
}

const KB = 1024;
const react = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];
const entries = [
  // The budget covers the whole styled kit, not only SupportPortal.
  { name: 'full kit (@dispatchtickets/react, export *)', code: "export * from './dist/index.js';", budget: 60 * KB },
  { name: 'headless (@dispatchtickets/react/headless, export *)', code: "export * from './dist/headless.js';", budget: 20 * KB },
  { name: 'server (@dispatchtickets/react/server)', code: "export * from './dist/server/index.js';", budget: 4 * KB },
  { name: 'mock (@dispatchtickets/react/mock, hono bundled)', code: "export * from './dist/mock/index.js';" },
];

async function gzipOf(code, external) {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  const bytes = result.outputFiles[0].contents;
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const rows = [];
for (const entry of entries) {
  rows.push({ ...entry, ...(await gzipOf(entry.code, [...react, 'msw', 'msw/*', '@hono/node-server', 'node:*'])) });
}
const css = readFileSync('dist/styles.css');
rows.push({ name: 'styles.css', min: css.length, gzip: gzipSync(css, { level: 9 }).length, budget: 8 * KB });

const fmt = (n) => `${(n / KB).toFixed(2)} KB`.padStart(10);
let over = 0;
console.log(`${'entry'.padEnd(56)}${'min'.padStart(10)}${'min+gzip'.padStart(10)}${'budget'.padStart(10)}`);
for (const row of rows) {
  const bad = row.budget !== undefined && row.gzip > row.budget;
  if (bad) over += 1;
  console.log(
    `${row.name.padEnd(56)}${fmt(row.min)}${fmt(row.gzip)}${row.budget ? fmt(row.budget) : '         -'}${bad ? '  OVER BUDGET' : ''}`,
  );
}
if (over) {
  console.error(`size: ${over} budget(s) exceeded`);
  process.exit(1);
}
console.log('size: all budgets hold');
