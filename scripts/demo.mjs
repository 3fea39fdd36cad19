// `npm run demo`: the mock portal API and the demo app ("Acme Cloud") in one command.
//
//   node scripts/demo.mjs                 mock API on :4010 + Vite dev server on :5173 (next free port if busy);
//                                         the demo server starts the Switch Labs CRM and AnswerPal mocks itself
//                                         on :4011 and :4012 (free ports if busy) with a portal gateway over each
//   node scripts/demo.mjs --preview       the same, but builds demo/dist and serves it with `vite preview`
//   options: --port N (demo port), --no-mock (use the API at DEMO_API_URL instead of starting the mock)
//   env: MOCK_PORT (4010), TOKEN_TTL_SECONDS (passed to the mock), DEMO_API_URL (with --no-mock),
//        DEMO_SWITCHLABS_PORT, DEMO_ANSWERPAL_PORT (0 = a free port),
//        DEMO_GATEWAY_CONFIG_TTL_MS (how long the Dispatch gateway reuses statuses and the ticket form)
import { spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMockCli } from './mock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(root, 'demo/vite.config.ts');
const { values: args } = parseArgs({
  options: {
    preview: { type: 'boolean', default: false },
    port: { type: 'string' },
    'no-mock': { type: 'boolean', default: false },
  },
});
const mockPort = Number(process.env.MOCK_PORT ?? 4010);
const demoPort = args.port ? Number(args.port) : args.preview ? 4173 : 5173;

const log = (line = '') => process.stdout.write(`${line}\n`);
const fail = (message) => {
  process.stderr.write(`\ndemo: ${message}\n`);
  process.exit(1);
};

const portIsFree = (port) =>
  new Promise((resolve) => {
    const probe = createNetServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port);
  });

/** Starts the mock API as a child process and resolves once it says "Ready.". */
async function startMock() {
  if (!(await portIsFree(mockPort))) {
    fail(
      `port ${mockPort} is busy, so the mock API can't start.\n` +
        `  Another \`npm run demo\` or \`npm run mock\` may still be running: stop it, or run\n` +
        `  MOCK_PORT=4011 npm run demo`,
    );
  }
  const cli = await buildMockCli();
  const child = spawn(process.execPath, [cli, 'mock'], {
    env: { ...process.env, PORT: String(mockPort) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Ready.')) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the mock API exited (code ${code}) before it was ready`)));
    setTimeout(() => reject(new Error('the mock API did not start within 30 s')), 30_000).unref();
  });
  child.stdout.resume();
  return child;
}

let mock = null;
let server = null;
let closing = false;

async function shutdown(code = 0) {
  if (closing) return;
  closing = true;
  log('\ndemo: shutting down…');
  // Never hang on a stuck socket.
  setTimeout(() => process.exit(code), 3000).unref();
  await server?.close().catch(() => {});
  if (mock && mock.exitCode === null) {
    const exited = new Promise((resolve) => mock.once('exit', resolve));
    mock.kill('SIGTERM');
    await exited;
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  if (!args['no-mock']) {
    mock = await startMock();
    mock.once('exit', (code) => {
      if (closing) return;
      process.stderr.write(`\ndemo: the mock API stopped unexpectedly (code ${code}).\n`);
      void shutdown(1);
    });
    process.env.DEMO_API_URL = `http://localhost:${mockPort}/v1`;
  }
  // The other helpdesks' mocks run inside the demo server: next to the Dispatch mock's port when free.
  for (const [name, port] of [['DEMO_SWITCHLABS_PORT', mockPort + 1], ['DEMO_ANSWERPAL_PORT', mockPort + 2]]) {
    process.env[name] ??= String((await portIsFree(port)) ? port : 0);
  }
  const vite = await import('vite');
  if (args.preview) {
    log('demo: building demo/dist…');
    await vite.build({ configFile, logLevel: 'warn' });
    server = await vite.preview({ configFile, preview: { port: demoPort, strictPort: true } });
    server.close ??= () => new Promise((resolve) => server.httpServer.close(() => resolve()));
  } else {
    server = await vite.createServer({ configFile, server: { port: demoPort, strictPort: false } });
    await server.listen();
  }
  // Outlive clients' idle keep-alive sockets: with Node's 5 s default, a request sent on a socket the
  // server is closing (Playwright's request context reuses them after longer waits) fails with "socket hang up".
  if (server.httpServer) Object.assign(server.httpServer, { keepAliveTimeout: 65_000, headersTimeout: 66_000 });
} catch (error) {
  process.stderr.write(`\ndemo: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
}

const url = server.resolvedUrls?.local[0] ?? `http://localhost:${demoPort}/`;
// Load the demo server's routes now (it starts the other helpdesks' mocks), not on the first visit.
const helpdesks = await fetch(new URL('/api/config', url)).then(
  (r) => (r.ok ? 'running' : `not ready (${r.status})`),
  (e) => `not ready (${e instanceof Error ? e.message : e})`,
);
const port = (name) => (process.env[name] === '0' ? 'a free port' : `:${process.env[name]}`);
log(`
  Acme Cloud — the @dispatchtickets/react demo${args.preview ? ' (production build)' : ''}

  ➜  Open ${url}

  Sign in as one of the mock API's customers (no password):
     Jane Cooper   jane@example.com   a dozen tickets in every status
     (no name)     new@example.com    no tickets yet
     Bulk Tester   bulk@example.com   2,000 tickets
  or any other email, or request a magic link and open it from the Demo inbox.

  Portal API:  ${process.env.DEMO_API_URL ?? 'http://localhost:4010/v1'}${mock ? '  (mock, API key sk_test_demo, brand br_demo)' : ''}
  Gateway:     ${url.replace(/\/$/, '')}/api/gateway  (Demo controls → Backend → "Dispatch via gateway")
  Also under Demo controls → Backend: "Switch Labs CRM (via gateway)" and "AnswerPal (via gateway)",
  each a gateway on this server over a mock of that helpdesk's API (${port('DEMO_SWITCHLABS_PORT')} and ${port('DEMO_ANSWERPAL_PORT')}, ${helpdesks}).
  Press Ctrl+C to stop.
`);
