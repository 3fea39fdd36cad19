import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SWITCHLABS_SEED } from '../../../src/mock/switchlabs';

describe('npm run mock -- --backend switchlabs', () => {
  it('serves the Switch Labs mock, prints base URL and key, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['scripts/mock.mjs', '--backend', 'switchlabs'], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "Ready." within 15 s:\n${out}\n${err}`)), 15_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ready.')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`exited early:\n${out}\n${err}`)));
      });
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
