/// <reference types="node" />
import type { MockCliSettings, RunningMock } from '../cli';
import { startSwitchLabsMockServer } from './node';
import { SWITCHLABS_SEED } from './seed';

/** `dispatchtickets mock --backend switchlabs`: the Switch Labs CRM mock on a real port. */
export async function startSwitchLabsMock(settings: MockCliSettings): Promise<RunningMock> {
  const server = await startSwitchLabsMockServer({ port: settings.port, hostname: settings.host });
  const { customers } = SWITCHLABS_SEED;
  return {
    close: () => server.close(),
    banner: [
      'Switch Labs CRM mock REST API (in memory: data resets when it stops)',
      `  Base URL:   ${server.baseUrl}`,
      `  API key:    ${SWITCHLABS_SEED.apiKey}`,
      `  Customers:  ${customers.jordan.email} (8 tickets), ${customers.jordanB.email}, ${customers.blocked.email} (blocked)`,
      `  Controls:   ${server.url}/__mock/switchlabs/state (see docs/mock.md)`,
    ],
  };
}
