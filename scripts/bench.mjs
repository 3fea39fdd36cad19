// `npm run bench`: measured, not asserted by timers in tests.
// 1. Render cost in Chromium (production React build): TicketList with 50 and
//    2,000 tickets loaded, TicketThread with 20 and 1,000 comments. Budget: the
//    cost ratio large/small stays under 2 (virtualised: cost follows what is
//    on screen, not what is loaded).
// 2. Memory: uploading a 50 MB file through the uploader to the mock server
//    over real HTTP must not grow the page's JS heap by more than a few MB
//    (the file is streamed from disk, never read into memory).
// 3. Message rendering (scripts/message-scores.mjs, scripts/bench-messages.mjs):
//    CommonMark and quoted-email fidelity scores, render cost of hostile bodies.
// 4. Live updates (scripts/bench-live.mjs): webhook in → reply in the DOM through
//    the gateway, median of 20, against the polling path in the same run.
// Prints figures; exits 1 when a budget is exceeded.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { serveDir } from './serve-dir.mjs';

const RATIO_BUDGET = 2;
const HEAP_BUDGET_MB = 8;
const RUNS = 15;
const args = [...chromiumArgs, '--enable-precise-memory-info'];

const cache = resolve('node_modules/.cache');
const outDir = join(cache, 'dt-bench');

await viteBuild({ configFile: resolve('bench/vite.config.ts'), logLevel: 'warn' });

// The mock server for the upload check, bundled for Node 20 (no .ts loader).
mkdirSync(cache, { recursive: true });
const mockEntry = join(cache, 'dt-bench-mock.mjs');
await esbuild({
  entryPoints: ['src/mock/node.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: mockEntry,
  logLevel: 'warning',
});
const { startMockServer } = await import(mockEntry);
const mockServer = await startMockServer({ port: 0, hostname: '127.0.0.1', allowLocalhostOrigins: true });

const { server: pageServer, url: pageUrl } = await serveDir(outDir);

const browser = await chromium.launch({ executablePath: chromiumPath, args });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

let failed = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(pageUrl);
  await page.waitForFunction(() => document.title === 'bench ready');

  async function cost(prepare, size) {
    const loaded = await page.evaluate(([fn, n]) => window.bench[fn](n), [prepare, size]);
    const times = await page.evaluate((runs) => {
      for (let i = 0; i < 3; i += 1) window.bench.timeMount(); // warm up
      return Array.from({ length: runs }, () => window.bench.timeMount());
    }, RUNS);
    return { loaded, ms: median(times) };
  }

  console.log('Render cost (median of %d mounts, production build, Chromium)', RUNS);
  const rows = [
    ['TicketList', 'tickets', 'prepareList', 50, 2000],
    ['TicketThread', 'comments', 'prepareThread', 20, 1000],
  ];
  for (const [name, unit, prepare, small, large] of rows) {
    const a = await cost(prepare, small);
    const b = await cost(prepare, large);
    const ratio = b.ms / a.ms;
    const ok = ratio < RATIO_BUDGET;
    if (!ok) failed += 1;
    console.log(
      `  ${name.padEnd(13)} ${String(a.loaded).padStart(5)} ${unit}: ${a.ms.toFixed(2).padStart(7)} ms   ` +
        `${String(b.loaded).padStart(5)} ${unit}: ${b.ms.toFixed(2).padStart(7)} ms   ratio ${ratio.toFixed(2)} ` +
        `(budget < ${RATIO_BUDGET}) ${ok ? 'ok' : 'OVER BUDGET'}`,
    );
  }

  // Memory: a 50 MB file from disk, uploaded over real HTTP.
  const file = join(tmpdir(), 'dt-bench-50mb.bin');
  writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 7));
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate((base) => window.bench.mountUploader(base), mockServer.baseUrl);
  await page.waitForSelector('input[type="file"]', { state: 'attached' });
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const before = await heap();
  await page.evaluate(() => {
    window.__peak = 0;
    window.__sampler = setInterval(() => {
      window.__peak = Math.max(window.__peak, performance.memory.usedJSHeapSize);
    }, 10);
  });
  const startPeakBase = await page.evaluate(() => performance.memory.usedJSHeapSize);
  await page.setInputFiles('input[type="file"]', file);
  await page.waitForSelector('[data-status="uploaded"]', { timeout: 120_000 });
  const peak = await page.evaluate(() => {
    clearInterval(window.__sampler);
    return window.__peak;
  });
  const after = await heap();
  const mb = (n) => (n / 1024 / 1024).toFixed(2);
  const growth = Math.max(after - before, peak - startPeakBase);
  const heapOk = growth / 1024 / 1024 < HEAP_BUDGET_MB;
  if (!heapOk) failed += 1;
  console.log('\nMemory while uploading a 50 MB file (JS heap)');
  console.log(
    `  before ${mb(before)} MB, peak during upload ${mb(peak)} MB (from ${mb(startPeakBase)}), after ${mb(after)} MB: ` +
      `growth ${mb(growth)} MB (budget < ${HEAP_BUDGET_MB} MB) ${heapOk ? 'ok' : 'OVER BUDGET'}`,
  );
  await rm(file, { force: true });
} finally {
  await browser.close();
  pageServer.close();
  await mockServer.close();
}

// Message rendering (fidelity scores, render cost) and live-update latency, each its own script.
for (const script of ['scripts/message-scores.mjs', 'scripts/bench-messages.mjs', 'scripts/bench-live.mjs']) {
  console.log('');
  if (spawnSync('node', [script], { stdio: 'inherit' }).status !== 0) failed += 1;
}

if (failed) {
  console.error(`bench: ${failed} budget(s) exceeded`);
  process.exit(1);
}
console.log('\nbench: all budgets hold');
