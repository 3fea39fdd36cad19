import type { Hono } from 'hono';
import { iso, jsonResponse } from '../http';
import type { ApContext } from './context';
import type { AnswerPalFixture } from './fixture';
import type { AnswerPalSwitches } from './types';

/**
 * `/__mock/answerpal/*`: mock-only controls (never under `/api`). JSON in and
 * out; bad input is 400 `{ message, errors }`. Every switch and fault is also
 * on the in-process mock (`mock.switches`, `mock.faults`, `mock.fixture`).
 */

export const CONTROL_PREFIX = '/__mock/answerpal';

/** The contract's switch names, their values, and the property each sets. */
const SWITCHES: { [name: string]: { key: keyof AnswerPalSwitches; values?: readonly unknown[]; min?: number } } = {
  message_model: { key: 'messageModel', values: ['combined', 'separate'] },
  pipeline: { key: 'pipeline', values: ['off', 'auto_reply', 'mark_spam', 'auto_close'] },
  processed_delay_ms: { key: 'processedDelayMs', min: 0 },
  role: { key: 'role', values: ['Administrator', 'Agent', 'Restricted'] },
  forbidden_as: { key: 'forbiddenAs', values: [404, 403] },
  token_ttl_s: { key: 'tokenTtlS', min: 1 },
  paged_fields: { key: 'pagedFields', values: [3, 5] },
  casing: { key: 'casing', values: ['camel', 'pascal'] },
  date_format: { key: 'dateFormat', values: ['z', 'no_offset'] },
  uid_match: { key: 'uidMatch', values: ['case_insensitive', 'exact'] },
  duplicate_uid: { key: 'duplicateUid', values: [409, 'create_second'] },
  error_style: { key: 'errorStyle', values: ['problem', 'empty', 'message'] },
  create_status: { key: 'createStatus', values: [201, 200] },
};

/** The contract's switch names (`message_model`, `token_ttl_s`, …). */
export const SWITCH_NAMES: readonly string[] = Object.keys(SWITCHES);

/** The switches under the contract's names. */
export function switchesByContractName(s: AnswerPalSwitches): Record<string, unknown> {
  return Object.fromEntries(Object.entries(SWITCHES).map(([name, def]) => [name, s[def.key]]));
}

/**
 * Validates a patch given with contract names (`{ token_ttl_s: 5 }`) or
 * property names (`{ tokenTtlS: 5 }`); numbers may come as strings.
 */
export function parseSwitches(patch: Record<string, unknown>): { value: Partial<AnswerPalSwitches>; errors: { field: string; message: string }[] } {
  const value: Record<string, unknown> = {};
  const errors: { field: string; message: string }[] = [];
  for (const [name, raw] of Object.entries(patch)) {
    const entry = Object.entries(SWITCHES).find(([n, def]) => n === name || def.key === name);
    if (!entry) {
      errors.push({ field: name, message: `Unknown switch "${name}". Known: ${Object.keys(SWITCHES).join(', ')}.` });
      continue;
    }
    const [, def] = entry;
    const v = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (def.values) {
      if (!def.values.includes(v)) errors.push({ field: name, message: `${name} must be one of: ${def.values.join(', ')}.` });
      else value[def.key] = v;
    } else if (typeof v !== 'number' || !Number.isInteger(v) || v < (def.min ?? 0)) {
      errors.push({ field: name, message: `${name} must be an integer ≥ ${def.min ?? 0}.` });
    } else value[def.key] = v;
  }
  return { value: value as Partial<AnswerPalSwitches>, errors };
}

