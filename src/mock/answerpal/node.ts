/// <reference types="node" />
import { serveMockFetch } from '../serve';
import { createAnswerPalMock, type AnswerPalMock } from './createAnswerPalMock';
import type { AnswerPalMockOptions } from './types';

export interface StartAnswerPalMockServerOptions extends AnswerPalMockOptions {
  /** `0` (default) picks a free port. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1` (this machine only); `0.0.0.0` for all interfaces. */
  hostname?: string;
}

export interface AnswerPalMockServer {
  /** `http://host:port`: the adapter's `baseUrl` (every API path starts with `/api/`). */
  url: string;
  port: number;
  mock: AnswerPalMock;
  close(): Promise<void>;
}

/**
 * Serves the AnswerPal mock over real HTTP (Node only).
 *
 * @example
 * const server = await startAnswerPalMockServer({ port: 0 });
 * const backend = answerPal({ baseUrl: server.url, ...ANSWERPAL_SEED.service, channelId: ANSWERPAL_SEED.portalChannelId });
 * await server.close();
 */
export async function startAnswerPalMockServer(options: StartAnswerPalMockServerOptions = {}): Promise<AnswerPalMockServer> {
  const { port = 0, hostname, ...mockOptions } = options;
  const mock = createAnswerPalMock(mockOptions);
  const served = await serveMockFetch((request) => mock.app.fetch(request), { port, hostname });
  return { url: served.url, port: served.port, mock, close: served.close };
}
