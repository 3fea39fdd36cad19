// `node scripts/adopter-check.mjs`: the README as a new adopter meets it.
//
// Packs the package (`npm pack`), then, in a temporary directory outside the
// repository, creates the apps the README's quick starts are for, with the
// versions npm installs today, copies the README's code in from examples/,
// and checks that it builds, type-checks and runs as written:
//
//   Next.js app (latest `next`, App Router, TypeScript as `npm i -D typescript` installs it)
//     - tsc --noEmit (strict) before any build, as CI on a fresh clone does
//     - next build with no DISPATCH_* secrets in the environment
//     - next start: the token route answers 401 to nobody, the sign-in page
//       sends Referrer-Policy: no-referrer, the support page renders
//   Vite app (React 18, latest Vite)
//     - tsc --noEmit (strict), vite build
//     - a strict consumer without Vite's types imports the stylesheet (TS2882)
//     - vitest run: the README's first test with @dispatchtickets/react/testing
//     - `npx @dispatchtickets/react mock` prints a base URL, key and token and
//       lets http://localhost:3000 call it; the Express example, compiled and
//       started against it, hands a signed-in user a working token
//
// Needs the npm registry. Prints each check and the versions it used; exits 1
// if any failed. Options: --only next|vite, --keep (leave the directory),
// --dir <path> (work there instead of a new temporary directory).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { only: { type: 'string' }, keep: { type: 'boolean', default: false }, dir: { type: 'string' } },
});
const work = args.dir ?? mkdtempSync(join(tmpdir(), 'dt-adopter-'));
mkdirSync(work, { recursive: true });

const results = [];
const log = (line = '') => process.stdout.write(`${line}\n`);
// No secrets anywhere: the apps must build and start without them.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CI: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
for (const name of Object.keys(env)) if (name.startsWith('DISPATCH_')) delete env[name];

/** Runs a command in `cwd`, printing its output only when it fails. */
function run(cwd, cmd, cmdArgs, extraEnv = {}) {
  try {
    return execFileSync(cmd, cmdArgs, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const out = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-60).join('\n');
    throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (exit ${error.status}):\n${out}`);
  }
}

async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    log(`  ✓ ${name}${detail ? ` (${detail})` : ''} [${Math.round((Date.now() - started) / 1000)} s]`);
    return true;
  } catch (error) {
    results.push({ name, ok: false });
    log(`  ✗ ${name} [${Math.round((Date.now() - started) / 1000)} s]\n${String(error.message ?? error).replace(/^/gm, '      ')}`);
    return false;
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Starts a long-running command and resolves once its output matches `ready`. */
function start(cwd, cmd, cmdArgs, ready, extraEnv = {}) {
  const child = spawn(cmd, cmdArgs, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid, 'SIGTERM'); // npx and next start children of their own
      } catch {
        resolve();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 5000).unref();
    });
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${cmdArgs.join(' ')}: not ready within 120 s:\n${output}`)), 120_000);
    const onData = (chunk) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${cmdArgs.join(' ')} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return started.catch(async (error) => {
    await stop();
    throw error;
  });
}

const write = (dir, files) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof text === 'string' ? text : `${JSON.stringify(text, null, 2)}\n`);
  }
};
const version = (dir, pkg) => JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const npmInstall = (dir, pkgs, dev = false) => run(dir, 'npm', ['install', ...(dev ? ['--save-dev'] : []), '--no-audit', '--no-fund', '--loglevel=error', ...pkgs]);

// ---------------------------------------------------------------------------

