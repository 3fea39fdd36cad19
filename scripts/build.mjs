// Library build: JS modules (Vite, one file per source module), type
// declarations (tsc), and one plain styles.css (esbuild resolves @import).
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
await build({
  entryPoints: ['src/styles/index.css'],
  bundle: true,
  minify: true,
  outfile: 'dist/styles.css',
  logLevel: 'warning',
});
console.log('build: dist/ written (JS modules, .d.ts, styles.css)');
