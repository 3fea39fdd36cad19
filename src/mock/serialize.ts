import type { MockContext } from './context';
import { iso } from './http';
import { isHiddenFromPortal, isInternalComment } from './store';
import type { MockAttachment, MockBrand, MockComment, MockTicket, MockVariants } from './types';

/** Wire shapes of the portal API (contract §2.2), honouring the active variants. */

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

/** P12 in the chosen shape: superset (default), flat (SDK) or nested (vendor UI, no `expiresAt`). */
export function attachmentWithUrl(a: MockAttachment, downloadUrl: string, expiresAt: string, shape: MockVariants['attachmentShape']) {
  const attachment = portalAttachment(a);
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
    createdAt: iso(brand.createdAt),
    updatedAt: iso(brand.updatedAt),
  };
}

export function adminTicket(ctx: MockContext, ticket: MockTicket) {
  const brand = ctx.store.brands.get(ticket.brandId);
  const customer = ctx.store.customers.get(ticket.customerId);
  return {
    id: ticket.id,
    brandId: ticket.brandId,
    ticketNumber: ticket.ticketNumber,
    publicId: ticketNumberOf(brand, ticket, 'string'),
    title: ticket.title,
    body: ticket.body,
    status: ticket.status,
    priority: ticket.priority,
    customerId: ticket.customerId,
    customer: customer ? { id: customer.id, email: customer.email, name: customer.name } : null,
    commentCount: ctx.store.commentsOf(ticket.id).length,
    mergedIntoId: ticket.mergedIntoId,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
  };
}

export function adminComment(ctx: MockContext, comment: MockComment) {
  return {
    id: comment.id,
    ticketId: comment.ticketId,
    body: comment.body,
    authorType: authorTypeOf(comment, ctx.faults.variants.authorType),
    authorName: comment.authorName,
    authorId: comment.authorId,
    /** Flagged for the staff console: true for either internal marker. */
    internal: isInternalComment(comment),
    metadata: { ...comment.metadata },
    createdAt: iso(comment.createdAt),
  };
}

export function adminAttachment(a: MockAttachment) {
  return { ...portalAttachment(a), ticketId: a.ticketId, commentId: a.commentId };
}
