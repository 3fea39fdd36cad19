// Helpers for the hook tests. Network still goes through the mock (MSW): the
// fetch wrappers here only watch or hold requests on their way to it.
import { act } from '@testing-library/react';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const urlOf = (input: RequestInfo | URL) =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

export interface WatchedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** Settles (never rejects) when the response (or the failure) is back. */
  done: Promise<void>;
  finished: boolean;
}

export interface WatchedFetch {
  /** Pass as `clientOptions={{ fetch }}`: it forwards to the global fetch (MSW). */
  fetch: typeof fetch;
  requests: WatchedRequest[];
  /** Requests currently in flight. */
  inFlight(): number;
  /** Highest number of requests that were in flight at once. */
  maxInFlight(): number;
  /**
   * Holds matching requests before they reach the mock until the returned
   * release() is called (each request once; later matches pass).
   */
  hold(match: (req: WatchedRequest) => boolean): { release(): void; held(): number };
}

export function watchFetch(): WatchedFetch {
  const requests: WatchedRequest[] = [];
  const holds: Array<{ match: (req: WatchedRequest) => boolean; gate: Deferred<void>; count: number; open: boolean }> = [];
  let inFlight = 0;
  let max = 0;
  const wrapped: typeof fetch = async (input, init) => {
    const request = new Request(urlOf(input), init);
    const settle = deferred();
    const req: WatchedRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      done: settle.promise,
      finished: false,
    };
    requests.push(req);
    inFlight += 1;
    max = Math.max(max, inFlight);
    try {
      for (const h of holds) {
        if (!h.open && h.match(req)) {
          h.count += 1;
          await h.gate.promise;
        }
      }
      return await globalThis.fetch(input, init);
    } finally {
      inFlight -= 1;
      req.finished = true;
      settle.resolve();
    }
  };
  return {
    fetch: wrapped,
    requests,
    inFlight: () => inFlight,
    maxInFlight: () => max,
    hold(match) {
      const h = { match, gate: deferred(), count: 0, open: false };
      holds.push(h);
      return {
        release() {
          h.open = true;
          h.gate.resolve();
        },
        held: () => h.count,
      };
    },
  };
}

/** Simulates the tab being hidden or shown, as browsers report it. */
export function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  act(() => {
    // Bubbles, as in browsers: TanStack's focus manager listens on window.
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}

/** "GET /portal/tickets" style entries of `api.requests` that match. */
export const countRequests = (requests: readonly string[], pattern: RegExp) => requests.filter((r) => pattern.test(r)).length;
