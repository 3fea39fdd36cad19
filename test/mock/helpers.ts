import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { startMockServer, type MockServer, type StartMockServerOptions } from '../../src/mock/node';
import { SEED } from '../../src/mock/seed';

export { SEED };

/** A fixed, adjustable clock: `clock.t` is epoch ms. */
export function createClock(start = Date.parse('2024-04-10T12:00:00.000Z')) {
  const clock = {
    t: start,
    now: () => clock.t,
    advance(ms: number) {
      clock.t += ms;
    },
  };
  return clock;
}

export interface SdkRequest {
  method?: string;
  token?: string | null;
  /** JSON-encoded when given (so `{}` is sent as the text `{}`, as the SDK does). */
  body?: unknown;
  /** Sent as is (e.g. `''` for the vendor UI's body-less confirm). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * A request shaped like the vendor SDK's (contract Appendix A): JSON
 * Content-Type even on GET and body-less POSTs, Accept JSON, Bearer auth.
 */
export function sdk(base: string, path: string, req: SdkRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', ...req.headers };
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  const body = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
  return fetch(`${base}/${path.replace(/^\//, '')}`, { method: req.method ?? 'GET', headers, body });
}

/** Reads a JSON body, asserting the JSON content type the SDK depends on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are checked with expect()
export async function json<T = any>(res: Response): Promise<T> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new Error(`expected JSON, got "${type}" (${res.status})`);
  return (await res.json()) as T;
}

export interface Harness {
  server: MockServer;
  /** `http://127.0.0.1:port/v1` */
  base: string;
  /** `http://127.0.0.1:port` */
  url: string;
  /** Portal token via A1 over HTTP. */
  token(email?: string, brandId?: string, apiKey?: string): Promise<string>;
  /** `/__mock/*` call. */
  control(path: string, body?: unknown, method?: string): Promise<Response>;
  admin(path: string, req?: Omit<SdkRequest, 'token'> & { apiKey?: string }): Promise<Response>;
}

/** Starts one server per test file (real HTTP on a random port) and closes it afterwards. */
export function useMockServer(options: StartMockServerOptions = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    const server = await startMockServer({ port: 0, hostname: '127.0.0.1', ...options });
    h.server = server;
    h.base = server.baseUrl;
    h.url = server.url;
  });
  afterAll(async () => {
    await h.server?.close();
  });
  h.admin = (path, req = {}) => sdk(h.base, path, { ...req, token: req.apiKey ?? SEED.apiKey });
  h.token = async (email = SEED.customers.jane.email, brandId: string = SEED.brandId, apiKey: string = SEED.apiKey) => {
    const res = await sdk(h.base, `/brands/${brandId}/portal/token`, { method: 'POST', token: apiKey, body: { email } });
    if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  h.control = (path, body, method = body === undefined ? 'GET' : 'POST') =>
    fetch(`${h.url}/__mock/${path.replace(/^\//, '')}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return h;
}

/** Walks every page of a listing, failing on the SDK-breaking `hasMore: true` + null cursor. */
export async function walkPages(
  fetchPage: (cursor: string | null) => Promise<Response>,
  onPage?: (n: number) => Promise<void> | void,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  for (;;) {
    const res = await fetchPage(cursor);
    if (res.status !== 200) throw new Error(`page ${pages}: ${res.status} ${await res.text()}`);
    const body = await json<{ data: { id: string }[]; pagination: { hasMore: boolean; nextCursor: string | null } }>(res);
    pages++;
    ids.push(...body.data.map((t) => t.id));
    if (body.pagination.hasMore && !body.pagination.nextCursor) throw new Error('hasMore: true with a null cursor');
    if (!body.pagination.hasMore) {
      if (body.pagination.nextCursor !== null) throw new Error('nextCursor should be null on the last page');
      break;
    }
    cursor = body.pagination.nextCursor;
    await onPage?.(pages);
    if (pages > 1000) throw new Error('runaway paging');
  }
  return { ids, pages };
}

/**
 * Runs `node scripts/mock.mjs <args>` and resolves with its output once it prints
 * "Ready." (rejects after 15 s or if it exits first). `exited` resolves with the exit code.
 */
export async function startMockCli(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; out: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['scripts/mock.mjs', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Ready." within 15 s:\n${out}\n${err}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`exited early:\n${out}\n${err}`)));
  }).catch((e: unknown) => {
    child.kill('SIGTERM');
    throw e;
  });
  return { child, out, exited };
}
