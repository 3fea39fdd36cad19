'use client';
import { useQuery } from './useObserved';
import { attachmentsQueryOptions } from '../queries';
import { usePortal } from '../provider/context';

/**
 * A ticket's uploaded attachments (one request). Download URLs are fetched per
 * file with `useAttachmentUrl`, in parallel and only for files being shown.
 *
 * @example const { data: attachments = [] } = useAttachments(ticketId);
 */
export function useAttachments(ticketId: string | null | undefined, options: { enabled?: boolean } = {}) {
  const { client, queryClient } = usePortal('useAttachments');
  return useQuery(
    { ...attachmentsQueryOptions(client, ticketId ?? ''), enabled: Boolean(ticketId) && options.enabled !== false },
    queryClient,
  );
}
