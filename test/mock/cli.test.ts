import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseMockArgs } from '../../src/mock/cli';
import { SEED, startMockCli } from './helpers';

/** Starts `npm run mock` (the package's `dispatchtickets mock`, bundled from source) and waits for "Ready.". */
async function startCli(args: string[], env: Record<string, string> = {}) {
  const { child, out, exited } = await startMockCli(args, { PORT: '0', ...env });
  const base = /Base URL:\s+(\S+)/.exec(out)?.[1] ?? '';
  const token = /^\s+(eyJ\S+)$/m.exec(out)?.[1] ?? '';
  const stop = async () => {
    child.kill('SIGTERM');
    return exited;
  };
  return { out, base, token, stop };
}

const tickets = (base: string, token: string, origin?: string) =>
  fetch(`${base}/portal/tickets`, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) } });

describe('dispatchtickets mock (npm run mock)', () => {
  it('starts in one command, prints base URL, brand, key, a working token and the env to paste, and exits cleanly on SIGTERM', async () => {
    const cli = await startCli([], { MOCK_PORTAL_ORIGINS: 'https://extra.example', TOKEN_TTL_SECONDS: '120' });
    try {
      expect(cli.base).toMatch(/^http:\/\/localhost:\d+\/v1$/);
      expect(cli.out).toContain(SEED.brandId);
      expect(cli.out).toContain(`API key:        ${SEED.apiKey}`);
      expect(cli.out).toContain(`DISPATCH_API_URL=${cli.base}`);
      expect(cli.out).toContain(`DISPATCH_API_KEY=${SEED.apiKey}`);
      expect(cli.out).toContain(`DISPATCH_BRAND_ID=${SEED.brandId}`);
      expect(cli.out).toMatch(/Portal origins: any http:\/\/localhost:\*.*https:\/\/extra\.example/);
      expect(cli.out).toMatch(/Listening on:\s+127\.0\.0\.1 \(this machine only/);
      expect(cli.out).toMatch(/see docs\/mock\.md/);
      const claims = JSON.parse(Buffer.from(cli.token.split('.')[1] ?? '', 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(120);
      const res = await tickets(cli.base, cli.token);
      expect(res.status).toBe(200);
      expect((await res.json()).data.length).toBeGreaterThan(0);
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  }, 30_000);

  it('lets a browser app on http://localhost:3000 call it without any switch (CORS)', async () => {
    const cli = await startCli([]);
    try {
      const preflight = await fetch(`${cli.base}/portal/tickets`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect((await tickets(cli.base, cli.token, 'http://localhost:3000')).headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect((await tickets(cli.base, cli.token, 'https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await cli.stop();
    }
  }, 30_000);

  it('--strict-origins allows only listed origins; --origin adds one; --email picks the customer', async () => {
    const cli = await startCli(['--strict-origins', '--origin', 'http://localhost:3000', '--email', SEED.customers.bob.email]);
    try {
      expect(cli.out).not.toContain('any http://localhost');
      expect(cli.out).toContain(`Portal token for ${SEED.customers.bob.email}`);
      expect((await tickets(cli.base, cli.token, 'http://localhost:3000')).headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect((await tickets(cli.base, cli.token, 'http://localhost:3001')).headers.get('access-control-allow-origin')).toBeNull();
      const body = (await (await tickets(cli.base, cli.token)).json()) as { data: { id: string }[] };
      expect(body.data.map((t) => t.id)).toContain(SEED.tickets.bob);
    } finally {
      await cli.stop();
    }
  }, 30_000);

  it.each([
    [['--port', 'abc'], /--port must be a non-negative integer, got "abc"/],
    [['--backend', 'zendesk'], /unknown backend "zendesk"\. Choose one of: dispatch/],
    [['--origin', 'localhost:3000'], /--origin must be an origin such as https:\/\/app\.example\.com/],
    [['--colour'], /Unknown option '--colour'/],
  ])('refuses %j with a clear message, the usage and exit code 2', (args, message) => {
    const run = spawnSync(process.execPath, ['scripts/mock.mjs', ...args], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: dispatchtickets mock [options]');
  });

  it('--help prints every option and exits 0', () => {
    const run = spawnSync(process.execPath, ['scripts/mock.mjs', '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(0);
    for (const option of ['--port', '--host', '--origin', '--strict-origins', '--token-ttl', '--email', '--backend']) expect(run.stdout).toContain(option);
  });

  it('options win over the environment; the environment still works for scripts', () => {
    const env = { PORT: '5000', HOST: '0.0.0.0', MOCK_PORTAL_ORIGINS: 'https://a.example, https://b.example/', MOCK_ALLOW_LOCALHOST: '0' };
    expect(parseMockArgs([], env).settings).toMatchObject({ port: 5000, host: '0.0.0.0', origins: ['https://a.example', 'https://b.example'], strictOrigins: true });
    expect(parseMockArgs(['--port', '0', '--host', '::1'], env).settings).toMatchObject({ port: 0, host: '::1' });
    expect(parseMockArgs([], {}).settings).toMatchObject({ port: 4010, host: '127.0.0.1', strictOrigins: false, tokenTtlSeconds: 3600 });
  });
});
