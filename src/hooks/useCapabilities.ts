'use client';
import { useQuery } from './useObserved';
import { capabilitiesQueryOptions } from '../queries';
import { usePortal } from '../provider/context';

export interface UseCapabilitiesOptions {
  /** @default true */
  enabled?: boolean;
}

/**
 * What the backend can do beyond the portal API: `data` is the capabilities,
 * `null` when there are no extensions (the Dispatch portal API directly), and
 * `undefined` while loading or after a failure. Fetched once per session and
 * shared by every caller; a failed fetch is tried again on the next mount.
 *
 * @example
 * const { data: capabilities } = useCapabilities();
 * if (capabilities?.features.search) showSearchBox();
 */
export function useCapabilities(options: UseCapabilitiesOptions = {}) {
  const { client, queryClient } = usePortal('useCapabilities');
  return useQuery({ ...capabilitiesQueryOptions(client), enabled: options.enabled !== false }, queryClient);
}

export type UseCapabilitiesResult = ReturnType<typeof useCapabilities>;
