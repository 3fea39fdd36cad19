import type { Hono } from 'hono';
import { isRecord } from '../crypto';
import type { AppEnv, MockContext } from '../context';
import { iso, jsonResponse, readJson, type FieldError } from '../http';
import type { MockVariants } from '../types';
import { DEFAULT_WEBHOOK_RETRY_DELAYS_MS, MOCK_WEBHOOK_EVENTS, type MockWebhookEvent } from '../webhooks';

/**
 * `/__mock/*`: mock-only control endpoints (never under `/v1`). JSON in and
 * out; errors always use the default envelope. Every switch is also on
 * `mock.faults` for in-process tests. See docs/mock.md for the table.
 */

const VARIANT_VALUES: { [K in Exclude<keyof MockVariants, 'reopenWindowDays'>]: readonly (MockVariants[K] | (K extends 'errorBody' ? 'V2' : never))[] } = {
  // V2 (flat `message` + `code`) is the mock's default envelope: both names select it.
  errorBody: ['default', 'V2', 'V1', 'V3', 'V5'],
  ticketNumber: ['string', 'number'],
  authorType: ['STAFF', 'AGENT'],
  attachmentShape: ['superset', 'flat', 'nested'],
  showSystemComments: [true, false],
  replyOnClosed: ['reject', 'allow'],
  fieldVisibility: ['flags', 'visible'],
  adminInternalFlag: ['both', 'stored', 'metadata'],
  adminInitiateShape: ['superset', 'sdk', 'ui', 'attachment'],
  adminAttachmentStatus: ['UPLOADED', 'CONFIRMED'],
  adminSearch: ['ticket', 'comments'],
};

/** Variants that take a number rather than one of a list. */
const isReopenWindow = (value: unknown) => value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0);

/** A control request's bad input (400 `VALIDATION_ERROR`); also used by other backends' control routes. */
export class BadInput extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export const bad = (errors: FieldError[]) => new BadInput(errors);

export async function body(request: Request): Promise<Record<string, unknown>> {
  const value = await readJson(request);
  if (value === undefined) return {};
  if (!isRecord(value)) throw bad([{ field: 'body', message: 'The body must be a JSON object.' }]);
  return value;
}

