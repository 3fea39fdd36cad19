// The demo's backend (demo/server/api.ts) over real HTTP against the mock.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApi } from '../../demo/server/api';
import { SEED, useMockServer } from '../mock/helpers';

const mock = useMockServer();
let server: Server;
let port = 0;

beforeAll(async () => {
  const api = createDemoApi({ apiBaseUrl: mock.base, publicOrigin: 'http://localhost:5173' });
  server = createServer((req, res) => api(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A POST with a Host header of the sender's choosing (fetch would not let us forge it). */
const post = (path: string, body: unknown, host: string) =>
  new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { Host: host, 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });

describe('demo backend: POST /api/magic-link', () => {
  it('emails a link to the configured origin even when the request names another Host', async () => {
    expect(await post('/api/magic-link', { email: SEED.customers.jane.email }, 'evil.example')).toBe(200);
    const [sent] = mock.server.mock.outbox;
    expect(sent?.to).toBe(SEED.customers.jane.email);
    expect(sent?.url).toMatch(/^http:\/\/localhost:5173\/magic\?token=/);
    expect(sent?.url).not.toContain('evil.example');
  });
});
