import type { Hono } from 'hono';
import { randomId } from '../crypto';
import {
  asRecord,
  authenticateAdmin,
  createMagicLink,
  idempotent,
  issuePortalToken,
  type AppContext,
  type AppEnv,
  type MockContext,
} from '../context';
import { ApiError, iso, jsonResponse, readJson, validationError, type FieldError } from '../http';
import { adminAttachment, adminComment, adminTicket, brandJson } from '../serialize';
import type { MockBrand, MockTicket, MockTicketPriority } from '../types';
import { LIMITS, parseLimit, parseSortOrder, parseStatuses, sortTickets } from './portal';

/**
 * The admin slice (contract §3) plus the staff side of a conversation, with
 * `Authorization: Bearer <API key>`.
 *
 * CORS: the mock answers these from any origin because the demo's "staff
 * console" runs in a browser. The real admin API must never be called from a
 * browser: an API key in a page is a leaked key (contract §1).
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PRIORITIES: MockTicketPriority[] = ['low', 'normal', 'medium', 'high', 'urgent'];
const STATUS_KEY = /^[a-z][a-z0-9_]{0,49}$/;

function requireEmail(value: unknown, errors: FieldError[]): string {
  if (typeof value !== 'string' || value.trim() === '') errors.push({ field: 'email', message: 'email is required.' });
  else if (!EMAIL.test(value.trim())) errors.push({ field: 'email', message: 'email must be a valid email address.' });
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

const optionalString = (body: Record<string, unknown>, field: string, errors: FieldError[]): string | undefined => {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    errors.push({ field, message: `${field} must be a string.` });
    return undefined;
  }
  return v.trim() || undefined;
};

/**
 * `portalOrigins` as the vendor's settings screen checks them (contract §5.1):
 * a URL, http(s), no path other than `/`, no query or fragment, stored as the
 * normalised origin, no duplicates.
 */
export function normalisePortalOrigins(value: unknown): { origins: string[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!Array.isArray(value)) return { origins: [], errors: [{ field: 'portalOrigins', message: 'portalOrigins must be an array of origins.' }] };
  const origins: string[] = [];
  value.forEach((entry, i) => {
    const field = `portalOrigins[${i}]`;
    if (typeof entry !== 'string') return errors.push({ field, message: 'Each origin must be a string.' });
    let url: URL;
    try {
      url = new URL(entry.trim());
    } catch {
      return errors.push({ field, message: `"${entry}" is not a valid URL.` });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return errors.push({ field, message: `"${entry}" must use http or https.` });
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      return errors.push({ field, message: `"${entry}" must be an origin (scheme, host, optional port) without a path, query or fragment.` });
    }
    if (origins.includes(url.origin)) return errors.push({ field, message: `"${url.origin}" is listed twice.` });
    origins.push(url.origin);
  });
  return { origins, errors };
}

function brandTicket(ctx: MockContext, brand: MockBrand, ticketId: string): MockTicket {
  const ticket = ctx.store.tickets.get(ticketId);
  if (!ticket || ticket.brandId !== brand.id || ticket.deletedAt !== null) {
    throw new ApiError(404, 'TICKET_NOT_FOUND', `Ticket ${ticketId} was not found.`);
  }
  return ticket;
}

const brandParam = (c: AppContext) => c.req.param('brandId') ?? '';

