/**
 * Records of the Switch Labs CRM mock's in-memory store.
 *
 * The store holds the full data model (the `[DOC]` fields of the contract);
 * what goes on the wire is decided per request by the serialiser and the
 * switches. Timestamps are epoch milliseconds here (sub-second precision kept,
 * as the real database does) and ISO 8601 strings on the wire.
 */

/** The six ticket statuses of the data model. */
export type SlTicketStatus = 'new' | 'open' | 'in_progress' | 'pending' | 'resolved' | 'closed';
export type SlTicketPriority = 'urgent' | 'high' | 'normal' | 'low' | 'medium';
/**
 * Stored conversation kind. `reply`/`comment`/`email`/`sms` are customer-visible
 * replies, `note` is agents-only and `system` an automatic record; how a kind is
 * named on the wire depends on the `conversation_types` switch.
 */
export type SlConversationType = 'reply' | 'comment' | 'note' | 'system' | 'email' | 'sms';
export type SlArticleStatus = 'draft' | 'review' | 'published' | 'archived';
export type SlCustomerStatus = 'active' | 'inactive' | 'blocked';

export interface SlUser {
  id: string;
  name: string;
  email: string;
  avatar_url: string | null;
}

export interface SlApiKey {
  key: string;
  /** The agent the key acts as (author of conversations it posts). */
  user_id: string;
  /** E.g. `tickets:read`; enforced only when the `scopes` switch is `enforce`. */
  scopes: string[];
  revoked: boolean;
}

export interface SlCustomer {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  company: string | null;
  status: SlCustomerStatus;
  /** The customer's login user, if they have one (model only). */
  user_id: string | null;
  /** Agents' private notes about the customer (model only; must never reach a customer). */
  notes: string | null;
  tags: string[];
  custom_fields: Record<string, unknown>;
  lifetime_value: number;
  total_orders: number;
  shopify_customer_id: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface SlTicket {
  id: string;
  number: number;
  subject: string;
  /** Plain text; the serialiser derives the TipTap and HTML copies. */
  description: string;
  status: SlTicketStatus;
  priority: SlTicketPriority;
  type: 'question' | 'bug' | 'feature' | 'task';
  customer_id: string;
  assignee_id: string | null;
  tags: string[];
  custom_fields: Record<string, unknown>;
  cc_emails: string[];
  ai_summary: string | null;
  organization_id: string;
  requester_id: string | null;
  detected_language: string | null;
  first_response_at: number | null;
  resolved_at: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface SlConversation {
  id: string;
  ticket_id: string;
  type: SlConversationType;
  /** `undefined` only for records planted to test fail-closed readers (the wire then omits the field). */
  internal: boolean | undefined;
  /** Plain text. */
  content: string;
  author_id: string | null;
  /** Whether `author_id` is a user (agent) or a customer. */
  author_kind: 'user' | 'customer' | null;
  metadata: Record<string, unknown>;
  parent_id: string | null;
  translated_content_text: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface SlCollection {
  id: string;
  name: string;
  slug: string;
}

export interface SlArticle {
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  collection_id: string;
  status: SlArticleStatus;
  slug: string;
  excerpt: string | null;
  position: number;
  view_count: number;
  search_text: string;
  current_version: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface SlTag {
  id: string;
  name: string;
  color: string;
}

/** One email (or other message) the CRM would have sent because of an API call. Nothing is sent. */
export interface SlOutboundNotification {
  id: string;
  channel: 'email';
  /** Recipient address. */
  to: string;
  subject: string;
  text: string;
  ticket_id: string;
  conversation_id: string;
  /** Who the CRM says wrote the message. */
  author: { kind: 'user' | 'customer'; id: string; name: string | null };
  created_at: string;
}
