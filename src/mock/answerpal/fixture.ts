import { makePdf } from '../assets';
import type { AnswerPalStore } from './store';
import type { ApTicket } from './types';

const enc = new TextEncoder();

export interface FixtureCustomer {
  /** The end user's id: what an adapter reports as the customer id. */
  customerId: string;
  email: string;
  ticketIds: string[];
  /** Files of public messages (the customer's and sent replies'). */
  attachmentIds: string[];
}

export interface FixtureTicket {
  ticketId: string;
  messageId: string;
  attachmentIds: string[];
}

export interface PlantedContent {
  /** Unique strings that appear only in the planted hidden content. */
  canaries: string[];
  messageIds: string[];
  /** Files of hidden messages: never listed, never served. */
  attachmentIds: string[];
  /** Their public `/api/File/{accessToken}` tokens. */
  accessTokens: string[];
}

/**
 * Test-harness hooks for the gateway's conformance and attack suite: plants
 * what a customer must never see on a ticket, creates other customers with
 * tickets and files, and lists every string that must never reach a browser.
 * In-process on the mock's store; the same operations are under
 * `/__mock/answerpal/fixture/*` for a mock served in another process.
 *
 * @example
 * const planted = mock.fixture.plantHidden(ANSWERPAL_SEED.tickets.rich);
 * // … drive the gateway, then: expect(output).not.toContain(planted.canaries[0]);
 */
export class AnswerPalFixture {
  readonly #store: AnswerPalStore;
  readonly #now: () => number;
  readonly #reset: () => void;
  #n = 0;

  constructor(store: AnswerPalStore, now: () => number, reset: () => void) {
    this.#store = store;
    this.#now = now;
    this.#reset = reset;
  }

  /** Back to the seed (data, switches, faults). */
  reset(): void {
    this.#reset();
  }

