import { describe, expect, it, vi } from 'vitest';
import { HttpResponse, delay } from 'msw';
import { acceptsFile, type PortalApiError } from '../../src/client';
import { calls, client, json, route, server, useMsw } from './helpers';

useMsw();

const STORAGE = 'https://storage.test/bucket';

/** Start, PUT and confirm handlers for both upload flows; `put` decides the storage answer per attempt. */
function flows(put: (n: number) => Response | Promise<Response> = () => new HttpResponse(null, { status: 200 })) {
  let ids = 0;
  const target = async (body: string) => {
    const meta = JSON.parse(body) as { filename: string; contentType: string; size: number };
    const id = `att_${++ids}`;
    return json(
      { attachment: { id, ...meta, status: 'PENDING', createdAt: 'x' }, uploadUrl: `${STORAGE}/${id}?sig=abc`, expiresAt: 'e' },
      { status: 201 },
    );
  };
  const confirmed = (id: string, body: unknown) => json({ id, filename: 'f', contentType: 'c', size: 1, status: 'UPLOADED', createdAt: 'x', echo: body });
  server.use(
    route('post', 'portal/tickets/attachments/pending', ({ body }) => target(body)),
    route('post', 'portal/tickets/attachments/pending/:id/confirm', ({ params, body }) => confirmed(String(params.id), body)),
    route('post', 'portal/tickets/:t/attachments', ({ body }) => target(body)),
    route('post', 'portal/tickets/:t/attachments/:id/confirm', ({ params, body }) => confirmed(String(params.id), body)),
    route('put', `${STORAGE}/:id`, ({ n }) => put(n)),
  );
}

const fileOf = (bytes: number, name = 'report.pdf', type = 'application/pdf') => new File([new Uint8Array(bytes).fill(7)], name, { type });
const summary = () => calls.map((c) => `${c.method} ${c.url.href.startsWith(STORAGE) ? 'storage' : c.url.pathname.replace('/v1/portal/tickets', '')}`);
const fail = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected a rejection');
  },
  (e: unknown) => e as PortalApiError,
);

