/// <reference types="node" />
import { serveMockFetch } from '../serve';
import { createSwitchLabsMock, type SwitchLabsMock, type SwitchLabsMockOptions } from './createSwitchLabsMock';

export interface StartSwitchLabsMockServerOptions extends SwitchLabsMockOptions {
  /** `0` (default) picks a free port. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1` (this machine only); `0.0.0.0` for all interfaces. */
  hostname?: string;
}

export interface SwitchLabsMockServer {
  /** `http://host:port`, no trailing slash; control routes are under `url + '/__mock/switchlabs'`. */
  url: string;
  /** `url + '/api/v1'`: the adapter's `baseUrl`. */
  baseUrl: string;
  port: number;
  mock: SwitchLabsMock;
  close(): Promise<void>;
}

/**
 * Serves a mock Switch Labs CRM REST API over real HTTP (Node only).
 *
 * @example
 * const server = await startSwitchLabsMockServer({ port: 0 });
 * const backend = switchLabs({ baseUrl: server.baseUrl, apiKey: server.mock.apiKey });
 */
export async function startSwitchLabsMockServer(options: StartSwitchLabsMockServerOptions = {}): Promise<SwitchLabsMockServer> {
  const { port = 0, hostname, ...mockOptions } = options;
  const mock = createSwitchLabsMock(mockOptions);
  const served = await serveMockFetch((request) => mock.app.fetch(request), { port, hostname });
  return { url: served.url, baseUrl: `${served.url}/api/v1`, port: served.port, mock, close: served.close };
}
