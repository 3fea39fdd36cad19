/// <reference types="node" />
// Node-only entry (`@dispatchtickets/react/mock/node`): the reference keeps its
// declarations self-contained under the build tsconfig, which loads no global types.
import { createMockPortal, type MockPortal } from './createMockPortal';
import { serveMockFetch } from './serve';
import type { MockPortalOptions } from './types';

export interface StartMockServerOptions extends MockPortalOptions {
  /** `0` (default) picks a free port. */
  port?: number;
  /**
   * Interface to bind. Default `127.0.0.1`: only this machine can reach the mock
   * (its API key and tokens are public). `0.0.0.0` or `::` for all interfaces,
   * e.g. inside a container.
   */
  hostname?: string;
}

export interface MockServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /** `url + '/v1'`: what clients use as their base URL. */
  baseUrl: string;
  port: number;
  /** The interface bound (`127.0.0.1` unless `hostname` said otherwise). */
  hostname: string;
  mock: MockPortal;
  close(): Promise<void>;
}

/**
 * Serves a mock portal over real HTTP (Node only).
 *
 * @example
 * const server = await startMockServer({ port: 0 });
 * await fetch(`${server.baseUrl}/portal/tickets`, { headers: { Authorization: `Bearer ${token}` } });
 * await server.close();
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const { port = 0, hostname = '127.0.0.1', ...mockOptions } = options;
  const mock = createMockPortal(mockOptions);
  const served = await serveMockFetch((request) => mock.app.fetch(request), { port, hostname });
  return { url: served.url, baseUrl: `${served.url}/v1`, port: served.port, hostname: served.hostname, mock, close: served.close };
}

export { createMockPortal, type MockPortal } from './createMockPortal';
export type { MockPortalOptions } from './types';
export { startAnswerPalMockServer, type AnswerPalMockServer, type StartAnswerPalMockServerOptions } from './answerpal/node';
export { createSwitchLabsMock, type SwitchLabsMock, type SwitchLabsMockOptions } from './switchlabs/createSwitchLabsMock';
export { startSwitchLabsMockServer, type StartSwitchLabsMockServerOptions, type SwitchLabsMockServer } from './switchlabs/node';