export function num(b: Record<string, unknown>, field: string, opts: { required?: boolean; min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const v = b[field];
  if (v === undefined || v === null) {
    if (opts.required) throw bad([{ field, message: `${field} is required.` }]);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    const range = `${opts.min ?? '-∞'}–${opts.max ?? '∞'}`;
    throw bad([{ field, message: `${field} must be a${opts.integer ? 'n integer' : ' number'} in ${range}.` }]);
  }
  return v;
}

export function str(b: Record<string, unknown>, field: string, required = false): string | undefined {
  const v = b[field];
  if (v === undefined || v === null) {
    if (required) throw bad([{ field, message: `${field} is required.` }]);
    return undefined;
  }
  if (typeof v !== 'string' || v.trim() === '') throw bad([{ field, message: `${field} must be a non-empty string.` }]);
  return v;
}

/** `{ ms, method?, path? }` of a latency control request. */
export function latencyInput(b: Record<string, unknown>): { ms: number; route: { path: string; method?: string } | undefined } {
  const ms = num(b, 'ms', { required: true, min: 0, max: 120_000 }) ?? 0;
  const path = str(b, 'path');
  const method = str(b, 'method');
  return { ms, route: path ? { path, ...(method ? { method } : {}) } : undefined };
}

/** Wraps a control handler: {@link BadInput} becomes 400 `VALIDATION_ERROR` with `errors`. */
export const controlRoute = (handler: (request: Request) => Promise<Response> | Response) => async (c: { req: { raw: Request } }) => {
  try {
    return await handler(c.req.raw);
  } catch (err) {
    if (err instanceof BadInput) {
      return jsonResponse(400, { message: err.message, code: 'VALIDATION_ERROR', errors: err.errors });
    }
    throw err;
  }
};

export function registerControlRoutes(app: Hono<AppEnv>, ctx: MockContext, reset: () => void): void {
  const { faults, store } = ctx;
  const ok = (extra: Record<string, unknown> = {}) => jsonResponse(200, { ok: true, ...extra, state: faults.state() });

  const route = controlRoute;

  app.get('/__mock/health', () =>
    jsonResponse(200, {
      status: 'ok',
      now: iso(ctx.now()),
      brands: [...store.brands.keys()],
      outage: faults.outage !== null,
    }),
  );

  app.get('/__mock/state', () => jsonResponse(200, faults.state()));

  app.post('/__mock/reset', () => {
    reset();
    return ok();
  });

  app.post(
    '/__mock/latency',
    route(async (request) => {
      const { ms, route } = latencyInput(await body(request));
      faults.setLatency(ms, route);
      return ok();
    }),
  );
  app.delete('/__mock/latency', () => {
    faults.clearLatency();
    return ok();
  });

  app.post(
    '/__mock/storage-bandwidth',
    route(async (request) => {
      const b = await body(request);
      faults.setStorageBandwidth(num(b, 'bytesPerSecond', { required: true, min: 1024, integer: true }) ?? null, str(b, 'path'));
      return ok();
    }),
  );
  app.delete('/__mock/storage-bandwidth', () => {
    faults.setStorageBandwidth(null);
    return ok();
  });

  app.post(
    '/__mock/failures',
    route(async (request) => {
      const b = await body(request);
      const path = str(b, 'path', true) ?? '';
      const status = num(b, 'status', { required: true, min: 400, max: 599, integer: true }) ?? 500;
      const rate = num(b, 'rate', { min: 0, max: 1 });
      const count = num(b, 'count', { min: 1, integer: true });
      const retryAfterSeconds = num(b, 'retryAfterSeconds', { min: 0, integer: true });
      const method = str(b, 'method');
      const code = str(b, 'code');
      const message = str(b, 'message');
      const id = faults.failRoute({
        path,
        status,
        ...(method ? { method } : {}),
        ...(rate !== undefined ? { rate } : {}),
        ...(count !== undefined ? { count } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        ...(code ? { code } : {}),
        ...(message ? { message } : {}),
      });
      return ok({ id });
    }),
  );
  app.delete('/__mock/failures', () => {
    faults.clearFailures();
    return ok();
  });

  app.post(
    '/__mock/drop',
    route(async (request) => {
      const b = await body(request);
      const path = str(b, 'path', true) ?? '';
      const method = str(b, 'method');
      const count = b.count === null ? null : (num(b, 'count', { min: 1, integer: true }) ?? 1);
      const id = faults.dropAfterCommit({ path, ...(method ? { method } : {}) }, count);
      return ok({ id });
    }),
  );
  app.delete('/__mock/drop', () => {
    faults.clearDrops();
    return ok();
  });

  app.post(
    '/__mock/rate-limit-storm',
    route(async (request) => {
      const b = await body(request);
      const requests = num(b, 'requests', { min: 1, integer: true });
      const durationMs = num(b, 'durationMs', { min: 1 });
      const retryAfterSeconds = num(b, 'retryAfterSeconds', { min: 1, integer: true });
      if (requests === undefined && durationMs === undefined) {
        throw bad([{ field: 'requests', message: 'Give requests and/or durationMs.' }]);
      }
      faults.startRateLimitStorm({
        ...(requests !== undefined ? { requests } : {}),
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
      return ok();
    }),
  );
  app.delete('/__mock/rate-limit-storm', () => {
    faults.stopRateLimitStorm();
    return ok();
  });

  app.post(
    '/__mock/rate-limit',
    route(async (request) => {
      const b = await body(request);
      const limit = num(b, 'limit', { required: true, min: 1, integer: true }) ?? 1;
      const windowSeconds = num(b, 'windowSeconds', { min: 1, integer: true }) ?? faults.rateLimit.windowSeconds;
      faults.setRateLimit({ limit, windowSeconds });
      ctx.rate.clear();
      return ok();
    }),
  );

  app.post('/__mock/expire-tokens', () => {
    faults.expireAllTokens();
    return ok();
  });

  app.post(
    '/__mock/outage',
    route(async (request) => {
      const b = await body(request);
      if (typeof b.down !== 'boolean') throw bad([{ field: 'down', message: 'down must be true or false.' }]);
      const mode = b.mode ?? 'drop';
      if (mode !== 'drop' && mode !== '503') throw bad([{ field: 'mode', message: 'mode must be "drop" or "503".' }]);
      faults.setOutage(b.down, mode);
      return ok();
    }),
  );

  app.get('/__mock/variants', () => jsonResponse(200, faults.variants));
  app.post(
    '/__mock/variants',
    route(async (request) => {
      const b = await body(request);
      const patch: Partial<MockVariants> = {};
      const errors: FieldError[] = [];
      for (const [field, value] of Object.entries(b)) {
        if (field === 'reopenWindowDays') {
          if (isReopenWindow(value)) patch.reopenWindowDays = value as number | null;
          else errors.push({ field, message: 'reopenWindowDays must be a number of days (0 or more) or null.' });
          continue;
        }
        const allowed = (VARIANT_VALUES as Record<string, readonly unknown[]>)[field];
        if (!allowed) errors.push({ field, message: `Unknown variant "${field}". Known: ${[...Object.keys(VARIANT_VALUES), 'reopenWindowDays'].join(', ')}.` });
        else if (!allowed.includes(value)) errors.push({ field, message: `${field} must be one of: ${allowed.map(String).join(', ')}.` });
        else (patch as Record<string, unknown>)[field] = field === 'errorBody' && value === 'V2' ? 'default' : value;
      }
      if (errors.length) throw bad(errors);
      return jsonResponse(200, faults.setVariants(patch));
    }),
  );

  // Webhook deliveries: the target (the secret is never echoed), and what was sent.
  const webhookState = () => {
    const config = ctx.webhooks.config;
    return {
      config: config ? { url: config.url, events: [...(config.events ?? MOCK_WEBHOOK_EVENTS)], retryDelaysMs: [...(config.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS)] } : null,
      deliveries: ctx.webhooks.deliveries,
    };
  };
  app.get('/__mock/webhooks', () => jsonResponse(200, webhookState()));
  app.post(
    '/__mock/webhooks',
    route(async (request) => {
      const b = await body(request);
      const url = str(b, 'url', true) ?? '';
      const secret = str(b, 'secret', true) ?? '';
      const errors: FieldError[] = [];
      try {
        const u = new URL(url);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') errors.push({ field: 'url', message: 'url must be an http(s) URL.' });
      } catch {
        errors.push({ field: 'url', message: 'url must be an absolute http(s) URL.' });
      }
      if (secret.length < 8) errors.push({ field: 'secret', message: 'secret must be at least 8 characters.' });
      const events = b.events;
      if (events !== undefined && (!Array.isArray(events) || events.some((e) => !MOCK_WEBHOOK_EVENTS.includes(e as MockWebhookEvent)))) {
        errors.push({ field: 'events', message: `events must be a list of: ${MOCK_WEBHOOK_EVENTS.join(', ')}.` });
      }
      const delays = b.retryDelaysMs;
      if (delays !== undefined && (!Array.isArray(delays) || delays.length > 10 || delays.some((d) => typeof d !== 'number' || !(d >= 0 && d <= 60_000)))) {
        errors.push({ field: 'retryDelaysMs', message: 'retryDelaysMs must be up to 10 delays of 0–60000 ms.' });
      }
      if (errors.length) throw bad(errors);
      ctx.webhooks.configure({
        url,
        secret,
        ...(events ? { events: events as MockWebhookEvent[] } : {}),
        ...(delays ? { retryDelaysMs: delays as number[] } : {}),
      });
      return jsonResponse(200, webhookState());
    }),
  );
  app.delete('/__mock/webhooks', () => {
    ctx.webhooks.configure(null);
    return jsonResponse(200, webhookState());
  });

  app.get('/__mock/outbox', (c) => {
    const to = c.req.query('email')?.trim().toLowerCase();
    const data = [...store.outbox].reverse().filter((m) => !to || m.to === to);
    return jsonResponse(200, { data });
  });
}
