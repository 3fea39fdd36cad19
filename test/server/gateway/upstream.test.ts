import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../../src/server/gateway/backend';
import { createUpstream, multipartFile, retryAfterSeconds } from '../../../src/server/gateway/upstream';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

let handler: Handler = (_req, res) => res.end();
let hits: { method: string; url: string; auth: string | undefined }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization });
    handler(req, res, Buffer.concat(chunks));
  });
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  hits = [];
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as BackendError;
  }
  throw new Error('expected a failure');
};

describe('createUpstream', () => {
  it('joins paths under the base and encodes repeated query values', async () => {
    handler = (_req, res) => json(res, 200, { ok: true });
    const up = createUpstream({ baseUrl: `${base}/`, headers: () => ({ Authorization: 'Bearer k' }) });
    const { data } = await up.json<{ ok: boolean }>({ path: '/tickets', query: { status: ['open', 'new'], limit: 5, empty: '' } });
    expect(data.ok).toBe(true);
    expect(hits[0]).toEqual({ method: 'GET', url: '/api/tickets?status=open&status=new&limit=5', auth: 'Bearer k' });
  });

  it('retries a read after a 5xx, but never a write the helpdesk may have committed', async () => {
    let n = 0;
    handler = (_req, res) => (n++ < 1 ? json(res, 500, { error: 'boom' }) : json(res, 200, { ok: 1 }));
    const up = createUpstream({ baseUrl: base });
    await up.json({ path: 'x' });
    expect(hits).toHaveLength(2);

    hits = [];
    handler = (_req, res) => json(res, 500, { error: { message: 'secret upstream detail' } });
    const error = await failure(up.json({ method: 'POST', path: 'x', body: { a: 1 } }));
    expect(hits).toHaveLength(1);
    expect(error).toBeInstanceOf(BackendError);
    expect(error.kind).toBe('unavailable');
    // Upstream text stays in `cause`, never in the message.
    expect(error.message).not.toContain('secret');
  });

  it('maps statuses to kinds and reads Retry-After', async () => {
    const up = createUpstream({ baseUrl: base, retries: 0 });
    const cases: [number, string][] = [
      [400, 'invalid'],
      [403, 'misconfigured'],
      [404, 'not_found'],
      [409, 'conflict'],
      [429, 'rate_limited'],
      [502, 'unavailable'],
    ];
    for (const [status, kind] of cases) {
      handler = (_req, res) => json(res, status, {}, status === 429 ? { 'retry-after': '7' } : {});
      const e = await failure(up.json({ path: 'x' }));
      expect(e.kind).toBe(kind);
      if (status === 429) expect(e.retryAfter).toBe(7);
    }
  });

  it('renews the credential once on 401 and replays the call', async () => {
    let token = 'old';
    handler = (req, res) => (req.headers.authorization === 'Bearer new' ? json(res, 200, { ok: 1 }) : json(res, 401, {}));
    const up = createUpstream({
      baseUrl: base,
      headers: () => ({ Authorization: `Bearer ${token}` }),
      onUnauthorized: async () => {
        token = 'new';
        return true;
      },
    });
    await up.json({ method: 'POST', path: 'x', body: {} });
    expect(hits.map((h) => h.auth)).toEqual(['Bearer old', 'Bearer new']);

    // A credential that stays rejected fails after one replay.
    hits = [];
    token = 'old';
    const stuck = createUpstream({ baseUrl: base, headers: () => ({ Authorization: 'Bearer old' }), onUnauthorized: async () => true });
    expect((await failure(stuck.json({ path: 'x' }))).kind).toBe('unauthorized');
    expect(hits).toHaveLength(2);
  });

  it('treats a truncated JSON body as unavailable', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": [1, 2');
    };
    const e = await failure(createUpstream({ baseUrl: base }).json({ path: 'x' }));
    expect(e.kind).toBe('unavailable');
  });

  it('times out a call that never answers', async () => {
    handler = () => {}; // never responds
    const e = await failure(createUpstream({ baseUrl: base, timeoutMs: 50, retries: 0 }).json({ path: 'slow' }));
    expect(e.kind).toBe('unavailable');
  });
});

describe('multipartFile', () => {
  it('streams one file part with an exact length that a server can parse', async () => {
    let received: { type: string | undefined; length: string | undefined; body: Buffer } | null = null;
    handler = (req, res, body) => {
      received = { type: req.headers['content-type'], length: req.headers['content-length'], body };
      json(res, 201, {});
    };
    const bytes = new TextEncoder().encode('hello, world');
    const part = multipartFile('file', {
      filename: 'a "quoted"\r\nname.txt',
      contentType: 'text/plain',
      size: bytes.length,
      stream: new Blob([bytes]).stream(),
    });
    await createUpstream({ baseUrl: base }).json({
      method: 'POST',
      path: 'upload',
      body: part.body,
      contentType: part.contentType,
      headers: { 'Content-Length': String(part.contentLength) },
    });
    expect(received!.length).toBe(String(part.contentLength));
    expect(received!.body.length).toBe(part.contentLength);
    const form = await new Request('http://x', { method: 'POST', headers: { 'content-type': received!.type! }, body: new Uint8Array(received!.body) }).formData();
    const file = form.get('file') as File;
    expect(await file.text()).toBe('hello, world');
    expect(file.name).toBe('a _quoted___name.txt');
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterSeconds('12')).toBe(12);
    expect(retryAfterSeconds(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});
