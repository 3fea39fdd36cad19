/**
 * The demo's other helpdesks: mocks of the Switch Labs CRM and AnswerPal APIs,
 * each on its own local port in this process, and what the staff console does
 * on each. In your app these are the helpdesk's real API (its URL and
 * credentials in your server's environment) and your support team's own
 * tools; nothing here belongs in production code.
 */
import { ANSWERPAL_SEED, type ApMessage, type ApTicket } from '@dispatchtickets/react/mock/answerpal';
import { startAnswerPalMockServer, startSwitchLabsMockServer, type AnswerPalMockServer, type SwitchLabsMockServer } from '@dispatchtickets/react/mock/node';
import { SWITCHLABS_SEED, type SlConversation, type SlTicket, type SlTicketStatus } from '@dispatchtickets/react/mock/switchlabs';
import type { StaffComment, StaffTicket, StaffTicketDetail } from '../src/api';

export interface HelpdeskMocks {
  switchLabs: SwitchLabsMockServer;
  answerPal: AnswerPalMockServer;
}

/** Starts both mocks (port 0 = a free one). */
export async function startHelpdeskMocks(ports: { switchLabs?: number; answerPal?: number } = {}): Promise<HelpdeskMocks> {
  const [switchLabs, answerPal] = await Promise.all([
    startSwitchLabsMockServer({ port: ports.switchLabs ?? 0 }),
    startAnswerPalMockServer({ port: ports.answerPal ?? 0 }),
  ]);
  return { switchLabs, answerPal };
}

export { ANSWERPAL_SEED, SWITCHLABS_SEED };

/**
 * What the staff console can do on a helpdesk: list a customer's tickets, read
 * one with everything staff see (internal notes too), reply or note, and set
 * a status in the helpdesk's own vocabulary. Missing tickets resolve null.
 */
