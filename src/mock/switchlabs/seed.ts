import { stableUuid, type SlIdStyle, type SlRecordKind, type SwitchLabsStore } from './store';
import type { SlArticle, SlArticleStatus, SlConversation, SlConversationType, SlTicket, SlTicketStatus } from './types';

/**
 * Facts of the Switch Labs mock's seed data that don't depend on the id style.
 * Ids come from {@link switchLabsSeedIds} (or `mock.seed`), because seeded
 * ids are UUIDs or prefixed ids depending on the `id_style` switch.
 *
 * @example
 * const mock = createSwitchLabsMock();
 * mock.seed.tickets.tieA; // the first of three tickets with the same created_at
 */
export const SWITCHLABS_SEED = {
  /** Every scope; acts as the agent Sam Rivera. */
  apiKey: 'rk_live_switchlabs_demo_key',
  /** Only `tickets:read` and `customers:read` (403 on the rest when scopes are enforced). */
  readOnlyApiKey: 'rk_live_switchlabs_readonly_key',
  /** The agent the main key posts as. */
  keyUser: { name: 'Sam Rivera', email: 'sam.rivera@switchlabs.test' },
  agents: { priya: { name: 'Priya Shah', email: 'priya.shah@switchlabs.test' } },
  customers: {
    /** Customer A: 8 tickets (one per status, three tied on created_at straddling a limit=2 page boundary). */
    jordan: { email: 'jordan.lee@example.com', name: 'Jordan Lee' },
    /** Customer B, a name overlapping A's: one ticket with the same created_at as A's tied tickets. */
    jordanB: { email: 'jordan.leeds@example.com', name: 'Jordan Leeds' },
    /** `status: blocked`: may not create tickets. */
    blocked: { email: 'mallory@example.com', name: 'Mallory Mallet' },
    /** Stored with capitals, to test `email_match=exact`. */
    mixedCase: { email: 'Casey.Mixed@Example.com', name: 'Casey Mixed' },
  },
  /** Text planted in agent-only places of the seed; none of it may ever reach a customer. */
  secrets: {
    note: 'INTERNAL NOTE: check for chargeback fraud before refunding',
    internalReply: 'UNSENT DRAFT REPLY: we will waive the fee this once',
    system: 'SYSTEM: SLA breached, escalated to tier 2',
    deletedReply: 'DELETED REPLY: sent to the wrong customer',
    aiSummary: 'AI SUMMARY: frustrated customer, churn risk high',
    ccEmail: 'cfo@partner-finance.example',
    tag: 'churn-risk',
    customField: 'internal-risk-score-97',
    customerNote: 'CUSTOMER NOTE: asked for a discount twice',
    draftArticle: 'DRAFT ARTICLE: invoice refunds are changing next quarter',
    reviewArticle: 'REVIEW ARTICLE: invoice dispute escalation playbook',
    archivedArticle: 'ARCHIVED ARTICLE: legacy invoice export',
    deletedArticle: 'DELETED ARTICLE: old invoice FAQ',
  },
  /** A word that matches published articles and every non-published one. */
  articleQuery: 'invoice',
} as const;

const TICKET_KEYS = ['latest', 'tieA', 'tieB', 'tieC', 'sameSecond', 'thread', 'resolved', 'closed', 'other'] as const;
const CONVERSATION_KEYS = [
  'customerComment',
  'staffReply',
  'note',
  'system',
  'customerEmail',
  'staffSms',
  'internalReply',
  'deletedReply',
  'closedReply',
  'otherReply',
] as const;
const ARTICLE_KEYS = ['vat', 'password', 'draft', 'review', 'archived', 'deleted'] as const;

export interface SwitchLabsSeedIds {
  users: { keyUser: string; priya: string };
  customers: { jordan: string; jordanB: string; blocked: string; mixedCase: string };
  /**
   * A's tickets, newest first: `latest` (new), `tieA`/`tieB`/`tieC` (open, in_progress,
   * pending; identical created_at), `sameSecond` (open; same second as the ties,
   * 150 ms earlier), `thread` (open; every conversation type), `resolved`, `closed`.
   * `other` is B's, created at the same instant as the ties.
   */
  tickets: Record<(typeof TICKET_KEYS)[number], string>;
  /** On `thread`, except `closedReply` (on `closed`) and `otherReply` (on B's `other`). `customerEmail` and `staffSms` share a created_at. */
  conversations: Record<(typeof CONVERSATION_KEYS)[number], string>;
  /** `vat` and `password` are published; `draft`, `review`, `archived` aren't; `deleted` is published but soft-deleted. */
  articles: Record<(typeof ARTICLE_KEYS)[number], string>;
  collections: { billing: string; account: string };
}

