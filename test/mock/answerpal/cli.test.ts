import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { claimsOf, S } from './helpers';

// `npm run mock -- --backend answerpal`: bundle, start, print what a developer needs, answer, stop on SIGTERM.
describe('npm run mock -- --backend answerpal', () => {
  it('serves the AnswerPal mock with switches from ANSWERPAL_* env, prints base URL and service login, exits cleanly', async () => {
    const child = spawn(process.execPath, ['scripts/mock.mjs', '--backend', 'answerpal'], {
      env: { ...process.env, PORT: '0', ANSWERPAL_TOKEN_TTL_S: '120', ANSWERPAL_CASING: 'pascal' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "Ready." within 20 s:\n${out}\n${err}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ready.')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`exited early:\n${out}\n${err}`)));
      });
      expect(out).toContain('AnswerPal mock API');
      expect(out).toContain(S.service.username);
      const base = /Base URL:\s+(\S+)/.exec(out)?.[1] ?? '';
      expect(base).toMatch(/^http:\/\/localhost:\d+$/);
      const res = await fetch(`${base}/api/Auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(S.service) });
      expect(res.status).toBe(200);
      const { Token } = (await res.json()) as { Token: string };
      const claims = claimsOf(Token);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(120);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 40_000);
});
