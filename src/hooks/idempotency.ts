import { newIdempotencyKey as newKey } from '../client';

export { newKey };

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
