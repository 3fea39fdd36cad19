/// <reference types="node" />
import { ANSWERPAL_SEED } from './seed';
import { startAnswerPalMockServer } from './node';
import type { MockCliSettings, RunningMock } from '../cli';
import { parseSwitches, SWITCH_NAMES } from './control';

/**
 * `dispatchtickets mock --backend answerpal`: the AnswerPal mock on a real
 * port. `ANSWERPAL_<SWITCH>` sets any switch, e.g. `ANSWERPAL_TOKEN_TTL_S=5`,
 * `ANSWERPAL_MESSAGE_MODEL=separate`.
 */
export async function startAnswerPalMock(settings: MockCliSettings, env: NodeJS.ProcessEnv = process.env): Promise<RunningMock> {
  const patch: Record<string, unknown> = {};
  for (const name of SWITCH_NAMES) {
    const v = env[`ANSWERPAL_${name.toUpperCase()}`];
    if (v !== undefined && v !== '') patch[name] = v;
  }
  const { value: switches, errors } = parseSwitches(patch);
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  const server = await startAnswerPalMockServer({ port: settings.port, hostname: settings.host, switches });
  const S = ANSWERPAL_SEED;
  return {
    close: () => server.close(),
    banner: [
      'AnswerPal mock API (in memory: data resets when it stops)',
      `  Base URL:        ${server.url}   (paths start with /api/)`,
      `  Service login:   username ${S.service.username}, password ${S.service.password}, hostname ${S.service.hostname}`,
      `  Portal channel:  ${S.portalChannelId}`,
      `  Customers:       ${S.endUsers.eva.email} (Eva Jansen), ${S.endUsers.tom.email} (Tom Peeters)`,
      `  Mock controls:   ${server.url}/__mock/answerpal/health (see docs/mock.md)`,
    ],
  };
}
