import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../../src/mock/node';
import { SEED } from '../../../src/mock/seed';

/**
 * The README's gateway snippets, exactly as printed (only the package import
 * points at the sources): they type-check under the repository's strict
 * settings, and they run against the mock Dispatch API.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = join(root, 'test/server/gateway/.readme-snippets');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/<!-- snippet: (\S+) -->\n```ts\n([\s\S]*?)```/g)].map((m) => ({ path: m[1] as string, code: m[2] as string }));

function write(path: string, code: string) {
  const file = join(work, path);
  mkdirSync(dirname(file), { recursive: true });
  const server = relative(dirname(file), join(root, 'src/server/index.ts')).replace(/\.ts$/, '');
  const rewritten = code
    .replaceAll("'@dispatchtickets/react/server'", `'${server.startsWith('.') ? server : `./${server}`}'`)
    .replace(/'@\/([^']+)'/g, (_, p: string) => `'${relative(dirname(file), join(work, p)) || '.'}'`.replace(/^'(?!\.)/, "'./"));
  writeFileSync(file, rewritten);
  return file;
}

let mock: MockServer;
const env = { ...process.env };
beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  for (const s of snippets) write(s.path, s.code);
  // The host's own session module the token route imports.
  write('lib/session.ts', "export async function getSessionUser(request: Request) {\n  const email = request.headers.get('x-test-user');\n  return email ? { email, name: 'Ada' } : null;\n}\n");
  mock = await startMockServer({ port: 0, hostname: '127.0.0.1' });
  Object.assign(process.env, {
    DISPATCH_API_KEY: SEED.apiKey,
    DISPATCH_BRAND_ID: SEED.brandId,
    DISPATCH_API_URL: mock.baseUrl,
    PORTAL_GATEWAY_SECRET: 'readme-secret-0123456789-abcdefghijklmnopqrstuv',
    PORT: '0',
  });
});
afterAll(async () => {
  process.env = env;
  await mock?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('README gateway snippets', () => {
  it('are all there: Next.js module and routes, Express server', () => {
    expect(snippets.map((s) => s.path)).toEqual(['lib/portal-gateway.ts', 'app/api/portal/[...path]/route.ts', 'app/api/support/token/route.ts', 'server.ts']);
  });

  it('type-check under the repository’s strict settings', () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const files = snippets.map((s) => join(work, s.path));
    const program = ts.createProgram(files, { ...config.options, noEmit: true, types: ['node'] });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(work))
      .map((d) => `${relative(work, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  }, 120_000);

  it('Next.js: the token route issues a gateway token and the catch-all route serves the portal with it', async () => {
    const tokenRoute = await import(/* @vite-ignore */ join(work, 'app/api/support/token/route.ts'));
    const portal = await import(/* @vite-ignore */ join(work, 'app/api/portal/[...path]/route.ts'));
    expect((await tokenRoute.GET(new Request('http://app.test/api/support/token'))).status).toBe(401);
    const res = await tokenRoute.POST(new Request('http://app.test/api/support/token', { method: 'POST', headers: { 'x-test-user': 'ada@example.com' } }));
    const { token } = await res.json();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await portal.POST(new Request('http://app.test/api/portal/portal/tickets', { method: 'POST', headers: auth, body: JSON.stringify({ title: 'From the README' }) }));
    expect(created.status).toBe(201);
    const list = await (await portal.GET(new Request('http://app.test/api/portal/portal/tickets', { headers: auth }))).json();
    expect(list.data.map((t: { title: string }) => t.title)).toContain('From the README');
  }, 30_000);

  it('Express: serves the portal over HTTP, uploads streamed through before any body parser', async () => {
    const { gateway, server } = await import(/* @vite-ignore */ join(work, 'server.ts'));
    await new Promise((r) => (server.listening ? r(null) : server.once('listening', r)));
    const base = `http://127.0.0.1:${server.address().port}/api/portal`;
    try {
      expect((await fetch(`${base}/portal/tickets`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${server.address().port}/api/support/token`, { method: 'POST' })).status).toBe(401);
      const { token } = await gateway.issueToken({ email: 'ada@example.com', name: 'Ada' });
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const init = await (await fetch(`${base}/portal/tickets/attachments/pending`, { method: 'POST', headers: auth, body: JSON.stringify({ filename: 'a.txt', contentType: 'text/plain', size: 5 }) })).json();
      expect((await fetch(init.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hello' })).status).toBe(200);
      expect((await fetch(`${base}/portal/tickets/attachments/pending/${init.attachment.id}/confirm`, { method: 'POST', headers: auth })).status).toBe(200);
      const created = await fetch(`${base}/portal/tickets`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Via Express', attachmentIds: [init.attachment.id] }) });
      expect(created.status).toBe(201);
      const files = await (await fetch(`${base}/portal/tickets/${(await created.json()).id}/attachments`, { headers: auth })).json();
      expect(files.map((f: { filename: string }) => f.filename)).toEqual(['a.txt']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 30_000);
});
