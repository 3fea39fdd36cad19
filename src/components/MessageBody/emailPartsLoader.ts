/*
 * Loads emailParts.ts on demand: a separate chunk, fetched the first time a
 * message renders. Until it arrives messages show as plain text (the fallback
 * a failed render shows), then switch to rich rendering.
 */
import type { EmailParts } from './emailParts';

let parts: EmailParts | undefined;
let loading: Promise<EmailParts> | undefined;
const listeners = new Set<() => void>();

export const getEmailParts = (): EmailParts | undefined => parts;

export function subscribeEmailParts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Starts (once) loading the parts; resolves with them. A failed load (offline) is retried on the next call. */
export function loadEmailParts(): Promise<EmailParts> {
  loading ??= import('./emailParts').then(
    (module) => {
      parts = module;
      for (const listener of listeners) listener();
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
