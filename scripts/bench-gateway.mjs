// `npm run bench:gateway` (a CI step): the portal gateway's figures, printed,
// never asserted by timers in tests.
// 1. Upstream calls per portal operation, per adapter (and how many ran at once).
// 2. Gateway overhead: the Dispatch portal API mock called directly vs the same
//    operations through the gateway (dispatchAdmin adapter → the mock's admin
//    API), over loopback HTTP with autocannon: p50/p99 latency ratio and req/s.
// 3. Memory: heap growth while a 50 MB upload streams through the gateway
//    (budget 8 MB; exits 1 when over).
import { spawnSync } from 'node:child_process';
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
if (process.argv[2] !== '--heap') {
  mkdirSync(outDir, { recursive: true });
  // One build with shared chunks, so classes such as BackendError are the same across entries.
  await build({
    entryPoints: { server: 'src/server/index.ts', testing: 'src/server/testing/index.ts', mock: 'src/mock/node.ts' },
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
const { createPortalGateway, dispatchAdmin, toNodeHandler, diskBlobStore, memoryStore } = await load('server');
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
// 1. Upstream calls per operation
const { startMockServer } = await load('mock');
const mockServer = await startMockServer({ port: 0, hostname: '127.0.0.1', rateLimit: { limit: 1e9, windowSeconds: 60 }, allowLocalhostOrigins: true });
const seed = mockServer.mock.store;
const brand = [...seed.brands.values()][0];
const apiKey = [...seed.apiKeys.keys()][0];

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
  {
    name: 'dispatchAdmin (HTTP)',
    make() {
      const c = countingFetch();
      const backend = dispatchAdmin({ apiKey, brandId: brand.id, baseUrl: mockServer.baseUrl, fetch: c.f });
      return { backend, reset: c.reset, read: () => ({ calls: c.state.calls, peak: c.state.peak }) };
    },
  },
];

const ORIGIN = 'http://gw.bench';
async function opsFor(adapter) {
  const { backend, reset, read } = adapter.make();
  const gateway = createPortalGateway({ backend, secret: SECRET, store: memoryStore(), blobs: (await load('server')).memoryBlobStore(), limits: { rateLimit: { limit: 1e9, windowSeconds: 60 } } });
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
    if (r.status >= 300) throw new Error(`${r.status} ${text}`);
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
  await json(call('GET', '/portal/capabilities', token));
  await measure('capabilities (cached)', () => json(call('GET', '/portal/capabilities', token)));
  await measure('form (cached)', () => call('GET', '/portal/form', token).then((r) => r.text()));
  const ticket = await measure('create ticket', () => json(call('POST', '/portal/tickets', token, { title: 'Bench ticket', body: 'Hello' })));
  await measure('list tickets (page of 20)', () => json(call('GET', '/portal/tickets?limit=20', token)));
  await measure('ticket detail', () => json(call('GET', `/portal/tickets/${ticket.id}`, token)));
  await measure('reply', () => json(call('POST', `/portal/tickets/${ticket.id}/comments`, token, { body: 'More detail' })));
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
console.log(`${'operation'.padEnd(30)}${tables.map(([n]) => n.padStart(26)).join('')}`);
for (const op of ops) console.log(`${op.padEnd(30)}${tables.map(([, rows]) => cell(rows[op]).padStart(26)).join('')}`);
console.log('memory: adapter method calls; HTTP adapters: requests to the helpdesk (incl. file storage).');

// ---------------------------------------------------------------------------
// 2. Overhead (autocannon, loopback, fixed concurrency, bounded duration)
const autocannon = (await import('autocannon')).default;
const gateway = createPortalGateway({
  backend: dispatchAdmin({ apiKey, brandId: brand.id, baseUrl: mockServer.baseUrl }),
  secret: SECRET,
  limits: { rateLimit: { limit: 1e9, windowSeconds: 60 }, upstreamConcurrency: 64 },
});
const gwServer = await listen((r) => gateway.fetch(r));
// The gateway alone: the same protocol over the in-memory reference adapter (no upstream hop).
const bare = createPortalGateway({ backend: memoryBackend(), secret: SECRET, limits: { rateLimit: { limit: 1e9, windowSeconds: 60 }, upstreamConcurrency: 64 } });
const bareServer = await listen((r) => bare.fetch(r));
const bareToken = (await bare.issueToken({ email: 'load@customer.test' })).token;
const bareTicket = await (await bare.fetch(new Request('http://x/portal/tickets', { method: 'POST', headers: { authorization: `Bearer ${bareToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Load', body: 'x' }) }))).json();
const email = 'load@customer.test';
const direct = await mockServer.mock.issuePortalToken({ email, brandId: brand.id });
const viaGw = await gateway.issueToken({ email });
const directTicket = await (
  await fetch(`${mockServer.baseUrl}/portal/tickets`, { method: 'POST', headers: { authorization: `Bearer ${direct.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Load', body: 'x' }) })
).json();
const gwTicket = directTicket; // the same customer and brand: the gateway sees the same ticket
const run = (url, token, method = 'GET', body) =>
  new Promise((resolveRun, reject) => {
    autocannon(
      {
        url,
        method,
        connections: CONNECTIONS,
        duration: DURATION_S,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      },
      (err, result) => (err ? reject(err) : resolveRun(result)),
    );
  });
const cases = [
  ['list', (base, token) => run(`${base}/portal/tickets?limit=20`, token)],
  ['detail', (base, token, id) => run(`${base}/portal/tickets/${id}`, token)],
  ['create', (base, token) => run(`${base}/portal/tickets`, token, 'POST', { title: 'Load test', body: 'Created under load' })],
];
console.log(`\nGateway overhead: ${CONNECTIONS} connections, ${DURATION_S} s each, loopback (direct = mock portal API; gateway = gateway → dispatchAdmin → mock admin API)`);
console.log('(gateway alone = the gateway over the in-memory reference adapter, no upstream hop: its own cost)');
console.log(
  `${'op'.padEnd(8)}${'direct p50/p99 ms'.padStart(19)}${'req/s'.padStart(7)}${'gateway p50/p99'.padStart(17)}${'req/s'.padStart(7)}${'ratio p50/p99'.padStart(15)}${'gateway alone'.padStart(15)}${'req/s'.padStart(7)}${'errors'.padStart(8)}`,
);
for (const [name, fn] of cases) {
  const d = await fn(mockServer.baseUrl, direct.token, directTicket.id);
  const g = await fn(gwServer.url, viaGw.token, gwTicket.id);
  const b = await fn(bareServer.url, bareToken, bareTicket.id);
  const ratio = (a, c) => (c > 0 ? (a / c).toFixed(1) : '-');
  const errors = [d, g, b].reduce((n, r) => n + r.errors + r.non2xx, 0);
  const pair = (r) => `${r.latency.p50}/${r.latency.p99}`;
  const rps = (r) => Math.round(r.requests.average).toString().padStart(7);
  console.log(
    `${name.padEnd(8)}${pair(d).padStart(19)}${rps(d)}${pair(g).padStart(17)}${rps(g)}${`${ratio(g.latency.p50, d.latency.p50)}/${ratio(g.latency.p99, d.latency.p99)}`.padStart(15)}${pair(b).padStart(15)}${rps(b)}${String(errors).padStart(8)}`,
  );
}
await gwServer.close();
await bareServer.close();
await mockServer.close();

// ---------------------------------------------------------------------------
// 3. Heap, measured in a fresh process
const child = spawnSync(process.execPath, ['--expose-gc', 'scripts/bench-gateway.mjs', '--heap'], { encoding: 'utf8' });
let failed = 0;
try {
  const r = JSON.parse(child.stdout);
  const ok = r.status === 200 && r.confirm === 'UPLOADED' && r.created === 201 && r.heap < HEAP_BUDGET_MB;
  if (!ok) failed++;
  console.log(
    `\nMemory: a 50 MB upload through the gateway (PUT → disk → confirm → ticket create streaming it to the adapter) grew the heap by ${r.heap.toFixed(2)} MB (budget ${HEAP_BUDGET_MB} MB; ArrayBuffers +${r.buffers.toFixed(2)} MB) ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
} catch {
  failed++;
  console.error('heap measurement failed:', child.stderr || child.stdout);
}
process.exit(failed ? 1 : 0);
