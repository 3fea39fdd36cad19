import { infiniteQueryOptions, queryOptions, type InfiniteData } from '@tanstack/react-query';
import type { Attachment, AttachmentDownload, PortalApiError, PortalCapabilities, PortalClient, TicketDetail, TicketFormSchema, TicketPage } from '../client';
import { portalKeys, type TicketListFilters } from './keys';

/** Renew a download URL this long before it expires, so a click never gets a dead link. */
const URL_MARGIN_MS = 60_000;

const untilExpiry = (data: AttachmentDownload | undefined) =>
  data ? Math.max(0, Date.parse(data.expiresAt) - Date.now() - URL_MARGIN_MS) : 0;

/*
 * Every factory sets `retry: false`: the portal client already retries what is
 * safe to retry (docs/portal-api.md#retries), and a host QueryClient's default
 * of 3 retries would multiply its attempts. Every failure is a PortalApiError,
 * and the types say so.
 */

/**
 * Cursor-paged ticket list for `useInfiniteQuery`, prefetching or hydration.
 *
 * @example
 * // Prefetch on the server or on route load, then hydrate.
 * await queryClient.prefetchInfiniteQuery(ticketsQueryOptions(client, { status: 'open' }));
 */
export function ticketsQueryOptions(client: PortalClient, filters: TicketListFilters = {}) {
  // Explicit generics: left to inference, the data's page params would be
  // typed `unknown` instead of the cursor type.
  return infiniteQueryOptions<
    TicketPage,
    PortalApiError,
    InfiniteData<TicketPage, string | null>,
    ReturnType<typeof portalKeys.ticketList>,
    string | null
  >({
    queryKey: portalKeys.ticketList(filters),
    queryFn: ({ pageParam, signal }) => client.listTickets({ ...filters, cursor: pageParam }, { signal }),
    initialPageParam: null,
    getNextPageParam: (page) => (page.hasMore && page.nextCursor ? page.nextCursor : undefined),
    retry: false,
  });
}

/**
 * One ticket with its visible comments.
 *
 * @example await queryClient.prefetchQuery(ticketQueryOptions(client, ticketId));
 */
export function ticketQueryOptions(client: PortalClient, ticketId: string) {
  return queryOptions<TicketDetail, PortalApiError, TicketDetail, ReturnType<typeof portalKeys.ticket>>({
    queryKey: portalKeys.ticket(ticketId),
    queryFn: ({ signal }) => client.getTicket(ticketId, { signal }),
    retry: false,
  });
}

/**
 * A ticket's uploaded attachments (metadata only; URLs come per file).
 *
 * @example const { data } = useQuery(attachmentsQueryOptions(client, ticketId), queryClient);
 */
export function attachmentsQueryOptions(client: PortalClient, ticketId: string) {
  return queryOptions<Attachment[], PortalApiError, Attachment[], ReturnType<typeof portalKeys.attachments>>({
    queryKey: portalKeys.attachments(ticketId),
    queryFn: ({ signal }) => client.listAttachments(ticketId, { signal }),
    staleTime: 30_000,
    retry: false,
  });
}

/**
 * A presigned download URL, fresh until shortly before it expires and renewed
 * in the background while something shows it.
 *
 * @example const { downloadUrl } = await queryClient.fetchQuery(attachmentUrlQueryOptions(client, t, a));
 */
export function attachmentUrlQueryOptions(client: PortalClient, ticketId: string, attachmentId: string) {
  return queryOptions<AttachmentDownload, PortalApiError, AttachmentDownload, ReturnType<typeof portalKeys.attachmentUrl>>({
    queryKey: portalKeys.attachmentUrl(ticketId, attachmentId),
    queryFn: ({ signal }) => client.getAttachment(ticketId, attachmentId, { signal }),
    staleTime: (query) => untilExpiry(query.state.data),
    refetchInterval: (query) => (query.state.data ? Math.max(untilExpiry(query.state.data), 1_000) : false),
    // Presigned URLs are worthless once expired: don't keep them around.
    gcTime: 60_000,
    retry: false,
  });
}

/**
 * What the backend can do beyond the portal API, or null (no extensions).
 * Fetched once per session: it only changes when the backend is redeployed.
 *
 * @example
 * // Prefetch with the first page, so extension UI shows without a second render.
 * await queryClient.prefetchQuery(capabilitiesQueryOptions(client));
 */
export function capabilitiesQueryOptions(client: PortalClient) {
  return queryOptions<PortalCapabilities | null, PortalApiError, PortalCapabilities | null, ReturnType<typeof portalKeys.capabilities>>({
    queryKey: portalKeys.capabilities(),
    queryFn: ({ signal }) => client.getCapabilities({ signal }),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
}

/**
 * The new-ticket form's categories, priorities and custom fields, or null when
 * the backend has none. Kept for the session, like the capabilities.
 *
 * @example await queryClient.prefetchQuery(ticketFormQueryOptions(client));
 */
export function ticketFormQueryOptions(client: PortalClient) {
  return queryOptions<TicketFormSchema | null, PortalApiError, TicketFormSchema | null, ReturnType<typeof portalKeys.ticketForm>>({
    queryKey: portalKeys.ticketForm(),
    queryFn: ({ signal }) => client.getTicketForm({ signal }),
    staleTime: Infinity,
    retry: false,
  });
}
