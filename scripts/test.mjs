// `npm test`: every suite. Vitest (node, jsdom, browser and Storybook
// projects) then Playwright end-to-end tests, each writing a JSON report to
// reports/ so CI can count them. Extra args go to Vitest (e.g. --project node).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { countReports } from './test-report.mjs';

const args = process.argv.slice(2);
const reports = process.env.DT_REPORTS_DIR ?? 'reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

const run = (cmd, cmdArgs, extraEnv = {}) =>
  spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...env, ...extraEnv } }).status ?? 1;

let status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reports}/vitest.json`,
  ...args,
]);

const e2e = existsSync('playwright.config.ts') && args.length === 0 && process.env.DT_SKIP_E2E !== '1';
if (e2e) {
  const e2eStatus = run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json` });
  status = status || e2eStatus;
}

const { passed, failed } = countReports(reports);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(status);
