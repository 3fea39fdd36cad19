/// <reference types="node" />
// Node-only entry (`@dispatchtickets/react/mock/node`): the reference keeps its
// declarations self-contained under the build tsconfig, which loads no global types.
import { serve, type HttpBindings, type Http2Bindings, type ServerType } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { AddressInfo } from 'node:net';
import { createMockPortal, type MockPortal } from './createMockPortal';
import { DROP_HEADER } from './http';
import { createSwitchLabsMock, type SwitchLabsMock, type SwitchLabsMockOptions } from './switchlabs/createSwitchLabsMock';
import type { MockPortalOptions } from './types';

export interface StartMockServerOptions extends MockPortalOptions {
  /** `0` (default) picks a free port. */
  port?: number;
  /** Interface to bind. Default: all interfaces (IPv6 and IPv4). */
  hostname?: string;
}

export interface MockServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /** `url + '/v1'`: what clients use as their base URL. */
  baseUrl: string;
  port: number;
  mock: MockPortal;
  close(): Promise<void>;
}

interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves a mock's app over real HTTP; a response marked dropped destroys the socket (a real network error). */
async function listen(handle: (request: Request) => Promise<Response> | Response, port: number, hostname: string | undefined): Promise<Listening> {
  let server: ServerType | undefined;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      {
        fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
          const res = await handle(request);
          if (res.headers.has(DROP_HEADER)) {
            // Commit then drop / outage: kill the connection so the client sees a network error.
            env.incoming.socket.destroy();
            return RESPONSE_ALREADY_SENT;
          }
          return res;
        },
        port,
        ...(hostname ? { hostname } : {}),
      },
      (info) => resolve(info),
    );
    server.once('error', reject);
  });
  const host = !hostname || hostname === '::' || hostname === '0.0.0.0' ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server) return resolve();
        const s = server as ServerType & { closeAllConnections?: () => void };
        s.close((err) => (err ? reject(err) : resolve()));
        s.closeAllConnections?.();
      }),
  };
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
  const { port = 0, hostname, ...mockOptions } = options;
  const mock = createMockPortal(mockOptions);
  const server = await listen((request) => mock.app.fetch(request), port, hostname);
  return { ...server, baseUrl: `${server.url}/v1`, mock };
}

export interface StartSwitchLabsMockServerOptions extends SwitchLabsMockOptions {
  /** `0` (default) picks a free port. */
  port?: number;
  /** Interface to bind. Default: all interfaces (IPv6 and IPv4). */
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
  const server = await listen((request) => mock.app.fetch(request), port, hostname);
  return { ...server, baseUrl: `${server.url}/api/v1`, mock };
}

export { createMockPortal, type MockPortal } from './createMockPortal';
export { createSwitchLabsMock, type SwitchLabsMock, type SwitchLabsMockOptions } from './switchlabs/createSwitchLabsMock';
export type { MockPortalOptions } from './types';
