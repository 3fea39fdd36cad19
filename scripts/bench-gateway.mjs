// `npm run bench:gateway` (a CI step): the portal gateway's figures, printed,
// never asserted by timers in tests.
// 1. Upstream calls per portal operation, per adapter (and how many ran at once).
// 2. Gateway overhead, per adapter: the helpdesk's mock called directly (what the
//    gateway itself would call, with the helpdesk's credential; Dispatch: its
//    portal API) vs the same operation through the gateway, over loopback HTTP
//    with autocannon: p50/p99 latency and req/s at 10 connections, the latency
//    added at 1 connection, and the CPU the gateway process spends per request.
//    The mock and the gateway each run in a process of their own, as a helpdesk
//    and a host's server do: in one process the load generator, the gateway and
//    the mock would share one event loop, and the figures would be queueing
//    behind the mock's and the load generator's work, not the gateway's cost.
// 3. Memory: heap growth while a 50 MB upload streams through the gateway
//    (budget 8 MB; exits 1 when over).
import { fork, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const HEAP_BUDGET_MB = 8;
const UPLOAD_BYTES = 50 * 1024 * 1024;
const CONNECTIONS = 10;
const DURATION_S = Number(process.env.GATEWAY_BENCH_SECONDS ?? 4);
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

const outDir = resolve('node_modules/.cache/dt-gateway-bench');
const role = process.argv[2];
if (!role) {
  mkdirSync(outDir, { recursive: true });
  // One build with shared chunks, so classes such as BackendError are the same across entries.
  await build({
    entryPoints: { server: 'src/server/index.ts', testing: 'src/server/testing/index.ts', mock: 'src/mock/node.ts', answerpal: 'src/mock/answerpal/index.ts' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: outDir,
    logLevel: 'warning',
  });
}
const load = (name) => import(pathToFileURL(join(outDir, `${name}.js`)).href);
const { createPortalGateway, dispatchAdmin, switchLabs, answerPal, toNodeHandler, diskBlobStore, memoryStore, memoryBlobStore } = await load('server');
const { memoryBackend } = await load('testing');

async function listen(handler) {
  const server = createServer(toNodeHandler(handler));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

// ---------------------------------------------------------------------------
// 3. Heap (in a child process with --expose-gc, so nothing else is on the heap)
if (process.argv[2] === '--heap') {
  const dir = mkdtempSync(join(tmpdir(), 'dt-gw-heap-'));
  const gateway = createPortalGateway({ backend: memoryBackend({ keepBytes: false }), secret: SECRET, blobs: diskBlobStore({ dir }) });
  const server = await listen((r) => gateway.fetch(r));
  const { token } = await gateway.issueToken({ email: 'heap@bench.test' });
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const init = await (
    await fetch(`${server.url}/portal/tickets/attachments/pending`, { method: 'POST', headers: auth, body: JSON.stringify({ filename: 'big.bin', contentType: 'application/octet-stream', size: UPLOAD_BYTES }) })
  ).json();
  const chunk = new Uint8Array(64 * 1024).fill(7);
  let sent = 0;
  const body = new ReadableStream({
    pull(c) {
      if (sent >= UPLOAD_BYTES) return c.close();
      const n = Math.min(chunk.byteLength, UPLOAD_BYTES - sent);
      sent += n;
      // The same bytes each time: the client makes no garbage of its own, so the figures are the gateway's.
      c.enqueue(n === chunk.byteLength ? chunk : chunk.subarray(0, n));
    },
  });
  globalThis.gc();
  const base = process.memoryUsage();
  let peak = base.heapUsed;
  let peakBuffers = base.arrayBuffers;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
  }, 5);
  const put = await fetch(init.uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body, duplex: 'half' });
  const confirm = await fetch(`${server.url}/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', headers: auth });
  // Then on to the helpdesk: the ticket's create streams the file from disk through the adapter.
  const created = await fetch(`${server.url}/portal/tickets`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Big file', attachmentIds: [init.attachment.id] }) });
  clearInterval(timer);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  const mb = (n) => n / 1024 / 1024;
  process.stdout.write(
    JSON.stringify({ status: put.status, confirm: (await confirm.json()).status, created: created.status, heap: mb(peak - base.heapUsed), buffers: mb(peakBuffers - base.arrayBuffers) }),
  );
  process.exit(0);
}

// ---------------------------------------------------------------------------
// Child processes for 2: a helpdesk mock, or a gateway over one. Each reports
// its address once ready and its CPU time when asked (IPC).
const LOAD_EMAIL = 'load@customer.test';
function answerCpu() {
  process.on('message', (m) => {
    if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
    if (m === 'exit') process.exit(0);
  });
}
if (role === '--child-mock') {
  const kind = process.argv[3];
  const { startMockServer, startSwitchLabsMockServer, startAnswerPalMockServer } = await load('mock');
  const json = async (res) => {
    if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  let info;
  if (kind === 'dispatch') {
    const m = await startMockServer({ port: 0, hostname: '127.0.0.1', rateLimit: { limit: 1e9, windowSeconds: 60 }, allowLocalhostOrigins: true });
    const brand = [...m.mock.store.brands.values()][0];
    const portal = await m.mock.issuePortalToken({ email: LOAD_EMAIL, brandId: brand.id });
    const auth = { authorization: `Bearer ${portal.token}` };
    const t = await json(await fetch(`${m.baseUrl}/portal/tickets`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Load', body: 'x' }) }));
    info = {
      upstream: { apiKey: [...m.mock.store.apiKeys.keys()][0], brandId: brand.id, baseUrl: m.baseUrl },
      ticketId: t.id,
      direct: {
        headers: auth,
        list: `${m.baseUrl}/portal/tickets?limit=20`,
        detail: `${m.baseUrl}/portal/tickets/${t.id}`,
        create: { url: `${m.baseUrl}/portal/tickets`, body: { title: 'Load test', body: 'Created under load' } },
      },
    };
  } else if (kind === 'switchlabs') {
    const m = await startSwitchLabsMockServer({ port: 0, hostname: '127.0.0.1' });
    const customer = m.mock.fixture.createCustomer({ email: LOAD_EMAIL, name: 'Load', tickets: 1 });
    const ticketId = customer.ticketIds[0];
    info = {
      upstream: { baseUrl: m.baseUrl, apiKey: m.mock.apiKey },
      ticketId,
      direct: {
        headers: { authorization: `Bearer ${m.mock.apiKey}` },
        list: `${m.baseUrl}/tickets?customer_id=${customer.id}&order_by=created_at&order_dir=desc&limit=20`,
        detail: `${m.baseUrl}/tickets/${ticketId}`,
        create: { url: `${m.baseUrl}/tickets`, body: { subject: 'Load test', description: 'Created under load', customer_email: LOAD_EMAIL } },
      },
    };
  } else if (kind === 'answerpal') {
    const { ANSWERPAL_SEED } = await import(pathToFileURL(join(outDir, 'answerpal.js')).href);
    const m = await startAnswerPalMockServer({ port: 0, hostname: '127.0.0.1', rateLimit: { limit: 1e9, windowSeconds: 60 } });
    const customer = m.mock.fixture.addCustomer({ email: LOAD_EMAIL, name: 'Load', tickets: 1 });
    const ticketId = customer.ticketIds[0];
    const jwt = await m.mock.login(ANSWERPAL_SEED.service.username);
    info = {
      upstream: { baseUrl: m.url, ...ANSWERPAL_SEED.service, channelId: ANSWERPAL_SEED.portalChannelId },
      ticketId,
      direct: {
        headers: { authorization: `Bearer ${jwt}` },
        list: `${m.url}/api/EndUsers/${customer.customerId}/tickets?pageNumber=1&pageSize=20&sortBy=DateCreated&sortOrder=desc&isSpam=false`,
        detail: `${m.url}/api/Tickets/${ticketId}`,
        create: { url: `${m.url}/api/TicketMessages/create-new`, body: { channelID: ANSWERPAL_SEED.portalChannelId, uid: LOAD_EMAIL, subject: 'Load test', body: 'Created under load', isIncoming: true } },
      },
    };
  }
  answerCpu();
  process.send({ ready: info });
}
if (role === '--child-gateway') {
  const kind = process.argv[3];
  const upstream = JSON.parse(process.argv[4] ?? '{}');
  const backend =
    kind === 'memory'
      ? memoryBackend()
      : kind === 'dispatchAdmin'
        ? dispatchAdmin(upstream)
        : kind === 'switchLabs'
          ? switchLabs(upstream)
          : answerPal(upstream);
  const gateway = createPortalGateway({ backend, secret: SECRET, blobs: memoryBlobStore(), limits: { rateLimit: { limit: 1e9, windowSeconds: 60 }, upstreamConcurrency: 64 } });
  const server = await listen((r) => gateway.fetch(r));
  const { token } = await gateway.issueToken({ email: LOAD_EMAIL, name: 'Load' });
  const created = await (await gateway.fetch(new Request('http://x/portal/tickets', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Load', body: 'x' }) }))).json();
  answerCpu();
  process.send({ ready: { url: server.url, token, ticketId: created.id } });
}
if (role) await new Promise(() => {}); // children live until told to exit

// ---------------------------------------------------------------------------
// 1. Upstream calls per operation
const { startMockServer, startSwitchLabsMockServer, startAnswerPalMockServer } = await load('mock');
const { ANSWERPAL_SEED } = await import(pathToFileURL(join(outDir, 'answerpal.js')).href);
const mockServer = await startMockServer({ port: 0, hostname: '127.0.0.1', rateLimit: { limit: 1e9, windowSeconds: 60 }, allowLocalhostOrigins: true });
const seed = mockServer.mock.store;
const brand = [...seed.brands.values()][0];
const apiKey = [...seed.apiKeys.keys()][0];
const switchLabsServer = await startSwitchLabsMockServer({ port: 0, hostname: '127.0.0.1' });
const answerPalServer = await startAnswerPalMockServer({ port: 0, hostname: '127.0.0.1', rateLimit: { limit: 1e9, windowSeconds: 60 } });

function countingFetch() {
  const state = { calls: 0, inFlight: 0, peak: 0 };
  const f = async (input, init) => {
    state.calls++;
    state.inFlight++;
    state.peak = Math.max(state.peak, state.inFlight);
    try {
      return await fetch(input, init);
    } finally {
      state.inFlight--;
    }
  };
  return { f, state, reset: () => Object.assign(state, { calls: 0, peak: 0 }) };
}

/** An HTTP adapter whose requests to the helpdesk are counted. */
const counted = (name, make) => ({
  name,
  make() {
    const c = countingFetch();
    return { backend: make(c.f), reset: c.reset, read: () => ({ calls: c.state.calls, peak: c.state.peak }) };
  },
});

const adapters = [
  {
    name: 'memory (reference)',
    make() {
      const backend = memoryBackend();
      const snapshot = () => Object.values(backend.calls).reduce((a, b) => a + b, 0);
      let at = 0;
      return { backend, reset: () => void (at = snapshot()), read: () => ({ calls: snapshot() - at, peak: null }) };
    },
  },
  counted('dispatchAdmin', (f) => dispatchAdmin({ apiKey, brandId: brand.id, baseUrl: mockServer.baseUrl, fetch: f })),
  counted('switchLabs', (f) => switchLabs({ baseUrl: switchLabsServer.baseUrl, apiKey: switchLabsServer.mock.apiKey, fetch: f })),
  counted('answerPal', (f) => answerPal({ baseUrl: answerPalServer.url, ...ANSWERPAL_SEED.service, channelId: ANSWERPAL_SEED.portalChannelId, fetch: f })),
];

const ORIGIN = 'http://gw.bench';
async function opsFor(adapter) {
  const { backend, reset, read } = adapter.make();
  const gateway = createPortalGateway({ backend, secret: SECRET, store: memoryStore(), blobs: memoryBlobStore(), limits: { rateLimit: { limit: 1e9, windowSeconds: 60 } } });
  const call = (method, path, token, body, headers = {}) =>
    gateway.fetch(
      new Request(path.startsWith('http') ? path : `${ORIGIN}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body instanceof Uint8Array ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
      }),
    );
  const json = async (p) => {
    const r = await p;
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${adapter.name}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const rows = {};
  const measure = async (op, fn) => {
    reset();
    const out = await fn();
    rows[op] = read();
    return out;
  };
  await gateway.start();
  const token = (await measure('sign in (issueToken)', () => gateway.issueToken({ email: 'bench@customer.test', name: 'Bench' }))).token;
  const caps = await json(call('GET', '/portal/capabilities', token));
  await measure('capabilities (cached)', () => json(call('GET', '/portal/capabilities', token)));
  await measure('form (cached)', () => call('GET', '/portal/form', token).then((r) => r.text()));
  const ticket = await measure('create ticket', () => json(call('POST', '/portal/tickets', token, { title: 'Bench ticket', body: 'Hello' })));
  await measure('list tickets (page of 20)', () => json(call('GET', '/portal/tickets?limit=20', token)));
  if (caps.features.search) await measure('search tickets', () => json(call('GET', '/portal/tickets?limit=20&search=bench', token)));
  await measure('ticket detail', () => json(call('GET', `/portal/tickets/${ticket.id}`, token)));
  await measure('reply', () => json(call('POST', `/portal/tickets/${ticket.id}/comments`, token, { body: 'More detail' })));
  // Helpdesks without files (capabilities say so) have no rows for these.
  if (caps.features.attachments) {
    const bytes = new TextEncoder().encode('bench file contents\n');
    const pending = await measure('start pending upload', () =>
      json(call('POST', '/portal/tickets/attachments/pending', token, { filename: 'a.txt', contentType: 'text/plain', size: bytes.byteLength })),
    );
    await measure('PUT file to the gateway', () => call('PUT', pending.uploadUrl, null, bytes, { 'content-type': 'text/plain' }).then((r) => r.text()));
    await measure('confirm pending upload', () => json(call('POST', `/portal/tickets/attachments/pending/${pending.attachment.id}/confirm`, token)));
    const withFile = await measure('create ticket with 1 file', () => json(call('POST', '/portal/tickets', token, { title: 'With file', attachmentIds: [pending.attachment.id] })));
    const files = await measure('list attachments', () => json(call('GET', `/portal/tickets/${withFile.id}/attachments`, token)));
    const one = await measure('attachment download URL', () => json(call('GET', `/portal/tickets/${withFile.id}/attachments/${files[0].id}`, token)));
    if (one.downloadUrl.startsWith(ORIGIN)) await measure('proxied download', () => call('GET', one.downloadUrl).then((r) => r.arrayBuffer()));
  }
  await measure('close', () => json(call('POST', `/portal/tickets/${ticket.id}/close`, token)));
  await measure('rate', () => json(call('POST', `/portal/tickets/${ticket.id}/rating`, token, { rating: 1 })));
  await measure('reopen', () => json(call('POST', `/portal/tickets/${ticket.id}/reopen`, token)));
  return rows;
}

