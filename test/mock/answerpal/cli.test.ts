import { describe, expect, it } from 'vitest';
import { claimsOf, S, spawnAnswerPalCli } from './helpers';

// `npm run mock -- --backend answerpal`: bundle, start, print what a developer needs, answer, stop on SIGTERM.
describe('npm run mock -- --backend answerpal', () => {
  it('serves the AnswerPal mock with switches from ANSWERPAL_* env, prints base URL and service login, exits cleanly', async () => {
    const { child, out, url, exited } = await spawnAnswerPalCli({ ANSWERPAL_TOKEN_TTL_S: '120', ANSWERPAL_CASING: 'pascal' });
    try {
      expect(out).toContain('AnswerPal mock API');
      expect(out).toContain(S.service.username);
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      const res = await fetch(`${url}/api/Auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(S.service) });
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