log(`adopter check in ${work}`);
let tarball;
const packed = await check('npm pack (after a fresh build)', () => {
  run(root, 'node', ['scripts/build.mjs']);
  const name = run(root, 'npm', ['pack', '--silent', '--pack-destination', work]).trim().split('\n').pop();
  tarball = join(work, name);
  const listing = run(root, 'tar', ['-tzf', tarball]);
  for (const file of ['package/dist/bin/dispatchtickets.js', 'package/dist/styles.css.d.ts', 'package/dist/testing/index.js', 'package/docs/mock.md', 'package/README.md']) {
    if (!listing.includes(file)) throw new Error(`the tarball lacks ${file}`);
  }
  if (/package\/(examples|test|src|demo)\//.test(listing)) throw new Error('the tarball carries repository-only folders');
  return `${name}, ${listing.trim().split('\n').length} files`;
});
if (!packed) finish();

// ---------------------------------------------------------------------------
// A fresh Next.js App Router app, as create-next-app sets it up.

async function nextApp() {
  const dir = join(work, 'next-app');
  rmSync(dir, { recursive: true, force: true });
  log(`\nNext.js app (${dir})`);
  write(dir, {
    'package.json': { name: 'adopter-next', private: true, scripts: { build: 'next build', start: 'next start' } },
    // create-next-app's tsconfig.json (TypeScript, App Router, `@/*` alias).
    'tsconfig.json': {
      compilerOptions: {
        target: 'ES2017',
        lib: ['dom', 'dom.iterable', 'esnext'],
        allowJs: true,
        skipLibCheck: true,
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        resolveJsonModule: true,
        isolatedModules: true,
        jsx: 'react-jsx',
        incremental: true,
        plugins: [{ name: 'next' }],
        paths: { '@/*': ['./*'] },
      },
      include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts', '.next/dev/types/**/*.ts'],
      exclude: ['node_modules'],
    },
    'app/layout.tsx': `export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
    'app/page.tsx': `export default function Home() {
  return <a href="/support">Support</a>;
}
`,
  });
  cpSync(join(root, 'examples/next'), dir, { recursive: true });

  const installed = await check('npm install the tarball, next, react, react-query; -D typescript and types', () => {
    npmInstall(dir, [tarball, 'next', 'react', 'react-dom', '@tanstack/react-query']);
    npmInstall(dir, ['typescript', '@types/react', '@types/react-dom', '@types/node'], true);
    return ['next', 'react', 'typescript'].map((p) => `${p} ${version(dir, p)}`).join(', ');
  });
  if (!installed) return;
  await check('tsc --noEmit (strict) on the README files, before any build (no next-env.d.ts yet)', () => {
    run(dir, 'npx', ['tsc', '--noEmit']);
  });
  const built = await check('next build without DISPATCH_API_KEY / DISPATCH_BRAND_ID set', () => {
    const out = run(dir, 'npx', ['next', 'build']);
    for (const route of ['/api/support/token', '/api/support/magic-link', '/support', '/support/sign-in']) {
      if (!out.includes(route)) throw new Error(`next build did not list ${route}:\n${out}`);
    }
  });
  await check('tsc --noEmit again with the route types next build generated', () => {
    run(dir, 'npx', ['tsc', '--noEmit']);
  });
  if (!built) return;
  await check('next start: token route 401 for nobody, sign-in page no-referrer, support page renders', async () => {
    const port = await freePort();
    const server = await start(dir, 'npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], /Ready in|started server|Local:/);
    try {
      const base = `http://127.0.0.1:${port}`;
      const token = await fetch(`${base}/api/support/token`);
      if (token.status !== 401) throw new Error(`GET /api/support/token answered ${token.status}, not 401`);
      const signIn = await fetch(`${base}/support/sign-in?token=abc`);
      if (signIn.headers.get('referrer-policy') !== 'no-referrer') throw new Error(`/support/sign-in sent Referrer-Policy: ${signIn.headers.get('referrer-policy')}`);
      const page = await fetch(`${base}/support`);
      if (page.status !== 200) throw new Error(`GET /support answered ${page.status}`);
    } finally {
      await server.stop();
    }
  });
}

// ---------------------------------------------------------------------------
// A fresh Vite + React 18 app, as create-vite's react-ts template sets it up,
// with the Express backend from the README.