const tables = [];
for (const adapter of adapters) tables.push([adapter.name, await opsFor(adapter)]);
const ops = [...new Set(tables.flatMap(([, rows]) => Object.keys(rows)))];
const cell = (r) => (r ? `${r.calls}${r.peak && r.peak > 1 ? ` (${r.peak} at once)` : ''}` : '-');
console.log('Upstream calls per portal operation (after start-up; capabilities and form are cached)');
console.log(`${'operation'.padEnd(30)}${tables.map(([n]) => n.padStart(20)).join('')}`);
for (const op of ops) console.log(`${op.padEnd(30)}${tables.map(([, rows]) => cell(rows[op]).padStart(20)).join('')}`);
console.log('memory: adapter method calls; the others: HTTP requests to the helpdesk (incl. file storage). answerPal signs in');
console.log('(one login) on its first call; switchLabs has no attachments, so no file rows.');
await Promise.all([switchLabsServer.close(), answerPalServer.close()]);

// ---------------------------------------------------------------------------
// 2. Overhead (autocannon, loopback, fixed concurrency, bounded duration)
await mockServer.close();
const autocannon = (await import('autocannon')).default;
const here = resolve('scripts/bench-gateway.mjs');
/** A child process in one of the roles above; resolves once it reports ready. */
function child(args) {
  const proc = fork(here, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const cpuWaiters = [];
  proc.on('message', (m) => m.cpu && cpuWaiters.shift()?.(m.cpu));
  return new Promise((resolveChild, reject) => {
    proc.once('exit', (code) => reject(new Error(`bench child ${args.join(' ')} exited (${code})`)));
    proc.once('message', (m) =>
      resolveChild({
        ...m.ready,
        /** CPU time (user + system, ms) the child has used so far. */
        cpu: () =>
          new Promise((r) => {
            cpuWaiters.push((c) => r((c.user + c.system) / 1000));
            proc.send('cpu');
          }),
        stop: () => new Promise((r) => (proc.removeAllListeners('exit'), proc.once('exit', r), proc.send('exit'))),
      }),
    );
  });
}
const hit = (url, headers, connections, method = 'GET', body) =>
  new Promise((resolveRun, reject) => {
    autocannon(
      { url, method, connections, duration: DURATION_S, headers: { ...headers, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) },
      (err, result) => (err ? reject(err) : resolveRun(result)),
    );
  });
/** A load run with the CPU the gateway (and the helpdesk) spent per request meanwhile. */
async function measured(procs, url, headers, connections, method, body) {
  const before = await Promise.all(procs.map((p) => p.cpu()));
  const r = await hit(url, headers, connections, method, body);
  const after = await Promise.all(procs.map((p) => p.cpu()));
  const n = Math.max(1, r.requests.total);
  return { r, cpu: after.map((a, i) => (a - before[i]) / n) };
}

const BACKENDS = [
  ['Dispatch', 'dispatch', 'dispatchAdmin'],
  ['Switch Labs', 'switchlabs', 'switchLabs'],
  ['AnswerPal', 'answerpal', 'answerPal'],
];
const OPS = ['list', 'detail', 'create'];
const target = (base, op, ticketId) =>
  op === 'list' ? [`${base}/portal/tickets?limit=20`] : op === 'detail' ? [`${base}/portal/tickets/${ticketId}`] : [`${base}/portal/tickets`, 'POST', { title: 'Load test', body: 'Created under load' }];
const directTarget = (d, op) => (op === 'create' ? [d.create.url, 'POST', d.create.body] : [d[op]]);
const fmt = (r) => `${r.latency.p50}/${r.latency.p99}`.padStart(10) + String(Math.round(r.requests.average)).padStart(7);
const ms = (x) => x.toFixed(2);

console.log(`\nGateway overhead: ${CONNECTIONS} connections, ${DURATION_S} s per run, loopback; the helpdesk mock and the gateway each in their own process.`);
console.log('direct = the helpdesk mock called as the gateway would call it (Dispatch: its portal API); gateway = the same through the gateway.');
console.log('gateway CPU = CPU time of the gateway process per request; helpdesk CPU = the mock\'s, direct / through the gateway.');
console.log(`${'backend'.padEnd(12)}${'op'.padEnd(8)}${'direct p50/p99'.padStart(17)}${'gateway p50/p99'.padStart(17)}${'p50 ratio'.padStart(10)}${'gateway CPU ms'.padStart(16)}${'helpdesk CPU ms'.padStart(17)}${'errors'.padStart(8)}`);
const added = [];
for (const [label, mockKind, adapterKind] of BACKENDS) {
  const helpdesk = await child(['--child-mock', mockKind]);
  const gw = await child(['--child-gateway', adapterKind, JSON.stringify(helpdesk.upstream)]);
  const auth = { authorization: `Bearer ${gw.token}` };
  for (const op of OPS) {
    const [durl, dmethod, dbody] = directTarget(helpdesk.direct, op);
    const d = await measured([helpdesk], durl, helpdesk.direct.headers, CONNECTIONS, dmethod, dbody);
    const [gurl, gmethod, gbody] = target(gw.url, op, helpdesk.ticketId);
    const g = await measured([gw, helpdesk], gurl, auth, CONNECTIONS, gmethod, gbody);
    const errors = d.r.errors + d.r.non2xx + g.r.errors + g.r.non2xx;
    const ratio = d.r.latency.p50 > 0 ? (g.r.latency.p50 / d.r.latency.p50).toFixed(1) : '-';
    console.log(
      `${label.padEnd(12)}${op.padEnd(8)}${fmt(d.r)}${fmt(g.r)}${ratio.padStart(10)}${ms(g.cpu[0]).padStart(16)}${`${ms(d.cpu[0])} / ${ms(g.cpu[1])}`.padStart(17)}${String(errors).padStart(8)}`,
    );
  }
  // One connection: what a single request waits for, without queueing behind others.
  const [durl] = directTarget(helpdesk.direct, 'detail');
  const d1 = await hit(durl, helpdesk.direct.headers, 1);
  const g1 = await hit(target(gw.url, 'detail', helpdesk.ticketId)[0], auth, 1);
  added.push([label, d1, g1]);
  await Promise.all([gw.stop(), helpdesk.stop()]);
}
const bare = await child(['--child-gateway', 'memory', '{}']);
for (const op of OPS) {
  const [url, method, body] = target(bare.url, op, bare.ticketId);
  const b = await measured([bare], url, { authorization: `Bearer ${bare.token}` }, CONNECTIONS, method, body);
  console.log(`${'(alone)'.padEnd(12)}${op.padEnd(8)}${''.padStart(17)}${fmt(b.r)}${''.padStart(10)}${ms(b.cpu[0]).padStart(16)}${''.padStart(17)}${String(b.r.errors + b.r.non2xx).padStart(8)}`);
}
const b1 = await hit(target(bare.url, 'detail', bare.ticketId)[0], { authorization: `Bearer ${bare.token}` }, 1);
await bare.stop();
console.log('(alone) = the gateway over the in-memory reference adapter: no helpdesk hop, its own cost.');
console.log('\nLatency added at 1 connection (ticket detail, mean ms): direct → through the gateway');
for (const [label, d1, g1] of added) {
  console.log(`  ${label.padEnd(12)}${ms(d1.latency.mean).padStart(7)} → ${ms(g1.latency.mean).padStart(6)}  (+${ms(g1.latency.mean - d1.latency.mean)} ms; ${Math.round(d1.requests.average)} → ${Math.round(g1.requests.average)} req/s)`);
}
console.log(`  ${'(alone)'.padEnd(12)}${''.padStart(7)}   ${ms(b1.latency.mean).padStart(6)}  (${Math.round(b1.requests.average)} req/s)`);

// ---------------------------------------------------------------------------
// 3. Heap, measured in a fresh process
const heapRun = spawnSync(process.execPath, ['--expose-gc', 'scripts/bench-gateway.mjs', '--heap'], { encoding: 'utf8' });
let failed = 0;
try {
  const r = JSON.parse(heapRun.stdout);
  const ok = r.status === 200 && r.confirm === 'UPLOADED' && r.created === 201 && r.heap < HEAP_BUDGET_MB;
  if (!ok) failed++;
  console.log(
    `\nMemory: a 50 MB upload through the gateway (PUT → disk → confirm → ticket create streaming it to the adapter) grew the heap by ${r.heap.toFixed(2)} MB (budget ${HEAP_BUDGET_MB} MB; ArrayBuffers +${r.buffers.toFixed(2)} MB) ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
} catch {
  failed++;
  console.error('heap measurement failed:', heapRun.stderr || heapRun.stdout);
}
process.exit(failed ? 1 : 0);
