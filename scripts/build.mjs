// Library build: JS modules (Vite, one file per source module), type
// declarations (tsc), and one plain styles.css (esbuild resolves @import).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);

// Sources import without extensions (bundler resolution); Node's ESM
// resolution needs them in the published declarations too.
const declarations = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
for (const file of declarations('dist')) {
  const code = readFileSync(file, 'utf8');
  const fixed = code.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}(?:\/[^'"]*)?)\2/g, (match, lead, quote, spec) => {
    if (/\.(?:js|css|json)$/.test(spec)) return match;
    const base = join(dirname(file), spec);
    const clean = spec.replace(/\/$/, '');
    const target = existsSync(`${base}.d.ts`) ? `${clean}.js` : existsSync(join(base, 'index.d.ts')) ? `${clean}/index.js` : null;
    if (!target) throw new Error(`build: cannot resolve ${spec} in ${file}`);
    return `${lead}${quote}${target}${quote}`;
  });
  // Inferred types name @tanstack/query-core, which is react-query's dependency,
  // not ours (pnpm would not resolve it); react-query re-exports all of it.
  const named = fixed.replace(/(['"])@tanstack\/query-core\1/g, '$1@tanstack/react-query$1');
  if (named !== code) writeFileSync(file, named);
}
await build({
  entryPoints: ['src/styles/index.css'],
  bundle: true,
  minify: true,
  outfile: 'dist/styles.css',
  logLevel: 'warning',
});
// TypeScript 6+ refuses a side-effect import it cannot resolve (TS2882): the
// stylesheet entry gets a declaration of its own, which exports nothing.
copyFileSync('src/styles/styles.css.d.ts', 'dist/styles.css.d.ts');
// The command line (`npx @dispatchtickets/react mock`): one self-contained file,
// Hono and its Node adapter bundled in, so it runs whatever the app installed.
await build({
  entryPoints: ['src/bin/dispatchtickets.ts'],
  outfile: 'dist/bin/dispatchtickets.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'inline',
  logLevel: 'warning',
});
chmodSync('dist/bin/dispatchtickets.js', 0o755);
console.log('build: dist/ written (JS modules, .d.ts, styles.css, bin/dispatchtickets.js)');
