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
import { adminAttachment, adminComment, adminTicket, attachmentWithUrl, brandJson } from '../serialize';
import { isClosedStatus, isInternalComment } from '../store';
import type { MockBrand, MockCsatType, MockCustomer, MockTicket, MockTicketPriority } from '../types';
import { emitCommentCreated, emitTicketCreated, emitTicketUpdated, type MockTicketChanges } from '../webhooks';
import { registerAdminSettingsRoutes, validateCustomFields } from './adminSettings';
import { confirmUpload, LIMITS, parseLimit, parseSortOrder, parseStatuses, signDownload, sortTickets, startUpload, validateUploadMeta } from './portal';

/**
 * The admin endpoints the kit and the gateway use plus the staff side of a conversation, with
 * `Authorization: Bearer <API key>`.
 *
 * CORS: the mock answers these from any origin because the demo's "staff
 * console" runs in a browser. The real admin API must never be called from a
 * browser: an API key in a page is a leaked key.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PRIORITIES: MockTicketPriority[] = ['low', 'normal', 'medium', 'high', 'urgent'];
const STATUS_KEY = /^[a-z][a-z0-9_]{0,49}$/;
const AUTHOR_TYPES = ['CUSTOMER', 'AGENT', 'STAFF', 'SYSTEM'];
const SOURCES = ['api', 'web', 'email', 'slack', 'sms', 'discord', 'instagram', 'twitter', 'whatsapp', 'custom', 'other'];
const CLOSE_REASONS = ['no_response', 'out_of_scope', 'customer_left', 'duplicate'];
const CSAT_TYPES: MockCsatType[] = ['thumbs', 'scale5', 'scale10'];
const DAY_MS = 24 * 3600_000;

function requireEmail(value: unknown, errors: FieldError[], field = 'email'): string {
  if (typeof value !== 'string' || value.trim() === '') errors.push({ field, message: `${field} is required.` });
  else if (!EMAIL.test(value.trim())) errors.push({ field, message: `${field} must be a valid email address.` });
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
 * `portalOrigins` as the vendor's settings screen checks them:
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

  // A portal token for a customer (created if missing).
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

  // "Send" a magic link. Always `{ success: true }` so it does not reveal which emails exist.
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
    if (body.csatEnabled !== undefined && typeof body.csatEnabled !== 'boolean') errors.push({ field: 'csatEnabled', message: 'csatEnabled must be a boolean.' });
    if (body.csatType !== undefined && !CSAT_TYPES.includes(body.csatType as MockCsatType)) {
      errors.push({ field: 'csatType', message: `csatType must be one of: ${CSAT_TYPES.join(', ')}.` });
    }
    const delay = body.csatDelayMinutes;
    if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0)) {
      errors.push({ field: 'csatDelayMinutes', message: 'csatDelayMinutes must be a whole number of minutes.' });
    }
    if (errors.length) throw validationError(errors);
    // PATCH replaces the whole portalOrigins list.
    if (origins) brand.portalOrigins = origins;
    if (name) brand.name = name;
    if (prefix) brand.ticketPrefix = prefix;
    if (typeof body.csatEnabled === 'boolean') brand.csatEnabled = body.csatEnabled;
    if (body.csatType !== undefined) brand.csatType = body.csatType as MockCsatType;
    if (typeof delay === 'number') brand.csatDelayMinutes = delay;
    brand.updatedAt = ctx.now();
    return jsonResponse(200, brandJson(brand));
  });

  registerAdminSettingsRoutes(app, ctx, b);

  // Every customer's tickets, cursor paging; filters: status (comma-joined, `active`), customer, search, category, spam.
  app.get(`${b}/tickets`, (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const limit = parseLimit(c.req.query('limit'), 100, LIMITS.pageSizeDefault);
    const { sort, order } = parseSortOrder(c);
    const statuses = parseStatuses(c.req.query('status'));
    const email = (c.req.query('email') ?? c.req.query('customerEmail') ?? '').trim().toLowerCase();
    const customerId = c.req.query('customerId') ?? '';
    const categoryId = c.req.query('categoryId') ?? '';
    const isSpam = c.req.query('isSpam');
    const terms = searchTerms(c.req.query('search') ?? '');
    const searchComments = ctx.faults.variants.adminSearch === 'comments';
    const emailCustomer = email ? store.findCustomerByEmail(brand.id, email) : undefined;
    const matchCustomer = (t: MockTicket) =>
      (!email || (emailCustomer !== undefined && t.customerId === emailCustomer.id)) && (!customerId || t.customerId === customerId);
    const matchStatus = (t: MockTicket) =>
      statuses.length === 0 || statuses.includes(t.status) || (statuses.includes('active') && !isClosedStatus(t.status) && t.status !== 'spam');
    const matchOther = (t: MockTicket) =>
      (!categoryId || t.categoryId === categoryId) &&
      (isSpam === undefined || isSpam === '' || (isSpam === 'true') === (t.status === 'spam')) &&
      (terms.length === 0 || matchesSearch(ctx, brand, t, terms, searchComments));
    const inBrand = (t: MockTicket) => t.brandId === brand.id && t.deletedAt === null;
    const page = ctx.pager.page({
      scope: `admin\n${brand.id}\n${statuses.join(',')}\n${email}\n${customerId}\n${categoryId}\n${isSpam ?? ''}\n${terms.join(' ')}\n${sort}\n${order}`,
      cursor: c.req.query('cursor') || null,
      limit,
      order,
      key: (t) => t[sort],
      list: () => sortTickets([...store.tickets.values()].filter((t) => inBrand(t) && matchCustomer(t) && matchStatus(t) && matchOther(t)), sort, order),
      lookup: (id) => {
        const t = store.tickets.get(id);
        return t && inBrand(t) ? t : undefined;
      },
    });
    // The admin SDK's type reads `cursor`, the vendor's UI and docs `nextCursor`: send both.
    return jsonResponse(200, {
      data: page.data.map((t) => adminTicket(ctx, t)),
      pagination: { hasMore: page.hasMore, nextCursor: page.nextCursor, cursor: page.nextCursor },
    });
  });

  // Create a ticket on behalf of a customer (by id, or by email: created if missing).
  app.post(`${b}/tickets`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const raw = await readJson(c.req.raw);
    return idempotent(ctx, c, `admin:${c.req.header('authorization') ?? ''}`, raw, () => {
      const body = asRecord(raw);
      const errors: FieldError[] = [];
      const title = typeof body.title === 'string' ? body.title.trim() : '';
      if (title === '') errors.push({ field: 'title', message: 'title is required.' });
      else if (title.length > LIMITS.titleMaxLength) errors.push({ field: 'title', message: `title must be at most ${LIMITS.titleMaxLength} characters.` });
      if (body.body !== undefined && body.body !== null && typeof body.body !== 'string') errors.push({ field: 'body', message: 'body must be a string.' });
      else if (typeof body.body === 'string' && body.body.length > LIMITS.bodyMaxLength) errors.push({ field: 'body', message: 'body must be at most 20,000 characters.' });
      const priority = body.priority === undefined ? 'normal' : body.priority;
      if (priority !== null && !PRIORITIES.includes(priority as MockTicketPriority)) {
        errors.push({ field: 'priority', message: `priority must be one of: ${PRIORITIES.join(', ')} (or null).` });
      }
      const status = body.status === undefined ? 'open' : body.status;
      if (typeof status !== 'string' || !store.statusesOf(brand.id).some((s) => s.key === status && s.isActive)) {
        errors.push({ field: 'status', message: 'status must be the key of one of the brand\'s active statuses.' });
      }
      const categoryId = body.categoryId ?? null;
      if (categoryId !== null && (typeof categoryId !== 'string' || store.categories.get(categoryId)?.brandId !== brand.id)) {
        errors.push({ field: 'categoryId', message: 'categoryId must be the id of one of the brand\'s categories.' });
      }
      const customFields = validateCustomFields(ctx, brand.id, body.customFields, errors);
      const source = body.source ?? 'api';
      if (typeof source !== 'string' || !SOURCES.includes(source)) errors.push({ field: 'source', message: `source must be one of: ${SOURCES.join(', ')}.` });
      let customer: MockCustomer | undefined;
      if (body.customerId !== undefined && body.customerId !== null) {
        customer = typeof body.customerId === 'string' ? store.customers.get(body.customerId) : undefined;
        if (!customer || customer.brandId !== brand.id) errors.push({ field: 'customerId', message: 'customerId must be a customer of this brand.' });
      } else if (body.customerEmail !== undefined && body.customerEmail !== null) {
        const customerEmail = requireEmail(body.customerEmail, errors, 'customerEmail');
        const customerName = optionalString(body, 'customerName', errors);
        if (!errors.length) customer = store.upsertCustomer(brand.id, { email: customerEmail, name: customerName ?? null });
      } else {
        // The real API also files tickets without a customer (staff-made); this mock's tickets always have one.
        errors.push({ field: 'customerId', message: 'customerId or customerEmail is required.' });
      }
      if (errors.length || !customer) throw validationError(errors);
      const text = typeof body.body === 'string' ? body.body : '';
      const ticket = store.createTicket({
        customerId: customer.id,
        title,
        body: text,
        status: status as string,
        priority: priority as MockTicketPriority | null,
        categoryId: categoryId as string | null,
        customFields,
        source: source as string,
      });
      if (text.trim() !== '') {
        // The admin thread's "Original Request" copy, as for portal-made tickets.
        store.addComment(ticket.id, {
          body: text,
          authorType: 'CUSTOMER',
          authorName: customer.name ?? customer.email,
          authorId: customer.id,
          metadata: { isTicketBody: true },
          createdAt: ticket.createdAt,
        });
      }
      emitTicketCreated(ctx, ticket);
      return { status: 201, body: adminTicket(ctx, ticket) };
    });
  });

  // One ticket with every comment (internal notes flagged) and every file: what the staff console shows.
  app.get(`${b}/tickets/:ticketId`, (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const ready = ctx.faults.variants.adminAttachmentStatus;
    return jsonResponse(200, {
      ...adminTicket(ctx, ticket),
      comments: store.commentsOf(ticket.id).map((cm) => adminComment(ctx, cm)),
      attachments: ticketAttachments(ticket.id).map((a) => adminAttachment(a, ready)),
    });
  });

  // Soft delete: the ticket disappears from every listing and lookup.
  app.delete(`${b}/tickets/:ticketId`, (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    ticket.deletedAt = ctx.now();
    return jsonResponse(200, adminTicket(ctx, ticket));
  });

  // Every comment of the ticket, oldest first, internal notes and system events included.
  app.get(`${b}/tickets/:ticketId/comments`, (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    return jsonResponse(200, store.commentsOf(ticket.id).map((cm) => adminComment(ctx, cm)));
  });

  // A comment: staff reply (default), internal note (`internal` or `metadata.isInternal`), a customer's
  // message (`authorType: 'CUSTOMER'`, `authorId` = the customer) or a system event.
  app.post(`${b}/tickets/:ticketId/comments`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const raw = await readJson(c.req.raw);
    return idempotent(ctx, c, `admin:${c.req.header('authorization') ?? ''}`, raw, () => {
      const body = asRecord(raw);
      const errors: FieldError[] = [];
      if (typeof body.body !== 'string' || body.body.trim() === '') errors.push({ field: 'body', message: 'body is required.' });
      else if (body.body.length > LIMITS.bodyMaxLength) errors.push({ field: 'body', message: 'Body must be at most 20,000 characters.' });
      const authorName = optionalString(body, 'authorName', errors);
      const authorType = body.authorType === undefined ? 'AGENT' : String(body.authorType).toUpperCase();
      if (!AUTHOR_TYPES.includes(authorType)) errors.push({ field: 'authorType', message: 'authorType must be CUSTOMER, AGENT or SYSTEM.' });
      let authorId = optionalString(body, 'authorId', errors) ?? null;
      let customer: MockCustomer | undefined;
      if (authorType === 'CUSTOMER') {
        authorId ??= ticket.customerId;
        customer = store.customers.get(authorId);
        if (!customer || customer.brandId !== brand.id) errors.push({ field: 'authorId', message: 'authorId must be a customer of this brand.' });
      }
      if (body.internal !== undefined && typeof body.internal !== 'boolean') errors.push({ field: 'internal', message: 'internal must be a boolean.' });
      const metadata = body.metadata === undefined || body.metadata === null ? {} : body.metadata;
      if (typeof metadata !== 'object' || Array.isArray(metadata)) errors.push({ field: 'metadata', message: 'metadata must be an object.' });
      const setStatus = body.setStatus;
      if (setStatus !== undefined && (typeof setStatus !== 'string' || setStatus === 'closed' || !store.statusesOf(brand.id).some((s) => s.key === setStatus))) {
        errors.push({ field: 'setStatus', message: 'setStatus must be the key of one of the brand\'s statuses other than closed.' });
      }
      if (body.cc !== undefined && (!Array.isArray(body.cc) || body.cc.some((e) => typeof e !== 'string' || !EMAIL.test(e)))) {
        errors.push({ field: 'cc', message: 'cc must be a list of email addresses.' });
      }
      if (errors.length) throw validationError(errors);
      const now = ctx.now();
      const statusBefore = ticket.status;
      const stored = authorType === 'CUSTOMER' ? 'CUSTOMER' : authorType === 'SYSTEM' ? 'SYSTEM' : 'STAFF';
      const comment = store.addComment(ticket.id, {
        body: body.body as string,
        authorType: stored,
        authorName: authorName ?? (customer ? (customer.name ?? customer.email) : stored === 'STAFF' ? brand.fromName : null),
        authorId: stored === 'STAFF' ? (authorId ?? 'usr_api') : authorId,
        internal: body.internal === true,
        metadata: metadata as Record<string, unknown>,
        createdAt: now,
      });
      if (typeof setStatus === 'string') store.setStatus(ticket, setStatus, now);
      // A customer's message reopens a resolved ticket, as a portal reply does.
      else if (stored === 'CUSTOMER' && !isInternalComment(comment) && ticket.status === 'resolved') store.setStatus(ticket, 'open', now);
      // Every comment is announced, internal notes included (receivers decide what customers see).
      emitCommentCreated(ctx, ticket, comment);
      if (ticket.status !== statusBefore) emitTicketUpdated(ctx, ticket, { status: { from: statusBefore, to: ticket.status } });
      return { status: 201, body: adminComment(ctx, comment) };
    });
  });

  // Change status (with the reopen window), close reason, priority, category or custom fields.
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
    const title = typeof body.title === 'string' ? body.title.trim() : undefined;
    if (body.title !== undefined && (title === undefined || title === '')) errors.push({ field: 'title', message: 'title must be a non-empty string.' });
    else if (title !== undefined && title.length > LIMITS.titleMaxLength) errors.push({ field: 'title', message: `title must be at most ${LIMITS.titleMaxLength} characters.` });
    if (body.closeReason !== undefined && body.closeReason !== null && !CLOSE_REASONS.includes(body.closeReason as string)) {
      errors.push({ field: 'closeReason', message: `closeReason must be one of: ${CLOSE_REASONS.join(', ')}.` });
    }
    if (body.categoryId !== undefined && body.categoryId !== null && (typeof body.categoryId !== 'string' || store.categories.get(body.categoryId)?.brandId !== brand.id)) {
      errors.push({ field: 'categoryId', message: 'categoryId must be the id of one of the brand\'s categories.' });
    }
    const customFields = body.customFields === undefined ? undefined : validateCustomFields(ctx, brand.id, body.customFields, errors);
    if (errors.length) throw validationError(errors);
    const now = ctx.now();
    const status = typeof body.status === 'string' ? body.status : undefined;
    const window = ctx.faults.variants.reopenWindowDays;
    if (status !== undefined && window !== null && isClosedStatus(ticket.status) && !isClosedStatus(status) && now - (ticket.closedAt ?? ticket.updatedAt) > window * DAY_MS) {
      throw new ApiError(409, 'REOPEN_WINDOW_PASSED', `This ticket was closed more than ${window} days ago and can no longer be reopened.`);
    }
    const changes: MockTicketChanges = {};
    if (status !== undefined && status !== ticket.status) {
      changes.status = { from: ticket.status, to: status };
      store.setStatus(ticket, status, now);
    }
    if (body.closeReason !== undefined && ticket.status === 'closed' && body.closeReason !== ticket.closeReason) {
      changes.closeReason = { from: ticket.closeReason ?? null, to: body.closeReason };
      ticket.closeReason = body.closeReason as MockTicket['closeReason'];
    }
    if (body.priority !== undefined && body.priority !== ticket.priority) {
      changes.priority = { from: ticket.priority, to: body.priority };
      ticket.priority = body.priority as MockTicketPriority | null;
    }
    if (title !== undefined && title !== ticket.title) {
      changes.title = { from: ticket.title, to: title };
      ticket.title = title;
    }
    if (body.categoryId !== undefined && body.categoryId !== ticket.categoryId) {
      changes.categoryId = { from: ticket.categoryId, to: body.categoryId };
      ticket.categoryId = body.categoryId as string | null;
    }
    if (customFields) {
      // Merge; a null value removes the key.
      const merged: Record<string, unknown> = { ...ticket.customFields, ...customFields };
      for (const [k, v] of Object.entries(customFields)) if (v === null) delete merged[k];
      changes.customFields = { from: ticket.customFields, to: merged };
      ticket.customFields = merged;
    }
    if (Object.keys(changes).length) ticket.updatedAt = Math.max(ticket.updatedAt, now);
    emitTicketUpdated(ctx, ticket, changes);
    return jsonResponse(200, adminTicket(ctx, ticket));
  });

  // Admin upload flow: initiate → PUT the presigned URL → confirm.
  app.post(`${b}/tickets/:ticketId/attachments`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const raw = await readJson(c.req.raw);
    const meta = validateUploadMeta(raw);
    const body = asRecord(raw);
    const errors: FieldError[] = [];
    const uploadedBy = optionalString(body, 'uploadedBy', errors) ?? null;
    const commentId = optionalString(body, 'commentId', errors) ?? null;
    if (commentId !== null && store.getComment(commentId)?.ticketId !== ticket.id) errors.push({ field: 'commentId', message: 'commentId must be a comment of this ticket.' });
    if (errors.length) throw validationError(errors);
    const uploader = uploadedBy ? store.customers.get(uploadedBy) : undefined;
    const { attachment, uploadUrl, expiresAt } = await startUpload(ctx, c, meta, {
      brandId: brand.id,
      ticketId: ticket.id,
      uploaderCustomerId: uploader?.brandId === brand.id ? uploader.id : null,
      uploadedBy,
      commentId,
      flow: 'staff',
    });
    const expiresIn = Math.round((expiresAt - ctx.now()) / 1000);
    const json = adminAttachment(attachment, ctx.faults.variants.adminAttachmentStatus);
    const shape = ctx.faults.variants.adminInitiateShape;
    const bodies = {
      sdk: { attachmentId: attachment.id, uploadUrl, expiresIn },
      ui: { id: attachment.id, uploadUrl, filename: attachment.filename, expiresAt: iso(expiresAt) },
      attachment: { attachment: json, uploadUrl, expiresAt: iso(expiresAt) },
      superset: { attachmentId: attachment.id, id: attachment.id, attachment: json, uploadUrl, filename: attachment.filename, expiresAt: iso(expiresAt), expiresIn },
    };
    return jsonResponse(201, bodies[shape]);
  });

  app.post(`${b}/tickets/:ticketId/attachments/:attachmentId/confirm`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const id = c.req.param('attachmentId');
    const a = store.attachments.get(id);
    const ready = ctx.faults.variants.adminAttachmentStatus;
    return confirmUpload(ctx, c, a?.ticketId === ticket.id ? a : undefined, id, (x) => adminAttachment(x, ready));
  });

  // Every file of the ticket, whatever its state or the comment that links it: staff see all.
  app.get(`${b}/tickets/:ticketId/attachments`, (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const ready = ctx.faults.variants.adminAttachmentStatus;
    return jsonResponse(200, ticketAttachments(ticket.id).map((a) => adminAttachment(a, ready)));
  });

  app.get(`${b}/tickets/:ticketId/attachments/:attachmentId`, async (c) => {
    const brand = authenticateAdmin(ctx, c, brandParam(c));
    const ticket = brandTicket(ctx, brand, c.req.param('ticketId'));
    const id = c.req.param('attachmentId');
    const a = store.attachments.get(id);
    if (!a || a.ticketId !== ticket.id) throw new ApiError(404, 'ATTACHMENT_NOT_FOUND', `Attachment ${id} was not found.`);
    if (a.status !== 'UPLOADED') throw new ApiError(409, 'ATTACHMENT_NOT_READY', `Attachment ${id} has not been uploaded and confirmed.`);
    const { downloadUrl, expiresAt } = await signDownload(ctx, c, a);
    const json = adminAttachment(a, ctx.faults.variants.adminAttachmentStatus);
    return jsonResponse(200, attachmentWithUrl(json, downloadUrl, expiresAt, ctx.faults.variants.attachmentShape));
  });

  function ticketAttachments(ticketId: string) {
    return [...store.attachments.values()].filter((a) => a.ticketId === ticketId).sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1));
  }
}

/** Lower case, accents removed: "Zoë" matches "zoe". */
const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

export const searchTerms = (query: string): string[] => fold(query).split(/\s+/).filter(Boolean).slice(0, 20);

/** Every term appears in the ticket's title, body or number (and, with `adminSearch: 'comments'`, any comment). */
function matchesSearch(ctx: MockContext, brand: MockBrand, t: MockTicket, terms: string[], withComments: boolean): boolean {
  let text = `${t.title}\n${t.body}\n${brand.ticketPrefix}-${t.ticketNumber}\n${t.ticketNumber}`;
  if (withComments) for (const cm of ctx.store.commentsOf(t.id)) text += `\n${cm.body}`;
  const hay = fold(text);
  return terms.every((term) => hay.includes(term));
}
