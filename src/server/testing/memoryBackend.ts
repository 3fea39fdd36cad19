import {
  BackendError,
  type BackendArticle,
  type BackendAttachment,
  type BackendCapabilities,
  type BackendForm,
  type BackendMessage,
  type BackendTicket,
  type JsonValue,
  type PortalBackend,
  type StagedFile,
} from '../gateway/backend';
import { concatBytes, pump } from '../gateway/blobs';
import type { ConformanceFixture } from './conformance';

/**
 * A complete helpdesk in memory, behind the {@link PortalBackend} interface:
 * the reference adapter. Use it to try the gateway without a helpdesk, in
 * tests, and as a worked example when writing an adapter of your own (every
 * rule of the adapter contract is followed here, in a few lines each).
 *
 * Its upstream model deliberately differs from the portal's, as a real
 * helpdesk's does: statuses `new/open/waiting/on_hold/solved/closed/spam`,
 * messages of kinds `customer/reply/note/system/draft`, and agent-only data on
 * tickets (tags, an internal score) that must never reach a customer.
 */

type Kind = 'customer' | 'reply' | 'note' | 'system' | 'draft';

interface DeskCustomer {
  id: string;
  email: string;
  name: string | null;
  blocked: boolean;
}
interface DeskTicket {
  id: string;
  seq: number;
  number: number;
  customerId: string;
  title: string;
  body: string;
  status: string;
  priority: string | null;
  categoryId: string | null;
  customFields: Record<string, JsonValue>;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}
interface DeskMessage {
  id: string;
  ticketId: string;
  kind: Kind;
  authorName: string | null;
  body: string;
  createdAt: number;
}
interface DeskFile {
  id: string;
  ticketId: string;
  messageId: string | null;
  internal: boolean;
  filename: string;
  contentType: string;
  size: number;
  bytes: Uint8Array | null;
  createdAt: number;
}

export interface MemoryBackendOptions {
  /** Default `memory`. */
  name?: string;
  /** How files work on this desk. Default `ticket`. */
  attachments?: 'ticket' | 'message' | false;
  /** `stream`: the gateway proxies downloads; `url`: a short-lived URL on `fileBaseUrl`. Default `stream`. */
  download?: 'stream' | 'url';
  fileBaseUrl?: string;
  /** Turn features off to test a smaller helpdesk. */
  features?: Partial<Pick<BackendCapabilities, 'search' | 'multiStatus' | 'close' | 'reopen' | 'form' | 'articles'>>;
  /** Keep uploaded bytes (default true); false only counts them (benchmarks). */
  keepBytes?: boolean;
  /** Delay per call, ms, to imitate a network. Default 0. */
  latencyMs?: number;
  now?: () => number;
}

export interface MemoryBackend extends PortalBackend {
  /** Calls per adapter method, for request-count figures. */
  readonly calls: Record<string, number>;
  /** A conformance fixture over this desk: two customers, and ways to plant what customers must never see. */
  fixture(): ConformanceFixture;
}

const STATUS_MAP: Record<string, string> = { new: 'open', open: 'open', waiting: 'pending', on_hold: 'on_hold', solved: 'resolved', closed: 'closed' };
const CLOSED = new Set(['solved', 'closed']);

const FORM: BackendForm = {
  categories: [
    { id: 'cat_billing', name: 'Billing', description: 'Invoices and payments' },
    { id: 'cat_tech', name: 'Technical problem' },
  ],
  priorities: [
    { key: 'low', label: 'Low' },
    { key: 'normal', label: 'Normal' },
    { key: 'high', label: 'High' },
    { key: 'urgent', label: 'Urgent' },
  ],
  fields: [
    { key: 'order_ref', label: 'Order reference', type: 'text', required: false, placeholder: 'ORD-1234', showInDetail: true },
    { key: 'steps', label: 'Steps to reproduce', type: 'textarea', required: false, showInDetail: true },
    { key: 'seats', label: 'Seats', type: 'number', required: false, showInDetail: true },
    { key: 'production', label: 'Affects production', type: 'boolean', required: false, showInDetail: true },
    { key: 'since', label: 'Since', type: 'date', required: false, showInDetail: true },
    {
      key: 'plan',
      label: 'Plan',
      type: 'select',
      required: false,
      options: [
        { value: 'free', label: 'Free' },
        { value: 'pro', label: 'Pro' },
      ],
      showInDetail: true,
    },
    {
      key: 'areas',
      label: 'Areas',
      type: 'multiselect',
      required: false,
      options: [
        { value: 'api', label: 'API' },
        { value: 'ui', label: 'Web app' },
        { value: 'mobile', label: 'Mobile' },
      ],
      showInDetail: true,
    },
    { key: 'page', label: 'Page', type: 'url', required: false, helpText: 'Where it happened', showInDetail: true },
    // Set by agents, shown to the customer, never asked on the form.
    { key: 'eta', label: 'Expected fix', type: 'date', required: false, showInDetail: true, showOnCreate: false },
  ],
};

