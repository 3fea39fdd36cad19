import { Hono } from 'hono';
import { randomId } from '../crypto';
import { ApiError, DROP_HEADER, jsonResponse, sleep } from '../http';
import { CONTROL_BASE, registerSwitchLabsControl, type ControlHooks } from './control';
import { slError, slErrorResponse } from './errors';
import { slRoutePath } from './faults';
import { API_BASE, registerSwitchLabsRoutes, type SlEnv, type SwitchLabsContext } from './routes';

/** A response the servers turn into a dropped connection. */
const dropped = () => new Response(null, { status: 599, headers: { [DROP_HEADER]: '1' } });

const PROXY_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * The Switch Labs mock's one Hono app. The first middleware is the "network"
 * in front of the API: request ids, outage, latency, injected failures and
 * proxy pages, the API key check, then truncation and drop-after-commit on
 * the way out.
 */
export function createSwitchLabsApp(ctx: SwitchLabsContext, hooks: ControlHooks): Hono<SlEnv> {
  const app = new Hono<SlEnv>({ strict: false });
  const { faults, store } = ctx;

  app.use('*', async (c, next) => {
    const requestId = randomId('req', 16);
    c.set('requestId', requestId);
    const url = new URL(c.req.url);
    const isApi = url.pathname === API_BASE || url.pathname.startsWith(`${API_BASE}/`);
    if (!isApi) {
      // Control routes answer any origin (a demo's staff console in a browser), as the Dispatch mock's /__mock does.
      // The API itself sends no CORS headers: it is called server to server with an org key.
      const control = url.pathname.startsWith(`${CONTROL_BASE}/`);
      if (control && c.req.method === 'OPTIONS') {
        return new Response(null, {
          status: 204,
          headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, DELETE', 'access-control-allow-headers': 'Content-Type', 'x-request-id': requestId },
        });
      }
      await next();
      c.res.headers.set('x-request-id', requestId);
      if (control) c.res.headers.set('access-control-allow-origin', '*');
      return;
    }
    const method = c.req.method;
    const path = slRoutePath(url.pathname);
    const finish = (res: Response) => {
      res.headers.set('x-request-id', requestId);
      return res;
    };
    const outage = faults.base.outage;
    if (outage) return outage.mode === 'drop' ? dropped() : finish(slErrorResponse(slError(503, 'Service unavailable', {}, { 'retry-after': '5' })));
    const delay = faults.base.latencyFor(method, path, true);
    if (delay > 0) await sleep(delay);
    const storm = faults.base.takeStorm();
    if (storm) return finish(slErrorResponse(slError(429, 'Too many requests', {}, { 'retry-after': String(storm.retryAfterSeconds) })));
    const failure = faults.base.takeFailure(method, path);
    if (failure) {
      const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
      return finish(slErrorResponse(slError(failure.status, failure.message ?? `Injected failure (${failure.status})`, {}, headers)));
    }
    if (faults.takeBodyFault(method, path, 'html_502')) return finish(new Response(PROXY_502, { status: 502, headers: { 'content-type': 'text/html' } }));

    const header = c.req.header('authorization');
    const token = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    const key = token ? store.apiKeys.get(token) : undefined;
    if (!key || key.revoked) return finish(slErrorResponse(slError(401, token ? 'Invalid API key' : 'Missing API key')));
    c.set('apiKey', key);

    await next();
    if (faults.base.takeDrop(method, path)) {
      c.res = dropped();
      return;
    }
    if (c.res.ok && faults.takeBodyFault(method, path, 'truncated_json')) {
      const text = await c.res.text();
      c.res = new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), { status: c.res.status, headers: c.res.headers });
    }
    c.res.headers.set('x-request-id', requestId);
  });

  registerSwitchLabsControl(app, ctx, hooks);
  registerSwitchLabsRoutes(app, ctx);

  // The app's tRPC surface answers in its own envelope: a base URL missing `/v1` lands here.
  app.all('/api/trpc/*', (c) =>
    jsonResponse(404, { error: { json: { message: `No "query"-procedure on path "${c.req.path.slice('/api/trpc/'.length)}"`, code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404 } } } }),
  );

  app.notFound((c) => slErrorResponse(slError(404, `Cannot ${c.req.method} ${new URL(c.req.url).pathname}`)));
  app.onError((err, c) => {
    if (err instanceof ApiError) return slErrorResponse(err);
    const aborted = c.req.raw.signal.aborted || (err as { code?: string }).code === 'ECONNRESET';
    if (!aborted) console.error('[switchlabs mock] unexpected error', err);
    return slErrorResponse(slError(500, 'Internal server error'));
  });
  return app;
}
