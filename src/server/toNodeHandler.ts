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
  /** What a body parser (`express.json()`, `express.raw()`) left, if one ran before this route. */
  body?: unknown;
  /** True once the body stream has been read (by a body parser). */
  readableEnded?: boolean;
}

/** The parts of a Node `ServerResponse` (or Express `Response`) the adapter writes. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string | Uint8Array): unknown;
  /** Streams the body when present (downloads); false means "wait for `drain`". */
  write?(chunk: Uint8Array): boolean;
  once?(event: 'drain' | 'close', listener: () => void): unknown;
}

/** The request body as a web stream, read lazily from the Node request (or what a body parser left). */
function bodyOf(req: NodeRequestLike, headers: Headers): BodyInit | undefined {
  const parsed = req.body;
  if (parsed !== undefined && parsed !== null && (req.readableEnded || typeof parsed !== 'object' || Object.keys(parsed).length > 0)) {
    // A body parser consumed the stream; rebuild the bytes from its result.
    headers.delete('content-length');
    if (parsed instanceof Uint8Array || typeof parsed === 'string') return parsed as BodyInit;
    return JSON.stringify(parsed);
  }
  const source = req as unknown as Partial<AsyncIterable<Uint8Array>>;
  if (req.readableEnded || typeof source[Symbol.asyncIterator] !== 'function') return undefined;
  let it: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    // Pulled on demand: a handler that never reads the body never starts reading the socket.
    async pull(controller) {
      it ??= (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      await it?.return?.();
    },
  });
}

async function writeBody(response: Response, res: NodeResponseLike): Promise<void> {
  if (!response.body || !res.write) {
    res.end(await response.text());
    return;
  }
  const reader = response.body.getReader();
  let closed = false;
  res.once?.('close', () => {
    closed = true;
    void reader.cancel().catch(() => {});
  });
  // An event stream is written as it comes: waiting for a second chunk would hold the first back.
  const live = /^text\/event-stream/i.test(response.headers.get('content-type') ?? '');
  try {
    const first = await reader.read();
    if (first.done) return;
    let ahead = live ? null : await reader.read();
    // A body in one piece (any JSON answer): one write, with a Content-Length.
    if (ahead?.done) {
      res.end(first.value);
      return;
    }
    let chunk: Uint8Array | undefined = first.value;
    while (chunk && !closed) {
      // Back-pressure: a slow client holds the stream, not the process's memory.
      if (!res.write(chunk) && res.once) await new Promise<void>((resolve) => { res.once!('drain', resolve); res.once!('close', resolve); });
      const r = ahead ?? (await reader.read());
      ahead = null;
      chunk = r.done ? undefined : r.value;
    }
  } finally {
    res.end();
  }
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
 * The request body is streamed to the handler as it is read (so a large
 * upload never sits in memory); if a body parser already consumed it, its
 * result is passed on instead. Response bodies are streamed back. If the
 * handler throws, the error goes to `next` when there is one, else the answer
 * is a bare 500.
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
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : bodyOf(req, headers);
      // `duplex` is required by Node's fetch for a streamed request body.
      const init = { method, headers, ...(body === undefined ? {} : { body, duplex: 'half' }) } as RequestInit;
      const response = await handler(new Request(url, init), { req, res });
      res.statusCode = response.status;
      response.headers.forEach((value, name) => void res.setHeader(name, value));
      await writeBody(response, res);
    } catch (error) {
      if (next) return next(error);
      res.statusCode = 500;
      res.end();
    }
  };
}
