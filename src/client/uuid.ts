/**
 * A random UUID v4 for `X-Idempotency-Key` (and local ids). Falls back to
 * `getRandomValues` where `randomUUID` is missing (non-secure contexts).
 * @example client.createTicket(input, { idempotencyKey: newIdempotencyKey() })
 */
export const newIdempotencyKey = (): string =>
  crypto.randomUUID?.() ??
  // Each 0, 1 and 8 becomes a random hex digit (8: 8-b, the variant); the 4 stays (the version).
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16));
