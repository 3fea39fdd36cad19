import type { QueryClient } from '@tanstack/react-query';
import type { PortalApiError, PortalClient, RateTicketInput, Ticket, TicketDetail, TicketRating } from '../client';
import { cacheWrites } from '../queries/cacheWrites';
import type { KeyedAttempt } from './idempotency';
import type { TicketUpdatesKit } from './useTicketUpdates';

/**
 * What one close, reopen or rate hook hands in: its client and cache, and the
 * last failed attempt's idempotency key (reused when the same thing is sent again).
 */
export interface TicketActionContext {
  client: PortalClient;
  queryClient: QueryClient;
  ticketId: string;
  action: 'close' | 'reopen' | 'rate';
  attempt: { current: KeyedAttempt | null };
}

export interface RateContext {
  owner: string | null;
  /** `canRate` before the optimistic update, restored if the rating fails. */
  canRate: boolean | undefined;
}

/** The 409 code that means the ticket is already where a status change would take it. */
const ALREADY = { close: 'ALREADY_CLOSED', reopen: 'NOT_CLOSED' } as const;

/**
 * The cache bookkeeping of closing, reopening and rating a ticket, and of
 * copying a fresh ticket into cached list rows: on demand, since it only runs
 * once a thread is open or an action is taken. Everything it uses from the
 * eager code comes in `kit` (importing it would split it into a chunk of its
 * own, see src/queries/live.ts).
 * Internal: the hooks load it through `loadTicketUpdates`.
 */
