import type { SwitchLabsStore } from './store';
import type { SlCustomerStatus } from './types';

/**
 * Test-harness operations on the mock's data, for suites that check a
 * gateway adapter (conformance and attack suites, the adapter's own tests):
 * plant agent-only content under a unique marker, make another customer with
 * tickets, post as staff. The same operations are `/__mock/switchlabs/fixture/*`
 * routes for a mock in another process.
 *
 * Every planted text contains the returned `marker`, so a suite can search
 * everything a customer received for it: finding it anywhere is a leak.
 */

export interface PlantedHidden {
  marker: string;
  /** Conversation ids planted on the ticket: note, internal reply, system record, soft-deleted reply, unknown type, `internal` missing. */
  conversationIds: string[];
}

export interface PlantedArticles {
  marker: string;
  /** Draft, in review, archived, and published-but-soft-deleted articles containing the marker. */
  articleIds: string[];
}

export interface FixtureCustomer {
  id: string;
  email: string;
  name: string | null;
  ticketIds: string[];
}

const newMarker = () => `SLLEAK${crypto.randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;

export class SwitchLabsFixtureOps {
  constructor(
    private readonly store: SwitchLabsStore,
    private readonly now: () => number,
  ) {}

  #ticket(ticketId: string) {
    const ticket = this.store.tickets.get(ticketId);
    if (!ticket) throw new Error(`switchlabs fixture: unknown ticket ${ticketId}`);
    return ticket;
  }

  /** An agent on the org (the first user that isn't the API key's). */
  #agentId(): string {
    const keyUsers = new Set([...this.store.apiKeys.values()].map((k) => k.user_id));
    const agent = [...this.store.users.values()].find((u) => !keyUsers.has(u.id)) ?? [...this.store.users.values()][0];
    if (!agent) throw new Error('switchlabs fixture: no users (seed: false?)');
    return agent.id;
  }

  /**
   * Plants every kind of conversation a customer must never see on the ticket,
   * each containing the marker: an internal note, an internal reply, a system
   * record marked `internal: false`, a soft-deleted reply, a reply of an unknown
   * type, and a reply with no `internal` field.
   */
  plantHidden(ticketId: string, marker = newMarker()): PlantedHidden {
    const ticket = this.#ticket(ticketId);
    const author = { author_id: this.#agentId(), author_kind: 'user' as const };
    const at = this.now();
    const add = (input: Parameters<SwitchLabsStore['addConversation']>[0]) => this.store.addConversation({ ...author, created_at: at, ...input }).id;
    const conversationIds = [
      add({ ticket_id: ticket.id, type: 'note', internal: true, content: `Internal note ${marker}` }),
      add({ ticket_id: ticket.id, type: 'reply', internal: true, content: `Internal reply ${marker}` }),
      add({ ticket_id: ticket.id, type: 'system', internal: false, content: `System record ${marker}`, author_id: null, author_kind: null }),
      add({ ticket_id: ticket.id, type: 'reply', internal: false, content: `Deleted reply ${marker}`, deleted_at: at }),
      // A type this API has never documented: fail closed.
      add({ ticket_id: ticket.id, type: 'whisper' as 'note', internal: false, content: `Unknown type ${marker}` }),
      add({ ticket_id: ticket.id, type: 'reply', internal: undefined, content: `No internal flag ${marker}` }),
    ];
    ticket.updated_at = at;
    return { marker, conversationIds };
  }

  /** Puts the marker in every agent-only field of the ticket and its customer: AI summary, CC list, tags, custom fields, customer notes. */
  plantAgentFields(ticketId: string, marker = newMarker()): { marker: string } {
    const ticket = this.#ticket(ticketId);
    ticket.ai_summary = `AI summary ${marker}`;
    ticket.cc_emails = [`${marker.toLowerCase()}@cc.example`];
    ticket.tags = [...ticket.tags, marker];
    ticket.custom_fields = { ...ticket.custom_fields, secret: marker };
    const customer = this.store.customers.get(ticket.customer_id);
    if (customer) {
      customer.notes = `Customer note ${marker}`;
      customer.tags = [...customer.tags, marker];
      customer.custom_fields = { ...customer.custom_fields, secret: marker };
    }
    return { marker };
  }

  /** Articles containing the marker (and `query`, default "invoice") that are not public: draft, review, archived, published but deleted. */
  plantArticles(marker = newMarker(), query = 'invoice'): PlantedArticles {
    const collection = [...this.store.collections.values()][0];
    const collectionId = collection?.id ?? this.store.newId('collection');
    const at = this.now();
    const add = (status: 'draft' | 'review' | 'archived' | 'published', deleted = false) =>
      this.store.addArticle({
        title: `${query} ${status} ${marker}`,
        body: `About ${query}: ${marker}`,
        collection_id: collectionId,
        status,
        deleted_at: deleted ? at : null,
        created_at: at,
      }).id;
    return { marker, articleIds: [add('draft'), add('review'), add('archived'), add('published', true)] };
  }

  /** A published article (e.g. to check suggestions appear). */
  publishArticle(title: string, body: string): string {
    const collection = [...this.store.collections.values()][0];
    return this.store.addArticle({ title, body, collection_id: collection?.id ?? this.store.newId('collection'), status: 'published' }).id;
  }

  /** A customer with `tickets` open tickets (created 1 s apart, newest last). */
  createCustomer(input: { email: string; name?: string | null; tickets?: number; status?: SlCustomerStatus }): FixtureCustomer {
    const customer = this.store.addCustomer({ email: input.email, name: input.name ?? null, status: input.status ?? 'active' });
    const base = this.now();
    const ticketIds = Array.from({ length: input.tickets ?? 0 }, (_, i) => {
      const subject = `${customer.name ?? customer.email}'s ticket ${i + 1}`;
      return this.store.addTicket({ subject, description: `${subject}.`, status: 'open', customer_id: customer.id, created_at: base - (input.tickets ?? 0) * 1000 + i * 1000 }).id;
    });
    return { id: customer.id, email: customer.email, name: customer.name, ticketIds };
  }

  /** A customer-visible reply by an agent (not the API key's user). */
  staffReply(ticketId: string, content: string): string {
    const ticket = this.#ticket(ticketId);
    const at = this.now();
    ticket.updated_at = at;
    return this.store.addConversation({ ticket_id: ticket.id, type: 'reply', internal: false, content, author_id: this.#agentId(), author_kind: 'user', created_at: at }).id;
  }

  /** Live ticket ids of a customer, newest first. */
  ticketsOf(customerId: string): string[] {
    return [...this.store.tickets.values()]
      .filter((t) => t.customer_id === customerId && t.deleted_at === null)
      .sort((a, b) => b.created_at - a.created_at)
      .map((t) => t.id);
  }
}
