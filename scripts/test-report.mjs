// Reads the JSON reports the test runners wrote and prints CI's closing line:
// "N passed, N failed". Usage: node scripts/test-report.mjs [dir ...] [--raw]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function countReports(dir = 'reports') {
  let passed = 0;
  let failed = 0;
  if (!existsSync(dir)) return { passed, failed };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    let report;
    try {
      report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch {
      // A runner that died mid-write: its tests can't be counted, but it failed.
      failed += 1;
      continue;
    }
    if (Array.isArray(report.testResults)) {
      // Vitest (Jest-compatible JSON): a suite that failed to load has no
      // assertions but must still count as a failure.
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
      for (const suite of report.testResults) {
        if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
      }
    } else if (report.stats && 'expected' in report.stats) {
      // Playwright: expected = passed, unexpected = failed, flaky passed on retry.
      passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
      failed += report.stats.unexpected ?? 0;
      failed += (report.errors ?? []).length;
    }
  }
  return { passed, failed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  let passed = 0;
  let failed = 0;
  for (const dir of dirs.length ? dirs : ['reports']) {
    const counts = countReports(dir);
    passed += counts.passed;
    failed += counts.failed;
  }
  console.log(process.argv.includes('--raw') ? `${passed} ${failed}` : `${passed} passed, ${failed} failed`);
}
