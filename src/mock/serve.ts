/// <reference types="node" />
import { serve, type HttpBindings, type Http2Bindings, type ServerType } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { AddressInfo } from 'node:net';
import { DROP_HEADER } from './http';

export interface ServeOptions {
  /** `0` picks a free port. */
  port: number;
  /**
   * Interface to bind. Default `127.0.0.1`: only this machine can reach a mock
   * (its keys and tokens are public). `0.0.0.0` or `::` for all interfaces.
   */
  hostname?: string | undefined;
}

export interface ServedApp {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  /** The interface bound. */
  hostname: string;
  close(): Promise<void>;
}

/**
 * Serves a mock's `fetch` over real HTTP (Node only). A response carrying the
 * drop marker (commit then drop, outage, cut upload) destroys the socket, so
 * the client sees a network error.
 */
export async function serveMockFetch(
  fetch: (request: Request) => Response | Promise<Response>,
  { port, hostname = '127.0.0.1' }: ServeOptions,
): Promise<ServedApp> {
  let server: ServerType | undefined;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      {
        fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
          const res = await fetch(request);
          if (res.headers.has(DROP_HEADER)) {
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
  // Outlive clients' idle keep-alive sockets: with Node's 5 s default, a request sent on a socket the
  // server is closing (test clients reuse them after longer waits) fails with "socket hang up".
  Object.assign(server as ServerType, { keepAliveTimeout: 65_000, headersTimeout: 66_000 });
  // Loopback and wildcard binds are reached as `localhost`, which is also what browsers treat as a secure origin.
  const host = ['127.0.0.1', '::', '0.0.0.0', '::1'].includes(hostname) ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    port: address.port,
    hostname: address.address,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server) return resolve();
        const s = server as ServerType & { closeAllConnections?: () => void };
        s.close((err) => (err ? reject(err) : resolve()));
        s.closeAllConnections?.();
      }),
  };
}
