import type { Context, Hono } from 'hono';
import { isRecord } from '../crypto';
import { jsonResponse } from '../http';
import { fieldError, slError } from './errors';
import { keysetPage, parseLimit } from './paging';
import { serializeArticle, serializeConversation, serializeCustomer, serializeTicket, wireConversationType } from './serialize';
import type { SwitchLabsStore } from './store';
import type { SwitchLabsSwitches } from './switches';
import type { SwitchLabsFaults } from './faults';
import type { SlApiKey, SlConversationType, SlCustomer, SlTicket, SlTicketPriority, SlTicketStatus } from './types';

/**
 * The REST v1 endpoints a customer portal needs (tickets, conversations,
 * customers, articles, tags, users), under `/api/v1`, with a Bearer API key.
 */

export interface SwitchLabsContext {
  store: SwitchLabsStore;
  faults: SwitchLabsFaults;
  switches: () => SwitchLabsSwitches;
  now: () => number;
}

export type SlEnv = { Variables: { requestId: string; apiKey: SlApiKey } };
type C = Context<SlEnv>;

export const API_BASE = '/api/v1';

const STATUSES: readonly SlTicketStatus[] = ['new', 'open', 'in_progress', 'pending', 'resolved', 'closed'];
const PRIORITIES: readonly SlTicketPriority[] = ['urgent', 'high', 'normal', 'low', 'medium'];
const PRIORITY_RANK: Record<SlTicketPriority, number> = { urgent: 0, high: 1, medium: 2, normal: 2, low: 3 };
const WRITABLE_TYPES: readonly SlConversationType[] = ['reply', 'comment', 'note', 'email', 'sms'];
const ARTICLE_STATUSES = ['draft', 'review', 'published', 'archived'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const notFound = (what: string) => slError(404, `${what} not found`);

function requireScope(c: C, ctx: SwitchLabsContext, scope: string): void {
  if (ctx.switches().scopes !== 'enforce') return;
  if (!c.get('apiKey').scopes.includes(scope)) throw slError(403, 'Insufficient permissions', { required_scope: scope });
}

async function readBody(c: C): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw fieldError({ body: 'The request body is not valid JSON.' });
  }
  if (!isRecord(value)) throw fieldError({ body: 'The request body must be a JSON object.' });
  return value;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw fieldError({ [field]: `${field} must be one of: ${allowed.join(', ')}.` });
  return value as T;
}

function bool(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw fieldError({ [field]: `${field} must be true or false.` });
}

function optionalString(b: Record<string, unknown>, field: string, max = 10_000): string | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw fieldError({ [field]: `${field} must be a string.` });
  if (v.length > max) throw fieldError({ [field]: `${field} must be at most ${max} characters.` });
  return v;
}

function requiredString(b: Record<string, unknown>, field: string, max: number): string {
  const v = optionalString(b, field, max);
  if (v === undefined || v.trim() === '') throw fieldError({ [field]: `${field} is required.` });
  return v;
}

const sortOf = (c: C, allowed: readonly string[], fallbackDir: 'asc' | 'desc') => ({
  orderBy: oneOf(c.req.query('order_by'), allowed, 'order_by') ?? 'created_at',
  dir: oneOf(c.req.query('order_dir'), ['asc', 'desc'] as const, 'order_dir') ?? fallbackDir,
});

const includesCi = (haystack: string | null | undefined, needle: string) => (haystack ?? '').toLowerCase().includes(needle);

