/// <reference types="node" />
/**
 * `dispatchtickets mock`: a mock API on a real port, for local development.
 * Run by the package's bin (`npx @dispatchtickets/react mock`) and by
 * `npm run mock` in this repository. Options win over the environment
 * variables named beside them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SEED } from './seed';
import { startMockServer } from './node';
import { startAnswerPalMock } from './answerpal/cli';
import { startSwitchLabsMock } from './switchlabs/cli';

/** Local dev origins listed for br_demo: the demo (Vite dev), Storybook and Vite preview. */
export const DEV_ORIGINS = ['http://localhost:5173', 'http://localhost:6006', 'http://localhost:4173'];

/** What every backend's mock gets from the command line. */
export interface MockCliSettings {
  port: number;
  host: string;
  tokenTtlSeconds: number;
  origins: string[];
  strictOrigins: boolean;
  email: string;
}

export interface RunningMock {
  /** Lines printed once it listens: base URL, credentials, a token. */
  banner: string[];
  close(): Promise<void>;
}

/**
 * The APIs `--backend` can mock. Each one starts its server and says what to
 * paste into an app; add a backend by adding an entry.
 */
export const BACKENDS: Record<string, { description: string; start(settings: MockCliSettings): Promise<RunningMock> }> = {
  dispatch: {
    description: 'the Dispatch Tickets portal and admin API (default)',
    async start(settings) {
      const server = await startMockServer({
        port: settings.port,
        hostname: settings.host,
        tokenTtlSeconds: settings.tokenTtlSeconds,
        portalOrigins: [...DEV_ORIGINS, ...settings.origins],
        allowLocalhostOrigins: !settings.strictOrigins,
      });
      const { token, expiresAt } = await server.mock.issuePortalToken({ email: settings.email });
      const brand = server.mock.store.brands.get(SEED.brandId);
      const origins = [
        ...(settings.strictOrigins ? [] : ['any http://localhost:* or 127.0.0.1:*']),
        ...(brand?.portalOrigins ?? []),
      ];
      const docs = docsPath();
      return {
        close: () => server.close(),
        banner: [
          'Dispatch Tickets mock API (in memory: data resets when it stops)',
          `  Base URL:       ${server.baseUrl}`,
          `  Brand id:       ${SEED.brandId} (${SEED.brandName})`,
          `  API key:        ${SEED.apiKey}`,
          `  Portal origins: ${origins.join(', ')}`,
          `  Listening on:   ${server.hostname}${server.hostname === '127.0.0.1' ? ' (this machine only; --host 0.0.0.0 for all interfaces)' : ''}`,
          `  Portal token for ${settings.email} (expires ${expiresAt}):`,
          `  ${token}`,
          `  Mock controls:  ${server.url}/__mock/health${docs ? ` (see ${docs})` : ''}`,
          '',
          'Point your app at it (server-side environment):',
          `  DISPATCH_API_URL=${server.baseUrl}`,
          `  DISPATCH_API_KEY=${SEED.apiKey}`,
          `  DISPATCH_BRAND_ID=${SEED.brandId}`,
          `and give PortalProvider the same baseUrl="${server.baseUrl}".`,
        ],
      };
    },
  },
  switchlabs: { description: 'the Switch Labs CRM REST API', start: startSwitchLabsMock },
  answerpal: { description: 'the AnswerPal API (ANSWERPAL_<SWITCH> env sets its switches)', start: startAnswerPalMock },
};

/** docs/mock.md of the installed package (or of this repository), relative to the working directory. */
function docsPath(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"@dispatchtickets\/react"/.test(readFileSync(pkg, 'utf8'))) {
      const file = join(dir, 'docs', 'mock.md');
      return existsSync(file) ? relative(process.cwd(), file) || file : null;
    }
    dir = dirname(dir);
  }
  return null;
}

export const MOCK_USAGE = `Usage: dispatchtickets mock [options]

Starts a mock Dispatch Tickets API on this machine for local development and
prints its base URL, API key and a portal token.

Options (environment variable in brackets):
  --port <n>          port to listen on; 0 picks a free one        [PORT] default 4010
  --host <address>    interface to bind; 0.0.0.0 for all            [HOST] default 127.0.0.1
  --origin <url>      another allowed portal origin (repeatable)    [MOCK_PORTAL_ORIGINS, comma list]
  --strict-origins    allow only listed origins, not every http://localhost:*
                                                                   [MOCK_ALLOW_LOCALHOST=0]
  --token-ttl <s>     portal token lifetime in seconds              [TOKEN_TTL_SECONDS] default 3600
  --email <address>   the customer to print a token for             default ${SEED.customers.jane.email}
  --backend <name>    the API to mock: ${Object.keys(BACKENDS).join(', ')}  default dispatch
  -h, --help          this help
`;

class UsageError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** Options and environment → settings; throws {@link UsageError} with a message for the user. */
export function parseMockArgs(argv: string[], env: NodeJS.ProcessEnv): { help: boolean; backend: string; settings: MockCliSettings } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        origin: { type: 'string', multiple: true },
        'strict-origins': { type: 'boolean' },
        'token-ttl': { type: 'string' },
        email: { type: 'string' },
        backend: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const backend = values.backend ?? 'dispatch';
  if (!BACKENDS[backend]) throw new UsageError(`unknown backend "${backend}". Choose one of: ${Object.keys(BACKENDS).join(', ')}`);
  const envOrigins = (env.MOCK_PORTAL_ORIGINS ?? '').split(',');
  const origins = [...envOrigins, ...(values.origin ?? [])].map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const origin of origins) {
    let ok = false;
    try {
      ok = new URL(origin).origin === origin;
    } catch {
      // not a URL
    }
    if (!ok) throw new UsageError(`--origin must be an origin such as https://app.example.com, got "${origin}"`);
  }
  return {
    help: values.help ?? false,
    backend,
    settings: {
      port: integer(values.port !== undefined ? '--port' : 'PORT', values.port ?? env.PORT, 4010),
      host: values.host || env.HOST || '127.0.0.1',
      tokenTtlSeconds: integer(values['token-ttl'] !== undefined ? '--token-ttl' : 'TOKEN_TTL_SECONDS', values['token-ttl'] ?? env.TOKEN_TTL_SECONDS, 3600) || 3600,
      origins,
      strictOrigins: values['strict-origins'] ?? env.MOCK_ALLOW_LOCALHOST === '0',
      email: values.email ?? SEED.customers.jane.email,
    },
  };
}

const print = (line = '') => process.stdout.write(`${line}\n`);

/** Runs `dispatchtickets mock`; resolves once it listens and keeps running until SIGINT/SIGTERM. */
export async function runMockCli(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseMockArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dispatchtickets mock: ${error.message}\n\n${MOCK_USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    print(MOCK_USAGE);
    return;
  }
  const { settings } = parsed;
  let running: RunningMock;
  try {
    running = await BACKENDS[parsed.backend]!.start(settings);
  } catch (err) {
    const code = (err as { code?: string }).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `dispatchtickets mock: port ${settings.port} is in use. Stop what runs there or pass --port <another>.\n`
        : `dispatchtickets mock: ${String(err)}\n`,
    );
    process.exit(1);
  }
  for (const line of running.banner) print(line);
  print('Ready.');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    print(`mock: ${signal}, shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    // Never hang on a stuck connection.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
