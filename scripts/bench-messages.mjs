// Message render cost in Chromium (part of `npm run bench`): every hostile
// body of test/fixtures/hostile-bodies.ts and a few ordinary ones, at 20,000
// characters (the API's body limit) and 200,000 (a large email). One sample
// is one synchronous mount of a MessageBody: detection, markdown engine or
// HTML parser, sanitising walk, React commit, style and layout. Each figure
// is the median of several samples, the worse of "format given" and "format
// detected".
//
// What is budgeted is the renderer main thread's CPU time (read from Linux's
// /proc/<pid>/schedstat): how long the tab is frozen on an idle machine, and
// stable when CI shares its two cores. Wall time is printed beside it; on an
// idle machine the two agree. Without schedstat the budget applies to wall time.
//
// Budgets: 20,000 characters < 50 ms (a freeze users notice starts near
// 100 ms); 200,000 characters < 1 s; the built-in renderer that shows markdown
// before the engine loads, at its 10,000-character cap, < 50 ms. A body that
// needed its error boundary fails too. Prints figures; exits 1 on a failure.
// DT_BENCH_ONLY=<regex> limits the inputs; DT_BENCH_PHASES=1 prints where the time goes.
import { createServer } from 'node:http';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build as viteBuild } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const SMALL = 20_000;
const LARGE = 200_000;
const INTERIM = 10_000;
const BUDGET = { small: 50, large: 1000, interim: 50 };
const RUNS = { small: 5, large: 3, interim: 5 };

const outDir = resolve('node_modules/.cache/dt-bench-messages');
await viteBuild({
  root: resolve('bench/messages'),
  configFile: false,
  plugins: [react()],
  publicDir: false,
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true, minify: true, sourcemap: false, target: 'es2022' },
});

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = join(outDir, req.url === '/' ? 'index.html' : decodeURIComponent(req.url.split('?')[0]));
  if (!path.startsWith(outDir) || !existsSync(path)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));

/** On-CPU nanoseconds of a process's main thread, or null where the kernel doesn't say. */
const cpuNs = (pid) => {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
};
const browserServer = await chromium.launchServer({ executablePath: chromiumPath, args: chromiumArgs });
const browser = await chromium.connect(browserServer.wsEndpoint());
/** Main-thread CPU of all this browser's renderer processes (spare ones idle, so this is the page's). */
function rendererCpu() {
  const parent = new Map();
  const renderers = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      parent.set(pid, readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  const root = String(browserServer.process().pid);
  const ours = (pid) => {
    for (let p = pid, i = 0; p && i < 16; i++, p = parent.get(p)) if (p === root) return true;
    return false;
  };
  const mine = renderers.filter(ours);
  if (!mine.length) return null;
  let total = 0;
  for (const pid of mine) {
    const ns = cpuNs(pid);
    if (ns === null) return null;
    total += ns;
  }
  return total;
}

let failures = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.title === 'bench ready');
  const inputs = await page.evaluate(() => window.benchMessages.inputs);

  const cpuTimed = rendererCpu() !== null;

  /** Median of `runs` samples (after one warm-up): wall ms and renderer CPU ms. */
  async function sample(fn, args, runs) {
    const samples = [];
    let failed = false;
    for (let k = 0; k <= runs; k++) {
      const start = cpuTimed ? rendererCpu() : 0;
      const t = await page.evaluate(([name, a]) => window.benchMessages[name](...a), [fn, args]);
      const cpu = cpuTimed ? (rendererCpu() - start) / 1e6 : t.ms;
      failed ||= t.failed;
      if (k) samples.push({ wall: t.ms, cpu });
    }
    const mid = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    return { wall: mid('wall'), cpu: mid('cpu'), failed };
  }
  const worse = (a, b) => ({ ...(a.cpu >= b.cpu ? a : b), failed: a.failed || b.failed });
  const measure = async (i, size, runs) => worse(await sample('mount', [i, size, false], runs), await sample('mount', [i, size, true], runs));

  const cell = (t, budget) => {
    const bad = t.failed || t.cpu >= budget;
    if (bad) failures += 1;
    const flag = t.failed ? ' FELL BACK' : bad ? ' OVER' : '';
    return `${t.cpu.toFixed(1).padStart(7)}${cpuTimed ? ` (${t.wall.toFixed(0)})` : ''}${flag}`.padEnd(22);
  };
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`Message render time in Chromium, production build: ms of ${cpuTimed ? 'renderer main-thread CPU (wall ms)' : 'wall time'}, median`);
  console.log(`  (machine load average ${load} on its cores; budgets: 20,000 < ${BUDGET.small} ms, 200,000 < ${BUDGET.large} ms, before engine < ${BUDGET.interim} ms)`);
  console.log(`  ${'input'.padEnd(44)}${'20,000 chars'.padEnd(22)}${'200,000 chars'.padEnd(22)}before engine, 10,000`);
  const worst = { small: { cpu: 0 }, large: { cpu: 0 }, interim: { cpu: 0 } };
  const only = process.env.DT_BENCH_ONLY ? new RegExp(process.env.DT_BENCH_ONLY, 'i') : null;
  for (let i = 0; i < inputs.length; i++) {
    const { name, format, realistic } = inputs[i];
    if (only && !only.test(name)) continue;
    if (realistic && !inputs[i - 1]?.realistic) console.log('  ordinary bodies:');
    const small = await measure(i, SMALL, RUNS.small);
    const large = await measure(i, LARGE, RUNS.large);
    const interim = format === 'markdown' ? await sample('mountInterim', [i, INTERIM], RUNS.interim) : null;
    for (const [key, t] of [['small', small], ['large', large], ['interim', interim]]) {
      if (t && t.cpu > worst[key].cpu) worst[key] = { ...t, name };
    }
    console.log(
      `  ${`${name} (${format})`.padEnd(44)}${cell(small, BUDGET.small)}${cell(large, BUDGET.large)}${interim ? cell(interim, BUDGET.interim) : '-'}`,
    );
    if (process.env.DT_BENCH_PHASES) {
      const ms = await page.evaluate(([k, n]) => window.benchMessages.phases(k, n), [i, SMALL]);
      console.log(`      wall ms at 20,000: ${Object.entries(ms).map(([k, v]) => `${k} ${k === 'html' ? v : v.toFixed(1)}`).join(', ')}`);
    }
  }
  const line = (key, size) => `worst at ${size}: ${worst[key].cpu.toFixed(1)} ms (${worst[key].name})`;
  console.log(`  ${line('small', '20,000')}; ${line('large', '200,000')}; ${line('interim', '10,000 before the engine')}`);
} finally {
  await browser.close();
  await browserServer.close();
  server.close();
}

if (failures) {
  console.error(`message bench: ${failures} figure(s) over budget or fell back`);
  process.exit(1);
}
console.log('message bench: all budgets hold');
