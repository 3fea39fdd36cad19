import { Hono } from 'hono';
import { routePathOf } from '../faults';
import { DROP_HEADER, sleep } from '../http';
import type { ApContext } from './context';
import { registerAnswerPalControlRoutes } from './control';
import type { AnswerPalFixture } from './fixture';
import { dispatchApi } from './routes';
import { AnswerPalError, errorResponse } from './wire';

const dropped = () => new Response(null, { status: 599, headers: { [DROP_HEADER]: '1' } });

const isApiPath = (pathname: string) => /^\/api(\/|$)/i.test(pathname);

/**
 * The one Hono app behind every way the AnswerPal mock is served. Its first
 * middleware is the "network": outage, latency, the 429 storm, injected
 * failures (in AnswerPal's error formats) and drop-after-commit, driven by the
 * same `MockFaults` as the Dispatch mock.
 */
export function createAnswerPalApp(ctx: ApContext, fixture: AnswerPalFixture, reset: () => void): Hono {
  const app = new Hono({ strict: false });
  const { faults } = ctx;
  const fail = (error: AnswerPalError) => errorResponse(error, ctx.switches.errorStyle);

  app.use('*', async (c, next) => {
    const pathname = new URL(c.req.url).pathname;
    if (!isApiPath(pathname)) return next();
    const method = c.req.method;
    const routePath = routePathOf(pathname);
    if (faults.outage) {
      if (faults.outage.mode === 'drop') return dropped();
      return fail(new AnswerPalError(503, 'The service is temporarily unavailable.', { headers: { 'retry-after': '5' } }));
    }
    const delay = faults.latencyFor(method, routePath, true);
    if (delay > 0) await sleep(delay);
    const storm = faults.takeStorm();
    if (storm) {
      return fail(
        new AnswerPalError(429, `Rate limit exceeded. Try again in ${storm.retryAfterSeconds} seconds.`, {
          headers: { 'retry-after': String(storm.retryAfterSeconds) },
        }),
      );
    }
    const failure = faults.takeFailure(method, routePath);
    if (failure) {
      const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      if (failure.status === 401) headers['www-authenticate'] = 'Bearer error="invalid_token"';
      return fail(
        new AnswerPalError(failure.status, failure.message ?? `Injected failure (${failure.status}).`, {
          headers,
          bodyless: failure.status === 401 || failure.status === 403,
          ...(failure.code ? { code: failure.code } : {}),
        }),
      );
    }
    await next();
    if (faults.takeDrop(method, routePath)) c.res.headers.set(DROP_HEADER, '1');
  });

  registerAnswerPalControlRoutes(app, ctx, fixture, reset);

  app.all('*', async (c) => {
    const pathname = new URL(c.req.url).pathname;
    if (!isApiPath(pathname)) return fail(new AnswerPalError(404, 'Not Found'));
    const res = await dispatchApi(ctx, c.req.raw);
    return res ?? fail(new AnswerPalError(404, 'Not Found'));
  });

  app.onError((err, c) => {
    if (err instanceof AnswerPalError) return fail(err);
    const aborted = c.req.raw.signal.aborted || (err as { code?: string }).code === 'ECONNRESET';
    if (!aborted) console.error('[answerpal mock] unexpected error', err);
    return fail(new AnswerPalError(500, 'An unexpected error occurred.'));
  });

  return app;
}
