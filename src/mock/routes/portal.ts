import type { Hono } from 'hono';
import {
  asRecord,
  authenticatePortal,
  consumeRate,
  customerTicket,
  idempotent,
  isPortalVisibleTicket,
  issuePortalToken,
  type AppContext,
  type AppEnv,
  type MockContext,
  type PortalAuth,
} from '../context';
import { ApiError, iso, JSON_BODY_MAX_BYTES, jsonResponse, readBodyLimited, readJson, validationError, type FieldError } from '../http';
import { attachmentWithUrl, portalAttachment, portalComment, portalTicket, portalTicketDetail } from '../serialize';
import { signStorageUrl, storageUrlExpiry } from '../storage';
import type { AddAttachmentInput } from '../store';
import type { MockAttachment, MockTicket } from '../types';
import { emitCommentCreated, emitTicketCreated, emitTicketUpdated } from '../webhooks';

/** Limits the mock enforces, as the API documents them (docs/portal-api.md#limits, docs/portal-api.md#file-limits). */
export const LIMITS = {
  titleMaxLength: 200,
  bodyMaxLength: 20_000,
  fileMaxBytes: 52_428_800,
  filenameMaxLength: 255,
  jsonBodyMaxBytes: JSON_BODY_MAX_BYTES,
  pageSizeDefault: 20,
  pageSizeMax: 50,
} as const;

const originOf = (c: AppContext) => new URL(c.req.url).origin;

/** `limit` in [1, max], else 400. */
export function parseLimit(raw: string | undefined, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw validationError([{ field: 'limit', message: `limit must be an integer between 1 and ${max}.` }]);
  }
  return n;
}

export function parseSortOrder(c: AppContext): { sort: 'createdAt' | 'updatedAt'; order: 'asc' | 'desc' } {
  const sort = c.req.query('sort') || 'createdAt';
  const order = c.req.query('order') || 'desc';
  const errors: FieldError[] = [];
  if (sort !== 'createdAt' && sort !== 'updatedAt') errors.push({ field: 'sort', message: 'sort must be one of: createdAt, updatedAt.' });
  if (order !== 'asc' && order !== 'desc') errors.push({ field: 'order', message: 'order must be one of: asc, desc.' });
  if (errors.length) throw validationError(errors);
  return { sort: sort as 'createdAt' | 'updatedAt', order: order as 'asc' | 'desc' };
}

/** A status filter: one key, or several joined by commas (lenient: the API's behaviour for several is undocumented). */
export const parseStatuses = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function sortTickets(tickets: MockTicket[], sort: 'createdAt' | 'updatedAt', order: 'asc' | 'desc'): MockTicket[] {
  const sign = order === 'asc' ? 1 : -1;
  return tickets.sort((a, b) => (a[sort] - b[sort] || a.seq - b.seq) * sign);
}

/** In `u` mode a surrogate pair is one code point, so this matches only a half of one. */
const LONE_SURROGATE = /\p{Cs}/u;

export function validateUploadMeta(body: unknown): { filename: string; contentType: string; size: number } {
  const b = asRecord(body);
  const errors: FieldError[] = [];
  const { filename, contentType, size } = b;
  if (typeof filename !== 'string' || filename.trim() === '') errors.push({ field: 'filename', message: 'filename is required.' });
  else if (LONE_SURROGATE.test(filename)) {
    // Not valid Unicode: it cannot be stored as UTF-8 or put in a URL.
    errors.push({ field: 'filename', message: 'filename must be valid Unicode text (it contains an unpaired surrogate).' });
  } else if (filename.length > LIMITS.filenameMaxLength) {
    errors.push({ field: 'filename', message: `filename must be at most ${LIMITS.filenameMaxLength} characters.` });
  }
  if (typeof contentType !== 'string' || contentType.trim() === '') errors.push({ field: 'contentType', message: 'contentType is required.' });
  else if (!/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(contentType.trim())) {
    errors.push({ field: 'contentType', message: 'contentType must be a MIME type such as image/png.' });
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    errors.push({ field: 'size', message: 'size is required: the file size in bytes (an integer).' });
  } else if (size > LIMITS.fileMaxBytes) {
    errors.push({ field: 'size', message: 'File is too large: the maximum size is 50 MB (52,428,800 bytes).' });
  }
  if (errors.length) throw validationError(errors);
  return { filename: (filename as string).trim(), contentType: (contentType as string).trim(), size: size as number };
}