const ARTICLES = [
  { id: 'a1', title: 'Resetting your password', body: 'Use the reset link on the sign-in page to set a new password.', published: true },
  { id: 'a2', title: 'Downloading invoices', body: 'Invoices are under Billing. Each invoice can be downloaded as PDF.', published: true },
  { id: 'a3', title: 'Password policy (draft)', body: 'Internal draft about password rotation.', published: false },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readAll(stream: ReadableStream<Uint8Array>, keep: boolean): Promise<{ bytes: Uint8Array | null; size: number }> {
  const chunks: Uint8Array[] = [];
  const size = await pump(stream, Infinity, (chunk) => void (keep && chunks.push(chunk)));
  return { bytes: keep ? concatBytes(chunks, size) : null, size };
}

/** @example const backend = memoryBackend(); createPortalGateway({ backend, secret }); */
export function memoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  const name = options.name ?? 'memory';
  const now = options.now ?? Date.now;
  const attachments = options.attachments ?? 'ticket';
  const features = { search: true, multiStatus: true, close: true, reopen: true, form: true, articles: true, ...options.features };
  const keepBytes = options.keepBytes ?? true;
  const customers = new Map<string, DeskCustomer>();
  const tickets = new Map<string, DeskTicket>();
  const messages: DeskMessage[] = [];
  const files = new Map<string, DeskFile>();
  const calls: Record<string, number> = {};
  let seq = 0;
  let lastTime = 0;
  const id = (prefix: string) => `${prefix}_${(++seq).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  // Strictly increasing times, so "newest first" is well defined even within one millisecond.
  const tick = () => (lastTime = Math.max(now(), lastTime + 1));

  const counted = async (method: string) => {
    calls[method] = (calls[method] ?? 0) + 1;
    if (options.latencyMs) await sleep(options.latencyMs);
  };

  const toTicket = (t: DeskTicket): BackendTicket => ({
    id: t.id,
    customerId: t.customerId,
    number: `MEM-${t.number}`,
    title: t.title,
    status: STATUS_MAP[t.status] ?? 'open',
    priority: t.priority,
    categoryId: t.categoryId,
    // Agent-only data rides along, as helpdesks return it: the gateway keeps only the form's fields.
    customFields: { ...t.customFields, internal_score: 7 },
    messageCount: messages.filter((m) => m.ticketId === t.id && (m.kind === 'customer' || m.kind === 'reply')).length,
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  });
  const toFile = (f: DeskFile): BackendAttachment => {
    const m = f.messageId ? messages.find((x) => x.id === f.messageId) : null;
    const visible = !f.internal && (!m || m.kind === 'customer' || m.kind === 'reply');
    return {
      id: f.id,
      filename: f.filename,
      contentType: f.contentType,
      size: f.size,
      createdAt: new Date(f.createdAt).toISOString(),
      visibility: visible ? 'public' : 'internal',
    };
  };
  const toMessage = (m: DeskMessage): BackendMessage => {
    const visible = m.kind === 'customer' || m.kind === 'reply' || m.kind === 'system';
    return {
      id: m.id,
      ticketId: m.ticketId,
      visibility: visible ? 'public' : 'internal',
      author: m.kind === 'customer' ? 'customer' : m.kind === 'system' ? 'system' : 'staff',
      authorName: m.kind === 'customer' ? null : m.authorName,
      body: m.body,
      createdAt: new Date(m.createdAt).toISOString(),
      attachments: [...files.values()].filter((f) => f.messageId === m.id).map(toFile),
    };
  };
  const ticketOf = (ticketId: string) => {
    const t = tickets.get(ticketId);
    return t && t.status !== 'spam' ? t : null;
  };
  const store = async (ticketId: string, messageId: string | null, file: StagedFile): Promise<DeskFile> => {
    const { bytes, size } = await readAll(await file.open(), keepBytes);
    if (size !== file.size) throw new BackendError('invalid', { code: 'SIZE_MISMATCH', cause: `expected ${file.size}, got ${size}` });
    const f: DeskFile = { id: id('file'), ticketId, messageId, internal: false, filename: file.filename, contentType: file.contentType, size, bytes, createdAt: tick() };
    files.set(f.id, f);
    return f;
  };
  const addTicket = (customerId: string, title: string, fields: Partial<DeskTicket> = {}): DeskTicket => {
    const at = fields.createdAt ?? tick();
    const t: DeskTicket = {
      id: id('tk'),
      seq: ++seq,
      number: 1000 + tickets.size + 1,
      customerId,
      title,
      body: '',
      status: 'new',
      priority: 'normal',
      categoryId: null,
      customFields: {},
      tags: ['vip-internal'],
      createdAt: at,
      updatedAt: at,
      ...fields,
    };
    tickets.set(t.id, t);
    return t;
  };
  const addMessage = (ticketId: string, kind: Kind, body: string, authorName: string | null = kind === 'customer' ? null : 'Sam from Support') => {
    const m: DeskMessage = { id: id('msg'), ticketId, kind, authorName, body, createdAt: tick() };
    messages.push(m);
    const t = tickets.get(ticketId);
    if (t) t.updatedAt = m.createdAt;
    return m;
  };
  const upsertCustomer = (email: string, name: string | null) => {
    for (const c of customers.values()) if (c.email === email) return c;
    const c: DeskCustomer = { id: id('cus'), email, name, blocked: false };
    customers.set(c.id, c);
    return c;
  };

  const backend: MemoryBackend = {
    name,
    calls,
    async capabilities() {
      await counted('capabilities');
      return {
        backend: name,
        statuses: [
          { key: 'open', label: 'Open', color: '#2563eb', closed: false },
          { key: 'pending', label: 'Waiting for you', color: '#d97706', closed: false },
          { key: 'on_hold', label: 'On hold', color: '#7c3aed', closed: false },
          { key: 'resolved', label: 'Solved', color: '#16a34a', closed: true },
          { key: 'closed', label: 'Closed', color: '#6b7280', closed: true },
        ],
        search: features.search,
        multiStatus: features.multiStatus,
        close: features.close,
        reopen: features.reopen,
        form: features.form,
        attachments,
        limits: { maxFileSize: 52_428_800, maxFiles: 10, titleMaxLength: 200, bodyMaxLength: 20_000 },
        articles: features.articles,
        webhooks: false,
      };
    },
    async resolveCustomer(_ctx, { email, name }) {
      await counted('resolveCustomer');
      const c = upsertCustomer(email, name);
      if (c.blocked) throw new BackendError('forbidden', { code: 'CUSTOMER_BLOCKED' });
      return { id: c.id, email: c.email, name: c.name };
    },
    async listTickets(ctx, q) {
      await counted('listTickets');
      const sign = q.order === 'asc' ? 1 : -1;
      const text = q.search?.toLowerCase() ?? null;
      const rows = [...tickets.values()]
        .filter((t) => t.customerId === ctx.customer.id && t.status !== 'spam')
        .filter((t) => q.statuses.length === 0 || q.statuses.includes(STATUS_MAP[t.status] ?? 'open'))
        .filter((t) => !text || t.title.toLowerCase().includes(text) || t.body.toLowerCase().includes(text))
        .sort((a, b) => (a[q.sort] - b[q.sort] || a.seq - b.seq) * sign);
      // Keyset on (sort time, seq): ties and new arrivals never skip or repeat a row.
      const after = q.cursor as [number, number] | null;
      const rest = after ? rows.filter((t) => (t[q.sort] - after[0] || t.seq - after[1]) * sign > 0) : rows;
      const page = rest.slice(0, q.limit);
      const last = page[page.length - 1];
      return { tickets: page.map(toTicket), next: rest.length > q.limit && last ? [last[q.sort], last.seq] : null };
    },
    async getTicket(_ctx, ticketId) {
      await counted('getTicket');
      const t = ticketOf(ticketId);
      return t ? toTicket(t) : null;
    },
    async getTicketDetail(_ctx, ticketId) {
      await counted('getTicketDetail');
      const t = ticketOf(ticketId);
      if (!t) return null;
      return { ticket: toTicket(t), body: t.body, messages: messages.filter((m) => m.ticketId === t.id).map(toMessage) };
    },
    async createTicket(ctx, input) {
      await counted('createTicket');
      const t = addTicket(ctx.customer.id, input.title, {
        body: input.body,
        priority: input.priority ?? 'normal',
        categoryId: input.categoryId,
        customFields: { ...input.customFields },
      });
      for (const f of input.files) await store(t.id, null, f);
      return toTicket(t);
    },
    async addMessage(ctx, ticket, input) {
      await counted('addMessage');
      const t = ticketOf(ticket.id);
      if (!t || t.customerId !== ctx.customer.id) throw new BackendError('not_found');
      if (t.status === 'closed') throw new BackendError('refused', { code: 'TICKET_CLOSED' });
      if (t.status === 'solved' || t.status === 'waiting') t.status = 'open';
      const m = addMessage(t.id, 'customer', input.body);
      for (const f of input.files) await store(t.id, m.id, f);
      return toMessage(m);
    },
    async listAttachments(_ctx, ticket) {
      await counted('listAttachments');
      return [...files.values()].filter((f) => f.ticketId === ticket.id).map(toFile);
    },
    async getDownload(_ctx, ticket, attachmentId) {
      await counted('getDownload');
      const f = files.get(attachmentId);
      if (!f || f.ticketId !== ticket.id) return null;
      const attachment = toFile(f);
      if (options.download === 'url') {
        const base = options.fileBaseUrl ?? 'https://files.memory.invalid';
        return { attachment, download: { kind: 'url', url: `${base}/${f.id}?sig=${Math.random().toString(36).slice(2)}`, expiresAt: new Date(now() + 600_000).toISOString() } };
      }
      return {
        attachment,
        download: {
          kind: 'stream',
          open: async () =>
            new ReadableStream<Uint8Array>({
              start(c) {
                c.enqueue(f.bytes ?? new Uint8Array(f.size));
                c.close();
              },
            }),
        },
      };
    },
    async closeTicket(_ctx, ticket) {
      await counted('closeTicket');
      const t = ticketOf(ticket.id);
      if (!t) throw new BackendError('not_found');
      if (CLOSED.has(t.status)) throw new BackendError('conflict', { code: 'ALREADY_CLOSED' });
      t.status = 'solved';
      t.updatedAt = tick();
      addMessage(t.id, 'system', 'Ticket marked as solved by the customer.');
      return toTicket(t);
    },
    async reopenTicket(_ctx, ticket) {
      await counted('reopenTicket');
      const t = ticketOf(ticket.id);
      if (!t) throw new BackendError('not_found');
      t.status = 'open';
      t.updatedAt = tick();
      return toTicket(t);
    },
    async getForm() {
      await counted('getForm');
      return structuredClone(FORM);
    },
    async deliverRating(_ctx, ticket, rating) {
      await counted('deliverRating');
      addMessage(ticket.id, 'note', `Customer rating: ${rating.rating} (${rating.scale})${rating.comment ? ` — ${rating.comment}` : ''}`, 'Portal');
    },
    async searchArticles(_ctx, query, limit): Promise<BackendArticle[]> {
      await counted('searchArticles');
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      return ARTICLES.filter((a) => a.published && words.some((w) => `${a.title} ${a.body}`.toLowerCase().includes(w)))
        .slice(0, limit)
        .map((a) => ({ id: a.id, title: a.title, snippet: a.body.slice(0, 120), url: `https://help.memory.invalid/articles/${a.id}` }));
    },
    async attachFile(_ctx, ticket, file) {
      await counted('attachFile');
      return toFile(await store(ticket.id, null, file));
    },
    fixture(): ConformanceFixture {
      return {
        backend,
        customers: [
          { email: 'ada@customer.test', name: 'Ada Lovelace' },
          { email: 'bob@customer.test', name: 'Bob Byte' },
        ],
        async plantInternalNote(ticketId, text) {
          addMessage(ticketId, 'note', text, 'Sam (internal)');
        },
        async plantSystemMessage(ticketId, text) {
          addMessage(ticketId, 'system', text, null);
        },
        async plantDraft(ticketId, text) {
          addMessage(ticketId, 'draft', text, 'Sam (draft)');
        },
        async plantStaffReply(ticketId, text) {
          addMessage(ticketId, 'reply', text);
        },
        async plantInternalAttachment(ticketId, filename) {
          const note = addMessage(ticketId, 'note', 'see file', 'Sam (internal)');
          const f: DeskFile = { id: id('file'), ticketId, messageId: note.id, internal: true, filename, contentType: 'text/plain', size: 6, bytes: new TextEncoder().encode('secret'), createdAt: tick() };
          files.set(f.id, f);
          return f.id;
        },
        async plantHiddenTicket(email, title) {
          addTicket(upsertCustomer(email, null).id, title, { status: 'spam' });
        },
        async createForeignTicket(title) {
          const stranger = upsertCustomer('stranger@elsewhere.test', 'Stranger');
          const t = addTicket(stranger.id, title, { body: 'not yours' });
          addMessage(t.id, 'reply', 'a reply to the stranger');
          return t.id;
        },
        async setUpstreamStatus(ticketId, status) {
          const t = tickets.get(ticketId);
          if (t) t.status = status;
        },
        statusCases: [
          { upstream: 'new', portal: 'open' },
          { upstream: 'waiting', portal: 'pending' },
          { upstream: 'on_hold', portal: 'on_hold' },
          { upstream: 'solved', portal: 'resolved' },
          { upstream: 'closed', portal: 'closed' },
          { upstream: 'some_future_status', portal: 'open' },
        ],
        async createTicketsWithSameTime(email, count, title) {
          const owner = upsertCustomer(email, null);
          const at = tick();
          return Array.from({ length: count }, (_, i) => addTicket(owner.id, `${title} ${i + 1}`, { createdAt: at, updatedAt: at }).id);
        },
      };
    },
  };
  return backend;
}
