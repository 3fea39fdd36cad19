'use client';
import {
  InfiniteQueryObserver,
  MutationObserver,
  QueryObserver,
  noop,
  notifyManager,
  type QueryClient,
  type useInfiniteQuery as UseInfiniteQuery,
  type useMutation as UseMutation,
  type useQuery as UseQuery,
} from '@tanstack/react-query';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

/**
 * react-query's `useQuery`, `useInfiniteQuery` and `useMutation`, bound to the
 * portal's QueryClient, minus what the kit never uses: suspense, throwing to an
 * error boundary, persisted-cache restoring and the context lookup. The same
 * observers, the same results (tracked, so a render follows only what it reads);
 * about 0.6 KB off the headless entry and 1.1 KB off the drop-in kit (`npm run size`).
 *
 * A host's QueryClient defaults for `suspense` or `throwOnError` therefore do not
 * reach the portal's hooks: portal errors stay in the portal, shown where they happen.
 */
function useObserved(Observer: typeof QueryObserver, options: object, client: QueryClient) {
  const defaulted = client.defaultQueryOptions(options as never);
  defaulted._optimisticResults = 'optimistic';
  const [observer] = useState(() => new Observer(client, defaulted));
  const result = observer.getOptimisticResult(defaulted);
  useEffect(() => observer.setOptions(defaulted), [defaulted, observer]);
  useSyncExternalStore(
    useCallback(
      (onChange: () => void) => {
        const unsubscribe = observer.subscribe(notifyManager.batchCalls(onChange));
        // A change between render and subscribe is not lost.
        observer.updateResult();
        return unsubscribe;
      },
      [observer],
    ),
    () => observer.getCurrentResult(),
    () => observer.getCurrentResult(),
  );
  return observer.trackResult(result);
}

// The portal always passes its client (second argument), so no context is read.
export const useQuery = ((options: object, client: QueryClient) => useObserved(QueryObserver, options, client)) as typeof UseQuery;

export const useInfiniteQuery = ((options: object, client: QueryClient) =>
  useObserved(InfiniteQueryObserver as typeof QueryObserver, options, client)) as typeof UseInfiniteQuery;

export const useMutation = ((options: never, client: QueryClient) => {
  const [observer] = useState(() => new MutationObserver(client, options));
  useEffect(() => observer.setOptions(options), [observer, options]);
  const result = useSyncExternalStore(
    useCallback((onChange: () => void) => observer.subscribe(notifyManager.batchCalls(onChange)), [observer]),
    () => observer.getCurrentResult(),
    () => observer.getCurrentResult(),
  );
  const mutate = useCallback((variables: never, callbacks?: never) => void observer.mutate(variables, callbacks).catch(noop), [observer]);
  return { ...result, mutate, mutateAsync: result.mutate };
}) as typeof UseMutation;
