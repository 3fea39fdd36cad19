import { describe, expect, it } from 'vitest';
import { SEED, startMockCli } from './helpers';

// `npm run mock` end to end: bundle, start, print what a developer needs, answer, stop on SIGTERM.
describe('npm run mock (scripts/mock.mjs)', () => {
  it('starts in one command, prints base URL, brand, key and a working token, and exits cleanly on SIGTERM', async () => {
    const { child, out, exited } = await startMockCli([], { PORT: '0', MOCK_PORTAL_ORIGINS: 'https://extra.example', TOKEN_TTL_SECONDS: '120' });
    try {
      const base = /Base URL:\s+(\S+)/.exec(out)?.[1] ?? '';
      expect(base).toMatch(/^http:\/\/localhost:\d+\/v1$/);
      expect(out).toContain(SEED.brandId);
      expect(out).toContain(SEED.apiKey);
      expect(out).toMatch(/http:\/\/localhost:5173.*http:\/\/localhost:6006.*http:\/\/localhost:4173.*https:\/\/extra\.example/);
      const token = /^\s+(eyJ\S+)$/m.exec(out)?.[1] ?? '';
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(120);
      const res = await fetch(`${base}/portal/tickets`, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
      expect(res.status).toBe(200);
      expect((await res.json()).data.length).toBeGreaterThan(0);
      const cors = await fetch(`${base}/portal/tickets`, { headers: { Authorization: `Bearer ${token}`, Origin: 'http://localhost:5173' } });
      expect(cors.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
