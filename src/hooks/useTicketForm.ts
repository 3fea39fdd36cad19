'use client';
import { useQuery } from './useObserved';
import type { PortalApiError, TicketFormSchema } from '../client';
import { ticketFormQueryOptions } from '../queries';
import { usePortal } from '../provider/context';
import { useCapabilities } from './useCapabilities';

export interface UseTicketFormResult {
  /** Categories, priorities and custom fields; null when the backend offers none (or while loading). */
  form: TicketFormSchema | null;
  /** Capabilities or the form are still loading: hold extension UI back, never the basic form. */
  isPending: boolean;
  error: PortalApiError | null;
}

/**
 * What the new-ticket form may ask besides subject and description: fetched
 * once per session, and only when the capabilities say the backend has a form
 * (the Dispatch portal API has none: `form` stays null and nothing is sent).
 *
 * @example
 * const { form } = useTicketForm();
 * form?.categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>);
 */
export function useTicketForm(): UseTicketFormResult {
  const { client, queryClient } = usePortal('useTicketForm');
  const caps = useCapabilities();
  const enabled = caps.data?.features.form === true;
  const query = useQuery({ ...ticketFormQueryOptions(client), enabled }, queryClient);
  return {
    form: (enabled && query.data) || null,
    isPending: caps.isPending || (enabled && query.isPending),
    error: caps.error ?? query.error,
  };
}
