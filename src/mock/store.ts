import { randomId } from './crypto';
import type {
  MockApiKey,
  MockAttachment,
  MockBrand,
  MockCategory,
  MockComment,
  MockCommentMetadata,
  MockCustomer,
  MockFieldDefinition,
  MockFieldEntity,
  MockOutboxEntry,
  MockStatus,
  MockStoredObject,
  MockTicket,
  MockTicketPriority,
  MockTicketStatus,
} from './types';

export interface MagicLinkRecord {
  token: string;
  brandId: string;
  email: string;
  expiresAt: number;
  usedAt: number | null;
}

export interface CreateTicketInput {
  brandId?: string;
  categoryId?: string | null;
  customFields?: Record<string, unknown>;
  source?: string;
  /** Either the customer's id or email (the customer is created if the email is unknown). */
  customerId?: string;
  customerEmail?: string;
  title: string;
  body?: string;
  status?: MockTicketStatus;
  priority?: MockTicketPriority | null;
  createdAt?: number;
  updatedAt?: number;
  id?: string;
  ticketNumber?: number;
}

export interface AddCommentInput {
  body: string;
  authorType?: MockComment['authorType'];
  authorName?: string | null;
  authorId?: string | null;
  internal?: boolean;
  metadata?: MockCommentMetadata;
  createdAt?: number;
  id?: string;
  /** Bump the ticket's `updatedAt` (default: true unless the comment is hidden from the portal). */
  touch?: boolean;
}

export interface AddAttachmentInput {
  id?: string;
  brandId: string;
  ticketId: string | null;
  uploaderCustomerId: string | null;
  commentId?: string | null;
  flow: MockAttachment['flow'];
  uploadedBy?: string | null;
  filename: string;
  contentType: string;
  size: number;
  status?: MockAttachment['status'];
  createdAt?: number;
  /** Bytes to store right away (seed files, staff files). */
  bytes?: Uint8Array;
}

/** A comment the portal never shows: internal notes and the "Original Request" copy; SYSTEM unless switched on. */
export function isHiddenFromPortal(comment: MockComment, showSystemComments: boolean): boolean {
  if (comment.internal || comment.metadata.isInternal === true) return true;
  if (comment.metadata.isTicketBody === true) return true;
  if (comment.authorType === 'SYSTEM' && !showSystemComments) return true;
  return false;
}

export const isInternalComment = (comment: MockComment): boolean =>
  comment.internal || comment.metadata.isInternal === true;

/** Statuses that count as finished: entering one stamps `closedAt`. */
export const isClosedStatus = (status: string): boolean => status === 'resolved' || status === 'closed';

/**
 * The mock's in-memory database. Plain maps you may read and change directly
 * in tests; the helpers below keep the indexes and counters right.
 *
 * Large seed data (the 2,000-ticket customer) is generated lazily, on first
 * access to tickets or comments, so creating a mock stays cheap.
 */
export class MockStore {
  readonly brands = new Map<string, MockBrand>();
  readonly apiKeys = new Map<string, MockApiKey>();
  readonly customers = new Map<string, MockCustomer>();
  readonly attachments = new Map<string, MockAttachment>();
  /** Presigned-storage objects by key. */
  readonly objects = new Map<string, MockStoredObject>();
  readonly magicLinks = new Map<string, MagicLinkRecord>();
  /** Magic links "sent", oldest first (the endpoint returns newest first). */
  readonly outbox: MockOutboxEntry[] = [];
  /** Ticket categories, every brand. */
  readonly categories = new Map<string, MockCategory>();
  /** Ticket statuses (system and custom), every brand. */
  readonly statuses = new Map<string, MockStatus>();
  /** Custom field definitions by brand, then entity. */
  readonly fields = new Map<string, Record<MockFieldEntity, MockFieldDefinition[]>>();

  readonly #tickets = new Map<string, MockTicket>();
  readonly #comments = new Map<string, MockComment[]>();
  readonly #commentById = new Map<string, MockComment>();
  readonly #customerByEmail = new Map<string, string>();
  #seq = 0;
  #lazy: Array<() => void> = [];
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** All tickets, every brand. */
  get tickets(): Map<string, MockTicket> {
    this.#materialize();
    return this.#tickets;
  }

  clear(): void {
    for (const map of [
      this.brands,
      this.apiKeys,
      this.customers,
      this.attachments,
      this.objects,
      this.magicLinks,
      this.categories,
      this.statuses,
      this.fields,
      this.#tickets,
      this.#comments,
      this.#commentById,
      this.#customerByEmail,
    ]) {
      map.clear();
    }
    this.outbox.length = 0;
    this.#lazy = [];
    this.#seq = 0;
  }

