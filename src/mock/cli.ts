/// <reference types="node" />
/**
 * `npm run mock`: the mock portal API on a real port.
 *
 * Env: `PORT` (default 4010), `HOST` (default: all interfaces),
 * `TOKEN_TTL_SECONDS` (default 3600), `MOCK_PORTAL_ORIGINS` (comma list of
 * extra origins for br_demo), `MOCK_ALLOW_LOCALHOST=1` (any localhost origin
 * passes CORS). `--backend switchlabs|answerpal` (or `MOCK_BACKEND`) serves
 * another helpdesk's mock instead (src/mock/switchlabs/cli.ts, default port
 * 4011; src/mock/answerpal/cli.ts). Bundled by
 * scripts/mock.mjs (Node 20 cannot run .ts).
 */
import { SEED } from './seed';
import { startMockServer } from './node';
import { mainSwitchLabs } from './switchlabs/cli';
import { exitOnSignals } from './serve';
import { runAnswerPalCli, wantsAnswerPal } from './answerpal/cli';

/** Local dev origins: the demo (Vite dev), Storybook and Vite preview. */
export const DEV_ORIGINS = ['http://localhost:5173', 'http://localhost:6006', 'http://localhost:4173'];

const print = (line = '') => process.stdout.write(`${line}\n`);

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`mock: ${name} must be a non-negative integer, got "${raw}"\n`);
    process.exit(1);
  }
  return n;
}

export async function main(): Promise<void> {
  // Another backend's mock: `--backend switchlabs|answerpal` or MOCK_BACKEND.
  if (wantsAnswerPal(process.argv.slice(2), process.env)) return runAnswerPalCli();
  const flag = process.argv.indexOf('--backend');
  const backend = (flag >= 0 ? process.argv[flag + 1] : process.env.MOCK_BACKEND) ?? 'dispatch';
  if (backend === 'switchlabs') return mainSwitchLabs(intFromEnv('PORT', 4011), process.env.HOST || undefined);
  if (backend !== 'dispatch') {
    process.stderr.write(`mock: unknown backend "${backend}" (dispatch, switchlabs, answerpal)\n`);
    process.exit(1);
  }
  const port = intFromEnv('PORT', 4010);
  const tokenTtlSeconds = intFromEnv('TOKEN_TTL_SECONDS', 3600) || 3600;
  const extra = (process.env.MOCK_PORTAL_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const host = process.env.HOST || undefined;
  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer({
      port,
      ...(host ? { hostname: host } : {}),
      tokenTtlSeconds,
      portalOrigins: [...DEV_ORIGINS, ...extra],
      allowLocalhostOrigins: process.env.MOCK_ALLOW_LOCALHOST === '1',
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    process.stderr.write(code === 'EADDRINUSE' ? `mock: port ${port} is in use. Set PORT to another port.\n` : `mock: ${String(err)}\n`);
    process.exit(1);
  }
  const { token, expiresAt } = await server.mock.issuePortalToken({ email: SEED.customers.jane.email });
  const brand = server.mock.store.brands.get(SEED.brandId);
  print(`Dispatch Tickets mock portal API`);
  print(`  Base URL:       ${server.baseUrl}`);
  print(`  Brand id:       ${SEED.brandId} (${SEED.brandName})`);
  print(`  API key:        ${SEED.apiKey}`);
  print(`  Portal origins: ${brand?.portalOrigins.join(', ') ?? ''}`);
  print(`  Portal token for ${SEED.customers.jane.email} (expires ${expiresAt}):`);
  print(`  ${token}`);
  print(`  Mock controls:  ${server.url}/__mock/health (see src/mock/README.md)`);
  print(`Ready.`);

  exitOnSignals(() => server.close(), print);
}

void main();
