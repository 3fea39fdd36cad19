/// <reference types="node" />
import { ANSWERPAL_SEED } from './seed';
import { startAnswerPalMockServer } from './node';
import { exitOnSignals } from '../serve';
import { parseSwitches, SWITCH_NAMES } from './control';

const print = (line = '') => process.stdout.write(`${line}\n`);

/**
 * `npm run mock -- --backend answerpal` (or `MOCK_BACKEND=answerpal`): the
 * AnswerPal mock on a real port. Env: `PORT` (default 4011), `HOST`, and
 * `ANSWERPAL_<SWITCH>` for any switch, e.g. `ANSWERPAL_TOKEN_TTL_S=5`,
 * `ANSWERPAL_MESSAGE_MODEL=separate`.
 */
export async function runAnswerPalCli(): Promise<void> {
  const rawPort = process.env.PORT ?? '4011';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0) {
    process.stderr.write(`mock: PORT must be a non-negative integer, got "${rawPort}"\n`);
    process.exit(1);
  }
  const patch: Record<string, unknown> = {};
  for (const name of SWITCH_NAMES) {
    const v = process.env[`ANSWERPAL_${name.toUpperCase()}`];
    if (v !== undefined && v !== '') patch[name] = v;
  }
  const { value: switches, errors } = parseSwitches(patch);
  if (errors.length) {
    process.stderr.write(`mock: ${errors.map((e) => e.message).join('; ')}\n`);
    process.exit(1);
  }
  const host = process.env.HOST || undefined;
  let server: Awaited<ReturnType<typeof startAnswerPalMockServer>>;
  try {
    server = await startAnswerPalMockServer({ port, ...(host ? { hostname: host } : {}), switches });
  } catch (err) {
    const code = (err as { code?: string }).code;
    process.stderr.write(code === 'EADDRINUSE' ? `mock: port ${port} is in use. Set PORT to another port.\n` : `mock: ${String(err)}\n`);
    process.exit(1);
  }
  const S = ANSWERPAL_SEED;
  print('AnswerPal mock API');
  print(`  Base URL:        ${server.url}   (paths start with /api/)`);
  print(`  Service login:   username ${S.service.username}, password ${S.service.password}, hostname ${S.service.hostname}`);
  print(`  Portal channel:  ${S.portalChannelId}`);
  print(`  Customers:       ${S.endUsers.eva.email} (Eva Jansen), ${S.endUsers.tom.email} (Tom Peeters)`);
  print(`  Mock controls:   ${server.url}/__mock/answerpal/health (see src/mock/README.md)`);
  print('Ready.');

  exitOnSignals(() => server.close(), print);
}

/** `--backend answerpal`, `--backend=answerpal` or `MOCK_BACKEND=answerpal`. */
export function wantsAnswerPal(argv: string[], env: Record<string, string | undefined>): boolean {
  const i = argv.indexOf('--backend');
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length);
  return (flag ?? env.MOCK_BACKEND ?? '').toLowerCase() === 'answerpal';
}
