import { startMockCli } from '../helpers';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startAnswerPalMockServer, type AnswerPalMockServer, type StartAnswerPalMockServerOptions } from '../../../src/mock/answerpal/node';
import { ANSWERPAL_SEED } from '../../../src/mock/answerpal/seed';

export { ANSWERPAL_SEED };
export { createClock } from '../helpers';
export const S = ANSWERPAL_SEED;

export interface ApiRequest {
  method?: string;
  /** `null`: no Authorization header. Default: a fresh service-account token. */
  token?: string | null;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
}

export interface ApHarness {
  server: AnswerPalMockServer;
  url: string;
  /** A login JWT over HTTP (A1). */
  login(creds?: { username: string; password: string; hostname: string }): Promise<string>;
  /** `/api/...` over HTTP with the service account's token unless `token` is given. */
  api(path: string, req?: ApiRequest): Promise<Response>;
  /** `/__mock/answerpal/*`. */
  control(path: string, body?: unknown, method?: string): Promise<Response>;
}

/** One AnswerPal mock over real HTTP per test file; data, switches and faults reset before each test. */
export function useAnswerPalServer(options: StartAnswerPalMockServerOptions = {}): ApHarness {
  const h = {} as ApHarness;
  let token: string | null = null;
  beforeAll(async () => {
    h.server = await startAnswerPalMockServer({ port: 0, hostname: '127.0.0.1', ...options });
    h.url = h.server.url;
  });
  afterAll(async () => {
    await h.server?.close();
  });
  beforeEach(() => {
    h.server.mock.reset();
    token = null;
  });
  h.login = async (creds = ANSWERPAL_SEED.service) => {
    const res = await fetch(`${h.url}/api/Auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(creds) });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { token?: string; Token?: string };
    return body.token ?? body.Token ?? '';
  };
  h.api = async (path, req = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    if (req.token !== null) {
      if (req.token === undefined) token ??= await h.login();
      headers.Authorization = `Bearer ${req.token ?? token}`;
    }
    let body: BodyInit | undefined = req.rawBody;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['Content-Type'] ??= 'application/json';
    }
    return fetch(`${h.url}/${path.replace(/^\//, '')}`, { method: req.method ?? 'GET', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  };
  h.control = (path, body, method = body === undefined ? 'GET' : 'POST') =>
    fetch(`${h.url}/__mock/answerpal/${path.replace(/^\//, '')}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return h;
}

/** Reads a JSON body (any JSON media type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are checked with expect()
export async function json<T = any>(res: Response): Promise<T> {
  const type = res.headers.get('content-type') ?? '';
  if (!/json/.test(type)) throw new Error(`expected JSON, got "${type}" (${res.status}): ${await res.text()}`);
  return (await res.json()) as T;
}

/** Claims of a JWT (unverified). */
export const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

/** A multipart body with one file part, built in memory (small files). */
export function multipart(parts: { name: string; filename?: string; contentType?: string; data: Uint8Array | string }[], boundary = 'testboundary123') {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n`;
    if (p.contentType) head += `Content-Type: ${p.contentType}\r\n`;
    chunks.push(enc.encode(`${head}\r\n`), typeof p.data === 'string' ? enc.encode(p.data) : p.data, enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const body = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * `npm run mock -- --backend answerpal` in a child process on a free port,
 * resolved once it prints "Ready." with what it printed and its base URL.
 */
export async function spawnAnswerPalCli(env: Record<string, string> = {}) {
  const cli = await startMockCli(['--backend', 'answerpal'], { PORT: '0', ...env });
  return { ...cli, url: /Base URL:\s+(\S+)/.exec(cli.out)?.[1] ?? '' };
}
