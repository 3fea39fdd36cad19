// Live-update latency (part of `npm run bench`; printed, never asserted by a timer):
// a staff reply made on the mock Dispatch admin API, its signed webhook received by
// a portal gateway, the event streamed to the kit's TicketThread in Chromium.
// Measured per reply: webhook in (the delivery reaching the gateway) → the reply's
// text in the DOM, and reply created (the admin API answered) → in the DOM.
// Against the polling path in the same run: the same thread through a gateway
// without webhooks (capabilities say no events; the kit polls every 15 s, its
// default): 20 threads at once, one reply each at a random moment of a poll period.
// Everything over loopback HTTP, one Node process for the mock and both gateways.
import { mkdirSync, createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const REPLIES = 20;
const POLL_MS = 15_000;
const SECRET = 'bench-gateway-secret-0123456789-abcdefghijklmnop';
const WEBHOOK_SECRET = 'bench-webhook-secret';
const EMAIL = 'live-bench@example.com';

const cache = resolve('node_modules/.cache');
const serverDir = join(cache, 'dt-live-bench-server');
const pageDir = join(cache, 'dt-live-bench-page');
mkdirSync(serverDir, { recursive: true });
await build({
  entryPoints: { server: 'src/server/index.ts', mock: 'src/mock/node.ts' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outdir: serverDir,
  logLevel: 'warning',
});
await viteBuild({
  root: resolve('bench/live'),
  configFile: false,
  plugins: [react()],
  publicDir: false,
  logLevel: 'warn',
  build: { outDir: pageDir, emptyOutDir: true, minify: true, sourcemap: false, target: 'es2022' },
});
const load = (name) => import(pathToFileURL(join(serverDir, `${name}.js`)).href);
const { createPortalGateway, dispatchAdmin, toNodeHandler } = await load('server');
const { startMockServer } = await load('mock');

const mock = await startMockServer({ port: 0, hostname: '127.0.0.1', rateLimit: { limit: 1e9, windowSeconds: 60 } });
const adapter = (webhookSecret) => () => dispatchAdmin({ apiKey: 'sk_test_demo', brandId: 'br_demo', baseUrl: mock.baseUrl, webhookSecret });
// One customer holds all 20 polled threads here: lift the per-customer rate limit so no poll waits on it.
const limits = { rateLimit: { limit: 100_000, windowSeconds: 60 } };
const gateways = {
  live: createPortalGateway({ backend: adapter(WEBHOOK_SECRET), secret: SECRET, basePath: '/gw-live', limits }),
  poll: createPortalGateway({ backend: adapter(undefined), secret: SECRET, basePath: '/gw-poll', limits }),
};
const handlers = { live: toNodeHandler(gateways.live.fetch), poll: toNodeHandler(gateways.poll.fetch) };

/** When each comment webhook reached the live gateway, newest last. */
const webhooksIn = [];
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const mode = url.pathname.startsWith('/gw-live/') ? 'live' : url.pathname.startsWith('/gw-poll/') ? 'poll' : null;
  if (mode) {
    if (url.pathname.endsWith('/webhooks/dispatch') && req.headers['x-dispatch-event'] === 'ticket.comment.created') webhooksIn.push(Date.now());
    return handlers[mode](req, res);
  }
  if (url.pathname === '/token') {
    gateways[url.searchParams.get('mode') === 'poll' ? 'poll' : 'live'].issueToken({ email: EMAIL, name: 'Lee Bench' }).then(
      (t) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(t)),
      (e) => res.writeHead(500).end(String(e)),
    );
    return;
  }
  const path = join(pageDir, url.pathname === '/' ? 'index.html' : url.pathname);
  if (!path.startsWith(pageDir) || !existsSync(path)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://localhost:${server.address().port}`;
mock.mock.webhooks.configure({ url: `${origin}/gw-live/webhooks/dispatch`, secret: WEBHOOK_SECRET });

const admin = async (path, body) => {
  const res = await fetch(`${mock.baseUrl}/brands/br_demo/${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
async function newTicket(title) {
  const { token } = await gateways.live.issueToken({ email: EMAIL, name: 'Lee Bench' });
  const res = await fetch(`${origin}/gw-live/portal/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ title, body: 'Opened by the latency bench.' }),
  });
  if (!res.ok) throw new Error(`create ticket: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}
const reply = (ticketId, body) => admin(`tickets/${ticketId}/comments`, { body, authorName: 'Sam from Acme', internal: false });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
const fmt = (xs) => `min ${Math.min(...xs).toFixed(0).padStart(6)} ms   median ${median(xs).toFixed(0).padStart(6)} ms   p90 ${p90(xs).toFixed(0).padStart(6)} ms   max ${Math.max(...xs).toFixed(0).padStart(6)} ms`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
let failed = false;
try {
  // Live: one open thread, 20 replies one after another.
  const liveTicket = await newTicket('Live latency');
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${origin}/?mode=live&tickets=${liveTicket}&poll=${POLL_MS}`);
  await page.waitForFunction(() => document.getElementById('live-status')?.textContent === 'live', null, { timeout: 30_000 });
  await page.getByRole('heading', { name: 'Live latency' }).waitFor();
  const fromWebhook = [];
  const fromCreated = [];
  for (let i = 0; i < REPLIES; i++) {
    const text = `Live reply ${i + 1} ${crypto.randomUUID()}`;
    await page.evaluate((t) => window.watch(t), text);
    const hooks = webhooksIn.length;
    await reply(liveTicket, text);
    const created = Date.now();
    await page.waitForFunction((t) => window.seenAt(t) !== null, text, { timeout: 10_000 });
    const seen = await page.evaluate((t) => window.seenAt(t), text);
    fromCreated.push(seen - created);
    fromWebhook.push(seen - webhooksIn[hooks]);
  }
  await page.close();

  // Polling: 20 threads open at once, each gets one reply at a random moment of a poll period.
  const pollTickets = [];
  for (let i = 0; i < REPLIES; i++) pollTickets.push(await newTicket(`Polled ${i + 1}`));
  const polled = await browser.newPage();
  await polled.goto(`${origin}/?mode=poll&tickets=${pollTickets.join(',')}&poll=${POLL_MS}`);
  await polled.waitForFunction(() => document.getElementById('live-status')?.textContent === 'unsupported', null, { timeout: 30_000 });
  await polled.getByRole('heading', { name: `Polled ${REPLIES}`, exact: true }).waitFor();
  const offsets = pollTickets.map(() => Math.random() * POLL_MS).sort((a, b) => a - b);
  const start = Date.now();
  const sent = await Promise.all(
    pollTickets.map(async (id, i) => {
      const text = `Polled reply ${i + 1} ${crypto.randomUUID()}`;
      await polled.evaluate((t) => window.watch(t), text);
      await sleep(Math.max(0, start + offsets[i] - Date.now()));
      await reply(id, text);
      return { text, created: Date.now() };
    }),
  );
  const fromCreatedPoll = [];
  for (const { text, created } of sent) {
    await polled.waitForFunction((t) => window.seenAt(t) !== null, text, { timeout: POLL_MS * 3 });
    fromCreatedPoll.push((await polled.evaluate((t) => window.seenAt(t), text)) - created);
  }
  await polled.close();

  console.log(`Live updates: a staff reply to the customer's open thread (${REPLIES} replies, Chromium, loopback HTTP)`);
  console.log(`  through the gateway, live   webhook in → in the DOM        ${fmt(fromWebhook)}`);
  console.log(`  through the gateway, live   reply created → in the DOM     ${fmt(fromCreated)}`);
  console.log(`  polling path (${POLL_MS / 1000} s, no events) reply created → in the DOM     ${fmt(fromCreatedPoll)}`);
} catch (e) {
  failed = true;
  console.error('bench-live:', e);
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
  await mock.close();
}
process.exit(failed ? 1 : 0);
