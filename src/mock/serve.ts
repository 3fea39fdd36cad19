/// <reference types="node" />
import { serve, type HttpBindings, type Http2Bindings, type ServerType } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { AddressInfo } from 'node:net';
import { DROP_HEADER } from './http';

export interface ServeOptions {
  /** `0` picks a free port. */
  port: number;
  /** Interface to bind. Default: all interfaces (IPv6 and IPv4). */
  hostname?: string | undefined;
}

export interface ServedApp {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a mock's `fetch` over real HTTP (Node only). A response carrying the
 * drop marker (commit then drop, outage, cut upload) destroys the socket, so
 * the client sees a network error.
 */
export async function serveMockFetch(fetch: (request: Request) => Response | Promise<Response>, { port, hostname }: ServeOptions): Promise<ServedApp> {
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
        ...(hostname ? { hostname } : {}),
      },
      (info) => resolve(info),
    );
    server.once('error', reject);
  });
  const host = !hostname || hostname === '::' || hostname === '0.0.0.0' ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname;
  const url = `http://${host}:${address.port}`;
  return {
    url,
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

/** CLI servers: close on SIGINT/SIGTERM and exit, never hanging on a stuck connection. */
export function exitOnSignals(close: () => Promise<void>, print: (line: string) => void): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    print(`mock: ${signal}, shutting down`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