export function registerAdminRoutes(app: Hono<AppEnv>, ctx: MockContext, base: string): void {
  const { store } = ctx;
  const b = `${base}/brands/:brandId`;

  // A1: portal token for a customer (created if missing).
  app.post(`${b}/portal/token`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const body = asRecord(await readJson(c.req.raw));
    const errors: FieldError[] = [];
    const email = requireEmail(body.email, errors);
    const name = optionalString(body, 'name', errors);
    const companyName = optionalString(body, 'companyName', errors);
    const sourceOrgId = optionalString(body, 'sourceOrgId', errors);
    if (errors.length) throw validationError(errors);
    const customer = store.upsertCustomer(brand.id, { email, name, companyName, sourceOrgId });
    return jsonResponse(200, await issuePortalToken(ctx, brand, customer));
  });

  // A2: "send" a magic link. Always `{ success: true }` so it does not reveal which emails exist.
  app.post(`${b}/portal/magic-link`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const body = asRecord(await readJson(c.req.raw));
    const errors: FieldError[] = [];
    const email = requireEmail(body.email, errors);
    let portalUrl: URL | null = null;
    if (typeof body.portalUrl !== 'string' || body.portalUrl.trim() === '') errors.push({ field: 'portalUrl', message: 'portalUrl is required.' });
    else {
      try {
        portalUrl = new URL(body.portalUrl.trim());
        if (portalUrl.protocol !== 'http:' && portalUrl.protocol !== 'https:') throw new Error('scheme');
      } catch {
        errors.push({ field: 'portalUrl', message: 'portalUrl must be an absolute http(s) URL.' });
      }
    }
    if (errors.length || !portalUrl) throw validationError(errors);
    const { token, expiresAt } = createMagicLink(ctx, brand, email);
    const link = new URL(portalUrl.href);
    link.searchParams.set('token', token);
    store.outbox.push({
      id: randomId('msg', 12),
      brandId: brand.id,
      to: email,
      subject: `Your sign-in link for ${brand.name} support`,
      url: link.href,
      token,
      portalUrl: portalUrl.href,
      sentAt: iso(ctx.now()),
      expiresAt: iso(expiresAt),
    });
    return jsonResponse(200, { success: true });
  });

  app.get(b, (c) => jsonResponse(200, brandJson(authenticateAdmin(ctx, c, brandParam(c)))));

  app.patch(b, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const body = asRecord(await readJson(c.req.raw));
    const errors: FieldError[] = [];
    let origins: string[] | undefined;
    if (body.portalOrigins !== undefined) {
      const result = normalisePortalOrigins(body.portalOrigins);
      errors.push(...result.errors);
      origins = result.origins;
    }
    const name = optionalString(body, 'name', errors);
    let prefix: string | undefined;
    if (body.ticketPrefix !== undefined) {
      if (typeof body.ticketPrefix !== 'string' || !/^[A-Za-z0-9]{1,10}$/.test(body.ticketPrefix)) {
        errors.push({ field: 'ticketPrefix', message: 'ticketPrefix must be 1–10 letters or digits.' });
      } else prefix = body.ticketPrefix.toUpperCase();
    }
    if (errors.length) throw validationError(errors);
    // PATCH replaces the whole portalOrigins list.
    if (origins) brand.portalOrigins = origins;
    if (name) brand.name = name;
    if (prefix) brand.ticketPrefix = prefix;
    brand.updatedAt = ctx.now();
    return jsonResponse(200, brandJson(brand));
  });

  // Staff: every customer's tickets, cursor paging, filters by status and customer.
  app.get(`${b}/tickets`, (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const limit = parseLimit(c.req.query('limit'), 100, LIMITS.pageSizeDefault);
    const { sort, order } = parseSortOrder(c);
    const statuses = parseStatuses(c.req.query('status'));
    const email = (c.req.query('email') ?? c.req.query('customerEmail') ?? '').trim().toLowerCase();
    const customerId = c.req.query('customerId') ?? '';
    const emailCustomer = email ? store.findCustomerByEmail(brand.id, email) : undefined;
    const matchCustomer = (t: MockTicket) =>
      (!email || (emailCustomer !== undefined && t.customerId === emailCustomer.id)) && (!customerId || t.customerId === customerId);
    const inBrand = (t: MockTicket) => t.brandId === brand.id && t.deletedAt === null;
    const page = ctx.pager.page({
      scope: `admin\n${brand.id}\n${statuses.join(',')}\n${email}\n${customerId}\n${sort}\n${order}`,
      cursor: c.req.query('cursor') || null,
      limit,
      order,
      key: (t) => t[sort],
      list: () =>
        sortTickets(
          [...store.tickets.values()].filter((t) => inBrand(t) && matchCustomer(t) && (statuses.length === 0 || statuses.includes(t.status))),
          sort,
          order,
        ),
      lookup: (id) => {
        const t = store.tickets.get(id);
        return t && inBrand(t) ? t : undefined;
      },
    });
    // The admin SDK's type reads `cursor`, the rest `nextCursor` (contract §6 #7): send both.
    return jsonResponse(200, {
      data: page.data.map((t) => adminTicket(ctx, t)),
      pagination: { hasMore: page.hasMore, nextCursor: page.nextCursor, cursor: page.nextCursor },
    });
  });

  // Staff: one ticket with every comment (internal notes flagged) and every file.
  app.get(`${b}/tickets/:ticketId`, (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const attachments = [...store.attachments.values()].filter((a) => a.ticketId === ticket.id).sort((x, y) => x.createdAt - y.createdAt);
    return jsonResponse(200, {
      ...adminTicket(ctx, ticket),
      comments: store.commentsOf(ticket.id).map((cm) => adminComment(ctx, cm)),
      attachments: attachments.map(adminAttachment),
    });
  });

  // Staff reply (STAFF comment) or internal note (`internal: true` or `metadata.isInternal`).
  app.post(`${b}/tickets/:ticketId/comments`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const raw = await readJson(c.req.raw);
    const key = c.req.header('authorization') ?? '';
    return idempotent(ctx, c, `admin:${key}`, raw, () => {
      const body = asRecord(raw);
      const errors: FieldError[] = [];
      if (typeof body.body !== 'string' || body.body.trim() === '') errors.push({ field: 'body', message: 'body is required.' });
      else if (body.body.length > LIMITS.bodyMaxLength) errors.push({ field: 'body', message: 'Body must be at most 20,000 characters.' });
      const authorName = optionalString(body, 'authorName', errors);
      if (body.internal !== undefined && typeof body.internal !== 'boolean') errors.push({ field: 'internal', message: 'internal must be a boolean.' });
      const metadata = body.metadata === undefined || body.metadata === null ? {} : body.metadata;
      if (typeof metadata !== 'object' || Array.isArray(metadata)) errors.push({ field: 'metadata', message: 'metadata must be an object.' });
      if (errors.length) throw validationError(errors);
      const comment = store.addComment(ticket.id, {
        body: body.body as string,
        authorType: 'STAFF',
        authorName: authorName ?? brand.fromName,
        authorId: 'usr_api',
        internal: body.internal === true,
        metadata: metadata as Record<string, unknown>,
        createdAt: ctx.now(),
      });
      return { status: 201, body: adminComment(ctx, comment) };
    });
  });

  // Staff: change status and/or priority.
  app.patch(`${b}/tickets/:ticketId`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const body = asRecord(await readJson(c.req.raw));
    const errors: FieldError[] = [];
    if (body.status !== undefined && (typeof body.status !== 'string' || !STATUS_KEY.test(body.status))) {
      errors.push({ field: 'status', message: 'status must be a status key: lowercase letters, digits and underscores (max 50).' });
    }
    if (body.priority !== undefined && body.priority !== null && !PRIORITIES.includes(body.priority as MockTicketPriority)) {
      errors.push({ field: 'priority', message: `priority must be one of: ${PRIORITIES.join(', ')} (or null).` });
    }
    if (errors.length) throw validationError(errors);
    let changed = false;
    if (typeof body.status === 'string' && body.status !== ticket.status) {
      ticket.status = body.status;
      changed = true;
    }
    if (body.priority !== undefined && body.priority !== ticket.priority) {
      ticket.priority = body.priority as MockTicketPriority | null;
      changed = true;
    }
    if (changed) ticket.updatedAt = Math.max(ticket.updatedAt, ctx.now());
    return jsonResponse(200, adminTicket(ctx, ticket));
  });
}
