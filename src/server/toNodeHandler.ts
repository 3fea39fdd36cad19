/**
 * The parts of a Node `IncomingMessage` (or Express `Request`) the adapter reads.
 * Declared here rather than imported so this entry stays free of `node:*`
 * imports and runs on edge runtimes.
 */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  /** Express keeps the full path here when the route is mounted under a prefix. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** A TLS socket has `encrypted: true`. Typed loosely: `net.Socket` declares no such field. */
  socket?: unknown;
}

/** The parts of a Node `ServerResponse` (or Express `Response`) the adapter writes. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/** What a handler wrapped by {@link toNodeHandler} receives as its second argument. */
export interface NodeHandlerContext<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseLike = NodeResponseLike> {
  req: Req;
  res: Res;
}

/**
 * Turns a fetch-style handler (such as {@link createPortalTokenHandler}'s) into a
 * `(req, res, next?)` function for Express, Connect, Fastify's `raw`, or a
 * bare `node:http` server. The handler gets `{ req, res }` as its second
 * argument, so `getCustomer` can read what your middleware put on `req`
 * (`req.user`, `req.session`).
 *
 * The request body is not forwarded (the token handler never reads one), so it
 * works before or after body-parsing middleware. If the handler throws, the
 * error goes to `next` when there is one, else the answer is a bare 500.
 *
 * @example
 * // Express
 * import express from 'express';
 * import { createPortalTokenHandler, toNodeHandler, type NodeHandlerContext } from '@dispatchtickets/react/server';
 *
 * const handler = createPortalTokenHandler<NodeHandlerContext<express.Request, express.Response>>({
 *   apiKey: process.env.DISPATCH_API_KEY!,
 *   brandId: process.env.DISPATCH_BRAND_ID!,
 *   getCustomer: (_request, ctx) => {
 *     const user = ctx?.req.user; // set by your auth middleware
 *     return user ? { email: user.email, name: user.name } : null;
 *   },
 * });
 *
 * const app = express();
 * app.use(session(sessionOptions), passport.session());
 * app.all('/api/support/token', toNodeHandler(handler));
 *
 * @example
 * // node:http
 * import { createServer } from 'node:http';
 * const tokenRoute = toNodeHandler(handler);
 * createServer((req, res) => {
 *   if (req.url?.startsWith('/api/support/token')) return void tokenRoute(req, res);
 *   res.statusCode = 404;
 *   res.end();
 * }).listen(3000);
 */
export function toNodeHandler<Req extends NodeRequestLike, Res extends NodeResponseLike>(
  handler: (request: Request, context: NodeHandlerContext<Req, Res>) => Promise<Response>,
): (req: Req, res: Res, next?: (error?: unknown) => void) => Promise<void> {
  return async (req, res, next) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        // HTTP/2 pseudo-headers (`:path`) are not valid header names.
        if (value === undefined || name.startsWith(':')) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const path = req.originalUrl ?? req.url ?? '/';
      const tls = (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true;
      const origin = `${tls ? 'https' : 'http'}://${headers.get('host') ?? 'localhost'}`;
      let url: URL;
      try {
        url = new URL(`${origin}${path.startsWith('/') ? path : `/${path}`}`);
      } catch {
        // A malformed Host header: the path is what matters.
        url = new URL(path.startsWith('/') ? path : '/', 'http://localhost');
      }
      const response = await handler(new Request(url, { method: req.method ?? 'GET', headers }), { req, res });
      res.statusCode = response.status;
      response.headers.forEach((value, name) => void res.setHeader(name, value));
      res.end(await response.text());
    } catch (error) {
      if (next) return next(error);
      res.statusCode = 500;
      res.end();
    }
  };
}