/** Records a PENDING attachment and presigns its PUT (portal and admin initiate). */
export async function startUpload(
  ctx: MockContext,
  c: AppContext,
  meta: { filename: string; contentType: string; size: number },
  owner: Pick<AddAttachmentInput, 'brandId' | 'ticketId' | 'uploaderCustomerId' | 'flow' | 'uploadedBy' | 'commentId'>,
): Promise<{ attachment: MockAttachment; uploadUrl: string; expiresAt: number }> {
  ctx.store.sweepPendingAttachments(ctx.now());
  const attachment = ctx.store.addAttachment({ ...owner, ...meta, status: 'PENDING' });
  const expiresAt = storageUrlExpiry(ctx);
  const uploadUrl = await signStorageUrl(ctx, originOf(c), {
    method: 'PUT',
    key: attachment.objectKey,
    contentType: attachment.contentType,
    size: attachment.size,
    expiresAt,
  });
  return { attachment, uploadUrl, expiresAt };
}

/** A presigned GET for the file, valid for the URL lifetime. */
export async function signDownload(ctx: MockContext, c: AppContext, a: MockAttachment): Promise<{ downloadUrl: string; expiresAt: string }> {
  const expiresAt = storageUrlExpiry(ctx);
  const downloadUrl = await signStorageUrl(ctx, originOf(c), { method: 'GET', key: a.objectKey, contentType: a.contentType, expiresAt });
  return { downloadUrl, expiresAt: iso(expiresAt) };
}

async function initiateUpload(ctx: MockContext, c: AppContext, auth: PortalAuth, ticketId: string | null) {
  const meta = validateUploadMeta(await readJson(c.req.raw));
  const { attachment, uploadUrl, expiresAt } = await startUpload(ctx, c, meta, {
    brandId: auth.brand.id,
    ticketId,
    uploaderCustomerId: auth.customer.id,
    flow: ticketId === null ? 'pending' : 'ticket',
  });
  return jsonResponse(201, { attachment: portalAttachment(attachment), uploadUrl, expiresAt: iso(expiresAt) });
}

/** Confirm: UPLOADED once the bytes are in storage; before the PUT → 400 and status FAILED (what the API does here is undocumented). */
export async function confirmUpload(
  ctx: MockContext,
  c: AppContext,
  attachment: MockAttachment | undefined,
  id: string,
  serialize: (a: MockAttachment) => unknown = portalAttachment,
) {
  // The SDK sends `{}`, the vendor UI no body at all; both are fine, and the body is ignored (within the size limit).
  await readBodyLimited(c.req.raw);
  if (!attachment) throw new ApiError(404, 'ATTACHMENT_NOT_FOUND', `Attachment ${id} was not found.`);
  if (attachment.status !== 'UPLOADED') {
    if (!ctx.store.objects.has(attachment.objectKey)) {
      attachment.status = 'FAILED';
      throw new ApiError(400, 'UPLOAD_INCOMPLETE', 'The file has not been uploaded yet: PUT it to the uploadUrl before confirming.', {
        details: { attachmentId: attachment.id, status: 'FAILED' },
      });
    }
    attachment.status = 'UPLOADED';
  }
  return jsonResponse(200, serialize(attachment));
}

