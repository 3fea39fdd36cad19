/// <reference types="node" />
// Node-only entry (`@dispatchtickets/react/mock/node`): the reference keeps its
// declarations self-contained under the build tsconfig, which loads no global types.
import { serve, type HttpBindings, type Http2Bindings, type ServerType } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { AddressInfo } from 'node:net';
import { createMockPortal, type MockPortal } from './createMockPortal';
import { DROP_HEADER } from './http';
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
  let server: ServerType | undefined;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      {
        fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
          const res = await mock.app.fetch(request);
          if (res.headers.has(DROP_HEADER)) {
            // Commit then drop / outage: kill the connection so the client sees a network error.
            env.incoming.socket.destroy();
            return RESPONSE_ALREADY_SENT;
          }
          return res;
        },
        port,
        hostname,
      },
      (info) => resolve(info),
    );
    server.once('error', reject);
  });
  // Loopback and wildcard binds are reached as `localhost`, which is also what browsers treat as a secure origin.
  const host = ['127.0.0.1', '::', '0.0.0.0', '::1'].includes(hostname) ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    port: address.port,
    hostname: address.address,
    mock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server) return resolve();
        const s = server as ServerType & { closeAllConnections?: () => void };
        s.close((err) => (err ? reject(err) : resolve()));
        s.closeAllConnections?.();
      }),
  };
}

export { createMockPortal, type MockPortal } from './createMockPortal';
export type { MockPortalOptions } from './types';
