import { describe, expect, it } from 'vitest';
import { SWITCHLABS_SEED } from '../../../src/mock/switchlabs';
import { startMockCli } from '../helpers';

describe('npm run mock -- --backend switchlabs', () => {
  it('serves the Switch Labs mock, prints base URL and key, and exits cleanly on SIGTERM', async () => {
    const { child, out, exited } = await startMockCli(['--backend', 'switchlabs'], { PORT: '0' });
    try {
      const base = /Base URL:\s+(\S+)/.exec(out)?.[1] ?? '';
      expect(base).toMatch(/^http:\/\/localhost:\d+\/api\/v1$/);
      expect(out).toContain(SWITCHLABS_SEED.apiKey);
      const res = await fetch(`${base}/customers?email=${SWITCHLABS_SEED.customers.jordan.email}`, { headers: { Authorization: `Bearer ${SWITCHLABS_SEED.apiKey}` } });
      expect(res.status).toBe(200);
      expect((await res.json()).data).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
