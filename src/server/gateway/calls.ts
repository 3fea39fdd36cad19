import { BackendError, type BackendContext, type BackendCustomer, type BackendTicket } from './backend';
import { adapterState, isSafeId, type Call, type Gateway } from './context';
import { notFound } from './http';
import { createConcurrency } from './limits';

// Calling the adapter for a request: its abort signal and time budget, its
// concurrency lane, and the ownership check every ticket id goes through.

export function createCalls({ store, limits, report }: Pick<Gateway, 'store' | 'limits' | 'report'>) {
  const upstreamLane = createConcurrency(limits.upstreamConcurrency);

  /**
   * One controller per request for the browser going away and the upstream
   * time budget (cheaper than AbortSignal.any + AbortSignal.timeout, which
   * Node makes transferable and keeps alive until the timer fires). Running
   * out of time is an upstream failure, not an internal one.
   */
  function requestSignal(call: Call): AbortSignal {
    const controller = new AbortController();
    const { signal: browser } = call.request;
    const onAbort = () => controller.abort(browser.reason);
    if (browser.aborted) onAbort();
    else browser.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => controller.abort(new BackendError('unavailable', { cause: 'the upstream time budget ran out', safeToRetry: true })),
      limits.upstreamTimeoutMs,
    );
    (timer as { unref?: () => void }).unref?.();
    call.cleanup.push(() => {
      clearTimeout(timer);
      browser.removeEventListener('abort', onAbort);
    });
    return controller.signal;
  }

  function contextFor(call: Call): BackendContext {
    call.signal ??= requestSignal(call);
    const key = call.request.method === 'POST' ? call.request.headers.get('x-idempotency-key') : null;
    return {
      customer: call.customer as BackendCustomer,
      signal: call.signal,
      requestId: call.requestId,
      state: adapterState(store, `${call.ready.tenant}:${call.ready.backend.name}`),
      ...(key ? { idempotencyKey: key } : {}),
    };
  }

  /** Runs an adapter call in the customer's concurrency lane. */
  const up = <T>(call: Call, fn: (ctx: BackendContext) => Promise<T>): Promise<T> =>
    upstreamLane(call.customer?.id ?? 'anon', () => fn(contextFor(call)));

  /** The customer's ticket, or 404 (unknown, someone else's, or an id that can't be one). */
  async function ownedTicket(call: Call, id: string | undefined): Promise<BackendTicket> {
    if (!id || !isSafeId(id)) throw notFound();
    const t = await up(call, (ctx) => call.ready.backend.getTicket(ctx, id));
    if (!t) throw notFound();
    if (t.id !== id || t.customerId !== call.customer?.id) {
      if (t.id !== id) report({ kind: 'integrity', operation: 'getTicket', requestId: call.requestId, customerId: call.customer?.id ?? null, error: new Error(`getTicket(${id}) returned ticket ${t.id}`) });
      throw notFound();
    }
    return t;
  }


  return { up, ownedTicket };
}
