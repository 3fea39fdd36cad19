import type { MockContext } from './context';
import { iso } from './http';
import { isHiddenFromPortal, isInternalComment } from './store';
import type { MockAttachment, MockBrand, MockCategory, MockComment, MockFieldDefinition, MockStatus, MockTicket, MockVariants } from './types';

/** Wire shapes of the portal API (docs/portal-api.md#tickets), honouring the active variants. */

export function ticketNumberOf(brand: MockBrand | undefined, ticket: MockTicket, variant: MockVariants['ticketNumber']): string | number {
  return variant === 'number' ? ticket.ticketNumber : `${brand?.ticketPrefix ?? 'TKT'}-${ticket.ticketNumber}`;
}

const authorTypeOf = (comment: MockComment, variant: MockVariants['authorType']) =>
  comment.authorType === 'STAFF' ? variant : comment.authorType;

export function portalTicket(ctx: MockContext, ticket: MockTicket) {
  const { variants } = ctx.faults;
  const brand = ctx.store.brands.get(ticket.brandId);
  const commentCount = ctx.store.commentsOf(ticket.id).reduce(
    (n, c) => (isHiddenFromPortal(c, variants.showSystemComments) ? n : n + 1),
    0,
  );
  return {
    id: ticket.id,
    ticketNumber: ticketNumberOf(brand, ticket, variants.ticketNumber),
    title: ticket.title,
    status: ticket.status,
    priority: ticket.priority,
    commentCount,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
  };
}

export function portalComment(ctx: MockContext, comment: MockComment) {
  return {
    id: comment.id,
    body: comment.body,
    authorType: authorTypeOf(comment, ctx.faults.variants.authorType),
    ...(comment.authorName ? { authorName: comment.authorName } : {}),
    ...(comment.authorId ? { authorId: comment.authorId } : {}),
    createdAt: iso(comment.createdAt),
  };
}

export function portalTicketDetail(ctx: MockContext, ticket: MockTicket) {
  const brand = ctx.store.brands.get(ticket.brandId);
  const comments = ctx.store.visibleComments(ticket.id, ctx.faults.variants.showSystemComments);
  return {
    ...portalTicket(ctx, ticket),
    body: ticket.body,
    brand: { name: brand?.name ?? '', ticketPrefix: brand?.ticketPrefix ?? '' },
    comments: comments.map((c) => portalComment(ctx, c)),
  };
}

export function portalAttachment(a: MockAttachment) {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    status: a.status,
    createdAt: iso(a.createdAt),
  };
}

/** One file with its download URL (portal and admin GET) in the chosen shape (docs/portal-api.md#download): superset (default), flat (SDK) or nested (vendor UI, no `expiresAt`). */
export function attachmentWithUrl<T extends object>(attachment: T, downloadUrl: string, expiresAt: string, shape: MockVariants['attachmentShape']) {
  if (shape === 'flat') return { ...attachment, downloadUrl, expiresAt };
  if (shape === 'nested') return { attachment, downloadUrl };
  return { ...attachment, attachment, downloadUrl, expiresAt };
}

// -- admin shapes ---------------------------------------------------------------

export function brandJson(brand: MockBrand) {
  return {
    id: brand.id,
    name: brand.name,
    slug: brand.slug,
    ticketPrefix: brand.ticketPrefix,
    nextTicketNumber: brand.nextTicketNumber,
    portalOrigins: [...brand.portalOrigins],
    url: brand.url,
    iconUrl: brand.iconUrl,
    fromName: brand.fromName,
    fromEmail: brand.fromEmail,
    csatEnabled: brand.csatEnabled ?? false,
    csatType: brand.csatType ?? 'thumbs',
    csatDelayMinutes: brand.csatDelayMinutes ?? 60,
    createdAt: iso(brand.createdAt),
    updatedAt: iso(brand.updatedAt),
  };
}