describe('upload (fetch path)', () => {
  it('runs initiate → PUT → confirm for a pending upload', async () => {
    flows();
    const progress = vi.fn();
    const result = await client().upload(fileOf(1234), { onProgress: progress });
    expect(summary()).toEqual(['POST /attachments/pending', 'PUT storage', 'POST /attachments/pending/att_1/confirm']);
    expect(JSON.parse(calls[0]!.body)).toEqual({ filename: 'report.pdf', contentType: 'application/pdf', size: 1234 });
    expect(calls[2]!.body).toBe('{}');
    expect(result).toMatchObject({ id: 'att_1', status: 'uploaded' });
    expect(progress.mock.calls.map(([p]) => p)).toEqual([
      { loaded: 0, total: 1234 },
      { loaded: 1234, total: 1234 },
    ]);
  });

  it('PUTs the raw bytes with the declared Content-Type and no Authorization', async () => {
    flows();
    await client().upload(fileOf(300, 'pic.png', 'image/png'));
    const put = calls[1]!;
    expect(put.url.href).toBe(`${STORAGE}/att_1?sig=abc`);
    expect(put.headers.get('content-type')).toBe('image/png');
    expect(put.headers.get('authorization')).toBeNull();
    expect(put.body).toHaveLength(300);
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer tok_static');
  });

  it('hands fetch the Blob itself (streamed, not read into memory)', async () => {
    flows();
    const bodies: unknown[] = [];
    const spy = ((input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'PUT') bodies.push(init.body);
      return globalThis.fetch(input, init);
    }) as typeof fetch;
    const file = fileOf(10);
    await client({ fetch: spy }).upload(file);
    expect(bodies).toEqual([file]);
    expect(bodies[0]).toBe(file);
  });

  it('uses the per-ticket flow with ticketId', async () => {
    flows();
    await client().upload(fileOf(5), { ticketId: 'tkt 1' });
    expect(summary()).toEqual(['POST /tkt%201/attachments', 'PUT storage', 'POST /tkt%201/attachments/att_1/confirm']);
  });

  it('declares application/octet-stream for a typeless blob, and honours filename/contentType options', async () => {
    flows();
    await client().upload(new Blob(['abc']));
    expect(JSON.parse(calls[0]!.body)).toEqual({ filename: 'file', contentType: 'application/octet-stream', size: 3 });
    expect(calls[1]!.headers.get('content-type')).toBe('application/octet-stream');
    calls.length = 0;
    await client().upload(new Blob(['abc']), { filename: 'notes.log', contentType: 'text/plain' });
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ filename: 'notes.log', contentType: 'text/plain' });
    expect(calls[1]!.headers.get('content-type')).toBe('text/plain');
  });

  describe('pre-flight checks send nothing', () => {
    it('rejects a file over maxSize (default 50 MB)', async () => {
      flows();
      const big = { size: 52_428_801, type: 'application/pdf', name: 'huge.pdf' } as File;
      const e = await fail(client().upload(big));
      expect(e).toMatchObject({ kind: 'invalid_input', code: 'FILE_TOO_LARGE', details: { size: 52_428_801, maxSize: 52_428_800 } });
      const e2 = await fail(client().upload(fileOf(11), { maxSize: 10 }));
      expect(e2.code).toBe('FILE_TOO_LARGE');
      expect(calls).toHaveLength(0);
    });

    it('rejects an empty file', async () => {
      flows();
      expect(await fail(client().upload(fileOf(0)))).toMatchObject({ kind: 'invalid_input', code: 'FILE_EMPTY' });
      expect(calls).toHaveLength(0);
    });

    it('rejects a type outside accept', async () => {
      flows();
      const e = await fail(client().upload(fileOf(5, 'x.exe', 'application/x-msdownload'), { accept: ['image/*', '.pdf'] }));
      expect(e).toMatchObject({ kind: 'invalid_input', code: 'FILE_TYPE_NOT_ALLOWED' });
      expect(calls).toHaveLength(0);
    });

    it('rejects an already-aborted signal', async () => {
      flows();
      expect(await fail(client().upload(fileOf(5), { signal: AbortSignal.abort() }))).toMatchObject({ kind: 'aborted' });
      expect(calls).toHaveLength(0);
    });
  });

  it('acceptsFile understands MIME types, wildcards and extensions', () => {
    expect(acceptsFile(['image/*'], 'a.png', 'image/png')).toBe(true);
    expect(acceptsFile(['image/*'], 'a.pdf', 'application/pdf')).toBe(false);
    expect(acceptsFile(['.LOG'], 'server.log', 'application/octet-stream')).toBe(true);
    expect(acceptsFile(['application/pdf'], 'a', 'Application/PDF; charset=binary')).toBe(true);
    expect(acceptsFile(['*/*'], 'a', 'x/y')).toBe(true);
    expect(acceptsFile(['text/plain'], 'a.txt', 'text/csv')).toBe(false);
  });

  it('re-initiates once when the presigned URL has expired (403)', async () => {
    flows((n) => (n === 1 ? new HttpResponse('<Error><Code>AccessDenied</Code></Error>', { status: 403 }) : new HttpResponse(null, { status: 200 })));
    const result = await client().upload(fileOf(5));
    expect(summary()).toEqual([
      'POST /attachments/pending',
      'PUT storage',
      'POST /attachments/pending',
      'PUT storage',
      'POST /attachments/pending/att_2/confirm',
    ]);
    expect(calls[3]!.url.pathname).toBe('/bucket/att_2');
    expect(result.id).toBe('att_2');
  });

  it('gives up after one re-initiation and never confirms', async () => {
    flows(() => new HttpResponse(null, { status: 403 }));
    expect(await fail(client().upload(fileOf(5)))).toMatchObject({ kind: 'http', status: 403 });
    expect(summary()).toEqual(['POST /attachments/pending', 'PUT storage', 'POST /attachments/pending', 'PUT storage']);
  });

  it('does not re-initiate on other storage failures', async () => {
    flows(() => new HttpResponse(null, { status: 500 }));
    expect(await fail(client().upload(fileOf(5)))).toMatchObject({ status: 500 });
    expect(summary()).toEqual(['POST /attachments/pending', 'PUT storage']);
  });

  it('an abort during the PUT rejects as aborted and skips confirm', async () => {
    // Fake timers: running every pending timer after the abort proves no confirm follows, without a wall-clock wait.
    vi.useFakeTimers();
    flows(async () => {
      await delay(1_000);
      return new HttpResponse(null, { status: 200 });
    });
    const controller = new AbortController();
    const result = fail(client().upload(fileOf(5), { signal: controller.signal }));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    controller.abort();
    expect(await result).toMatchObject({ kind: 'aborted' });
    await vi.runAllTimersAsync();
    expect(summary()).toEqual(['POST /attachments/pending', 'PUT storage']);
  });

  it('a 204 confirm still resolves with the attachment', async () => {
    flows();
    server.use(route('post', 'portal/tickets/attachments/pending/:id/confirm', () => new HttpResponse(null, { status: 204 })));
    expect(await client().upload(fileOf(5, 'a.pdf'))).toMatchObject({ id: 'att_1', filename: 'a.pdf', size: 5, status: 'uploaded' });
  });
});
