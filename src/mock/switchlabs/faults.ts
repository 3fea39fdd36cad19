import { compileRoutePattern, DEFAULT_VARIANTS, MockFaults, type MockFaultState, type MockRouteSelector } from '../faults';

/**
 * Faults of the Switch Labs mock. Latency, failures (500, 429 with or
 * without `Retry-After`, …), commit-then-drop, the 429 storm and the outage
 * are the Dispatch mock's {@link MockFaults}; this adds what a self-hosted
 * CRM behind a proxy does besides: an HTML 502 page, a 200 whose JSON is cut
 * off, and list rows of another customer despite the `customer_id` filter.
 *
 * Route patterns are relative to `/api/v1` (which may be given or left out):
 * `/tickets`, `/tickets/:id`, `/conversations`, `*`.
 */

export type SwitchLabsBodyFault = 'html_502' | 'truncated_json';

export interface SwitchLabsBodyFaultRule extends MockRouteSelector {
  id: string;
  kind: SwitchLabsBodyFault;
  /** Responses left to spoil; `null` = until cleared. */
  remaining: number | null;
}

export type SwitchLabsFaultState = Pick<MockFaultState, 'latency' | 'failures' | 'drops' | 'storm' | 'outage'> & {
  bodyFaults: SwitchLabsBodyFaultRule[];
  foreignRows: boolean;
};

/** `/api/v1/tickets/x` → `/tickets/x`. */
export const slRoutePath = (pathname: string): string => (pathname.replace(/^\/api\/v1(?=\/|$)/, '') || '/').replace(/(.)\/+$/, '$1');


export class SwitchLabsFaults {
  /** Latency, failures, drops, storm and outage, shared with the Dispatch mock. Patterns relative to `/api/v1`. */
  readonly base: MockFaults;
  #bodyFaults: { rule: SwitchLabsBodyFaultRule; regex: RegExp; method: string | null }[] = [];
  #foreignRows = false;
  #ids = 0;

  constructor(now: () => number) {
    this.base = new MockFaults(now, { variants: { ...DEFAULT_VARIANTS }, rateLimit: { limit: 1_000_000, windowSeconds: 60 } });
  }

  reset(): void {
    this.base.reset();
    this.#bodyFaults = [];
    this.#foreignRows = false;
  }

  // -- delegated ------------------------------------------------------------------

  /** Delays every request by `ms`, or only those matching `route`. */
  setLatency(ms: number, route?: Omit<MockRouteSelector, 'path'> & { path?: string }): void {
    this.base.setLatency(ms, route?.path ? { ...route, path: slRoutePath(route.path) } : route);
  }

  /**
   * Matching requests fail with `status` before reaching the route (nothing committed).
   * A 429 carries `Retry-After: 1` unless `retryAfterSeconds` says otherwise; `null` sends none.
   *
   * @example
   * mock.faults.failRoute({ method: 'GET', path: '/tickets', status: 429, retryAfterSeconds: null, count: 1 });
   */
  failRoute(rule: MockRouteSelector & { status: number; rate?: number; count?: number; message?: string; retryAfterSeconds?: number | null }): string {
    return this.base.failRoute({ ...rule, path: slRoutePath(rule.path) });
  }

  /** The route commits its effect, then the connection is dropped (the client sees a network error). */
  dropAfterCommit(route: MockRouteSelector, count: number | null = 1): string {
    return this.base.dropAfterCommit({ ...route, path: slRoutePath(route.path) }, count);
  }

  // -- body faults ------------------------------------------------------------------

  /**
   * `html_502`: a proxy's HTML error page instead of the API's answer (nothing committed).
   * `truncated_json`: the route runs (and commits), then its 2xx JSON body is cut in half.
   */
  spoilBody(kind: SwitchLabsBodyFault, route: MockRouteSelector, count: number | null = 1): string {
    const id = `body_${++this.#ids}`;
    const path = slRoutePath(route.path);
    const method = route.method && route.method !== '*' ? route.method.toUpperCase() : null;
    this.#bodyFaults.push({ rule: { ...route, path, id, kind, remaining: count }, regex: compileRoutePattern(path), method });
    return id;
  }

  clearBodyFaults(): void {
    this.#bodyFaults = [];
  }

  takeBodyFault(method: string, path: string, kind: SwitchLabsBodyFault): boolean {
    const hit = this.#bodyFaults.find((f) => f.rule.kind === kind && (f.method === null || f.method === method.toUpperCase()) && f.regex.test(path));
    if (!hit) return false;
    if (hit.rule.remaining !== null && --hit.rule.remaining <= 0) this.#bodyFaults = this.#bodyFaults.filter((f) => f !== hit);
    return true;
  }

  // -- foreign rows -------------------------------------------------------------------

  /**
   * While on, `GET /tickets?customer_id=` also returns another customer's
   * ticket, and `GET /conversations?ticket_id=` a conversation of another
   * ticket: what a buggy filter upstream would do. The gateway must drop both.
   */
  setForeignRows(on: boolean): void {
    this.#foreignRows = on;
  }

  get foreignRows(): boolean {
    return this.#foreignRows;
  }

  state(): SwitchLabsFaultState {
    const { latency, failures, drops, storm, outage } = this.base.state();
    return { latency, failures, drops, storm, outage, bodyFaults: this.#bodyFaults.map((f) => ({ ...f.rule })), foreignRows: this.#foreignRows };
  }
}
