import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '../../../src/server';
import type { PortalGateway } from '../../../src/server/gateway';

export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Serves a gateway over real HTTP (node:http + toNodeHandler, as Express would), on a free loopback port. */
export async function serveGateway(gateway: Pick<PortalGateway, 'fetch'>, basePath = ''): Promise<{ url: string; base: string; close(): Promise<void> }> {
  const handler = toNodeHandler((request) => gateway.fetch(request));
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    base: `${url}${basePath}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A promise with its resolver, to hold an adapter call open. */
export function latch<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
