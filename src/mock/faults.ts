import type { MockRateLimit, MockVariants } from './types';

/**
 * Selects requests by method and path pattern. Paths are relative to the API
 * base (a leading `/v1` is ignored), `:name` matches one segment and `*` any
 * rest, e.g. `/portal/tickets/:id/comments`, `/portal/*`, `/__storage/*`.
 */
export interface MockRouteSelector {
  /** `GET`, `POST`, … or `*` / omitted for any method. */
  method?: string;
  path: string;
}

export interface MockLatencyRule extends MockRouteSelector {
  ms: number;
}

export interface MockFailureRule extends MockRouteSelector {
  id: string;
  status: number;
  /** Probability 0–1 that a matching request fails. Default 1. */
  rate: number;
  /** Failures left; `null` = until cleared. */
  remaining: number | null;
  code?: string;
  message?: string;
  /** Sent as `Retry-After` (useful with 429 and 503). */
  retryAfterSeconds?: number;
}

export interface MockDropRule extends MockRouteSelector {
  id: string;
  /** Responses left to drop; `null` = until cleared. */
  remaining: number | null;
}

export interface MockStorm {
  /** API requests left to refuse; `null` = no count limit. */
  remaining: number | null;
  /** Epoch ms when the storm ends; `null` = no time limit. */
  until: number | null;
  retryAfterSeconds: number;
}

export interface MockFaultState {
  latency: { globalMs: number; rules: MockLatencyRule[] };
  storageBandwidth: number | null;
  failures: MockFailureRule[];
  drops: MockDropRule[];
  storm: MockStorm | null;
  outage: { mode: 'drop' | '503' } | null;
  variants: MockVariants;
  rateLimit: MockRateLimit;
  /** Tokens issued before this moment (ISO) are refused; `null` if never used. */
  tokensExpiredAt: string | null;
}

interface Compiled<T> {
  rule: T;
  regex: RegExp;
  method: string | null;
}

