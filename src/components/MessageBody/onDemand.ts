/**
 * A module loaded on demand (its own chunk), for useSyncExternalStore: `get`
 * is undefined until `load()` (started once) has resolved; subscribers hear
 * when it has. A failed load (offline) is retried on the next call.
 */
export function onDemand<T>(importer: () => Promise<T>) {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  const listeners = new Set<() => void>();
  return {
    get: (): T | undefined => value,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load: (): Promise<T> =>
      (loading ??= importer().then(
        (loaded) => {
          value = loaded;
          for (const listener of listeners) listener();
          return loaded;
        },
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      )),
  };
}
