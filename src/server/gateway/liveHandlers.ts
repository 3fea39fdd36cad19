import type { BackendCustomer } from './backend';
import type { Call, Gateway, Ready } from './context';
import { createEventHub, DEFAULT_EVENT_LIMITS, type EventHub } from './events';
import { GatewayError, notSupported } from './http';

// X7–X8, live updates: server-sent events to the customer, the helpdesk's webhooks in.

export function liveHandlers(g: Gateway) {
  const { options, store, limits, now, report, ctxBase, currentCaps } = g;

  // Imported statically, not on demand: some hosts' module loaders (the demo's included)
  // can't import lazily once started, and a live-update failure must never be a loading one.
  const eventHub = (r: Ready): EventHub =>
    (r.events ??= createEventHub({
      store,
      tenant: r.tenant,
      now,
      limits: { ...DEFAULT_EVENT_LIMITS, ...options.events },
      showSystemMessages: options.showSystemMessages === true,
      report: (kind, operation, customerId, error) => report({ kind, operation, requestId: null, customerId, error }),
    }));

  return {
    async events(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (!c.webhooks || !call.ready.backend.parseWebhook) throw notSupported('Live updates');
      // The token's own expiry ends the stream (verified already; this reads the cached claims).
      const token = /^Bearer\s+(\S+)/i.exec(call.request.headers.get('authorization') ?? '')?.[1] ?? '';
      const v = await call.ready.signer.verify('portal', token);
      const expiresAtMs = v.ok && typeof v.claims.exp === 'number' ? v.claims.exp * 1000 : now();
      // A token in its last second (verification allows a little clock skew) would open a stream that ends at once.
      if (expiresAtMs - now() < 1000) {
        throw new GatewayError(401, 'UNAUTHORIZED', 'Portal token has expired.', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      const lastEventId = call.request.headers.get('last-event-id');
      return eventHub(call.ready).stream(call.customer as BackendCustomer, {
        lastEventId: lastEventId && lastEventId.length <= 32 ? lastEventId.trim() : null,
        expiresAtMs,
        signal: call.request.signal,
        head: call.request.method === 'HEAD',
      });
    },

    async webhook(call: Call): Promise<Response> {
      const backend = call.ready.backend;
      // One intake per adapter name (`/webhooks/dispatch`); anything else is no endpoint at all.
      if (call.params.backend !== backend.name) throw new GatewayError(404, 'NOT_FOUND', 'No such endpoint.');
      const signal = AbortSignal.any([call.request.signal, AbortSignal.timeout(limits.upstreamTimeoutMs)]);
      return eventHub(call.ready).intake(backend, call.request, ctxBase(call.requestId, signal, `${call.ready.tenant}:${backend.name}`));
    },
  };
}