/** Turns a route pattern into a regex over API-relative paths. */
export function compileRoutePattern(pattern: string): RegExp {
  let path = pattern.trim();
  if (!path.startsWith('/')) path = `/${path}`;
  path = path.replace(/^\/v1(?=\/|$)/, '') || '/';
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** API-relative path: `/v1/portal/tickets/` → `/portal/tickets`. */
export const routePathOf = (pathname: string): string =>
  (pathname.replace(/^\/v1(?=\/|$)/, '') || '/').replace(/(.)\/+$/, '$1');

function compile<T extends MockRouteSelector>(rule: T): Compiled<T> {
  const method = rule.method && rule.method !== '*' ? rule.method.toUpperCase() : null;
  return { rule, regex: compileRoutePattern(rule.path), method };
}

const matches = (c: Compiled<MockRouteSelector>, method: string, path: string) =>
  (c.method === null || c.method === method.toUpperCase()) && c.regex.test(path);

/** mulberry32: a seeded PRNG so failure rates are reproducible run to run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fault injection and wire-variant switches. The same object backs the
 * `/__mock/*` endpoints and `mock.faults` in tests.
 *
 * @example
 * mock.faults.dropAfterCommit({ method: 'POST', path: '/portal/tickets' }, 1);
 * mock.faults.setVariants({ errorBody: 'V1' });
 */
export class MockFaults {
  #latency = 0;
  #latencyRules: Compiled<MockLatencyRule>[] = [];
  #failures: Compiled<MockFailureRule>[] = [];
  #drops: Compiled<MockDropRule>[] = [];
  #storm: MockStorm | null = null;
  #outage: { mode: 'drop' | '503' } | null = null;
  #variants: MockVariants;
  #rateLimit: MockRateLimit;
  #tokenGeneration = 0;
  #tokensExpiredAt: number | null = null;
  #ids = 0;
  #random = prng(42);
  readonly #defaults: { variants: MockVariants; rateLimit: MockRateLimit };
  readonly #now: () => number;
  /** Called by {@link reset} so rate-limit counters restart too. */
  onReset: (() => void) | null = null;

  constructor(now: () => number, defaults: { variants: MockVariants; rateLimit: MockRateLimit }) {
    this.#now = now;
    this.#defaults = defaults;
    this.#variants = { ...defaults.variants };
    this.#rateLimit = { ...defaults.rateLimit };
  }

  /** Clears every fault and restores the initial variants and rate limit. Expired tokens stay expired. */
  reset(): void {
    this.#latency = 0;
    this.#latencyRules = [];
    this.#bandwidth = null;
    this.#bandwidthRules = [];
    this.#failures = [];
    this.#drops = [];
    this.#storm = null;
    this.#outage = null;
    this.#variants = { ...this.#defaults.variants };
    this.#rateLimit = { ...this.#defaults.rateLimit };
    this.#random = prng(42);
    this.onReset?.();
  }

  #id(prefix: string) {
    return `${prefix}_${++this.#ids}`;
  }

  // -- storage bandwidth --------------------------------------------------------

  #bandwidth: number | null = null;
  #bandwidthRules: Compiled<MockRouteSelector & { bytesPerSecond: number }>[] = [];

  /**
   * Caps how fast presigned storage reads upload bodies, in bytes per second,
   * for every object or only those whose storage path matches `path`
   * (e.g. `/__storage/*\/report.pdf`). Upload progress then arrives in
   * observable steps whatever the machine's speed. `null` clears it.
   */
  setStorageBandwidth(bytesPerSecond: number | null, path?: string): void {
    if (bytesPerSecond === null) {
      this.#bandwidth = null;
      this.#bandwidthRules = [];
    } else if (path) this.#bandwidthRules.push(compile({ path, method: 'PUT', bytesPerSecond }));
    else this.#bandwidth = bytesPerSecond;
  }

  /** The cap for an upload to this storage path (last matching rule, else the global cap). */
  storageBandwidthFor(path: string): number | null {
    for (let i = this.#bandwidthRules.length - 1; i >= 0; i--) {
      const c = this.#bandwidthRules[i];
      if (c && matches(c, 'PUT', path)) return c.rule.bytesPerSecond;
    }
    return this.#bandwidth;
  }

  // -- latency ----------------------------------------------------------------

  /** Delays every API request by `ms`, or only requests matching `route`. `ms: 0` without a route clears the global delay. */
  setLatency(ms: number, route?: Omit<MockRouteSelector, 'path'> & { path?: string }): void {
    if (route?.path) this.#latencyRules.push(compile({ ...route, path: route.path, ms }));
    else this.#latency = ms;
  }

  clearLatency(): void {
    this.#latency = 0;
    this.#latencyRules = [];
  }

  /** The delay for a request: the last matching route rule, else the global delay (API requests only). */
  latencyFor(method: string, path: string, isApi: boolean): number {
    for (let i = this.#latencyRules.length - 1; i >= 0; i--) {
      const c = this.#latencyRules[i];
      if (c && matches(c, method, path)) return c.rule.ms;
    }
    return isApi ? this.#latency : 0;
  }

  // -- failures ---------------------------------------------------------------

  /**
   * Makes matching requests fail with `status` (before they reach the route: nothing is committed). Returns the rule id.
   * A 429 carries `Retry-After: 1` unless `retryAfterSeconds` is given; `null` sends none (APIs that don't say).
   */
  failRoute(
    rule: MockRouteSelector & { status: number; rate?: number; count?: number; code?: string; message?: string; retryAfterSeconds?: number | null },
  ): string {
    const id = this.#id('fail');
    const { count, rate, retryAfterSeconds, ...rest } = rule;
    // Dispatch's API: every 429 says when to come back.
    const retry = retryAfterSeconds === undefined ? (rest.status === 429 ? 1 : undefined) : (retryAfterSeconds ?? undefined);
    this.#failures.push(compile({ ...rest, ...(retry === undefined ? {} : { retryAfterSeconds: retry }), id, rate: rate ?? 1, remaining: count ?? null }));
    return id;
  }

  clearFailures(): void {
    this.#failures = [];
  }

  /** Consumes and returns the failure for this request, if one applies. */
  takeFailure(method: string, path: string): MockFailureRule | null {
    for (const c of this.#failures) {
      if (!matches(c, method, path)) continue;
      if (c.rule.rate < 1 && this.#random() >= c.rule.rate) continue;
      if (c.rule.remaining !== null) {
        c.rule.remaining--;
        if (c.rule.remaining <= 0) this.#failures = this.#failures.filter((f) => f !== c);
      }
      return c.rule;
    }
    return null;
  }

  // -- commit then drop ---------------------------------------------------------

  /** The route commits its effect, then the response is lost (a real network failure). `count` defaults to 1; `null` = until cleared. */
  dropAfterCommit(route: MockRouteSelector, count: number | null = 1): string {
    const id = this.#id('drop');
    this.#drops.push(compile({ ...route, id, remaining: count }));
    return id;
  }

  clearDrops(): void {
    this.#drops = [];
  }

  takeDrop(method: string, path: string): boolean {
    for (const c of this.#drops) {
      if (!matches(c, method, path)) continue;
      if (c.rule.remaining !== null) {
        c.rule.remaining--;
        if (c.rule.remaining <= 0) this.#drops = this.#drops.filter((d) => d !== c);
      }
      return true;
    }
    return false;
  }

  // -- 429 storm ----------------------------------------------------------------

  /** Refuses API requests with 429 + `Retry-After` for the next `requests` requests and/or `durationMs` ms (at least one of them). */
  startRateLimitStorm(options: { requests?: number; durationMs?: number; retryAfterSeconds?: number }): void {
    this.#storm = {
      remaining: options.requests ?? null,
      until: options.durationMs === undefined ? null : this.#now() + options.durationMs,
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
    };
  }

  stopRateLimitStorm(): void {
    this.#storm = null;
  }

  /** Consumes one request of the storm; returns it if this request must get 429. */
  takeStorm(): MockStorm | null {
    const storm = this.#storm;
    if (!storm) return null;
    if ((storm.until !== null && this.#now() >= storm.until) || (storm.remaining !== null && storm.remaining <= 0)) {
      this.#storm = null;
      return null;
    }
    if (storm.remaining !== null) storm.remaining--;
    return storm;
  }

  // -- rate limit -----------------------------------------------------------------

  setRateLimit(limit: MockRateLimit): void {
    this.#rateLimit = { ...limit };
  }

  get rateLimit(): MockRateLimit {
    return this.#rateLimit;
  }

  // -- tokens ---------------------------------------------------------------------

  /** Every portal token issued before now becomes invalid (401). Tokens issued afterwards work. */
  expireAllTokens(): void {
    this.#tokenGeneration++;
    this.#tokensExpiredAt = this.#now();
  }

  /** Stamped into each token; tokens from older generations are refused. */
  get tokenGeneration(): number {
    return this.#tokenGeneration;
  }

  // -- outage -----------------------------------------------------------------------

  /** API down: every API request (with or without `/v1`) is dropped (`drop`, a network error) or answered 503, until switched off. Storage and `/__mock` stay up. */
  setOutage(down: boolean, mode: 'drop' | '503' = 'drop'): void {
    this.#outage = down ? { mode } : null;
  }

  get outage(): { mode: 'drop' | '503' } | null {
    return this.#outage;
  }

  // -- variants -----------------------------------------------------------------------

  setVariants(patch: Partial<MockVariants>): MockVariants {
    this.#variants = { ...this.#variants, ...patch };
    return this.#variants;
  }

  get variants(): Readonly<MockVariants> {
    return this.#variants;
  }

  /** A JSON snapshot of every switch (what `GET /__mock/state` returns). */
  state(): MockFaultState {
    return {
      latency: { globalMs: this.#latency, rules: this.#latencyRules.map((c) => ({ ...c.rule })) },
      storageBandwidth: this.#bandwidth,
      failures: this.#failures.map((c) => ({ ...c.rule })),
      drops: this.#drops.map((c) => ({ ...c.rule })),
      storm: this.#storm && { ...this.#storm },
      outage: this.#outage && { ...this.#outage },
      variants: { ...this.#variants },
      rateLimit: { ...this.#rateLimit },
      tokensExpiredAt: this.#tokensExpiredAt === null ? null : new Date(this.#tokensExpiredAt).toISOString(),
    };
  }
}

/** The Dispatch mock's wire variants out of the box (also the base other backends' fault engines start from). */
export const DEFAULT_VARIANTS: MockVariants = {
  errorBody: 'default',
  ticketNumber: 'string',
  authorType: 'STAFF',
  attachmentShape: 'superset',
  showSystemComments: false,
  replyOnClosed: 'reject',
  fieldVisibility: 'flags',
  adminInternalFlag: 'both',
  adminInitiateShape: 'superset',
  adminAttachmentStatus: 'UPLOADED',
  adminSearch: 'ticket',
  reopenWindowDays: null,
};