export function registerSwitchLabsRoutes(app: Hono<SlEnv>, ctx: SwitchLabsContext): void {
  const { store } = ctx;
  const s = () => ctx.switches();
  const ok = (data: unknown, status = 200) => jsonResponse(status, { data });

  const liveTicket = (id: string): SlTicket => {
    const t = store.tickets.get(id);
    if (!t || t.deleted_at !== null) throw notFound('Ticket');
    return t;
  };

  // -- tickets ----------------------------------------------------------------------

  app.get(`${API_BASE}/tickets`, (c) => {
    requireScope(c, ctx, 'tickets:read');
    const q = (k: string) => c.req.query(k);
    const status = oneOf(q('status'), STATUSES, 'status');
    const priority = oneOf(q('priority'), PRIORITIES, 'priority');
    const unassigned = bool(q('unassigned'), 'unassigned');
    const tags = q('tags')?.split(',').map((t) => t.trim()).filter(Boolean) ?? [];
    const search = q('search')?.trim().toLowerCase();
    const { orderBy, dir } = sortOf(c, ['created_at', 'updated_at', 'priority'], 'desc');
    const limit = parseLimit(q('limit'), s());
    const customerId = q('customer_id');
    const assigneeId = q('assignee_id');
    const rows = [...store.tickets.values()].filter(
      (t) =>
        t.deleted_at === null &&
        (!customerId || t.customer_id === customerId) &&
        (!status || t.status === status) &&
        (!priority || t.priority === priority) &&
        (!assigneeId || t.assignee_id === assigneeId) &&
        (unassigned === undefined || (t.assignee_id === null) === unassigned) &&
        tags.every((tag) => t.tags.includes(tag)) &&
        // "Searches subject and summary": the subject, the description and the AI summary.
        (!search || includesCi(t.subject, search) || includesCi(t.description, search) || includesCi(t.ai_summary, search)),
    );
    const { page, meta } = keysetPage({
      rows,
      time: (t) => (orderBy === 'updated_at' ? t.updated_at : t.created_at),
      id: (t) => t.id,
      dir,
      limit,
      cursor: q('cursor'),
      switches: s(),
      ...(orderBy === 'priority' ? { rank: (t: SlTicket) => PRIORITY_RANK[t.priority] } : {}),
    });
    const data = page.map((t) => serializeTicket(store, t, s(), false));
    if (ctx.faults.foreignRows && customerId) {
      const foreign = [...store.tickets.values()].find((t) => t.customer_id !== customerId && t.deleted_at === null);
      if (foreign) data.splice(Math.min(1, data.length), 0, serializeTicket(store, foreign, s(), false));
    }
    return jsonResponse(200, { data, meta });
  });

  app.get(`${API_BASE}/tickets/:id`, (c) => {
    requireScope(c, ctx, 'tickets:read');
    return ok(serializeTicket(store, liveTicket(c.req.param('id')), s(), true));
  });

  app.post(`${API_BASE}/tickets`, async (c) => {
    requireScope(c, ctx, 'tickets:write');
    const b = await readBody(c);
    const subject = requiredString(b, 'subject', 500);
    const description = optionalString(b, 'description', 65_535) ?? '';
    const email = requiredString(b, 'customer_email', 320).trim();
    if (!EMAIL.test(email)) throw fieldError({ customer_email: 'customer_email must be an email address.' });
    const priority = b.priority === undefined ? 'normal' : oneOf(typeof b.priority === 'string' ? b.priority : '?', PRIORITIES, 'priority');
    const tags = b.tags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw fieldError({ tags: 'tags must be an array of strings.' });
    const [found] = store.customersByEmail(email, s().email_match === 'exact');
    let customer: SlCustomer | undefined = found;
    if (!customer) {
      if (s().create_ticket_unknown_email === '400') throw fieldError({ customer_email: 'No customer with this email.' });
      customer = store.addCustomer({ email });
    }
    if (customer.status === 'blocked') throw fieldError({ customer_email: 'This customer is blocked and cannot create tickets.' });
    const ticket = store.addTicket({
      subject,
      description,
      customer_id: customer.id,
      requester_id: customer.user_id,
      status: s().initial_status,
      priority: priority ?? 'normal',
      tags: tags as string[],
    });
    return ok(serializeTicket(store, ticket, s(), true), 201);
  });

  app.patch(`${API_BASE}/tickets/:id`, async (c) => {
    requireScope(c, ctx, 'tickets:write');
    const ticket = liveTicket(c.req.param('id'));
    const b = await readBody(c);
    const status = b.status === undefined ? undefined : oneOf(typeof b.status === 'string' ? b.status : '?', STATUSES, 'status');
    const priority = b.priority === undefined ? undefined : oneOf(typeof b.priority === 'string' ? b.priority : '?', PRIORITIES, 'priority');
    if (b.assignee_id !== undefined && b.assignee_id !== null && (typeof b.assignee_id !== 'string' || !store.users.has(b.assignee_id))) {
      throw fieldError({ assignee_id: 'assignee_id must be the id of a user.' });
    }
    const now = ctx.now();
    if (status) {
      if (status === 'resolved' && ticket.status !== 'resolved') ticket.resolved_at = now;
      ticket.status = status;
    }
    if (priority) ticket.priority = priority;
    if (b.assignee_id !== undefined) ticket.assignee_id = b.assignee_id as string | null;
    ticket.updated_at = now;
    return ok(serializeTicket(store, ticket, s(), true));
  });

  app.delete(`${API_BASE}/tickets/:id`, (c) => {
    requireScope(c, ctx, 'tickets:write');
    liveTicket(c.req.param('id')).deleted_at = ctx.now();
    return new Response(null, { status: 204 });
  });

  // -- conversations ----------------------------------------------------------------------

  app.get(`${API_BASE}/conversations`, (c) => {
    requireScope(c, ctx, 'conversations:read');
    const q = (k: string) => c.req.query(k);
    const ticketId = q('ticket_id');
    const type = q('type');
    const internal = bool(q('internal'), 'internal');
    const honoured = s().internal_filter === 'honoured';
    const { dir } = sortOf(c, ['created_at'], 'asc');
    const rows = [...store.conversations.values()].filter(
      (x) =>
        (!ticketId || x.ticket_id === ticketId) &&
        (!type || wireConversationType(x.type, s().conversation_types) === type) &&
        (internal === undefined || !honoured || (x.internal ?? false) === internal),
    );
    const { page, meta } = keysetPage({ rows, time: (x) => x.created_at, id: (x) => x.id, dir, limit: parseLimit(q('limit'), s()), cursor: q('cursor'), switches: s() });
    const data = page.map((x) => serializeConversation(store, x, s()));
    if (ctx.faults.foreignRows && ticketId) {
      const foreign = [...store.conversations.values()].find((x) => x.ticket_id !== ticketId && x.internal === false && x.deleted_at === null);
      if (foreign) data.push(serializeConversation(store, foreign, s()));
    }
    return jsonResponse(200, { data, meta });
  });

  app.get(`${API_BASE}/conversations/:id`, (c) => {
    requireScope(c, ctx, 'conversations:read');
    const x = store.conversations.get(c.req.param('id'));
    if (!x) throw notFound('Conversation');
    return ok(serializeConversation(store, x, s()));
  });

  app.post(`${API_BASE}/conversations`, async (c) => {
    requireScope(c, ctx, 'conversations:write');
    const b = await readBody(c);
    const ticketId = requiredString(b, 'ticket_id', 200);
    const content = requiredString(b, 'content', 65_535);
    const type = b.type === undefined ? 'reply' : oneOf(typeof b.type === 'string' ? b.type : '?', WRITABLE_TYPES, 'type');
    if (b.internal !== undefined && typeof b.internal !== 'boolean') throw fieldError({ internal: 'internal must be true or false.' });
    const ticket = store.tickets.get(ticketId);
    if (!ticket || ticket.deleted_at !== null) throw fieldError({ ticket_id: 'Ticket not found.' });
    const internal = (b.internal as boolean | undefined) ?? type === 'note';
    const asCustomer = s().reply_author === 'customer';
    const keyUser = c.get('apiKey').user_id;
    const now = ctx.now();
    const conversation = store.addConversation({
      ticket_id: ticket.id,
      type: type ?? 'reply',
      internal,
      content,
      author_id: asCustomer ? ticket.customer_id : keyUser,
      author_kind: asCustomer ? 'customer' : 'user',
      created_at: now,
    });
    ticket.updated_at = now;
    const visible = !internal && type !== 'note';
    if (visible && !asCustomer) ticket.first_response_at ??= now;
    if (visible && s().auto_reopen_on_reply === 'on' && (ticket.status === 'pending' || ticket.status === 'resolved')) ticket.status = 'open';
    const customer = store.customers.get(ticket.customer_id);
    // An agent's visible reply is emailed to the customer (recorded, never sent).
    if (visible && !asCustomer && customer) {
      const user = store.users.get(keyUser);
      store.outboundNotifications.push({
        id: store.newId('notification'),
        channel: 'email',
        to: customer.email,
        subject: `Re: ${ticket.subject}`,
        text: content,
        ticket_id: ticket.id,
        conversation_id: conversation.id,
        author: { kind: 'user', id: keyUser, name: user?.name ?? null },
        created_at: new Date(now).toISOString(),
      });
    }
    return ok(serializeConversation(store, conversation, s()), 201);
  });

  // -- customers ----------------------------------------------------------------------

  app.get(`${API_BASE}/customers`, (c) => {
    requireScope(c, ctx, 'customers:read');
    const q = (k: string) => c.req.query(k);
    const email = q('email');
    const search = q('search')?.trim().toLowerCase();
    const phone = q('phone');
    const { orderBy, dir } = sortOf(c, ['created_at', 'updated_at'], 'desc');
    const byEmail = email ? new Set(store.customersByEmail(email, s().email_match === 'exact')) : null;
    const rows = [...store.customers.values()].filter(
      (x) =>
        x.deleted_at === null &&
        (!byEmail || byEmail.has(x)) &&
        (!phone || x.phone === phone) &&
        (!search || includesCi(x.name, search) || includesCi(x.email, search)),
    );
    const { page, meta } = keysetPage({
      rows,
      time: (x) => (orderBy === 'updated_at' ? x.updated_at : x.created_at),
      id: (x) => x.id,
      dir,
      limit: parseLimit(q('limit'), s()),
      cursor: q('cursor'),
      switches: s(),
    });
    return jsonResponse(200, { data: page.map((x) => serializeCustomer(store, x, s())), meta });
  });

  app.get(`${API_BASE}/customers/:id`, (c) => {
    requireScope(c, ctx, 'customers:read');
    const x = store.customers.get(c.req.param('id'));
    if (!x || x.deleted_at !== null) throw notFound('Customer');
    return ok(serializeCustomer(store, x, s()));
  });

  app.post(`${API_BASE}/customers`, async (c) => {
    requireScope(c, ctx, 'customers:write');
    const b = await readBody(c);
    const email = requiredString(b, 'email', 320).trim();
    if (!EMAIL.test(email)) throw fieldError({ email: 'email must be an email address.' });
    const input = { name: optionalString(b, 'name', 200) ?? null, phone: optionalString(b, 'phone', 50) ?? null, company: optionalString(b, 'company', 200) ?? null };
    const [existing] = store.customersByEmail(email, s().email_match === 'exact');
    if (existing) {
      if (s().duplicate_customer === 'return_existing') return ok(serializeCustomer(store, existing, s()));
      if (s().duplicate_customer === '409') throw slError(409, 'A customer with this email already exists');
      throw fieldError({ email: 'email has already been taken.' });
    }
    return ok(serializeCustomer(store, store.addCustomer({ email, ...input }), s()), 201);
  });

  // -- articles, tags, users ----------------------------------------------------------------------

  app.get(`${API_BASE}/articles`, (c) => {
    requireScope(c, ctx, 'articles:read');
    const q = (k: string) => c.req.query(k);
    const status = oneOf(q('status'), ARTICLE_STATUSES, 'status');
    const collectionId = q('collection_id');
    const search = q('search')?.trim().toLowerCase();
    const limit = parseLimit(q('limit'), s());
    // With `internal_filter=ignored` the status filter is ignored too: the gateway must re-check.
    const statusFilter = s().internal_filter === 'honoured' ? status : undefined;
    const rows = [...store.articles.values()]
      .filter(
        (a) =>
          (!statusFilter || a.status === statusFilter) &&
          (!collectionId || a.collection_id === collectionId) &&
          (!search || includesCi(a.title, search) || includesCi(a.body, search) || includesCi(a.search_text, search)),
      )
      .sort((a, b) => a.position - b.position);
    // Articles have no documented cursor: one page, no `next_cursor`.
    return jsonResponse(200, { data: rows.slice(0, limit).map((a) => serializeArticle(store, a, s())), meta: { limit, total: rows.length } });
  });

  app.get(`${API_BASE}/articles/:id`, (c) => {
    requireScope(c, ctx, 'articles:read');
    const a = store.articles.get(c.req.param('id'));
    if (!a) throw notFound('Article');
    return ok(serializeArticle(store, a, s()));
  });

  app.get(`${API_BASE}/tags`, (c) => {
    requireScope(c, ctx, 'tags:read');
    const data = [...store.tags.values()].map((t) => ({ ...t }));
    return jsonResponse(200, { data, meta: { limit: data.length, total: data.length, next_cursor: null } });
  });

  app.get(`${API_BASE}/users/:id`, (c) => {
    requireScope(c, ctx, 'users:read');
    const u = store.users.get(c.req.param('id'));
    if (!u) throw notFound('User');
    return ok({ ...u });
  });
}