export function ticketUpdates(kit: TicketUpdatesKit) {
  const { keys, customerOf } = kit;
  const { eachList, outsideFilter } = cacheWrites(keys);

  /** Copies fresh fields of a ticket (status, count, dates) into the rows of cached lists, so the list agrees with a detail the user just saw. */
  function syncTicketIntoLists(queryClient: QueryClient, ticket: Ticket | TicketDetail) {
    // Rows never take a detail's body or comments, nor its brand and the label
    // made from it (the list's brand may be the fuller one).
    const { body: _body, comments: _comments, brand: _brand, label: _label, rating: _rating, canRate: _canRate, ...fields } = ticket as Partial<TicketDetail>;
    let moved = false;
    eachList(queryClient, (data, filters) => {
      let changed = false;
      const pages = data.pages.map((page) => {
        const index = page.tickets.findIndex((t) => t.id === ticket.id);
        const current = page.tickets[index];
        if (!current) return page;
        if (current.updatedAt === ticket.updatedAt && current.status === ticket.status && current.commentCount === ticket.commentCount) {
          return page;
        }
        changed = true;
        if (outsideFilter(filters, ticket.status) || filters.sort === 'updatedAt') moved = true;
        const tickets = page.tickets.slice();
        tickets[index] = { ...current, ...fields };
        return { ...page, tickets };
      });
      return changed ? { ...data, pages } : data;
    });
    // A row that left its filter or sort position is fixed by the next refetch;
    // marking stale (without refetching now) avoids reloading every page.
    if (moved) void queryClient.invalidateQueries({ queryKey: keys.ticketLists(), refetchType: 'none' });
  }

  /** Sends with the attempt's key; when the server says it was already done (`done` codes), reads the ticket fresh. */
  async function keyed<T>(
    { client, queryClient, ticketId, attempt }: TicketActionContext,
    fingerprint: string,
    send: (idempotencyKey: string) => Promise<T>,
    done: string,
    fromTicket: (fresh: TicketDetail) => T | undefined,
  ): Promise<T> {
    const next = kit.keyFor(attempt.current, fingerprint);
    attempt.current = next;
    try {
      return await send(next.key);
    } catch (error) {
      if (!kit.isPortalApiError(error) || error.code !== done) throw error;
      const fresh = await queryClient.fetchQuery({ ...kit.ticketQueryOptions(client, ticketId), staleTime: 0 });
      const value = fromTicket(fresh);
      if (value === undefined) throw error;
      return value;
    }
  }

  const refetch = (queryClient: QueryClient, ticketId: string) =>
    void queryClient.invalidateQueries({ queryKey: keys.ticket(ticketId), exact: true });

  const statusChanged = ({ client, queryClient, ticketId }: TicketActionContext, ticket: Ticket, owner: unknown) => {
    if (owner !== customerOf(client)) return;
    queryClient.setQueryData<TicketDetail>(keys.ticket(ticket.id), (detail) =>
      detail ? { ...detail, status: ticket.status, updatedAt: ticket.updatedAt, commentCount: ticket.commentCount ?? detail.commentCount } : detail,
    );
    syncTicketIntoLists(queryClient, ticket);
    // Whether it can be rated now, and any note the helpdesk added, come with the full ticket.
    refetch(queryClient, ticketId);
  };

  /*
   * The mutation steps of each action (see `useTicketAction`). Close and
   * reopen are not optimistic: which status a close sets (resolved or closed)
   * is the helpdesk's choice, so the ticket shows the server's answer. Rating
   * is: the prompt hides everywhere at once.
   */
  return {
    syncTicketIntoLists,

    /** onMutate: whose session it is (an answer for another customer is dropped); for a rating, also the optimistic update. */
    async start(ctx: TicketActionContext): Promise<string | null | RateContext> {
      const owner = customerOf(ctx.client);
      if (ctx.action !== 'rate') return owner;
      const { queryClient } = ctx;
      const key = keys.ticket(ctx.ticketId);
      await queryClient.cancelQueries({ queryKey: key, exact: true });
      const canRate = queryClient.getQueryData<TicketDetail>(key)?.canRate;
      queryClient.setQueryData<TicketDetail>(key, (d) => (d ? { ...d, canRate: false } : d));
      return { owner, canRate };
    },

    /**
     * mutationFn. A ticket already where the action takes it (solved or
     * reopened elsewhere, or rated by an attempt whose response was lost) is
     * what was asked for: it is read fresh and that is the answer.
     */
    send(ctx: TicketActionContext, input: RateTicketInput): Promise<Ticket | TicketRating> {
      const { action, client, ticketId } = ctx;
      return action === 'rate'
        ? keyed(
            ctx,
            JSON.stringify([ticketId, input.rating, input.comment?.trim() ?? '']),
            (idempotencyKey) => client.rateTicket(ticketId, input, { idempotencyKey }),
            'ALREADY_RATED',
            (fresh) => fresh.rating ?? undefined,
          )
        : keyed(
            ctx,
            `${action}:${ticketId}`,
            (idempotencyKey) => (action === 'close' ? client.closeTicket : client.reopenTicket)(ticketId, { idempotencyKey }),
            ALREADY[action],
            (fresh) => fresh,
          );
    },

    /** onSuccess: the answer into the ticket's cached detail (and, for a status, every cached list row). */
    done(ctx: TicketActionContext, data: Ticket | TicketRating, context: unknown) {
      if (ctx.action !== 'rate') return statusChanged(ctx, data as Ticket, context);
      const { client, queryClient, ticketId } = ctx;
      if ((context as RateContext | undefined)?.owner !== customerOf(client)) return;
      queryClient.setQueryData<TicketDetail>(keys.ticket(ticketId), (d) => (d ? { ...d, rating: data as TicketRating, canRate: false } : d));
    },

    /**
     * onError: a refused status change (a reopen window, a status the helpdesk
     * won't change) rereads the ticket, which may have moved on; a failed
     * rating rolls the optimistic update back (unless a rating arrived meanwhile) and rereads it.
     */
    failed({ action, client, queryClient, ticketId }: TicketActionContext, error: PortalApiError, context: unknown) {
      if (action !== 'rate') {
        if (error.status === 409) refetch(queryClient, ticketId);
        return;
      }
      const rated = context as RateContext | undefined;
      if (!rated || rated.owner !== customerOf(client)) return;
      queryClient.setQueryData<TicketDetail>(keys.ticket(ticketId), (d) => (d && !d.rating ? { ...d, canRate: rated.canRate } : d));
      refetch(queryClient, ticketId);
    },
  };
}

export type TicketUpdates = ReturnType<typeof ticketUpdates>;
