import type { Hono } from 'hono';
import { iso, jsonResponse } from '../http';
import { bad, body, controlRoute as route, latencyInput, num, str } from '../routes/control';
import type { SwitchLabsFixtureOps } from './fixture';
import type { SwitchLabsBodyFault } from './faults';
import type { SlEnv, SwitchLabsContext } from './routes';
import { switchErrors, type SwitchLabsSwitches } from './switches';

export const CONTROL_BASE = '/__mock/switchlabs';

export interface ControlHooks {
  reset(switches?: Partial<SwitchLabsSwitches>): void;
  setSwitches(patch: Partial<SwitchLabsSwitches>): SwitchLabsSwitches;
  revokeApiKey(key?: string): void;
  fixture: SwitchLabsFixtureOps;
}

function switchPatch(b: Record<string, unknown>): Partial<SwitchLabsSwitches> {
  const errors = switchErrors(b);
  if (errors.length) throw bad(errors);
  return b as Partial<SwitchLabsSwitches>;
}

/**
 * `/__mock/switchlabs/*`: test-only control of the Switch Labs mock (switches,
 * faults, the outbound-notification log, fixture operations). JSON in and out;
 * bad input is 400 `VALIDATION_ERROR` with `errors`, as the Dispatch mock's `/__mock`.
 */