export function adminTicket(ctx: MockContext, ticket: MockTicket) {
  const { store } = ctx;
  const brand = store.brands.get(ticket.brandId);
  const customer = store.customers.get(ticket.customerId);
  const status = store.statusesOf(ticket.brandId).find((s) => s.key === ticket.status);
  const category = ticket.categoryId ? store.categories.get(ticket.categoryId) : undefined;
  let attachmentCount = 0;
  for (const a of store.attachments.values()) if (a.ticketId === ticket.id && a.status === 'UPLOADED') attachmentCount++;
  return {
    id: ticket.id,
    brandId: ticket.brandId,
    ticketNumber: ticket.ticketNumber,
    publicId: ticketNumberOf(brand, ticket, 'string'),
    title: ticket.title,
    body: ticket.body,
    status: ticket.status,
    statusId: status?.id ?? null,
    statusRef: status ? { id: status.id, key: status.key, name: status.name, color: status.color } : null,
    closeReason: ticket.closeReason ?? null,
    priority: ticket.priority,
    source: ticket.source ?? 'api',
    customerId: ticket.customerId,
    customer: customer ? { id: customer.id, email: customer.email, name: customer.name } : null,
    categoryId: category ? category.id : null,
    category: category ? { id: category.id, name: category.name, color: category.color } : null,
    customFields: { ...ticket.customFields },
    commentCount: store.commentsOf(ticket.id).length,
    attachmentCount,
    isSpam: ticket.status === 'spam',
    mergedIntoId: ticket.mergedIntoId,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
  };
}

export function adminComment(ctx: MockContext, comment: MockComment) {
  const flag = ctx.faults.variants.adminInternalFlag;
  const internal = isInternalComment(comment);
  const metadata = { ...comment.metadata };
  if (flag === 'metadata' && internal) metadata.isInternal = true;
  return {
    id: comment.id,
    ticketId: comment.ticketId,
    body: comment.body,
    authorType: authorTypeOf(comment, ctx.faults.variants.authorType),
    authorName: comment.authorName,
    authorId: comment.authorId,
    /** `both`: true for either internal marker (what the staff console reads); see {@link MockVariants.adminInternalFlag}. */
    ...(flag === 'metadata' ? {} : { internal: flag === 'both' ? internal : comment.internal }),
    metadata,
    parentId: null,
    createdAt: iso(comment.createdAt),
    updatedAt: iso(comment.createdAt),
  };
}

/** Admin attachment: portal fields plus ticket, comment and uploader; ready is `UPLOADED` or `CONFIRMED` per variant. */
export function adminAttachment(a: MockAttachment, readyStatus: MockVariants['adminAttachmentStatus'] = 'UPLOADED') {
  return {
    ...portalAttachment(a),
    status: a.status === 'UPLOADED' ? readyStatus : a.status,
    ticketId: a.ticketId,
    commentId: a.commentId,
    uploadedBy: a.uploadedBy ?? a.uploaderCustomerId ?? null,
    updatedAt: iso(a.createdAt),
  };
}

export function categoryJson(c: MockCategory) {
  return {
    id: c.id,
    brandId: c.brandId,
    name: c.name,
    color: c.color,
    description: c.description,
    sortOrder: c.sortOrder,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

export function statusJson(s: MockStatus) {
  return {
    id: s.id,
    brandId: s.brandId,
    name: s.name,
    key: s.key,
    color: s.color,
    description: s.description,
    isSystem: s.isSystem,
    isActive: s.isActive,
    sortOrder: s.sortOrder,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

/** A field definition with the visibility flags of the chosen variant. */
export function fieldJson(f: MockFieldDefinition, variant: MockVariants['fieldVisibility']) {
  const flags =
    variant === 'visible'
      ? { visible: f.showOnCreate || f.showInDetail }
      : { showOnCreate: f.showOnCreate, showInTable: f.showInTable, showInDetail: f.showInDetail };
  return {
    key: f.key,
    label: f.label,
    type: f.type,
    required: f.required,
    ...(f.defaultValue !== undefined ? { defaultValue: f.defaultValue } : {}),
    description: f.description,
    placeholder: f.placeholder,
    options: f.options,
    ...flags,
    sortOrder: f.sortOrder,
    source: f.source,
    createdAt: iso(f.createdAt),
  };
}
