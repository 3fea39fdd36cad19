// Runs the component suites (jsdom + Chromium) against React 18, the lowest
// React in our peer range. React 18 is installed in place without touching
// package.json or the lockfile, and React 19 is put back afterwards.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const version = (name) => lock.packages[`node_modules/${name}`].version;
const original = ['react', 'react-dom'].map((name) => `${name}@${version(name)}`);

const npm = (args) =>
  spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', ...args], { stdio: 'inherit' })
    .status;

const reports = 'reports-react18';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

// Interrupted (Ctrl+C, CI timeout): put React 19 back before leaving.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    npm(original);
    process.exit(130);
  });
}

let status = npm(['react@^18.3', 'react-dom@^18.3']);
if (status === 0) {
  const installed = JSON.parse(readFileSync('node_modules/react/package.json', 'utf8')).version;
  console.log(`react18: running component suites with react ${installed}`);
  status =
    spawnSync(
      'npx',
      [
        'vitest',
        'run',
        '--project',
        'dom',
        '--project',
        'browser-chromium',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${reports}/vitest.json`,
      ],
      { stdio: 'inherit' },
    ).status ?? 1;
}
const restored = npm(original);
if (restored !== 0) console.error(`react18: could not restore ${original.join(' ')}; run npm ci`);
process.exit(status || restored);