export function registerSwitchLabsControl(app: Hono<SlEnv>, ctx: SwitchLabsContext, hooks: ControlHooks): void {
  const { faults, store } = ctx;
  const B = CONTROL_BASE;
  const state = () => ({ switches: ctx.switches(), faults: faults.state(), revokedKeys: [...store.apiKeys.values()].filter((k) => k.revoked).map((k) => k.key) });
  const ok = (extra: Record<string, unknown> = {}) => jsonResponse(200, { ok: true, ...extra, state: state() });
  const selector = (b: Record<string, unknown>) => {
    const method = str(b, 'method');
    return { path: str(b, 'path', true) ?? '', ...(method ? { method } : {}) };
  };

  app.get(`${B}/health`, () => jsonResponse(200, { status: 'ok', backend: 'switchlabs', apiBase: '/api/v1', now: iso(ctx.now()) }));
  app.get(`${B}/state`, () => jsonResponse(200, state()));
  app.post(
    `${B}/reset`,
    route(async (request) => {
      const b = await body(request);
      hooks.reset(b.switches === undefined ? undefined : switchPatch((b.switches ?? {}) as Record<string, unknown>));
      return ok();
    }),
  );

  app.get(`${B}/switches`, () => jsonResponse(200, ctx.switches()));
  app.post(
    `${B}/switches`,
    route(async (request) => {
      const patch = switchPatch(await body(request));
      if ('id_style' in patch) throw bad([{ field: 'id_style', message: 'id_style decides the seeded ids: pass it to POST /__mock/switchlabs/reset as { "switches": { "id_style": … } }.' }]);
      return jsonResponse(200, hooks.setSwitches(patch));
    }),
  );

  app.post(
    `${B}/latency`,
    route(async (request) => {
      const { ms, route } = latencyInput(await body(request));
      faults.setLatency(ms, route);
      return ok();
    }),
  );
  app.delete(`${B}/latency`, () => {
    faults.base.clearLatency();
    return ok();
  });

  app.post(
    `${B}/failures`,
    route(async (request) => {
      const b = await body(request);
      const status = num(b, 'status', { required: true, min: 400, max: 599, integer: true }) ?? 500;
      const count = num(b, 'count', { min: 1, integer: true });
      const rate = num(b, 'rate', { min: 0, max: 1 });
      const retryAfterSeconds = b.retryAfterSeconds === null ? null : num(b, 'retryAfterSeconds', { min: 0, integer: true });
      const message = str(b, 'message');
      const id = faults.failRoute({
        ...selector(b),
        status,
        ...(count !== undefined ? { count } : {}),
        ...(rate !== undefined ? { rate } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        ...(message ? { message } : {}),
      });
      return ok({ id });
    }),
  );
  app.delete(`${B}/failures`, () => {
    faults.base.clearFailures();
    return ok();
  });

  app.post(
    `${B}/drop`,
    route(async (request) => {
      const b = await body(request);
      const count = b.count === null ? null : (num(b, 'count', { min: 1, integer: true }) ?? 1);
      return ok({ id: faults.dropAfterCommit(selector(b), count) });
    }),
  );
  app.delete(`${B}/drop`, () => {
    faults.base.clearDrops();
    return ok();
  });

  app.post(
    `${B}/body-faults`,
    route(async (request) => {
      const b = await body(request);
      if (b.kind !== 'html_502' && b.kind !== 'truncated_json') throw bad([{ field: 'kind', message: 'kind must be "html_502" or "truncated_json".' }]);
      const count = b.count === null ? null : (num(b, 'count', { min: 1, integer: true }) ?? 1);
      return ok({ id: faults.spoilBody(b.kind as SwitchLabsBodyFault, selector(b), count) });
    }),
  );
  app.delete(`${B}/body-faults`, () => {
    faults.clearBodyFaults();
    return ok();
  });

  app.post(
    `${B}/foreign-rows`,
    route(async (request) => {
      const b = await body(request);
      if (typeof b.on !== 'boolean') throw bad([{ field: 'on', message: 'on must be true or false.' }]);
      faults.setForeignRows(b.on);
      return ok();
    }),
  );

  app.post(
    `${B}/outage`,
    route(async (request) => {
      const b = await body(request);
      if (typeof b.down !== 'boolean') throw bad([{ field: 'down', message: 'down must be true or false.' }]);
      const mode = b.mode ?? 'drop';
      if (mode !== 'drop' && mode !== '503') throw bad([{ field: 'mode', message: 'mode must be "drop" or "503".' }]);
      faults.base.setOutage(b.down, mode);
      return ok();
    }),
  );

  app.post(
    `${B}/revoke-key`,
    route(async (request) => {
      const key = str(await body(request), 'key');
      if (key && !store.apiKeys.has(key)) throw bad([{ field: 'key', message: 'Unknown API key.' }]);
      hooks.revokeApiKey(key);
      return ok();
    }),
  );

  app.get(`${B}/outbound-notifications`, () => jsonResponse(200, { data: [...store.outboundNotifications] }));

  // -- fixture ------------------------------------------------------------------------

  const fx = hooks.fixture;
  const ticketOf = (b: Record<string, unknown>) => {
    const id = str(b, 'ticket_id', true) ?? '';
    if (!store.tickets.has(id)) throw bad([{ field: 'ticket_id', message: 'Unknown ticket.' }]);
    return id;
  };
  app.post(
    `${B}/fixture/plant-hidden`,
    route(async (request) => {
      const b = await body(request);
      return jsonResponse(200, fx.plantHidden(ticketOf(b), str(b, 'marker')));
    }),
  );
  app.post(
    `${B}/fixture/plant-agent-fields`,
    route(async (request) => {
      const b = await body(request);
      return jsonResponse(200, fx.plantAgentFields(ticketOf(b), str(b, 'marker')));
    }),
  );
  app.post(
    `${B}/fixture/plant-articles`,
    route(async (request) => {
      const b = await body(request);
      return jsonResponse(200, fx.plantArticles(str(b, 'marker'), str(b, 'query')));
    }),
  );
  app.post(
    `${B}/fixture/customers`,
    route(async (request) => {
      const b = await body(request);
      const email = str(b, 'email', true) ?? '';
      const status = b.status ?? 'active';
      if (status !== 'active' && status !== 'inactive' && status !== 'blocked') throw bad([{ field: 'status', message: 'status must be active, inactive or blocked.' }]);
      const tickets = num(b, 'tickets', { min: 0, max: 1000, integer: true });
      return jsonResponse(201, fx.createCustomer({ email, name: str(b, 'name') ?? null, status, ...(tickets !== undefined ? { tickets } : {}) }));
    }),
  );
  app.post(
    `${B}/fixture/staff-reply`,
    route(async (request) => {
      const b = await body(request);
      return jsonResponse(201, { id: fx.staffReply(ticketOf(b), str(b, 'content', true) ?? '') });
    }),
  );
}
