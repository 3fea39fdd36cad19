import { BackendError, type BackendCapabilities, type BackendCustomer, type BackendTicket, type RatingScale } from './backend';
import { isClosed, type Call, type Gateway, type Ready } from './context';
import { GatewayError } from './http';
import type { StoredRating } from './serialize';
import type { GatewayStore } from './store';

// Satisfaction ratings: none of the helpdesks takes one from a customer, so the
// gateway keeps them in its store and delivers them to the team.

// Keyed by the ticket's creation time too: a helpdesk that hands out an id again
// (a reset or restored database) must not give the new ticket the old rating.
const ratingKey = (r: Ready, ticket: Pick<BackendTicket, 'id' | 'createdAt'>) => `rating:${r.tenant}:${ticket.id}:${ticket.createdAt}`;

export const readRating = async (store: GatewayStore, r: Ready, ticket: Pick<BackendTicket, 'id' | 'createdAt'>): Promise<StoredRating | null> => {
  const raw = await store.get(ratingKey(r, ticket));
  return raw ? (JSON.parse(raw) as StoredRating) : null;
};

/** Stores a checked rating once, delivers it to the helpdesk and calls `onRating`. */
export async function storeRating(g: Gateway, call: Call, c: BackendCapabilities, scale: RatingScale, ticket: BackendTicket, b: Record<string, unknown>) {
  const { store, now, up, report, options } = g;
  const comment = typeof b.comment === 'string' && b.comment.trim() ? b.comment.trim() : null;
  if (!isClosed(c, ticket.status)) throw new GatewayError(409, 'NOT_RATEABLE', 'A ticket can be rated once it is resolved or closed.');
  const rating: StoredRating = { scale, rating: b.rating as number, comment, createdAt: new Date(now()).toISOString() };
  if (!(await store.set(ratingKey(call.ready, ticket), JSON.stringify(rating), { ifAbsent: true }))) {
    throw new GatewayError(409, 'ALREADY_RATED', 'This ticket has already been rated.');
  }
  const customer = call.customer as BackendCustomer;
  if (call.ready.backend.deliverRating) {
    // Stored already: a delivery failure is the team's problem to see in onError, not the customer's.
    for (let attempt = 1; ; attempt++) {
      try {
        await up(call, (ctx) => call.ready.backend.deliverRating!(ctx, ticket, rating));
        break;
      } catch (error) {
        const retry = attempt < 3 && error instanceof BackendError && (error.safeToRetry || error.kind === 'rate_limited');
        if (!retry) {
          report({ kind: 'delivery', operation: 'deliverRating', requestId: call.requestId, customerId: customer.id, error });
          break;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }
  if (options.onRating) {
    try {
      await options.onRating({ ticketId: ticket.id, customer, rating });
    } catch (error) {
      report({ kind: 'hook', operation: 'onRating', requestId: call.requestId, customerId: customer.id, error });
    }
  }
  return { status: 201, body: { rating: rating.rating, comment: rating.comment, scale: rating.scale, createdAt: rating.createdAt } };
}
