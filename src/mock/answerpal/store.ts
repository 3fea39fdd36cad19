import type { ApAttachment, ApChannel, ApEndUser, ApEndUserUid, ApMessage, ApRep, ApTenant, ApTicket } from './types';

/** A random GUID (v4), as AnswerPal uses for attachment access tokens and ticket tokens. */
export const guid = (): string => crypto.randomUUID();

const totalSize = (chunks: Uint8Array[]) => chunks.reduce((n, c) => n + c.byteLength, 0);

export type UidMatch = 'case_insensitive' | 'exact';

export const sameUid = (a: string | null | undefined, b: string | null | undefined, mode: UidMatch): boolean => {
  if (a == null || b == null) return false;
  const x = a.trim();
  const y = b.trim();
  return mode === 'exact' ? x === y : x.toLowerCase() === y.toLowerCase();
};

export type NewTicket = Partial<Omit<ApTicket, 'tenantId'>> & { subject: string };
export type NewMessage = Partial<Omit<ApMessage, 'ticketMessageID' | 'ticketID'>>;
export type NewAttachment = Partial<Omit<ApAttachment, 'ticketMessageAttachmentID' | 'messageID' | 'chunks' | 'fileSizeBytes'>> & {
  bytes: Uint8Array | Uint8Array[];
};
export type NewEndUser = Partial<Omit<ApEndUser, 'endUserID' | 'tenantId' | 'uids'>> & {
  uids?: (Partial<Omit<ApEndUserUid, 'endUserUIDID'>> & { uid: string })[];
};

/**
 * The AnswerPal mock's data: tenants, representatives, channels, end users,
 * tickets, messages and attachments. Change it directly in tests
 * (`mock.store.addMessage(...)`); the routes read it on every request.
 */
export class AnswerPalStore {
  readonly tenants = new Map<number, ApTenant>();
  readonly reps = new Map<number, ApRep>();
  readonly channels = new Map<number, ApChannel>();
  readonly endUsers = new Map<number, ApEndUser>();
  readonly tickets = new Map<number, ApTicket>();
  readonly messages = new Map<number, ApMessage>();
  readonly attachments = new Map<number, ApAttachment>();
  #ids = { endUser: 100, uid: 500, ticket: 1000, message: 5000, attachment: 9000, rep: 0, channel: 0, tenant: 0 };
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  clear(): void {
    for (const map of [this.tenants, this.reps, this.channels, this.endUsers, this.tickets, this.messages, this.attachments]) map.clear();
    this.#ids = { endUser: 100, uid: 500, ticket: 1000, message: 5000, attachment: 9000, rep: 0, channel: 0, tenant: 0 };
  }