class BadInput extends Error {
  constructor(readonly errors: { field: string; message: string }[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

async function body(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadInput([{ field: 'body', message: 'The body must be JSON.' }]);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BadInput([{ field: 'body', message: 'The body must be a JSON object.' }]);
  return value as Record<string, unknown>;
}

const int = (b: Record<string, unknown>, name: string, opts: { required?: boolean; min?: number } = {}) => {
  const v = b[name];
  if (v === undefined || v === null) {
    if (opts.required) throw new BadInput([{ field: name, message: `${name} is required.` }]);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < (opts.min ?? 0)) throw new BadInput([{ field: name, message: `${name} must be an integer ≥ ${opts.min ?? 0}.` }]);
  return v;
};

const text = (b: Record<string, unknown>, name: string, required = false) => {
  const v = b[name];
  if (v === undefined || v === null) {
    if (required) throw new BadInput([{ field: name, message: `${name} is required.` }]);
    return undefined;
  }
  if (typeof v !== 'string' || !v.trim()) throw new BadInput([{ field: name, message: `${name} must be a non-empty string.` }]);
  return v;
};

async function sha256Hex(chunks: Uint8Array[]): Promise<string> {
  // Digest of the concatenation without holding a second copy for long: small files only need this rarely.
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  const digest = await crypto.subtle.digest('SHA-256', all);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function registerAnswerPalControlRoutes(app: Hono, ctx: ApContext, fixture: AnswerPalFixture, reset: () => void): void {
  const { faults } = ctx;
  const P = CONTROL_PREFIX;
  const state = () => {
    const { latency, failures, drops, storm, outage, tokensExpiredAt } = faults.state();
    return {
      switches: switchesByContractName(ctx.switches),
      latency,
      failures,
      drops,
      storm,
      outage,
      tokensRevokedAt: tokensExpiredAt,
      cutUploads: ctx.cutUploads,
      rateLimit: faults.rateLimit,
      logins: ctx.logins,
    };
  };
  const ok = (extra: Record<string, unknown> = {}) => jsonResponse(200, { ok: true, ...extra, state: state() });
  const route =
    (handler: (b: Record<string, unknown>, params: Record<string, string>) => Response | Promise<Response>) =>
    async (c: { req: { raw: Request; param: () => Record<string, string> } }) => {
      try {
        return await handler(c.req.raw.method === 'GET' || c.req.raw.method === 'DELETE' ? {} : await body(c.req.raw), c.req.param());
      } catch (err) {
        if (err instanceof BadInput) return jsonResponse(400, { message: err.message, errors: err.errors });
        if (err instanceof Error && err.message.startsWith('AnswerPal fixture:')) return jsonResponse(404, { message: err.message });
        throw err;
      }
    };

  app.get(`${P}/health`, () => jsonResponse(200, { status: 'ok', now: iso(ctx.now()), tenants: [...ctx.store.tenants.values()].map((t) => t.hostname) }));
  app.get(`${P}/state`, () => jsonResponse(200, state()));
  app.post(`${P}/reset`, () => {
    reset();
    return ok();
  });

  app.get(`${P}/switches`, () => jsonResponse(200, switchesByContractName(ctx.switches)));
  app.post(
    `${P}/switches`,
    route((b) => {
      const { value, errors } = parseSwitches(b);
      if (errors.length) throw new BadInput(errors);
      Object.assign(ctx.switches, value);
      return jsonResponse(200, switchesByContractName(ctx.switches));
    }),
  );

  app.post(
    `${P}/latency`,
    route((b) => {
      const path = text(b, 'path');
      const method = text(b, 'method');
      faults.setLatency(int(b, 'ms', { required: true }) ?? 0, path ? { path, ...(method ? { method } : {}) } : undefined);
      return ok();
    }),
  );
  app.delete(`${P}/latency`, () => {
    faults.clearLatency();
    return ok();
  });

  app.post(
    `${P}/failures`,
    route((b) => {
      const status = int(b, 'status', { required: true, min: 400 }) ?? 500;
      const rate = b.rate;
      if (rate !== undefined && (typeof rate !== 'number' || rate < 0 || rate > 1)) throw new BadInput([{ field: 'rate', message: 'rate must be 0–1.' }]);
      const count = int(b, 'count', { min: 1 });
      const retryAfterSeconds = int(b, 'retryAfterSeconds');
      const method = text(b, 'method');
      const message = text(b, 'message');
      const code = text(b, 'code');
      const id = faults.failRoute({
        path: text(b, 'path', true) ?? '',
        status,
        ...(method ? { method } : {}),
        ...(typeof rate === 'number' ? { rate } : {}),
        ...(count !== undefined ? { count } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        ...(message ? { message } : {}),
        ...(code ? { code } : {}),
      });
      return ok({ id });
    }),
  );
  app.delete(`${P}/failures`, () => {
    faults.clearFailures();
    return ok();
  });

  app.post(
    `${P}/drop`,
    route((b) => {
      const method = text(b, 'method');
      const count = b.count === null ? null : (int(b, 'count', { min: 1 }) ?? 1);
      return ok({ id: faults.dropAfterCommit({ path: text(b, 'path', true) ?? '', ...(method ? { method } : {}) }, count) });
    }),
  );
  app.delete(`${P}/drop`, () => {
    faults.clearDrops();
    return ok();
  });

  app.post(
    `${P}/rate-limit-storm`,
    route((b) => {
      const requests = int(b, 'requests', { min: 1 });
      const durationMs = int(b, 'durationMs', { min: 1 });
      const retryAfterSeconds = int(b, 'retryAfterSeconds', { min: 1 });
      if (requests === undefined && durationMs === undefined) throw new BadInput([{ field: 'requests', message: 'Give requests and/or durationMs.' }]);
      faults.startRateLimitStorm({
        ...(requests !== undefined ? { requests } : {}),
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
      return ok();
    }),
  );
  app.delete(`${P}/rate-limit-storm`, () => {
    faults.stopRateLimitStorm();
    return ok();
  });

  app.post(
    `${P}/rate-limit`,
    route((b) => {
      faults.setRateLimit({ limit: int(b, 'limit', { required: true, min: 1 }) ?? 1, windowSeconds: int(b, 'windowSeconds', { min: 1 }) ?? faults.rateLimit.windowSeconds });
      ctx.rate.clear();
      return ok();
    }),
  );

  app.post(`${P}/revoke-tokens`, () => {
    faults.expireAllTokens();
    return ok();
  });

  app.post(
    `${P}/outage`,
    route((b) => {
      if (typeof b.down !== 'boolean') throw new BadInput([{ field: 'down', message: 'down must be true or false.' }]);
      const mode = b.mode ?? 'drop';
      if (mode !== 'drop' && mode !== '503') throw new BadInput([{ field: 'mode', message: 'mode must be "drop" or "503".' }]);
      faults.setOutage(b.down, mode);
      return ok();
    }),
  );

  app.post(
    `${P}/cut-uploads`,
    route((b) => {
      const count = b.count === null ? null : (int(b, 'count', { min: 1 }) ?? 1);
      ctx.cutUploads = { afterBytes: int(b, 'afterBytes', { required: true, min: 1 }) ?? 1, remaining: count };
      return ok();
    }),
  );
  app.delete(`${P}/cut-uploads`, () => {
    ctx.cutUploads = null;
    return ok();
  });

  // Stored file facts, to check an upload arrived intact without downloading it.
  app.get(
    `${P}/attachments/:id`,
    route(async (_b, params) => {
      const a = ctx.store.attachments.get(Number(params.id));
      if (!a) return jsonResponse(404, { message: `No attachment ${params.id}.` });
      return jsonResponse(200, {
        id: a.ticketMessageAttachmentID,
        messageId: a.messageID,
        fileName: a.fileName,
        contentType: a.contentType,
        size: a.fileSizeBytes,
        sha256: await sha256Hex(a.chunks),
      });
    }),
  );

  // Fixture operations for a mock in another process.
  app.post(
    `${P}/fixture/customers`,
    route((b) => jsonResponse(200, fixture.addCustomer({ email: text(b, 'email', true) ?? '', ...(text(b, 'name') ? { name: text(b, 'name') } : {}), ...(int(b, 'tickets') !== undefined ? { tickets: int(b, 'tickets') } : {}) }))),
  );
  app.post(
    `${P}/fixture/tickets`,
    route((b) => {
      const subject = text(b, 'subject');
      const bodyText = text(b, 'body');
      return jsonResponse(200, fixture.addTicket(text(b, 'email', true) ?? '', { ...(subject ? { subject } : {}), ...(bodyText ? { body: bodyText } : {}), closed: b.closed === true }));
    }),
  );
  app.post(
    `${P}/fixture/tickets/:id/hidden`,
    route((_b, params) => jsonResponse(200, fixture.plantHidden(params.id ?? ''))),
  );
  app.get(`${P}/fixture/forbidden-strings`, () => jsonResponse(200, { strings: fixture.forbiddenStrings() }));
}
