/**
 * A random UUID v4 for `X-Idempotency-Key` (and local ids). Falls back to
 * `getRandomValues` where `randomUUID` is missing (non-secure contexts).
 * @example client.createTicket(input, { idempotencyKey: newIdempotencyKey() })
 */
export const newIdempotencyKey = (): string =>
  globalThis.crypto.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (Number(c) ^ ((crypto.getRandomValues(new Uint8Array(1))[0] ?? 0) & (15 >> (Number(c) / 4)))).toString(16),
  );