  addTenant(input: Omit<ApTenant, 'id'> & { id?: number }): ApTenant {
    const tenant = { ...input, id: input.id ?? ++this.#ids.tenant };
    this.#ids.tenant = Math.max(this.#ids.tenant, tenant.id);
    this.tenants.set(tenant.id, tenant);
    return tenant;
  }

  addRep(input: Omit<ApRep, 'customerRepID' | 'active' | 'deleted'> & Partial<Pick<ApRep, 'customerRepID' | 'active' | 'deleted'>>): ApRep {
    const rep: ApRep = { active: true, deleted: false, ...input, customerRepID: input.customerRepID ?? ++this.#ids.rep };
    this.#ids.rep = Math.max(this.#ids.rep, rep.customerRepID);
    this.reps.set(rep.customerRepID, rep);
    return rep;
  }

  addChannel(input: Omit<ApChannel, 'channelID'> & { channelID?: number }): ApChannel {
    const channel = { ...input, channelID: input.channelID ?? ++this.#ids.channel };
    this.#ids.channel = Math.max(this.#ids.channel, channel.channelID);
    this.channels.set(channel.channelID, channel);
    return channel;
  }

  addEndUser(tenantId: number, input: NewEndUser = {}): ApEndUser {
    const endUser: ApEndUser = {
      name: null,
      firstname: null,
      lastname: null,
      gender: null,
      otherContactDetails: null,
      aiDocumentation: null,
      customerRef: null,
      customerType: 'Lead',
      country: null,
      lang: null,
      street: null,
      houseNumber: null,
      postalCode: null,
      city: null,
      company: null,
      ...input,
      endUserID: ++this.#ids.endUser,
      tenantId,
      uids: [],
    };
    if (endUser.name === null && (endUser.firstname || endUser.lastname)) {
      endUser.name = [endUser.firstname, endUser.lastname].filter(Boolean).join(' ');
    }
    for (const uid of input.uids ?? []) this.addUid(endUser, uid);
    this.endUsers.set(endUser.endUserID, endUser);
    return endUser;
  }

  addUid(endUser: ApEndUser, input: Partial<Omit<ApEndUserUid, 'endUserUIDID'>> & { uid: string }): ApEndUserUid {
    const uid: ApEndUserUid = { uidType: 'Email', isPrimary: endUser.uids.length === 0, ...input, endUserUIDID: ++this.#ids.uid };
    if (uid.isPrimary) for (const other of endUser.uids) if (other.uidType === uid.uidType) other.isPrimary = false;
    endUser.uids.push(uid);
    return uid;
  }

  /** End users of the tenant whose UIDs or `customerRef` match (E1). */
  findEndUsersByUid(tenantId: number, uid: string, mode: UidMatch): ApEndUser[] {
    return [...this.endUsers.values()].filter(
      (e) => e.tenantId === tenantId && (e.uids.some((u) => sameUid(u.uid, uid, mode)) || sameUid(e.customerRef, uid, mode)),
    );
  }

  /** The end user owning this UID in the tenant (for linking new tickets), if exactly known. */
  endUserOwningUid(tenantId: number, uid: string, mode: UidMatch): ApEndUser | undefined {
    return [...this.endUsers.values()].find((e) => e.tenantId === tenantId && e.uids.some((u) => sameUid(u.uid, uid, mode)));
  }

  /** Tickets linked to any of the end user's UIDs or to its `customerRef` (E4 before filters). */
  ticketsOfEndUser(endUser: ApEndUser, mode: UidMatch): ApTicket[] {
    const keys = [...endUser.uids.map((u) => u.uid), ...(endUser.customerRef ? [endUser.customerRef] : [])];
    return [...this.tickets.values()].filter(
      (t) => t.tenantId === endUser.tenantId && !t.deleted && keys.some((k) => sameUid(t.uid, k, mode)),
    );
  }

  addTicket(tenantId: number, input: NewTicket): ApTicket {
    const now = this.#now();
    const ticket: ApTicket = {
      token: guid(),
      dateCreated: now,
      status: 'Open',
      isClosed: false,
      channelType: 'Email',
      channelID: null,
      uid: null,
      preview: null,
      summary: null,
      lastMessageDate: null,
      closeDate: null,
      endDate: null,
      followUpDate: null,
      customerRepID: null,
      escalated: false,
      isSpam: false,
      isImportant: false,
      isProcessed: true,
      processAt: null,
      aiFeedbackComments: [],
      topics: [],
      hasRecording: false,
      twilio_CallSid: null,
      fromNumber: null,
      toNumber: null,
      lastEndUserMessageID: null,
      endUserID: null,
      customFieldsData: null,
      isRead: false,
      deleted: false,
      ...input,
      ticketID: input.ticketID ?? ++this.#ids.ticket,
      tenantId,
    };
    this.#ids.ticket = Math.max(this.#ids.ticket, ticket.ticketID);
    this.tickets.set(ticket.ticketID, ticket);
    return ticket;
  }

  addMessage(ticket: ApTicket, input: NewMessage = {}): ApMessage {
    const now = this.#now();
    const message: ApMessage = {
      isIncoming: false,
      body: '',
      isDraft: false,
      isSent: false,
      isForward: false,
      isAiGenerated: false,
      fromAddress: null,
      toAddress: null,
      ccAddress: null,
      uid: null,
      dateCreated: now,
      dateSent: null,
      customFieldsData: null,
      replyToID: null,
      prompt: null,
      ...input,
      ticketMessageID: ++this.#ids.message,
      ticketID: ticket.ticketID,
    };
    this.messages.set(message.ticketMessageID, message);
    if (message.dateCreated >= (ticket.lastMessageDate ?? 0)) ticket.lastMessageDate = message.dateCreated;
    if (message.isIncoming) {
      ticket.lastEndUserMessageID = message.ticketMessageID;
      ticket.preview = message.body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
    }
    return message;
  }

  addAttachment(message: ApMessage, input: NewAttachment): ApAttachment {
    const { bytes, ...rest } = input;
    const chunks = Array.isArray(bytes) ? bytes : [bytes];
    const attachment: ApAttachment = {
      fileName: 'file.bin',
      contentType: 'application/octet-stream',
      createdDateTime: this.#now(),
      isEndUserProvided: false,
      isCustomerRepProvided: true,
      convertedFromAttachmentID: null,
      contentId: null,
      accessToken: guid(),
      ...rest,
      ticketMessageAttachmentID: ++this.#ids.attachment,
      messageID: message.ticketMessageID,
      fileSizeBytes: totalSize(chunks),
      chunks,
    };
    this.attachments.set(attachment.ticketMessageAttachmentID, attachment);
    return attachment;
  }

  /** Messages of a ticket, oldest first (stored shape). */
  messagesOf(ticketID: number): ApMessage[] {
    return [...this.messages.values()].filter((m) => m.ticketID === ticketID).sort((a, b) => a.dateCreated - b.dateCreated || a.ticketMessageID - b.ticketMessageID);
  }

  attachmentsOf(messageID: number): ApAttachment[] {
    return [...this.attachments.values()].filter((a) => a.messageID === messageID);
  }

  attachmentByToken(token: string): ApAttachment | undefined {
    const wanted = token.toLowerCase();
    for (const a of this.attachments.values()) if (a.accessToken.toLowerCase() === wanted) return a;
    return undefined;
  }

  /** Unprocessed tickets whose processing time has come become processed (lazily, on read). */
  settle(now: number): void {
    for (const t of this.tickets.values()) {
      if (!t.isProcessed && t.processAt !== null && t.processAt <= now) {
        t.isProcessed = true;
        t.processAt = null;
      }
    }
  }

  /** Representatives with this username (compared case-insensitively), in id order. */
  repByUsername(username: string): ApRep[] {
    return [...this.reps.values()].filter((r) => r.username.toLowerCase() === username.toLowerCase());
  }
}
