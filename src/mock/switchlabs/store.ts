import type {
  SlApiKey,
  SlArticle,
  SlCollection,
  SlConversation,
  SlCustomer,
  SlOutboundNotification,
  SlTag,
  SlTicket,
  SlUser,
} from './types';

export type SlIdStyle = 'uuid' | 'prefixed';
export type SlRecordKind = 'ticket' | 'customer' | 'conversation' | 'user' | 'article' | 'collection' | 'tag' | 'notification';

const PREFIX: Record<SlRecordKind, string> = {
  ticket: 'tkt',
  customer: 'cust',
  conversation: 'conv',
  user: 'user',
  article: 'art',
  collection: 'col',
  tag: 'tag',
  notification: 'ntf',
};

/** FNV-1a over a string, repeated with different offsets: 32 hex digits, stable across runs. */
function stableHex(key: string): string {
  let out = '';
  for (let round = 0; round < 4; round++) {
    let h = (0x811c9dc5 ^ (round * 0x9e3779b9)) >>> 0;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** A UUID-shaped (version 4 layout) id derived from `key`, so seeded ids stay the same run to run. */
export function stableUuid(key: string): string {
  const h = stableHex(key);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The mock CRM's data: plain maps a test may read and change directly.
 *
 * @example
 * const ticket = mock.store.tickets.get(mock.seed.tickets.open);
 * ticket.status = 'closed';
 */
export class SwitchLabsStore {
  readonly users = new Map<string, SlUser>();
  readonly apiKeys = new Map<string, SlApiKey>();
  readonly customers = new Map<string, SlCustomer>();
  readonly tickets = new Map<string, SlTicket>();
  readonly conversations = new Map<string, SlConversation>();
  readonly collections = new Map<string, SlCollection>();
  readonly articles = new Map<string, SlArticle>();
  readonly tags = new Map<string, SlTag>();
  /** Emails the CRM would have sent, oldest first. */
  readonly outboundNotifications: SlOutboundNotification[] = [];
  idStyle: SlIdStyle = 'uuid';
  #nextNumber = 1001;

  constructor(readonly now: () => number) {}

  clear(): void {
    for (const map of [this.users, this.apiKeys, this.customers, this.tickets, this.conversations, this.collections, this.articles, this.tags]) map.clear();
    this.outboundNotifications.length = 0;
    this.#nextNumber = 1001;
  }

  /** A new id in the current style. With `key`, the same key always gives the same id (seed data). */
  newId(kind: SlRecordKind, key?: string): string {
    if (key !== undefined) return this.idStyle === 'uuid' ? stableUuid(`${kind}:${key}`) : `${PREFIX[kind]}_${key}`;
    if (this.idStyle === 'uuid') return crypto.randomUUID();
    return `${PREFIX[kind]}_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  }

  nextTicketNumber(): number {
    return this.#nextNumber++;
  }

  /** Live (not soft-deleted) customers whose email matches. */
  customersByEmail(email: string, exact: boolean): SlCustomer[] {
    const wanted = exact ? email : email.trim().toLowerCase();
    return [...this.customers.values()].filter((c) => c.deleted_at === null && (exact ? c.email === wanted : c.email.trim().toLowerCase() === wanted));
  }

  addCustomer(input: Partial<SlCustomer> & { email: string }, key?: string): SlCustomer {
    const t = input.created_at ?? this.now();
    const customer: SlCustomer = {
      name: null,
      phone: null,
      company: null,
      status: 'active',
      user_id: null,
      notes: null,
      tags: [],
      custom_fields: {},
      lifetime_value: 0,
      total_orders: 0,
      shopify_customer_id: null,
      created_at: t,
      updated_at: t,
      deleted_at: null,
      ...input,
      id: input.id ?? this.newId('customer', key),
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  addTicket(input: Partial<SlTicket> & { subject: string; customer_id: string }, key?: string): SlTicket {
    const t = input.created_at ?? this.now();
    const ticket: SlTicket = {
      number: this.nextTicketNumber(),
      description: '',
      status: 'new',
      priority: 'normal',
      type: 'question',
      assignee_id: null,
      tags: [],
      custom_fields: {},
      cc_emails: [],
      ai_summary: null,
      organization_id: 'org_switchlabs_demo',
      requester_id: null,
      detected_language: 'en',
      first_response_at: null,
      resolved_at: null,
      created_at: t,
      updated_at: t,
      deleted_at: null,
      ...input,
      id: input.id ?? this.newId('ticket', key),
    };
    this.tickets.set(ticket.id, ticket);
    return ticket;
  }

  addConversation(input: Partial<SlConversation> & { ticket_id: string; content: string }, key?: string): SlConversation {
    const t = input.created_at ?? this.now();
    const conversation: SlConversation = {
      type: 'reply',
      internal: false,
      author_id: null,
      author_kind: null,
      metadata: {},
      parent_id: null,
      translated_content_text: null,
      created_at: t,
      updated_at: t,
      deleted_at: null,
      ...input,
      id: input.id ?? this.newId('conversation', key),
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  addArticle(input: Partial<SlArticle> & { title: string; body: string; collection_id: string }, key?: string): SlArticle {
    const t = input.created_at ?? this.now();
    const slug = input.slug ?? input.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const article: SlArticle = {
      status: 'draft',
      excerpt: null,
      position: this.articles.size,
      view_count: 0,
      search_text: `${input.title}\n${input.body}`,
      current_version: 1,
      created_at: t,
      updated_at: t,
      deleted_at: null,
      ...input,
      slug,
      id: input.id ?? this.newId('article', key),
    };
    this.articles.set(article.id, article);
    return article;
  }

  /** The display name and email of a conversation's author, if known. */
  authorOf(c: SlConversation): { name: string | null; email: string; avatar_url: string | null } | null {
    if (!c.author_id) return null;
    if (c.author_kind === 'customer') {
      const customer = this.customers.get(c.author_id);
      return customer ? { name: customer.name, email: customer.email, avatar_url: null } : null;
    }
    const user = this.users.get(c.author_id);
    return user ? { name: user.name, email: user.email, avatar_url: user.avatar_url } : null;
  }
}
