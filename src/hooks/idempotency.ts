/** A fresh idempotency key. */
export const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export interface KeyedAttempt {
  key: string;
  /** What was sent with the key: the server refuses the key with different content (409). */
  fingerprint: string;
}

/**
 * The key for sending `fingerprint`: the previous attempt's key when the
 * content is unchanged (a retry the server will de-duplicate), else a new one.
 */
export const keyFor = (previous: KeyedAttempt | null | undefined, fingerprint: string): KeyedAttempt =>
  previous && previous.fingerprint === fingerprint ? previous : { key: newKey(), fingerprint };
