import { afterAll, beforeAll } from 'vitest';
import { startSwitchLabsMockServer, type StartSwitchLabsMockServerOptions, type SwitchLabsMockServer } from '../../../src/mock/node';
import { SWITCHLABS_SEED } from '../../../src/mock/switchlabs';

export { SWITCHLABS_SEED };

export interface SlHarness {
  server: SwitchLabsMockServer;
  /** `http://127.0.0.1:port/api/v1` */
  base: string;
  /** A REST call with the main API key (or `key`; `null` sends none). */
  api(path: string, init?: { method?: string; body?: unknown; key?: string | null; raw?: string }): Promise<Response>;
  /** A `/__mock/switchlabs/*` call: POST when a body is given. */
  control(path: string, body?: unknown, method?: string): Promise<Response>;
}

/** One mock server per test file, over real HTTP on a free port. */
export function useSwitchLabsServer(options: StartSwitchLabsMockServerOptions = {}): SlHarness {
  const h = {} as SlHarness;
  beforeAll(async () => {
    h.server = await startSwitchLabsMockServer({ port: 0, hostname: '127.0.0.1', ...options });
    h.base = h.server.baseUrl;
  });
  afterAll(() => h.server?.close());
  h.api = (path, init = {}) => {
    const key = init.key === undefined ? SWITCHLABS_SEED.apiKey : init.key;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (key) headers.Authorization = `Bearer ${key}`;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] = 'application/json';
    }
    return fetch(`${h.base}/${path.replace(/^\//, '')}`, { method: init.method ?? 'GET', headers, body });
  };
  h.control = (path, body, method = body === undefined ? 'GET' : 'POST') =>
    fetch(`${h.server.url}/__mock/switchlabs/${path.replace(/^\//, '')}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return h;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked with expect()
export async function body<T = any>(res: Response): Promise<T> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new Error(`expected JSON, got "${type}" (${res.status}): ${await res.text()}`);
  return (await res.json()) as T;
}

/** Follows `meta.next_cursor` until it is null/absent or `maxPages` is reached; returns the ids in order and the cursors sent. */
export async function walk(h: SlHarness, path: string, maxPages = 20): Promise<{ ids: string[]; cursors: (string | null)[]; pages: number }> {
  const ids: string[] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | null = null;
  let pages = 0;
  for (; pages < maxPages; ) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await h.api(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    if (res.status !== 200) throw new Error(`page ${pages}: ${res.status} ${await res.text()}`);
    const b = await body<{ data: { id: string }[]; meta: { next_cursor?: string | null } }>(res);
    pages++;
    ids.push(...b.data.map((r) => r.id));
    const next = b.meta.next_cursor ?? null;
    cursors.push(next);
    if (next === null || b.data.length === 0) break;
    cursor = next;
  }
  return { ids, cursors, pages };
}