  /** Registers seed work to run on first access to tickets or comments. */
  defer(work: () => void): void {
    this.#lazy.push(work);
  }

  #materialize(): void {
    if (this.#lazy.length === 0) return;
    const work = this.#lazy;
    this.#lazy = [];
    for (const fn of work) fn();
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  // -- customers ------------------------------------------------------------

  addCustomer(customer: MockCustomer): MockCustomer {
    this.customers.set(customer.id, customer);
    this.#customerByEmail.set(`${customer.brandId}\n${customer.email}`, customer.id);
    return customer;
  }

  findCustomerByEmail(brandId: string, email: string): MockCustomer | undefined {
    const id = this.#customerByEmail.get(`${brandId}\n${email.trim().toLowerCase()}`);
    return id === undefined ? undefined : this.customers.get(id);
  }

  /** Finds the customer by email in the brand, creating it if missing (as the portal-token endpoint does). A given name replaces the stored one. */
  upsertCustomer(
    brandId: string,
    input: { email: string; name?: string | null; companyName?: string | null; sourceOrgId?: string | null },
  ): MockCustomer {
    const email = input.email.trim().toLowerCase();
    const existing = this.findCustomerByEmail(brandId, email);
    if (existing) {
      if (input.name) existing.name = input.name;
      if (input.companyName) existing.companyName = input.companyName;
      if (input.sourceOrgId) existing.sourceOrgId = input.sourceOrgId;
      return existing;
    }
    return this.addCustomer({
      id: randomId('cus'),
      brandId,
      email,
      name: input.name || null,
      companyName: input.companyName || null,
      sourceOrgId: input.sourceOrgId || null,
      createdAt: this.#now(),
    });
  }

  // -- tickets --------------------------------------------------------------

  /** Adds a ticket record as is (seed code); see {@link createTicket} for the friendly version. */
  insertTicket(ticket: MockTicket): MockTicket {
    this.#tickets.set(ticket.id, ticket);
    return ticket;
  }

  createTicket(input: CreateTicketInput): MockTicket {
    let customer: MockCustomer | undefined;
    if (input.customerId) customer = this.customers.get(input.customerId);
    else if (input.customerEmail) customer = this.upsertCustomer(input.brandId ?? 'br_demo', { email: input.customerEmail });
    if (!customer) throw new Error(`createTicket: unknown customer ${input.customerId ?? input.customerEmail ?? ''}`);
    const brand = this.brands.get(customer.brandId);
    if (!brand) throw new Error(`createTicket: unknown brand ${customer.brandId}`);
    const now = this.#now();
    const createdAt = input.createdAt ?? now;
    const ticket: MockTicket = {
      id: input.id ?? randomId('tkt'),
      brandId: brand.id,
      customerId: customer.id,
      ticketNumber: input.ticketNumber ?? brand.nextTicketNumber++,
      title: input.title,
      body: input.body ?? '',
      status: input.status ?? 'open',
      priority: input.priority === undefined ? 'normal' : input.priority,
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      seq: this.nextSeq(),
      mergedIntoId: null,
      deletedAt: null,
      categoryId: input.categoryId ?? null,
      customFields: { ...input.customFields },
      closedAt: isClosedStatus(input.status ?? 'open') ? createdAt : null,
      closeReason: null,
      source: input.source ?? 'api',
    };
    this.#materialize();
    return this.insertTicket(ticket);
  }

  /** Sets the status, stamping `closedAt` when the ticket enters `resolved` or `closed`. */
  setStatus(ticket: MockTicket, status: string, at: number): void {
    if (ticket.status === status) return;
    if (isClosedStatus(status) && !isClosedStatus(ticket.status)) ticket.closedAt = at;
    if (!isClosedStatus(status)) {
      ticket.closedAt = null;
      ticket.closeReason = null;
    }
    ticket.status = status;
  }

  // -- brand configuration -----------------------------------------------------

  /** The brand's statuses, by `sortOrder`. */
  statusesOf(brandId: string): MockStatus[] {
    return [...this.statuses.values()].filter((s) => s.brandId === brandId).sort((a, b) => a.sortOrder - b.sortOrder || (a.id < b.id ? -1 : 1));
  }

  /** The brand's categories, by `sortOrder`. */
  categoriesOf(brandId: string): MockCategory[] {
    return [...this.categories.values()].filter((c) => c.brandId === brandId).sort((a, b) => a.sortOrder - b.sortOrder || (a.id < b.id ? -1 : 1));
  }

  /** The brand's field definitions for one entity, by `sortOrder` (created empty on first use). */
  fieldsOf(brandId: string, entity: MockFieldEntity): MockFieldDefinition[] {
    let byEntity = this.fields.get(brandId);
    if (!byEntity) {
      byEntity = { ticket: [], customer: [], company: [] };
      this.fields.set(brandId, byEntity);
    }
    return byEntity[entity];
  }

  // -- comments -------------------------------------------------------------

  /** Comments of a ticket in creation order, hidden ones included. */
  commentsOf(ticketId: string): readonly MockComment[] {
    this.#materialize();
    return this.#comments.get(ticketId) ?? [];
  }

  getComment(commentId: string): MockComment | undefined {
    this.#materialize();
    return this.#commentById.get(commentId);
  }

  /** Adds a comment record as is (seed code), keeping creation order. */
  insertComment(comment: MockComment): MockComment {
    let list = this.#comments.get(comment.ticketId);
    if (!list) {
      list = [];
      this.#comments.set(comment.ticketId, list);
    }
    list.push(comment);
    this.#commentById.set(comment.id, comment);
    return comment;
  }

  addComment(ticketId: string, input: AddCommentInput): MockComment {
    const ticket = this.tickets.get(ticketId);
    if (!ticket) throw new Error(`addComment: unknown ticket ${ticketId}`);
    const createdAt = input.createdAt ?? this.#now();
    const comment = this.insertComment({
      id: input.id ?? randomId('cmt'),
      ticketId,
      body: input.body,
      authorType: input.authorType ?? 'STAFF',
      authorName: input.authorName ?? null,
      authorId: input.authorId ?? null,
      internal: input.internal ?? false,
      metadata: { ...input.metadata },
      createdAt,
    });
    const touch = input.touch ?? !isHiddenFromPortal(comment, false);
    if (touch && createdAt > ticket.updatedAt) ticket.updatedAt = createdAt;
    return comment;
  }

  /** Comments the portal shows, oldest first. */
  visibleComments(ticketId: string, showSystemComments: boolean): MockComment[] {
    return this.commentsOf(ticketId).filter((c) => !isHiddenFromPortal(c, showSystemComments));
  }

  // -- attachments ----------------------------------------------------------

  addAttachment(input: AddAttachmentInput): MockAttachment {
    const id = input.id ?? randomId('att');
    const createdAt = input.createdAt ?? this.#now();
    const attachment: MockAttachment = {
      id,
      brandId: input.brandId,
      ticketId: input.ticketId,
      uploaderCustomerId: input.uploaderCustomerId,
      commentId: input.commentId ?? null,
      flow: input.flow,
      uploadedBy: input.uploadedBy ?? null,
      filename: input.filename,
      contentType: input.contentType,
      size: input.bytes ? input.bytes.length : input.size,
      status: input.status ?? 'PENDING',
      objectKey: `${input.brandId}/${id}/${encodeURIComponent(input.filename)}`,
      createdAt,
    };
    this.attachments.set(id, attachment);
    if (input.bytes) {
      this.objects.set(attachment.objectKey, { bytes: input.bytes, contentType: input.contentType, uploadedAt: createdAt });
    }
    return attachment;
  }

  /** True when the file is linked from an internal note (and from nothing the customer can see). */
  isInternalOnlyAttachment(attachment: MockAttachment): boolean {
    if (attachment.commentId === null) return false;
    const comment = this.getComment(attachment.commentId);
    return comment !== undefined && isInternalComment(comment);
  }

  /** Attachments of a ticket the portal may list: UPLOADED and not internal-only. */
  visibleAttachments(ticketId: string): MockAttachment[] {
    const out: MockAttachment[] = [];
    for (const a of this.attachments.values()) {
      if (a.ticketId === ticketId && a.status === 'UPLOADED' && !this.isInternalOnlyAttachment(a)) out.push(a);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  /** Drops pending-flow uploads never attached to a ticket after 24 hours (when the API cleans them up is undocumented). */
  sweepPendingAttachments(now: number): void {
    for (const [id, a] of this.attachments) {
      if (a.flow === 'pending' && a.ticketId === null && now - a.createdAt > 24 * 3600_000) {
        this.attachments.delete(id);
        this.objects.delete(a.objectKey);
      }
    }
  }
}