async function viteApp() {
  const dir = join(work, 'vite-app');
  rmSync(dir, { recursive: true, force: true });
  log(`\nVite + React 18 app (${dir})`);
  const strictApp = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    moduleResolution: 'bundler',
    skipLibCheck: true,
    noEmit: true,
    jsx: 'react-jsx',
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noFallthroughCasesInSwitch: true,
    noUncheckedSideEffectImports: true,
    verbatimModuleSyntax: true,
  };
  write(dir, {
    'package.json': { name: 'adopter-vite', private: true, type: 'module', scripts: { build: 'vite build', test: 'vitest run' } },
    'tsconfig.json': { files: [], references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.node.json' }] },
    'tsconfig.app.json': { compilerOptions: { ...strictApp, types: ['vite/client'] }, include: ['src'] },
    'tsconfig.node.json': { compilerOptions: { ...strictApp, lib: ['ES2023'], types: ['node'] }, include: ['vite.config.ts', 'vitest.config.ts'] },
    // The Express example, compiled to JavaScript to run on Node 20.
    'tsconfig.server.json': {
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, esModuleInterop: true, types: ['node'], outDir: 'server-dist' },
      files: ['server.ts'],
    },
    // A strict consumer without Vite's `*.css` declaration: the stylesheet import must still type-check.
    'tsconfig.strict-consumer.json': { compilerOptions: { ...strictApp, types: [] }, files: ['consumer/styles-import.ts'] },
    'consumer/styles-import.ts': "import '@dispatchtickets/react/styles.css';\n",
    'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="UTF-8" /><title>Adopter</title></head>
  <body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body>
</html>
`,
    'src/main.tsx': `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SupportPage } from './SupportPage';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SupportPage />
  </StrictMode>,
);
`,
  });
  cpSync(join(root, 'examples/vite'), dir, { recursive: true });
  cpSync(join(root, 'examples/express/server.ts'), join(dir, 'server.ts'));

  const installed = await check('npm install the tarball, react@18, react-query, express; -D vite, typescript, vitest@4, jsdom@29, testing library', () => {
    npmInstall(dir, [tarball, 'react@18', 'react-dom@18', '@tanstack/react-query', 'express']);
    npmInstall(dir, ['vite', '@vitejs/plugin-react', 'typescript', '@types/react@18', '@types/react-dom@18', '@types/node@20', '@types/express', 'vitest@4', 'jsdom@29', '@testing-library/react', 'hono', '@hono/node-server'], true);
    return ['react', 'vite', 'typescript', 'vitest', 'jsdom', '@testing-library/react'].map((p) => `${p} ${version(dir, p)}`).join(', ');
  });
  if (!installed) return;
  await check('tsc -b (strict) on the README files', () => {
    run(dir, 'npx', ['tsc', '-b']);
  });
  await check('a strict consumer without Vite types imports @dispatchtickets/react/styles.css (no TS2882)', () => {
    run(dir, 'npx', ['tsc', '-p', 'tsconfig.strict-consumer.json']);
  });
  await check('vite build', () => {
    run(dir, 'npx', ['vite', 'build', '--logLevel', 'warn']);
    const css = readdirSync(join(dir, 'dist/assets')).find((f) => f.endsWith('.css'));
    if (!css || !readFileSync(join(dir, 'dist/assets', css), 'utf8').includes('.dt-root')) throw new Error("the build's CSS lacks the kit's styles");
  });
  await check("vitest run: the README's first test with @dispatchtickets/react/testing", () => {
    const out = run(dir, 'npx', ['vitest', 'run'], { NO_COLOR: '1' });
    const passed = /Tests\s+(\d+) passed/.exec(out);
    if (!passed) throw new Error(out);
    return `${passed[1]} passed`;
  });

  const mockPort = await freePort();
  let mock;
  await check('npx @dispatchtickets/react mock: prints base URL, key and token; http://localhost:3000 may call it', async () => {
    mock = await start(dir, 'npx', ['@dispatchtickets/react', 'mock', '--port', String(mockPort)], /Ready\./);
    const out = mock.output();
    const base = /Base URL:\s+(\S+)/.exec(out)?.[1];
    const token = /^\s+(eyJ\S+)$/m.exec(out)?.[1];
    if (base !== `http://localhost:${mockPort}/v1` || !out.includes('sk_test_demo') || !token) throw new Error(`unexpected banner:\n${out}`);
    const res = await fetch(`${base}/portal/tickets`, { headers: { Authorization: `Bearer ${token}`, Origin: 'http://localhost:3000' } });
    if (res.status !== 200 || res.headers.get('access-control-allow-origin') !== 'http://localhost:3000') {
      throw new Error(`GET /portal/tickets from localhost:3000: ${res.status}, allow-origin ${res.headers.get('access-control-allow-origin')}`);
    }
  });
  if (mock) {
    await check('the Express example, compiled and started against the mock, gives a signed-in user a working token', async () => {
      run(dir, 'npx', ['tsc', '-p', 'tsconfig.server.json']);
      const apiPort = await freePort();
      const base = `http://localhost:${mockPort}/v1`;
      const api = await start(dir, 'node', ['server-dist/server.js'], /API on/, {
        PORT: String(apiPort),
        DISPATCH_API_URL: base,
        DISPATCH_API_KEY: 'sk_test_demo',
        DISPATCH_BRAND_ID: 'br_demo',
      });
      try {
        const nobody = await fetch(`http://127.0.0.1:${apiPort}/api/support/token`);
        if (nobody.status !== 401) throw new Error(`nobody signed in: ${nobody.status}, not 401`);
        const res = await fetch(`http://127.0.0.1:${apiPort}/api/support/token`, { headers: { 'x-demo-user': 'jane@example.com' } });
        const body = await res.json();
        if (res.status !== 200 || !body.token) throw new Error(`token route: ${res.status} ${JSON.stringify(body)}`);
        const tickets = await fetch(`${base}/portal/tickets`, { headers: { Authorization: `Bearer ${body.token}` } });
        if (tickets.status !== 200) throw new Error(`the token did not work: ${tickets.status}`);
      } finally {
        await api.stop();
      }
    });
    await mock.stop();
  }
}

if (!args.only || args.only === 'next') await nextApp();
if (!args.only || args.only === 'vite') await viteApp();
finish();

function finish() {
  const failed = results.filter((r) => !r.ok);
  log(`\nadopter check: ${results.length - failed.length} of ${results.length} checks passed`);
  if (!args.keep && !args.dir) rmSync(work, { recursive: true, force: true });
  else log(`(kept ${work})`);
  process.exit(failed.length ? 1 : 0);
}
