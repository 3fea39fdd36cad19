'use client';
import { useCallback } from 'react';
import { useQuery } from './useObserved';
import type { AttachmentDownload } from '../client';
import { attachmentUrlQueryOptions } from '../queries';
import { usePortal } from '../provider/context';

export interface UseAttachmentUrlOptions {
  /**
   * Fetch only when the file is shown (e.g. a thumbnail scrolled into view).
   * @default true
   * @example useAttachmentUrl(ticketId, attachment.id, { enabled: inView })
   */
  enabled?: boolean;
}

/**
 * A presigned download URL for one attachment, fetched when needed and renewed
 * before it expires while in use. `getFreshUrl()` resolves with a URL that is
 * valid right now (from cache when fresh), for a download click.
 *
 * @example
 * const { data, getFreshUrl } = useAttachmentUrl(ticketId, attachment.id);
 * <img src={data?.downloadUrl} alt={attachment.filename} />
 */
export function useAttachmentUrl(
  ticketId: string,
  attachmentId: string,
  { enabled = true }: UseAttachmentUrlOptions = {},
) {
  const { client, queryClient } = usePortal('useAttachmentUrl');
  const query = useQuery({ ...attachmentUrlQueryOptions(client, ticketId, attachmentId), enabled }, queryClient);
  const getFreshUrl = useCallback(
    (): Promise<AttachmentDownload> => queryClient.fetchQuery(attachmentUrlQueryOptions(client, ticketId, attachmentId)),
    [client, queryClient, ticketId, attachmentId],
  );
  return Object.assign(query, { getFreshUrl });
}