  #ticket(id: string | number): ApTicket {
    const ticket = this.#store.tickets.get(Number(id));
    if (!ticket) throw new Error(`AnswerPal fixture: no ticket ${id}`);
    return ticket;
  }

  /** The end user owning `email` in tenant 1, created (with that email as primary UID) if missing. */
  #endUser(email: string, name?: string) {
    const found = this.#store.endUserOwningUid(1, email, 'case_insensitive');
    if (found) return found;
    return this.#store.addEndUser(1, { name: name ?? null, customerType: 'Customer', uids: [{ uidType: 'Email', uid: email.trim().toLowerCase(), isPrimary: true }] });
  }

  /**
   * A processed ticket linked to `email`: the customer's first message with a
   * file, and (unless `staffReply: null`) a sent staff reply with a file.
   */
  addTicket(
    email: string,
    input: { subject?: string; body?: string; closed?: boolean; attachment?: boolean; staffReply?: string | null; createdAt?: number } = {},
  ): FixtureTicket {
    const endUser = this.#endUser(email);
    const n = ++this.#n;
    const created = input.createdAt ?? this.#now();
    const ticket = this.#store.addTicket(1, {
      subject: input.subject ?? `Fixture ticket ${n}`,
      uid: email.trim().toLowerCase(),
      endUserID: endUser.endUserID,
      channelID: 2,
      channelType: 'Chat',
      dateCreated: created,
      ...(input.closed ? { isClosed: true, status: 'Closed', closeDate: created } : {}),
    });
    const first = this.#store.addMessage(ticket, { isIncoming: true, uid: ticket.uid, body: input.body ?? `Question ${n} from ${email}`, dateCreated: created });
    const attachmentIds: string[] = [];
    if (input.attachment !== false) {
      const a = this.#store.addAttachment(first, {
        fileName: `customer-file-${n}.txt`,
        contentType: 'text/plain',
        isEndUserProvided: true,
        isCustomerRepProvided: false,
        bytes: enc.encode(`file ${n} of ${email}\n`),
      });
      attachmentIds.push(String(a.ticketMessageAttachmentID));
    }
    if (input.staffReply !== null) {
      const reply = this.#store.addMessage(ticket, {
        isIncoming: false,
        isSent: true,
        replyToID: first.ticketMessageID,
        dateCreated: created + 1000,
        dateSent: created + 1000,
        body: input.staffReply ?? `Answer ${n}`,
      });
      if (input.attachment !== false) {
        const a = this.#store.addAttachment(reply, { fileName: `staff-file-${n}.pdf`, contentType: 'application/pdf', bytes: makePdf([`Answer ${n}`]) });
        attachmentIds.push(String(a.ticketMessageAttachmentID));
      }
    }
    return { ticketId: String(ticket.ticketID), messageId: String(first.ticketMessageID), attachmentIds };
  }

  /** Another customer (end user) with `tickets` tickets (default 2), each with files from both sides. */
  addCustomer(input: { email: string; name?: string; tickets?: number }): FixtureCustomer {
    const endUser = this.#endUser(input.email, input.name);
    const made = Array.from({ length: input.tickets ?? 2 }, (_, i) => this.addTicket(input.email, { createdAt: this.#now() - (i + 1) * 60_000 }));
    return {
      customerId: String(endUser.endUserID),
      email: input.email.trim().toLowerCase(),
      ticketIds: made.map((t) => t.ticketId),
      attachmentIds: made.flatMap((t) => t.attachmentIds),
    };
  }

  /**
   * Plants everything a customer must never see on the ticket: a draft reply
   * and an unsent AI reply (with its prompt) to the customer's last message,
   * each with a file; a forward to a third party with a file, and the third
   * party's answer; an internal note; AI feedback, a summary, topics and
   * custom fields on the ticket; and a sent reply linking the draft's file
   * through its public `/api/File/…` URL.
   */
  plantHidden(ticketId: string | number): PlantedContent {
    const ticket = this.#ticket(ticketId);
    const tag = `${ticket.ticketID}-${++this.#n}`;
    const canary = (kind: string) => `HIDDEN-${kind}-${tag}`;
    const now = this.#now();
    const lastIncoming = [...this.#store.messagesOf(ticket.ticketID)].reverse().find((m) => m.isIncoming);
    const replyToID = lastIncoming?.ticketMessageID ?? null;
    const out: PlantedContent = { canaries: [], messageIds: [], attachmentIds: [], accessTokens: [] };
    const note = (c: string) => {
      out.canaries.push(c);
      return c;
    };
    const message = (input: Parameters<AnswerPalStore['addMessage']>[1], file?: string) => {
      const m = this.#store.addMessage(ticket, { dateCreated: now, ...input });
      out.messageIds.push(String(m.ticketMessageID));
      if (file) {
        const a = this.#store.addAttachment(m, { fileName: `${file}.pdf`, contentType: 'application/pdf', bytes: makePdf([file]) });
        out.attachmentIds.push(String(a.ticketMessageAttachmentID));
        out.accessTokens.push(a.accessToken);
      }
      return m;
    };
    message({ isIncoming: false, isDraft: true, replyToID, toAddress: ticket.uid, body: note(canary('DRAFT')) }, note(canary('DRAFTFILE')));
    message({ isIncoming: false, isDraft: true, isAiGenerated: true, replyToID, body: note(canary('AIDRAFT')), prompt: note(canary('PROMPT')) }, note(canary('AIFILE')));
    message({ isIncoming: false, isAiGenerated: true, replyToID, body: note(canary('AIUNSENT')) });
    const third = `third-party-${tag}@external.example`;
    message({ isIncoming: false, isForward: true, isSent: true, toAddress: note(third), dateSent: now, body: note(canary('FORWARD')) }, note(canary('FWDFILE')));
    message({ isIncoming: true, uid: third, fromAddress: third, body: note(canary('THIRDPARTY')) });
    message({ isIncoming: false, body: note(canary('NOTE')), customFieldsData: { internal: note(canary('MSGFIELD')) } });
    message({ isIncoming: false, isSent: true, dateSent: now, body: `Sent reply linking a hidden file: https://api.answerpal.eu/api/File/${out.accessTokens[0] ?? ''}` });
    out.messageIds.pop();
    ticket.aiFeedbackComments.push(note(canary('AIFEEDBACK')));
    ticket.summary = note(canary('SUMMARY'));
    ticket.topics.push(note(canary('TOPIC')));
    ticket.customFieldsData = { ...ticket.customFieldsData, internal: note(canary('CUSTOMFIELD')) };
    return out;
  }

  /** A sent staff reply (public), or with `{ draft: true }` an unsent one. */
  addStaffReply(ticketId: string | number, body: string, opts: { draft?: boolean } = {}): string {
    const ticket = this.#ticket(ticketId);
    const now = this.#now();
    const m = this.#store.addMessage(ticket, { isIncoming: false, isSent: !opts.draft, isDraft: !!opts.draft, dateCreated: now, dateSent: opts.draft ? null : now, body });
    return String(m.ticketMessageID);
  }

  /** Marks the ticket spam, closes it or deletes it upstream (tickets leaving a customer's list). */
  updateTicket(ticketId: string | number, change: { spam?: boolean; closed?: boolean; deleted?: boolean }): void {
    const ticket = this.#ticket(ticketId);
    if (change.spam !== undefined) ticket.isSpam = change.spam;
    if (change.deleted !== undefined) ticket.deleted = change.deleted;
    if (change.closed !== undefined) {
      ticket.isClosed = change.closed;
      ticket.status = change.closed ? 'Closed' : 'Open';
      ticket.closeDate = change.closed ? this.#now() : null;
    }
  }

  /** Every string that must never appear in gateway output: all canaries (seed and planted), access tokens, ticket tokens, `/api/File/`. */
  forbiddenStrings(): string[] {
    const out = new Set<string>(['/api/File/', '/api/file/']);
    for (const a of this.#store.attachments.values()) out.add(a.accessToken);
    for (const t of this.#store.tickets.values()) {
      out.add(t.token);
      for (const c of t.aiFeedbackComments) out.add(c);
      if (t.summary) out.add(t.summary);
    }
    for (const m of this.#store.messages.values()) {
      for (const s of [m.body, m.prompt ?? ''].join('\n').match(/(?:HIDDEN-[A-Z]+-[\d-]+|[A-Z-]*CANARY)/g) ?? []) out.add(s);
    }
    for (const e of this.#store.endUsers.values()) if (e.aiDocumentation) out.add(e.aiDocumentation);
    return [...out].filter((s) => s.length >= 8);
  }
}