export function registerPortalRoutes(app: Hono<AppEnv>, ctx: MockContext, base: string): void {
  const { store } = ctx;

  // Swap a magic-link token for a portal token. No Authorization header.
  app.post(`${base}/portal/verify`, async (c) => {
    consumeRate(ctx, c, 'anon');
    const body = asRecord(await readJson(c.req.raw));
    if (typeof body.token !== 'string' || body.token === '') {
      throw validationError([{ field: 'token', message: 'token is required.' }]);
    }
    const link = store.magicLinks.get(body.token);
    if (link) c.get('rc').brandId = link.brandId;
    const brand = link ? store.brands.get(link.brandId) : undefined;
    if (!link || !brand || link.usedAt !== null || link.expiresAt <= ctx.now()) {
      const reason = !link || !brand ? 'unknown' : link.usedAt !== null ? 'used' : 'expired';
      throw new ApiError(401, 'INVALID_MAGIC_LINK', 'This sign-in link is invalid, expired or already used. Request a new one.', {
        details: { reason },
      });
    }
    link.usedAt = ctx.now();
    const customer = store.upsertCustomer(brand.id, { email: link.email });
    return jsonResponse(200, await issuePortalToken(ctx, brand, customer));
  });

  // Renew: a fresh token for the same customer (only while the current one is valid).
  app.post(`${base}/portal/refresh`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    return jsonResponse(200, await issuePortalToken(ctx, auth.brand, auth.customer));
  });

  // The customer's tickets, with cursor pagination.
  app.get(`${base}/portal/tickets`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const limit = parseLimit(c.req.query('limit'), LIMITS.pageSizeMax, LIMITS.pageSizeDefault);
    const { sort, order } = parseSortOrder(c);
    const statuses = parseStatuses(c.req.query('status'));
    const cursor = c.req.query('cursor') || null;
    const owns = (t: MockTicket) => t.brandId === auth.brand.id && t.customerId === auth.customer.id && isPortalVisibleTicket(t);
    const page = ctx.pager.page({
      scope: `portal\n${auth.customer.id}\n${statuses.join(',')}\n${sort}\n${order}`,
      cursor,
      limit,
      order,
      key: (t) => t[sort],
      list: () =>
        sortTickets(
          [...store.tickets.values()].filter((t) => owns(t) && (statuses.length === 0 || statuses.includes(t.status))),
          sort,
          order,
        ),
      lookup: (id) => {
        const t = store.tickets.get(id);
        return t && owns(t) ? t : undefined;
      },
    });
    return jsonResponse(200, {
      data: page.data.map((t) => portalTicket(ctx, t)),
      pagination: { hasMore: page.hasMore, nextCursor: page.nextCursor },
    });
  });

  // Uploads before the ticket exists, registered before /portal/tickets/:ticketId, so "attachments" is never read as a ticket id.
  app.post(`${base}/portal/tickets/attachments/pending`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    return initiateUpload(ctx, c, auth, null);
  });

  app.post(`${base}/portal/tickets/attachments/pending/:attachmentId/confirm`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const id = c.req.param('attachmentId');
    const a = store.attachments.get(id);
    const mine = a && a.brandId === auth.brand.id && a.uploaderCustomerId === auth.customer.id && a.flow === 'pending' ? a : undefined;
    return confirmUpload(ctx, c, mine, id);
  });

  // One ticket with its visible comments.
  app.get(`${base}/portal/tickets/:ticketId`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const ticket = customerTicket(ctx, auth, c.req.param('ticketId'));
    return jsonResponse(200, portalTicketDetail(ctx, ticket));
  });

  // Create a ticket.
  app.post(`${base}/portal/tickets`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const raw = await readJson(c.req.raw);
    return idempotent(ctx, c, `portal:${auth.customer.id}`, raw, () => {
      const body = asRecord(raw);
      const errors: FieldError[] = [];
      const title = typeof body.title === 'string' ? body.title.trim() : '';
      if (typeof body.title !== 'string' || title === '') errors.push({ field: 'title', message: 'Title is required.' });
      else if (title.length > LIMITS.titleMaxLength) {
        errors.push({ field: 'title', message: `Title must be at most ${LIMITS.titleMaxLength} characters.` });
      }
      if (body.body !== undefined && body.body !== null && typeof body.body !== 'string') {
        errors.push({ field: 'body', message: 'body must be a string.' });
      } else if (typeof body.body === 'string' && body.body.length > LIMITS.bodyMaxLength) {
        errors.push({ field: 'body', message: 'Body must be at most 20,000 characters.' });
      }
      const attachments: MockAttachment[] = [];
      if (body.attachmentIds !== undefined && body.attachmentIds !== null) {
        if (!Array.isArray(body.attachmentIds) || body.attachmentIds.some((id) => typeof id !== 'string')) {
          errors.push({ field: 'attachmentIds', message: 'attachmentIds must be an array of attachment ids.' });
        } else {
          [...new Set(body.attachmentIds as string[])].forEach((id, i) => {
            const a = store.attachments.get(id);
            const field = `attachmentIds[${i}]`;
            if (!a || a.brandId !== auth.brand.id || a.uploaderCustomerId !== auth.customer.id || a.flow !== 'pending') {
              errors.push({ field, message: `Attachment ${id} was not found.` });
            } else if (a.ticketId !== null) {
              errors.push({ field, message: `Attachment ${id} is already attached to a ticket.` });
            } else if (a.status !== 'UPLOADED') {
              errors.push({ field, message: `Attachment ${id} has not been confirmed: upload and confirm it first.` });
            } else attachments.push(a);
          });
        }
      }
      if (errors.length) throw validationError(errors);
      const text = typeof body.body === 'string' ? body.body : '';
      const ticket = store.createTicket({ customerId: auth.customer.id, title, body: text, status: 'open', priority: 'normal' });
      if (text.trim() !== '') {
        // The admin thread's "Original Request" copy; the portal hides it.
        store.addComment(ticket.id, {
          body: text,
          authorType: 'CUSTOMER',
          authorName: auth.customer.name ?? auth.customer.email,
          authorId: auth.customer.id,
          metadata: { isTicketBody: true },
          createdAt: ticket.createdAt,
        });
      }
      for (const a of attachments) a.ticketId = ticket.id;
      emitTicketCreated(ctx, ticket);
      return { status: 201, body: portalTicket(ctx, ticket) };
    });
  });

  // Reply.
  app.post(`${base}/portal/tickets/:ticketId/comments`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const ticket = customerTicket(ctx, auth, c.req.param('ticketId'));
    const raw = await readJson(c.req.raw);
    return idempotent(ctx, c, `portal:${auth.customer.id}`, raw, () => {
      const body = asRecord(raw);
      if (typeof body.body !== 'string' || body.body.trim() === '') {
        throw validationError([{ field: 'body', message: 'Reply body is required.' }]);
      }
      if (body.body.length > LIMITS.bodyMaxLength) {
        throw validationError([{ field: 'body', message: 'Body must be at most 20,000 characters.' }]);
      }
      if (ticket.status === 'closed' && ctx.faults.variants.replyOnClosed === 'reject') {
        throw new ApiError(400, 'TICKET_CLOSED', 'This ticket is closed and can no longer receive replies. Please create a new ticket.');
      }
      const now = ctx.now();
      const statusBefore = ticket.status;
      // A reply reopens a resolved ticket (and a closed one when replies on closed tickets are allowed).
      if (ticket.status === 'resolved' || ticket.status === 'closed') ticket.status = 'open';
      const comment = store.addComment(ticket.id, {
        body: body.body,
        authorType: 'CUSTOMER',
        authorName: auth.customer.name ?? auth.customer.email,
        authorId: auth.customer.id,
        createdAt: now,
      });
      ticket.updatedAt = Math.max(ticket.updatedAt, now);
      emitCommentCreated(ctx, ticket, comment);
      if (ticket.status !== statusBefore) emitTicketUpdated(ctx, ticket, { status: { from: statusBefore, to: ticket.status } });
      return { status: 201, body: portalComment(ctx, comment) };
    });
  });

  // Start an upload onto a ticket.
  app.post(`${base}/portal/tickets/:ticketId/attachments`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const ticket = customerTicket(ctx, auth, c.req.param('ticketId'));
    return initiateUpload(ctx, c, auth, ticket.id);
  });

  // Confirm that upload.
  app.post(`${base}/portal/tickets/:ticketId/attachments/:attachmentId/confirm`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const ticket = customerTicket(ctx, auth, c.req.param('ticketId'));
    const id = c.req.param('attachmentId');
    const a = store.attachments.get(id);
    const mine = a && a.ticketId === ticket.id && a.uploaderCustomerId === auth.customer.id && a.flow === 'ticket' ? a : undefined;
    return confirmUpload(ctx, c, mine, id);
  });

  // A ticket's files: a bare array, UPLOADED only, never files linked only from internal notes.
  app.get(`${base}/portal/tickets/:ticketId/attachments`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const ticket = customerTicket(ctx, auth, c.req.param('ticketId'));
    return jsonResponse(200, store.visibleAttachments(ticket.id).map(portalAttachment));
  });

  // One file with a fresh download URL.
  app.get(`${base}/portal/tickets/:ticketId/attachments/:attachmentId`, async (c) => {
    const auth = await authenticatePortal(ctx, c);
    const ticket = customerTicket(ctx, auth, c.req.param('ticketId'));
    const id = c.req.param('attachmentId');
    const a = store.visibleAttachments(ticket.id).find((x) => x.id === id);
    if (!a) throw new ApiError(404, 'ATTACHMENT_NOT_FOUND', `Attachment ${id} was not found.`);
    const { downloadUrl, expiresAt } = await signDownload(ctx, c, a);
    return jsonResponse(200, attachmentWithUrl(portalAttachment(a), downloadUrl, expiresAt, ctx.faults.variants.attachmentShape));
  });
}