export interface StaffDesk {
  statuses: string[];
  tickets(email: string): Promise<StaffTicket[]>;
  ticket(id: string): Promise<StaffTicketDetail | null>;
  comment(id: string, body: string, internal: boolean): Promise<StaffComment | null>;
  setStatus(id: string, status: string): Promise<StaffTicket | null>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Switch Labs, through the mock's data and fixture: replies come from the agent Priya Shah. */
export function switchLabsDesk(server: SwitchLabsMockServer): StaffDesk {
  const { store, fixture } = server.mock;
  const keyUsers = () => new Set([...store.apiKeys.values()].map((k) => k.user_id));
  const live = (id: string): SlTicket | null => {
    const t = store.tickets.get(id);
    return t && t.deleted_at === null ? t : null;
  };
  const summary = (t: SlTicket): StaffTicket => {
    const customer = store.customers.get(t.customer_id);
    return { id: t.id, publicId: `#${t.number}`, title: t.subject, status: t.status, updatedAt: iso(t.updated_at), customer: customer ? { email: customer.email, name: customer.name } : null };
  };
  const comment = (c: SlConversation): StaffComment => {
    const user = c.author_id ? store.users.get(c.author_id) : undefined;
    // The portal posts with the API key, so the key's user is the customer writing through the portal.
    const viaPortal = c.author_kind === 'user' && c.author_id !== null && keyUsers().has(c.author_id) && c.internal === false;
    return {
      id: c.id,
      body: c.content,
      authorType: c.author_kind === 'customer' || viaPortal ? 'CUSTOMER' : c.author_kind === 'user' ? 'STAFF' : 'SYSTEM',
      authorName: viaPortal ? 'Customer (via the portal)' : (user?.name ?? null),
      internal: c.internal !== false || c.type === 'note' || c.type === 'system',
      createdAt: iso(c.created_at),
    };
  };
  return {
    statuses: ['new', 'open', 'in_progress', 'pending', 'resolved', 'closed'],
    async tickets(email) {
      const customer = store.customersByEmail(email, false)[0];
      if (!customer) return [];
      return fixture
        .ticketsOf(customer.id)
        .map(live)
        .filter((t): t is SlTicket => t !== null)
        .sort((a, b) => b.updated_at - a.updated_at)
        .slice(0, 50)
        .map(summary);
    },
    async ticket(id) {
      const t = live(id);
      if (!t) return null;
      const comments = [...store.conversations.values()].filter((c) => c.ticket_id === id && c.deleted_at === null).sort((a, b) => a.created_at - b.created_at);
      return { ...summary(t), body: t.description, comments: comments.map(comment) };
    },
    async comment(id, body, internal) {
      const t = live(id);
      if (!t) return null;
      if (!internal) return comment(store.conversations.get(fixture.staffReply(id, body))!);
      const agent = [...store.users.values()].find((u) => !keyUsers().has(u.id));
      t.updated_at = Date.now();
      return comment(store.addConversation({ ticket_id: id, type: 'note', internal: true, content: body, author_id: agent?.id ?? null, author_kind: 'user' }));
    },
    async setStatus(id, status) {
      const t = live(id);
      if (!t || !this.statuses.includes(status)) return null;
      t.status = status as SlTicketStatus;
      t.updated_at = Date.now();
      if (status === 'resolved') t.resolved_at = t.updated_at;
      return summary(t);
    },
  };
}

/** AnswerPal, through the mock's data and fixture: sent replies, unsent notes, and the Open/Escalated/Closed states. */
export function answerPalDesk(server: AnswerPalMockServer): StaffDesk {
  const { store, fixture } = server.mock;
  const live = (id: string): ApTicket | null => {
    const t = /^\d{1,15}$/.test(id) ? store.tickets.get(Number(id)) : undefined;
    return t && !t.deleted ? t : null;
  };
  const summary = (t: ApTicket): StaffTicket => {
    const endUser = t.endUserID === null ? undefined : store.endUsers.get(t.endUserID);
    return {
      id: String(t.ticketID),
      publicId: `#${t.ticketID}`,
      title: t.subject,
      status: t.isClosed ? 'Closed' : t.status,
      updatedAt: iso(t.lastMessageDate ?? t.dateCreated),
      customer: { email: t.uid ?? '', name: endUser?.name ?? null },
    };
  };
  const comment = (m: ApMessage): StaffComment => ({
    id: String(m.ticketMessageID),
    body: m.body,
    authorType: m.isIncoming ? 'CUSTOMER' : 'STAFF',
    authorName: m.isIncoming ? null : m.isAiGenerated ? 'AI assistant' : 'Support team',
    // What AnswerPal never sent to the customer (drafts, AI drafts, forwards, notes) is internal.
    internal: !m.isIncoming && !(m.isSent && !m.isDraft && !m.isForward),
    createdAt: iso(m.dateCreated),
  });
  return {
    statuses: ['Open', 'Escalated', 'Closed'],
    async tickets(email) {
      const wanted = email.trim().toLowerCase();
      return [...store.tickets.values()]
        .filter((t) => !t.deleted && t.uid?.toLowerCase() === wanted)
        .sort((a, b) => (b.lastMessageDate ?? b.dateCreated) - (a.lastMessageDate ?? a.dateCreated))
        .slice(0, 50)
        .map(summary);
    },
    async ticket(id) {
      const t = live(id);
      if (!t) return null;
      const [first, ...rest] = store.messagesOf(t.ticketID).map(comment);
      return { ...summary(t), body: first?.body ?? '', comments: rest };
    },
    async comment(id, body, internal) {
      const t = live(id);
      if (!t) return null;
      if (!internal) return comment(store.messages.get(Number(fixture.addStaffReply(id, body)))!);
      return comment(store.addMessage(t, { isIncoming: false, body, dateCreated: Date.now() }));
    },
    async setStatus(id, status) {
      const t = live(id);
      if (!t || !this.statuses.includes(status)) return null;
      t.isClosed = status === 'Closed';
      t.closeDate = t.isClosed ? Date.now() : null;
      t.status = status;
      t.escalated = status === 'Escalated';
      return summary(t);
    },
  };
}