const idFor = (style: SlIdStyle, kind: SlRecordKind, key: string, prefix: string) =>
  style === 'uuid' ? stableUuid(`${kind}:${key}`) : `${prefix}_${key}`;

/** The seed's ids in one id style. */
export function switchLabsSeedIds(style: SlIdStyle = 'uuid'): SwitchLabsSeedIds {
  const map = <K extends string>(keys: readonly K[], kind: SlRecordKind, prefix: string) =>
    Object.fromEntries(keys.map((k) => [k, idFor(style, kind, k, prefix)])) as Record<K, string>;
  return {
    users: map(['keyUser', 'priya'], 'user', 'user'),
    customers: map(['jordan', 'jordanB', 'blocked', 'mixedCase'], 'customer', 'cust'),
    tickets: map(TICKET_KEYS, 'ticket', 'tkt'),
    conversations: map(CONVERSATION_KEYS, 'conversation', 'conv'),
    articles: map(ARTICLE_KEYS, 'article', 'art'),
    collections: map(['billing', 'account'], 'collection', 'col'),
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Fills the store with the seed data, timestamps relative to `seedTime`. */
export function seedSwitchLabs(store: SwitchLabsStore, seedTime: number): SwitchLabsSeedIds {
  const ids = switchLabsSeedIds(store.idStyle);
  const S = SWITCHLABS_SEED;
  // Whole second, 30 days ago: the sub-second parts below are then exact.
  const base = Math.floor(seedTime / 1000) * 1000 - 30 * DAY;

  const keyUser = ids.users.keyUser;
  store.users.set(keyUser, { id: keyUser, name: S.keyUser.name, email: S.keyUser.email, avatar_url: 'https://cdn.switchlabs.test/avatars/sam.png' });
  store.users.set(ids.users.priya, { id: ids.users.priya, name: S.agents.priya.name, email: S.agents.priya.email, avatar_url: null });
  store.apiKeys.set(S.apiKey, {
    key: S.apiKey,
    user_id: keyUser,
    scopes: ['tickets:read', 'tickets:write', 'conversations:read', 'conversations:write', 'customers:read', 'customers:write', 'articles:read', 'tags:read', 'users:read'],
    revoked: false,
  });
  store.apiKeys.set(S.readOnlyApiKey, { key: S.readOnlyApiKey, user_id: keyUser, scopes: ['tickets:read', 'customers:read'], revoked: false });

  const jordan = store.addCustomer(
    {
      id: ids.customers.jordan,
      ...S.customers.jordan,
      company: 'Lee Consulting',
      user_id: store.newId('user', 'jordan_login'),
      notes: S.secrets.customerNote,
      tags: ['vip'],
      custom_fields: { plan: 'enterprise' },
      lifetime_value: 12_500,
      total_orders: 14,
      shopify_customer_id: 'shopify_8812',
      created_at: base,
    },
  );
  const jordanB = store.addCustomer({ id: ids.customers.jordanB, ...S.customers.jordanB, company: 'Leeds Ltd', created_at: base + HOUR });
  store.addCustomer({ id: ids.customers.blocked, ...S.customers.blocked, status: 'blocked', created_at: base + 2 * HOUR });
  store.addCustomer({ id: ids.customers.mixedCase, ...S.customers.mixedCase, created_at: base + 3 * HOUR });

  const tie = base + 20 * DAY + 250;
  const ticket = (key: keyof SwitchLabsSeedIds['tickets'], subject: string, status: SlTicketStatus, created: number, extra: Partial<SlTicket> = {}) =>
    store.addTicket({
      id: ids.tickets[key],
      subject,
      description: `${subject}.\n\nSent from the customer portal.`,
      status,
      customer_id: jordan.id,
      requester_id: jordan.user_id,
      created_at: created,
      updated_at: created + HOUR,
      ...extra,
    });
  ticket('latest', 'Cannot sign in after the password reset', 'new', base + 25 * DAY);
  ticket('tieA', 'Export to CSV drops the last row', 'open', tie, { assignee_id: ids.users.priya });
  ticket('tieB', 'Webhook deliveries arrive twice', 'in_progress', tie, { assignee_id: ids.users.priya });
  ticket('tieC', 'Please confirm the new billing address', 'pending', tie);
  ticket('sameSecond', 'Dark mode resets after every login', 'open', tie - 150);
  ticket('thread', 'Invoice shows the wrong VAT number', 'open', base + 15 * DAY, {
    description: 'Hello,\n\nour March invoice shows VAT number GB000 instead of GB123456789.\nCould you reissue it?\n\nThanks, Jordan',
    assignee_id: ids.users.priya,
    priority: 'high',
    tags: ['billing', S.secrets.tag],
    custom_fields: { risk: S.secrets.customField },
    cc_emails: [S.secrets.ccEmail],
    ai_summary: S.secrets.aiSummary,
    first_response_at: base + 15 * DAY + 2 * HOUR,
  });
  ticket('resolved', 'How do I add a second admin?', 'resolved', base + 10 * DAY, { resolved_at: base + 11 * DAY });
  ticket('closed', 'Cancel the duplicate order', 'closed', base + 5 * DAY);
  store.addTicket({
    id: ids.tickets.other,
    subject: 'Leeds: printer driver crashes',
    description: 'Only Jordan Leeds may read this.',
    status: 'open',
    customer_id: jordanB.id,
    created_at: tie,
    updated_at: tie,
  });

  const t0 = base + 15 * DAY;
  const conversation = (key: keyof SwitchLabsSeedIds['conversations'], type: SlConversationType, content: string, at: number, extra: Partial<SlConversation> = {}) =>
    store.addConversation({
      id: ids.conversations[key],
      ticket_id: ids.tickets.thread,
      type,
      content,
      created_at: at,
      updated_at: at,
      author_id: ids.users.priya,
      author_kind: 'user',
      ...extra,
    });
  const byJordan = { author_id: jordan.id, author_kind: 'customer' } as const;
  conversation('customerComment', 'comment', 'Attaching the invoice number: INV-2031. It is urgent for our audit.', t0 + HOUR, byJordan);
  conversation('staffReply', 'reply', 'Thanks Jordan, I have asked billing to reissue INV-2031 with the right VAT number.', t0 + 2 * HOUR, {
    translated_content_text: 'Merci Jordan (translation)',
  });
  conversation('note', 'note', S.secrets.note, t0 + 3 * HOUR, { internal: true });
  conversation('system', 'system', S.secrets.system, t0 + 3 * HOUR + 1, { internal: false, author_id: null, author_kind: null });
  // Two conversations with the same created_at.
  conversation('customerEmail', 'email', 'Got it, thank you. Will the corrected invoice have the same number?', t0 + 4 * HOUR + 500, byJordan);
  conversation('staffSms', 'sms', 'Yes, same number. You will get it by email today.', t0 + 4 * HOUR + 500);
  conversation('internalReply', 'reply', S.secrets.internalReply, t0 + 5 * HOUR, { internal: true });
  conversation('deletedReply', 'reply', S.secrets.deletedReply, t0 + 6 * HOUR, { deleted_at: t0 + 6 * HOUR + 60_000 });
  store.addConversation({
    id: ids.conversations.closedReply,
    ticket_id: ids.tickets.closed,
    type: 'reply',
    content: 'The duplicate order is cancelled and refunded.',
    author_id: keyUser,
    author_kind: 'user',
    created_at: base + 5 * DAY + HOUR,
  });

  store.addConversation({
    id: ids.conversations.otherReply,
    ticket_id: ids.tickets.other,
    type: 'reply',
    content: 'Jordan Leeds: your new printer driver is attached to the email we sent.',
    author_id: ids.users.priya,
    author_kind: 'user',
    created_at: tie + HOUR,
  });

  store.collections.set(ids.collections.billing, { id: ids.collections.billing, name: 'Billing', slug: 'billing' });
  store.collections.set(ids.collections.account, { id: ids.collections.account, name: 'Your account', slug: 'account' });
  const article = (key: keyof SwitchLabsSeedIds['articles'], title: string, body: string, status: SlArticleStatus, extra: Partial<SlArticle> = {}) =>
    store.addArticle({ id: ids.articles[key], title, body, status, collection_id: ids.collections.billing, created_at: base + DAY, ...extra });
  article(
    'vat',
    'Changing the VAT number on an invoice',
    '# Changing the VAT number\n\nOpen **Settings → Billing**, enter the new VAT number and ask us to reissue the invoice. A corrected invoice keeps its number.',
    'published',
    { excerpt: 'Update the VAT number in billing settings, then ask for a reissued invoice.' },
  );
  article('password', 'Resetting your password', 'Use **Forgot password** on the sign-in page. The link is valid for 30 minutes.', 'published', {
    collection_id: ids.collections.account,
  });
  article('draft', 'Invoice refunds (draft)', S.secrets.draftArticle, 'draft');
  article('review', 'Invoice disputes (in review)', S.secrets.reviewArticle, 'review');
  article('archived', 'Invoice export (archived)', S.secrets.archivedArticle, 'archived');
  article('deleted', 'Invoice FAQ (deleted)', S.secrets.deletedArticle, 'published', { deleted_at: base + 2 * DAY });

  for (const [name, color] of [
    ['billing', '#2563eb'],
    ['vip', '#d97706'],
    [S.secrets.tag, '#dc2626'],
  ] as const) {
    const id = store.newId('tag', name.replace(/-/g, '_'));
    store.tags.set(id, { id, name, color });
  }
  return ids;
}
